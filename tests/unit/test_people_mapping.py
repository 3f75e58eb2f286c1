"""People across sites (addon.sync.people): who their user is here, and what their values become."""
from __future__ import annotations

from dataclasses import replace

import jsonschema
import pytest
from marshmallow import ValidationError

from addon.sync import adf
from addon.sync.halves import load_half
from addon.sync.people import LEFT_OUT, Match, Person, arriving, default_people, find_person, instead_of_refused, \
    mention, people_in
from addon.sync.planner import Target, plan_issue
from addon.sync.replica import issue_replica
from tests.jirasim import load_json_contract

ANN = {"accountId": "their-ann", "displayName": "Ann Archer", "emailAddress": "ann@example.com"}
BOB = {"accountId": "their-bob", "displayName": "Bob Baker"}  # his profile hides his e-mail


@pytest.fixture(scope="module")
def adf_schema_validator():
    return jsonschema.Draft4Validator(load_json_contract("adf-schema-full.json"))


class Directory:
    """My site's people, as the executor's lookups would find them."""

    def __init__(self, by_email=None, by_name=None):
        self.emails, self.names, self.asked = by_email or {}, by_name or {}, []

    def by_email(self, email):
        self.asked.append(("email", email))
        return self.emails.get(email)

    def by_display_name(self, name):
        self.asked.append(("name", name))
        return self.names.get(name)


def settings(**changes):
    return {**default_people(), **changes}


def test_the_table_wins_then_email_then_a_unique_display_name():
    table = [{"their_account_id": "their-bob", "their_name": "Bob Baker", "my_account_id": "my-robert",
              "my_name": "Robert Baker"}]
    here = Directory({"ann@example.com": Match("my-ann", "Ann A.")}, {"Carl Cole": Match("my-carl", "Carl Cole")})

    assert find_person(Person("their-bob", "Bob Baker"), settings(table=table), here) == Match("my-robert",
                                                                                               "Robert Baker")
    assert here.asked == []  # the table needs no search
    assert find_person(Person("their-ann", "Ann Archer", "ann@example.com"), settings(), here) == Match(
        "my-ann", "Ann A.")
    assert find_person(Person("their-carl", "Carl Cole"), settings(), here) == Match("my-carl", "Carl Cole")
    assert find_person(Person("their-dan", "Dan Dunn"), settings(), here) is None
    assert here.asked == [("email", "ann@example.com"), ("name", "Carl Cole"), ("name", "Dan Dunn")]


def test_matching_by_email_or_name_can_be_switched_off():
    here = Directory({"ann@example.com": Match("my-ann", "Ann")}, {"Ann Archer": Match("my-ann", "Ann")})
    ann = Person("their-ann", "Ann Archer", "ann@example.com")

    assert find_person(ann, settings(match_by_email=False, match_by_display_name=False), here) is None
    assert here.asked == []


@pytest.mark.parametrize("fallback, assignee", [("leave", "absent"), ("unassigned", None),
                                                ("default_user", {"accountId": "my-queue"})])
def test_an_unknown_assignee_gets_the_fallback(fallback, assignee):
    chosen = settings(fallback=fallback, default_account_id="my-queue")

    arrived = arriving({"assignee": BOB, "summary": "S"}, {"their-bob": None}, chosen, creating=False)

    assert arrived.get("assignee", "absent") == assignee and arrived["summary"] == "S"


def test_a_found_person_arrives_as_my_account_and_unknown_ones_leave_a_list():
    arrived = arriving({"assignee": ANN, "customfield_1": [ANN, BOB]},
                       {"their-ann": Match("my-ann", "Ann"), "their-bob": None}, settings(), creating=False)

    assert arrived == {"assignee": {"accountId": "my-ann"}, "customfield_1": [{"accountId": "my-ann"}]}


def test_the_reporter_is_set_on_a_new_issue_only_and_a_customer_only_on_behalf():
    customer = {"their-ann": Match("my-portal-ann", "Ann", customer=True)}

    on_behalf = arriving({"reporter": ANN}, customer, settings(), creating=True, on_behalf=True)
    not_on_behalf = arriving({"reporter": ANN, "assignee": ANN}, customer, settings(fallback="unassigned"),
                             creating=True)
    later = arriving({"reporter": ANN}, customer, settings(), creating=False, on_behalf=True)

    assert on_behalf == {"reporter": {"accountId": "my-portal-ann"}}
    assert not_on_behalf == {"assignee": None}  # an issue keeps a reporter: Tandem's own user
    assert later == {}


def test_mentions_follow_the_map_and_unknown_people_stay_readable(adf_schema_validator):
    body = adf.doc(adf.paragraph(adf.text("Ask "), mention("their-ann", "Ann Archer"), adf.text(" or "),
                                 mention("their-bob", "Bob Baker")))

    arrived = arriving({"description": body}, {"their-ann": Match("my-ann", "Ann A."), "their-bob": None},
                       settings(), creating=False)

    written = arrived["description"]["content"][0]["content"]
    assert written[1] == mention("my-ann", "Ann A.") and written[3] == {"type": "text", "text": "@Bob Baker"}
    assert [p.account_id for p in people_in([body])] == ["their-ann", "their-bob"]
    assert list(adf_schema_validator.iter_errors(arrived["description"])) == []


def test_replicas_keep_who_a_person_is_and_plans_write_account_ids():
    source = {"id": "1", "key": "A-1", "fields": {"summary": "S", "issuetype": {"name": "Task"}, "project": {"id": "9"},
                                                  "assignee": {**ANN, "avatarUrls": {}, "active": True}}}
    half = load_half({"outgoing": {"fields": ["summary", "assignee"]},
                      "incoming": {"fields": {"summary": "summary", "assignee": "assignee"}}})
    replica = issue_replica(source, half["outgoing"])
    arrived = arriving(replica.fields, {"their-ann": Match("my-ann", "Ann")}, settings(), creating=False)
    target = Target("10", False, {"Task": "1"}, field_schemas={"assignee": {"type": "user", "system": "assignee"}})

    [update] = plan_issue(replace(replica, fields=arrived), half["incoming"], target, {"summary": "S"})

    assert replica.fields["assignee"] == ANN
    assert update.fields == {"assignee": {"accountId": "my-ann"}}


def test_the_half_checks_its_people_settings():
    loaded = load_half({})
    with pytest.raises(ValidationError) as refused:
        load_half({"incoming": {"people": {"fallback": "default_user"}}})
    with pytest.raises(ValidationError):
        load_half({"incoming": {"people": {"table": [{"their_account_id": "x", "my_account_id": "y"}] * 2}}})

    assert loaded["incoming"]["people"]["fallback"] == "leave" and loaded["incoming"]["people"]["table"] == []
    assert "default_account_id" in refused.value.messages["incoming"]["people"]


@pytest.mark.parametrize("fallback, field, expected", [
    ("default_user", "assignee", {"accountId": "my-queue"}),
    ("default_user", "reporter", {"accountId": "my-queue"}),
    ("unassigned", "assignee", None),
    ("unassigned", "customfield_1", None),
    ("unassigned", "reporter", LEFT_OUT),  # an issue always has a reporter: Tandem's user then
    ("leave", "assignee", LEFT_OUT),
])
def test_a_refused_person_gets_the_fallback_of_one_not_found(fallback, field, expected):
    settings = {**default_people(), "fallback": fallback, "default_account_id": "my-queue"}
    instead = instead_of_refused(field, {"accountId": "my-ann"}, settings)
    assert instead is expected if expected is LEFT_OUT else instead == expected


def test_a_refused_default_user_or_list_of_people_is_left_out():
    settings = {**default_people(), "fallback": "default_user", "default_account_id": "my-queue"}
    assert instead_of_refused("assignee", {"accountId": "my-queue"}, settings) is LEFT_OUT
    assert instead_of_refused("customfield_2", [{"accountId": "my-ann"}], settings) is LEFT_OUT
