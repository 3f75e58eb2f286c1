"""Telling whether a failed create may have made the twin, and whether an issue an old remote link points at is the
twin of a source issue (the pure parts of addon.jobs.intents and addon.jobs.former_twins)."""
from types import SimpleNamespace

import pytest

from addon.connectors.jira import Kind
from addon.connectors.jira.verdict import Verdict
from addon.jobs.former_twins import former_comment_pairs, former_twin
from addon.jobs.intents import surely_not_made

SOURCE, TARGET = "https://customer.atlassian.net", "https://support.atlassian.net"
ROUTE = SimpleNamespace(source=SimpleNamespace(base_url=SOURCE), target=SimpleNamespace(base_url=TARGET),
                        target_project_id="20000")


@pytest.mark.parametrize("verdict, made_nothing", [
    (Verdict(Kind.PERMANENT, status=400), True),
    (Verdict(Kind.RETRY_AFTER, 5.0, 429), True),
    (Verdict(Kind.TRANSIENT, status=500), False),
    (Verdict(Kind.TRANSIENT, status=504), False),
    (Verdict(Kind.TRANSIENT, message="ReadTimeout"), False),
])
def test_only_a_refusal_proves_a_create_made_nothing(verdict, made_nothing):
    assert surely_not_made(verdict) is made_nothing


class Site:
    """Issues by key with their project and origin property, and the source issue's remote links."""

    def __init__(self, issues: dict, remote_links=()):
        self.issues, self.links = issues, list(remote_links)

    def remote_links(self, issue_id):
        return self.links

    def issue_property_and_project(self, key, property_key):
        return self.issues[key]


def issue(issue_id, project_id, origin=None):
    return {"id": issue_id, "key": f"K-{issue_id}", "fields": {"project": {"id": project_id}},
            "properties": {"tandem.origin": origin} if origin else {}}


def link_to(key, global_id=None):
    return {"globalId": global_id or f"tandem:7:b:{key}", "object": {"url": f"{TARGET}/browse/{key}"}}


def test_a_twin_whose_origin_names_the_source_issue_is_found():
    target = Site({"K-5": issue("5", "20000", {"key": "7:a:100", "site": SOURCE})})
    source = Site({}, [link_to("K-5")])
    assert former_twin(source, target, ROUTE, "100") == ("5", "K-5")


def test_the_source_may_be_the_copy_its_origin_naming_the_twin():
    target = Site({"K-5": issue("5", "20000")})
    source = Site({"100": issue("100", "10000", {"key": "7:b:5", "site": TARGET})}, [link_to("K-5")])
    assert former_twin(source, target, ROUTE, "100") == ("5", "K-5")


@pytest.mark.parametrize("candidate, link", [
    (issue("5", "20000", {"key": "7:a:101", "site": SOURCE}), link_to("K-5")),  # copies another issue
    (issue("5", "29999", {"key": "7:a:100", "site": SOURCE}), link_to("K-5")),  # in another project
    (issue("5", "20000", {"key": "7:a:100", "site": SOURCE}), link_to("K-5", "someone-else:1")),  # not Tandem's
])
def test_nothing_unconfirmed_is_taken_for_a_twin(candidate, link):
    source = Site({"100": issue("100", "10000")}, [link])
    assert former_twin(source, Site({"K-5": candidate}), ROUTE, "100") is None


def comment(comment_id: str, origin: dict | None = None) -> dict:
    return {"id": comment_id, "properties": [{"key": "tandem.origin", "value": origin}] if origin else []}


def test_the_comments_a_former_connection_copied_are_paired_by_their_origin_and_root():
    source = (SOURCE, [comment("1"), comment("2", {"key": "7:b:comment:50", "root": f"{TARGET}#comment-50"}),
                       comment("3", {"key": "7:b:comment:51", "root": "https://third.atlassian.net#comment-9"})])
    target = (TARGET, [comment("50"), comment("60", {"key": "7:a:comment:1", "root": f"{SOURCE}#comment-1"}),
                       comment("61", {"key": "7:a:comment:2", "root": "https://else.atlassian.net#comment-2"}),
                       comment("62", {"key": "4:a:comment:1"})])
    assert former_comment_pairs(source, target) == [
        ("source", "1", "60", f"{SOURCE}#comment-1"),  # 61's root is neither 2 nor what 2 copies
        ("target", "50", "2", f"{TARGET}#comment-50"),  # 3 names a comment the twin does not hold
    ]
