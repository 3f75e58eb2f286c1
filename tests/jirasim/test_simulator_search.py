"""JQL search (``/rest/api/3/search/jql``): the subset Tandem uses, paging, and Jira's refusals."""
import datetime
import time

import pytest

SEARCH = "/rest/api/3/search/jql"


@pytest.fixture
def origins(installed_site, as_app):
    """ALPHA-1..3 created by the app with origins o-1..o-3; BETA-1 by a person, origin o-9 set later."""
    installed_site.add_project("BETA")
    for number in (1, 2, 3):
        body = {"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": f"Twin {number}"},
                "properties": [{"key": "tandem.origin", "value": {"key": f"o-{number}", "site": "x"}}]}
        assert as_app.post("/rest/api/3/issue", json=body).status_code == 201
    installed_site.create_issue("BETA", "Task", "Native")
    installed_site.set_issue_property("BETA-1", "tandem.origin", {"key": "o-9"})
    return installed_site


def keys(response):
    assert response.status_code == 200, response.text
    return [issue["key"] for issue in response.json()["issues"]]


def test_an_indexed_property_finds_the_twin(origins, as_app):
    jql = 'issue.property[tandem.origin].key = "o-2"'

    found = as_app.get(SEARCH, jql=jql, fields="summary", maxResults=50)
    by_alias = as_app.get(SEARCH, jql='tandemOrigin in ("o-3", "o-9")', fields="summary")
    ids_only = as_app.get(SEARCH, jql=jql)
    unindexed = as_app.get(SEARCH, jql='issue.property[tandem.origin].site = "x"', fields="summary")

    assert keys(found) == ["ALPHA-2"] and found.json()["issues"][0]["fields"] == {"summary": "Twin 2"}
    assert found.json()["isLast"] is True and "nextPageToken" not in found.json()
    assert keys(by_alias) == ["BETA-1", "ALPHA-3"], "newest first without ORDER BY"
    assert ids_only.json()["issues"] == [{"id": origins.issue("ALPHA-2")["id"]}]
    assert keys(unindexed) == [], "Jira cannot search a property path no app indexes"


def test_clauses_combine_with_and_and_order(origins, as_app):
    assert keys(as_app.get(SEARCH, jql="project = ALPHA ORDER BY key DESC", fields="key")) == [
        "ALPHA-3", "ALPHA-2", "ALPHA-1"
    ]
    assert keys(as_app.get(SEARCH, jql="project = alpha AND key = ALPHA-1", fields="summary")) == ["ALPHA-1"]
    alpha_2 = origins.issue("ALPHA-2")["id"]
    assert keys(as_app.get(SEARCH, jql=f"id = {alpha_2}", fields="summary")) == ["ALPHA-2"]
    assert keys(as_app.get(SEARCH, jql="project in (ALPHA, BETA) AND key != ALPHA-1 ORDER BY id",
                           fields="summary")) == ["ALPHA-2", "ALPHA-3", "BETA-1"]
    assert keys(as_app.get(SEARCH, jql='project = ALPHA AND tandemOrigin != "o-1" ORDER BY key',
                           fields="summary")) == ["ALPHA-2", "ALPHA-3"]


def test_post_search_pages_with_next_page_tokens(origins, as_app):
    body = {"jql": "project = ALPHA ORDER BY key", "fields": ["summary"], "maxResults": 2,
            "properties": ["tandem.origin"]}

    first = as_app.post(SEARCH, json=body).json()
    second = as_app.post(SEARCH, json={**body, "nextPageToken": first["nextPageToken"]}).json()

    assert [issue["key"] for issue in first["issues"]] == ["ALPHA-1", "ALPHA-2"] and first["isLast"] is False
    assert first["issues"][0]["properties"] == {"tandem.origin": {"key": "o-1", "site": "x"}}
    assert [issue["key"] for issue in second["issues"]] == ["ALPHA-3"] and second["isLast"] is True


@pytest.mark.parametrize(
    "jql, message",
    [
        ("ORDER BY key", "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."),
        ("project = NOPE", "The value 'NOPE' does not exist for the field 'project'."),
        ("key = ALPHA-99", "An issue with key 'ALPHA-99' does not exist for field 'key'."),
        ("colour = red", "Field 'colour' does not exist or you do not have permission to view it."),
        ("project = ALPHA AND", "Error in the JQL Query: Expecting a field name but reached the end of the query."),
        ("project = AND", "Error in the JQL Query: Expecting either a value, list or function but got 'AND'. "
                          "(line 1, character 11)"),
        ("project = ALPHA OR project = BETA", "jirasim does not support OR in JQL"),
        ("summary ~ printer", "jirasim does not support searching by 'summary' in JQL"),
        ('updated >= "2026/13/45 10:00"', "Date value '2026/13/45 10:00' for field 'updated' is invalid. Valid "
                                          "formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
                                          "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."),
        ("updatedDate > yesterday", "Date value 'yesterday' for field 'updatedDate' is invalid. Valid formats "
                                    "include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', "
                                    "or a period format e.g. '-5d', '4w 2d'."),
        ("updated > -5d", "jirasim does not support relative dates such as '-5d' in JQL"),
        ('updated = "2026/11/22"', "jirasim does not support the operator '=' on dates in JQL"),
    ],
)
def test_refused_queries_answer_400_with_a_jira_style_message(origins, as_app, jql, message):
    response = as_app.get(SEARCH, jql=jql)

    assert (response.status_code, response.json()) == (400, {"errorMessages": [message], "errors": {}})


def updated_at(site, key: str, moment: datetime.datetime) -> None:
    site.state.find_issue(key).fields["updated"] = moment


@pytest.fixture
def updated_on_the_hour(origins):
    """ALPHA-1, -2, -3 last updated at 09:00, 10:00 and 11:00 UTC on 22 November 2026."""
    for hour, key in enumerate(("ALPHA-1", "ALPHA-2", "ALPHA-3"), start=9):
        updated_at(origins, key, datetime.datetime(2026, 11, 22, hour, tzinfo=datetime.timezone.utc))
    return origins


@pytest.mark.parametrize(
    "since, found",
    [
        ('updated >= "2026/11/22 10:00"', ["ALPHA-2", "ALPHA-3"]),
        ('updated > "2026/11/22 10:00"', ["ALPHA-3"]),
        ('updated >= "2026-11-22 09:59"', ["ALPHA-2", "ALPHA-3"]),
        ("updatedDate < 2026-11-22", []),
        ('updated <= "2026/11/22 09:00"', ["ALPHA-1"]),
    ],
)
def test_dates_compare_to_the_minute_in_the_searching_users_time_zone(updated_on_the_hour, as_app, since, found):
    jql = f"project = ALPHA AND {since} ORDER BY created ASC"
    assert keys(as_app.get(SEARCH, jql=jql, fields="summary")) == found


def test_a_date_is_read_in_the_time_zone_of_the_user_who_searches(updated_on_the_hour, as_app):
    updated_on_the_hour.app_user.time_zone = "Europe/Berlin"  # UTC+1 in November: 11:00 there is 10:00 UTC
    jql = 'project = ALPHA AND updated >= "2026/11/22 11:00" ORDER BY created ASC'
    assert keys(as_app.get(SEARCH, jql=jql, fields="summary")) == ["ALPHA-2", "ALPHA-3"]


def test_with_a_search_lag_new_issues_and_property_changes_are_found_only_once_indexed(origins, as_app):
    origins.faults.search_lag = 3
    body = {"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": "Late"},
            "properties": [{"key": "tandem.origin", "value": {"key": "o-4"}}]}
    created = as_app.post("/rest/api/3/issue", json=body).json()
    moved = as_app.put("/rest/api/3/issue/ALPHA-1/properties/tandem.origin", json={"key": "o-5"})

    assert moved.status_code == 200
    assert keys(as_app.get(SEARCH, jql='tandemOrigin = "o-4"')) == [], "not indexed yet"
    assert keys(as_app.get(SEARCH, jql='tandemOrigin = "o-1"', fields="key")) == ["ALPHA-1"], "the old value"
    assert keys(as_app.get(SEARCH, jql='tandemOrigin = "o-5"')) == []
    assert as_app.get(f"/rest/api/3/issue/{created['id']}").status_code == 200, "a read by id is never late"
    time.sleep(3.1)
    assert keys(as_app.get(SEARCH, jql='tandemOrigin = "o-4"', fields="key")) == [created["key"]]
    assert keys(as_app.get(SEARCH, jql='tandemOrigin = "o-5"', fields="key")) == ["ALPHA-1"]
    assert keys(as_app.get(SEARCH, jql='tandemOrigin = "o-1"')) == []
