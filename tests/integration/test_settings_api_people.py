"""The half's people (incoming.people): checked against the real sites when saved, and the user picker."""
from __future__ import annotations

from tests.integration.test_settings_api import refused
from tests.integration.test_settings_api_halves import connected, half_path, put_draft  # noqa: F401  (fixture)


def test_a_table_naming_accounts_the_sites_do_not_have_is_refused_by_path(connected):  # noqa: F811
    connection_id, ann, sam = connected
    response = put_draft(sam, connection_id, lambda d: d["incoming"].update(people={
        "table": [{"their_account_id": "557058:ghost", "my_account_id": ann.account_id}]}))
    body = refused(response, 422, "557058:ghost", ann.site.base_url)
    assert list(body["errors"]) == ["incoming.people.table.0.their_account_id"]


def test_a_default_user_must_exist_and_be_a_jira_user(connected):  # noqa: F811
    connection_id, ann, sam = connected
    site = ann.site
    customer = site.add_customer("DESK", "Carla Customer", "carla@example.com")
    missing = put_draft(sam, connection_id, lambda d: d["incoming"].update(people={"fallback": "default_user"}))
    as_customer = put_draft(sam, connection_id, lambda d: d["incoming"].update(people={
        "fallback": "default_user", "default_account_id": customer.account_id}))

    assert refused(missing, 422)["errors"] == {
        "incoming.people.default_account_id": ["the fallback 'default_user' needs a default_account_id"]}
    assert list(refused(as_customer, 422, "Carla Customer")["errors"]) == ["incoming.people.default_account_id"]


def test_a_table_and_default_of_real_accounts_are_saved_and_published(connected):  # noqa: F811
    connection_id, ann, sam = connected
    people = {"table": [{"their_account_id": ann.account_id, "their_name": "Ann Software",
                         "my_account_id": sam.account_id, "my_name": "Sam Support"}],
              "fallback": "default_user", "default_account_id": sam.account_id, "default_name": "Sam Support",
              "match_by_display_name": False}
    saved = put_draft(sam, connection_id, lambda d: d["incoming"].update(people=people))
    published = sam.call("POST", half_path(connection_id, "publish"), expect=200).json()

    assert saved.status_code == 200, saved.text
    assert published["published"]["incoming"]["people"] == {**people, "match_by_email": True,
                                                             "raise_on_behalf": False}


def test_the_picker_finds_either_sides_users_by_name_without_their_email(connected):  # noqa: F811
    connection_id, ann, sam = connected
    ann.site.add_user("Annette Hidden", email="annette@example.com", email_visible=False)
    found = sam.call("GET", f"/api/connections/{connection_id}/users?query=ann&side=theirs",
                     expect=200).json()["users"]
    nothing = sam.call("GET", f"/api/connections/{connection_id}/users", expect=200).json()["users"]
    wrong_side = sam.call("GET", f"/api/connections/{connection_id}/users?query=a&side=left")

    assert {user["displayName"] for user in found} == {"Ann Software", "Annette Hidden"}
    assert all(set(user) == {"accountId", "displayName", "accountType"} for user in found)
    assert nothing == []
    refused(wrong_side, 400, "'mine' or 'theirs'")
