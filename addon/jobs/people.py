"""Finding the sender's people on the receiving site (addon.sync.people decides what becomes of them).

Jira's user search is asked once per site and query, and its answer kept for a while per process
(``TANDEM_METADATA_CACHE_SECONDS``): people are mapped on every change that names them, but change rarely,
so a change costs no search once its people have been seen.
"""
from __future__ import annotations

import json
from dataclasses import replace

from addon.db.tenant import Tenant
from addon.jobs.ttl_cache import TtlCache
from addon.sync.people import LEFT_OUT, Match, Person, arriving, arriving_document, fallback_in_words, find_person, \
    in_table, instead_of_refused, people_in, people_settings
from addon.sync.replica import CommentReplica, IssueReplica

LICENSED, CUSTOMER = "atlassian", "customer"


class UserDirectory:
    """Per process: each site's user searches and users, cached ``ttl_seconds``."""

    def __init__(self, runtime, ttl_seconds: float):
        self._runtime = runtime
        self._cache = TtlCache(ttl_seconds)

    def search(self, tenant: Tenant, query: str) -> list[dict]:
        return self._cache.get((tenant.id, "search", query.casefold()), lambda: self._search(tenant, query))

    def _search(self, tenant: Tenant, query: str) -> list[dict]:
        """Each user found is remembered as a user too: the echo of a write asks who they are."""
        found = self._runtime.jira(tenant).search_users(query)
        for user in found:
            self._cache.put((tenant.id, "user", user["accountId"]), user)
        return found

    def user(self, tenant: Tenant, account_id: str) -> dict | None:
        return self._cache.get((tenant.id, "user", account_id), lambda: self._runtime.jira(tenant).user(account_id))

    def lookups(self, tenant: Tenant) -> "SiteLookups":
        return SiteLookups(self, tenant)


class SiteLookups:
    """addon.sync.people.Lookups on one site: a licensed account is preferred to a portal-only customer."""

    def __init__(self, directory: UserDirectory, tenant: Tenant):
        self._directory = directory
        self._tenant = tenant

    def by_email(self, email: str) -> Match | None:
        found = [user for user in self._people(email) if (user.get("emailAddress") or "").casefold() == email.casefold()]
        return _the_one(found)

    def by_display_name(self, name: str) -> Match | None:
        found = [user for user in self._people(name) if (user.get("displayName") or "").casefold() == name.casefold()]
        return _the_one(found)

    def _people(self, query: str) -> list[dict]:
        return [user for user in self._directory.search(self._tenant, query)
                if user.get("active", True) and user.get("accountType", LICENSED) in (LICENSED, CUSTOMER)]


def _the_one(found: list[dict]) -> Match | None:
    """The only licensed account found, else the only customer; None when there is none or several."""
    for kind in (LICENSED, CUSTOMER):
        of_kind = [user for user in found if user.get("accountType", LICENSED) == kind]
        if len(of_kind) == 1:
            return Match(of_kind[0]["accountId"], of_kind[0].get("displayName") or "", kind == CUSTOMER)
        if of_kind:
            return None  # two people here answer to it: guessing would assign the wrong one
    return None


class PeopleOnArrival:
    """What one route's arrivals become on the receiving site: their people made the receiver's."""

    def __init__(self, runtime, route):
        self._directory: UserDirectory = runtime.people
        self._route = route
        self._settings = people_settings(route.incoming)
        self._carried_back: dict[str, dict] = {}

    def issue(self, replica: IssueReplica, target, creating: bool) -> IssueReplica:
        matches = self._matches(people_in(replica.fields.values()), self._settings, self._route.source,
                                self._route.target)
        on_behalf = self._settings["raise_on_behalf"] and target.is_service_desk
        return replace(replica, fields=arriving(replica.fields, matches, self._settings, creating, on_behalf))

    def comment(self, replica: CommentReplica | None) -> CommentReplica | None:
        if replica is None:
            return None
        matches = self._matches(people_in([replica.body]), self._settings, self._route.source, self._route.target)
        return replace(replica, body=arriving_document(replica.body, matches))

    def instead_of_refused(self, operation):
        """For addon.jobs.field_writes.write_refusing: what takes the place of a person of the operation's the
        target refused, and its words for the history; None where nothing does."""
        sent = operation.written if operation.sent is None else operation.sent

        def instead(name: str):
            value = instead_of_refused(name, sent.get(name), self._settings)
            return None if value is LEFT_OUT else (value, fallback_in_words(value, self._settings))
        return instead

    def carried_back(self, written: dict) -> dict:
        """The values written on the twin as the opposite direction would carry them back: its own half maps
        their people (the maps of the two halves need not be each other's inverse), so the echo remembered on
        this side is what that direction would really send, and an unrelated change does not send it again.

        Asked once before the write (so no lookup happens while the link's row is locked), then remembered."""
        key = json.dumps(written, sort_keys=True)
        if key not in self._carried_back:
            back = people_settings(self._route.back_incoming)
            matches = self._matches(people_in(written.values()), back, self._route.target, self._route.source)
            self._carried_back[key] = arriving(written, matches, back, creating=False) if matches else written
        return self._carried_back[key]

    def _matches(self, people: list[Person], settings: dict, their_site: Tenant, my_site: Tenant) -> dict:
        if not people:
            return {}
        if their_site.id == my_site.id:  # one site: the same accounts
            return {person.account_id: Match(person.account_id, person.display_name) for person in people}
        lookups = self._directory.lookups(my_site)
        return {person.account_id: find_person(self._described(person, settings, their_site), settings, lookups)
                for person in people}

    def _described(self, person: Person, settings: dict, site: Tenant) -> Person:
        """A mention, or an account id alone, says little of who it is: its name and e-mail (where shown) come
        from its site, unless the table says who it is here."""
        wanted = not person.display_name or (person.mentioned and settings["match_by_email"])
        if not wanted or not person.account_id or in_table(person, settings):
            return person
        user = self._directory.user(site, person.account_id)
        if user is None:
            return person
        return Person(person.account_id, user.get("displayName") or person.display_name, user.get("emailAddress"))
