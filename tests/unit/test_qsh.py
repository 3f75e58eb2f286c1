"""qsh over paths relative to a base URL that may have a path of its own."""
from atlassian_jwt.url_utils import hash_url

from addon.connect.qsh import query_hash, relative_path


def test_the_base_path_is_left_out():
    assert relative_path("/tandem/webhooks/jira", "https://x.example.com/tandem") == "/webhooks/jira"
    assert relative_path("/webhooks/jira", "https://x.example.com/tandem") == "/webhooks/jira"
    assert relative_path("/tandemx/a", "https://x.example.com/tandem") == "/tandemx/a"
    assert relative_path("/tandem", "https://x.example.com/tandem/") == "/"


def test_query_hash_matches_atlassians_canonical_request():
    expected = hash_url("GET", "/rest/api/3/search?jql=project%20%3D%20A&fields=summary&fields=status")
    actual = query_hash("get", "/jira/rest/api/3/search", "jql=project%20%3D%20A&fields=summary&fields=status",
                        "https://site.example.com/jira")
    assert actual == expected


def test_the_jwt_parameter_is_not_hashed():
    with_jwt = query_hash("GET", "/pages/p", "project.key=A&jwt=abc", "https://x.example.com")
    assert with_jwt == query_hash("GET", "/pages/p", "project.key=A", "https://x.example.com")
