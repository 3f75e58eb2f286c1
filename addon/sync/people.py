"""People across sites: who their user is on my site, and what becomes of their assignee, reporter, user-picker
values and mentions when they arrive.

Within one site an account is the same account. Across sites an account id means nothing, so the receiving half's
``incoming.people`` says how to find the person here: its table first (an admin's explicit choice), then the same
e-mail address (where both sites let Tandem see it), then a display name only one person here has. Whoever is
still unknown gets the half's fallback; a mention of them stays readable text.

This module decides; the lookups themselves (Jira's user search) are done by the executor and handed in.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

from marshmallow import Schema, ValidationError, validate, validates_schema
from marshmallow import fields as mf

# What an unknown person's value becomes: the twin's value is left as it is, emptied, or the default user.
FALLBACKS = ("leave", "unassigned", "default_user")
ASSIGNEE, REPORTER = "assignee", "reporter"


class PersonPairSchema(Schema):
    """One row of the table: their account -> my account, with the names the admin picked them by."""

    their_account_id = mf.String(required=True, validate=validate.Length(min=1, max=128))
    their_name = mf.String(load_default="", validate=validate.Length(max=255))
    my_account_id = mf.String(required=True, validate=validate.Length(min=1, max=128))
    my_name = mf.String(load_default="", validate=validate.Length(max=255))


class IncomingPeopleSchema(Schema):
    match_by_email = mf.Boolean(load_default=True)
    match_by_display_name = mf.Boolean(load_default=True)
    table = mf.List(mf.Nested(PersonPairSchema), load_default=list)
    fallback = mf.String(validate=validate.OneOf(FALLBACKS), load_default="leave")
    default_account_id = mf.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=128))
    default_name = mf.String(load_default=None, allow_none=True, validate=validate.Length(max=255))
    # A service desk's new request is raised on behalf of the reporter's portal (customer) account, when found.
    raise_on_behalf = mf.Boolean(load_default=False)

    @validates_schema
    def _consistent(self, data, **kwargs):
        if data.get("fallback") == "default_user" and not data.get("default_account_id"):
            raise ValidationError("the fallback 'default_user' needs a default_account_id", "default_account_id")
        theirs = [row["their_account_id"] for row in data.get("table", [])]
        if len(theirs) != len(set(theirs)):
            raise ValidationError("each of their users may be mapped only once", "table")


def default_people() -> dict:
    return IncomingPeopleSchema().load({})


def people_settings(incoming: dict) -> dict:
    """The half's people settings; a half published before they existed takes the defaults."""
    return incoming.get("people") or default_people()


@dataclass(frozen=True)
class Person:
    """Someone on the sending site, as its REST answers show them (no e-mail when their profile hides it)."""

    account_id: str
    display_name: str
    email: str | None = None
    mentioned: bool = False  # known only from a mention, which carries no e-mail address whether shown or not


@dataclass(frozen=True)
class Match:
    """Their person's account on my site; ``customer``: a service desk's portal-only account, which may only be
    the reporter of a request raised on their behalf."""

    account_id: str
    display_name: str
    customer: bool = False


class Lookups(Protocol):
    """How the executor finds people on my site; each returns the one match or None."""

    def by_email(self, email: str) -> Match | None: ...

    def by_display_name(self, name: str) -> Match | None: ...


def in_table(person: Person, settings: dict) -> Match | None:
    for row in settings["table"]:
        if row["their_account_id"] == person.account_id:
            return Match(row["my_account_id"], row["my_name"] or person.display_name)
    return None


def find_person(person: Person, settings: dict, lookups: Lookups) -> Match | None:
    listed = in_table(person, settings)
    if listed is not None:
        return listed
    if settings["match_by_email"] and person.email:
        found = lookups.by_email(person.email)
        if found is not None:
            return found
    if settings["match_by_display_name"] and person.display_name:
        return lookups.by_display_name(person.display_name)
    return None


# --- what the replica holds ---------------------------------------------------------------------------


def person_value(value: dict) -> dict:
    """A user as the replica carries it: who they are on their site, and what may find them on another."""
    kept = {"accountId": value["accountId"], "displayName": value.get("displayName") or ""}
    if value.get("emailAddress"):
        kept["emailAddress"] = value["emailAddress"]
    return kept


def is_person(value) -> bool:
    return isinstance(value, dict) and "accountId" in value


def person_of(value: dict) -> Person:
    return Person(value["accountId"], value.get("displayName") or "", value.get("emailAddress"))


def mention_person(node: dict) -> Person:
    attrs = node.get("attrs") or {}
    return Person(str(attrs.get("id") or ""), (attrs.get("text") or "").removeprefix("@"), mentioned=True)


def people_in(values: Iterable) -> list[Person]:
    """Everyone a set of values names: users, lists of users, mentions in rich text; each once."""
    found: dict[str, Person] = {}
    for value in values:
        for person in _people_of(value):
            found.setdefault(person.account_id, person)
    return list(found.values())


def _people_of(value) -> list[Person]:
    if is_person(value):
        return [person_of(value)]
    if isinstance(value, list):
        return [person for item in value for person in _people_of(item)]
    if isinstance(value, dict) and value.get("type") == "doc":
        return [mention_person(node) for node in _mentions(value)]
    return []


def _mentions(node: dict) -> list[dict]:
    if node.get("type") == "mention":
        return [node]
    return [found for child in node.get("content") or [] for found in _mentions(child)]


# --- what arrives -------------------------------------------------------------------------------------


LEFT_OUT = object()  # the value is not written: the twin keeps what it holds


def arriving(values: dict, matches: dict[str, Match | None], settings: dict, creating: bool,
             on_behalf: bool = False) -> dict:
    """The values with their people made mine: account ids of my site, ``{"accountId": ...}`` as Jira takes them.
    ``matches``: their account id -> my match (None: not found). A reporter is set only on a new issue;
    ``on_behalf``: it may be a customer's portal account (a request raised on their behalf)."""
    arrived = {}
    for name, value in values.items():
        if name == REPORTER and not creating:
            continue
        usable = matches if name == REPORTER and on_behalf else _licensed(matches)
        translated = _arriving_value(name, value, usable, settings)
        if translated is not LEFT_OUT:
            arrived[name] = translated
    return arrived


def _licensed(matches: dict) -> dict:
    return {account: (None if match is not None and match.customer else match) for account, match in matches.items()}


def _arriving_value(name: str, value, matches: dict, settings: dict):
    if is_person(value):
        return _arriving_person(name, matches.get(value["accountId"]), settings)
    if isinstance(value, list) and value and all(is_person(item) for item in value):
        arrived = [_arriving_person(name, matches.get(item["accountId"]), settings) for item in value]
        return [item for item in arrived if item not in (None, LEFT_OUT)]
    if isinstance(value, dict) and value.get("type") == "doc" and _mentions(value):
        return arriving_document(value, _licensed(matches))
    return value


def _arriving_person(name: str, match: Match | None, settings: dict):
    if match is not None:
        return {"accountId": match.account_id}
    fallback = settings["fallback"]
    if fallback == "default_user":
        return {"accountId": settings["default_account_id"]}
    if fallback == "unassigned" and name != REPORTER:  # an issue always has a reporter: Tandem's user then
        return None
    return LEFT_OUT


def instead_of_refused(name: str, value, settings: dict):
    """What takes the place of a person the target refused (someone the map found who may not be assigned issues
    in the project, a deactivated account): as for a person the map did not find, the half's fallback, unless that
    leaves the twin's value as it is or names the refused person again. LEFT_OUT when nothing takes it.

    A list of people (a multi-user picker) is left out whole: Jira's refusal names the field, not the person."""
    if not is_person(value):
        return LEFT_OUT
    fallback = _arriving_person(name, None, settings)
    return LEFT_OUT if fallback == {"accountId": value["accountId"]} else fallback


def fallback_in_words(value, settings: dict) -> str:
    """The fallback's value as the history tells it: its default user's name, or nobody."""
    if value is None:
        return "nobody (unassigned)"
    return repr(settings.get("default_name") or value["accountId"])


def arriving_document(document: dict, matches: dict[str, Match | None]) -> dict:
    """Rich text whose mentions name my accounts; a mention of someone unknown here becomes readable text."""
    return _map_mentions(copy.deepcopy(document), lambda node: _arriving_mention(node, matches))


def _arriving_mention(node: dict, matches: dict) -> dict:
    person = mention_person(node)
    match = matches.get(person.account_id)
    if match is None:
        return {"type": "text", "text": f"@{person.display_name or 'unknown'}"}
    return mention(match.account_id, match.display_name)


def mention(account_id: str, display_name: str) -> dict:
    return {"type": "mention", "attrs": {"id": account_id, "text": f"@{display_name}", "accessLevel": ""}}


def _map_mentions(node: dict, change: Callable[[dict], dict]) -> dict:
    if node.get("type") == "mention":
        return change(node)
    if "content" in node:
        node["content"] = [_map_mentions(child, change) for child in node["content"]]
    return node
