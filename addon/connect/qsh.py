"""Query string hash (qsh): binds a Connect JWT to one method, path and query.

Paths are always taken relative to a base URL, because both our app and a Jira
site may live under a context path (``https://example.com/tandem``,
``https://example.com/jira``) that Atlassian leaves out of the hash.
"""
from functools import lru_cache
from urllib.parse import urlsplit

from atlassian_jwt.url_utils import hash_url

CONTEXT_QSH = "context-qsh"


def base_path(base_url: str) -> str:
    return urlsplit(base_url).path.rstrip("/")


def relative_path(full_path: str, base_url: str) -> str:
    """The part of ``full_path`` below ``base_url``'s own path."""
    prefix = base_path(base_url)
    if prefix and (full_path == prefix or full_path.startswith(prefix + "/")):
        return full_path[len(prefix):] or "/"
    return full_path


# Every webhook asks for the same one: canonicalizing the request costs more than the hash.
@lru_cache(maxsize=1024)
def query_hash(method: str, full_path: str, query: str, base_url: str) -> str:
    relative = relative_path(full_path, base_url)
    return hash_url(method, f"{relative}?{query}" if query else relative)
