"""Twins an earlier connection made between the same two projects, found again when a new connection starts.

A deleted connection takes its links with it, but not what it left on the sites: the remote link on each issue of
a pair, pointing at its twin, and the twin's ``tandem.origin`` property naming the site and issue it copies. A new
connection between the same projects reads the source issue's remote links (by key, so never behind as Jira's
search is) and takes an issue they point at for its twin only when an origin property confirms the pair. The
comments it copied between the two are paired again the same way: each copy's origin property names the comment it
copies on the other issue.
"""
from __future__ import annotations

from addon.connectors.jira import JiraError
from addon.jobs.roots import comment_key_of
from addon.sync.replica import ORIGIN_PROPERTY

REMOTE_LINK_PREFIX = "tandem:"


def former_twin(source_api, target_api, route, issue_id: str) -> tuple[str, str] | None:
    """(id, key) of the issue in the route's target project that an earlier connection paired with ``issue_id``."""
    browse = f"{route.target.base_url}/browse/"
    for remote in source_api.remote_links(issue_id):
        url = str((remote.get("object") or {}).get("url") or "")
        if str(remote.get("globalId") or "").startswith(REMOTE_LINK_PREFIX) and url.startswith(browse):
            candidate = _read(target_api, url[len(browse):])
            if candidate is not None and _pairs(candidate, route, source_api, issue_id):
                return str(candidate["id"]), candidate["key"]
    return None


def _read(api, key: str) -> dict | None:
    try:
        return api.issue_property_and_project(key, ORIGIN_PROPERTY)
    except JiraError as error:
        if error.verdict.status == 404:
            return None  # deleted since, or no longer visible to Tandem
        raise


def _pairs(candidate: dict, route, source_api, issue_id: str) -> bool:
    """The candidate is in the target project and copies the source issue, or the source issue copies it."""
    if str(((candidate.get("fields") or {}).get("project") or {}).get("id")) != str(route.target_project_id):
        return False
    if _names(candidate, route.source.base_url, issue_id):
        return True
    source = _read(source_api, issue_id)
    return source is not None and _names(source, route.target.base_url, str(candidate["id"]))


def _names(issue: dict, site: str, issue_id: str) -> bool:
    """Whether the issue's origin property says it was copied from ``issue_id`` on ``site``."""
    origin = (issue.get("properties") or {}).get(ORIGIN_PROPERTY) or {}
    return origin.get("site") == site and str(origin.get("key") or "").rsplit(":", 1)[-1] == str(issue_id)


def former_comment_pairs(source: tuple[str, list[dict]], target: tuple[str, list[dict]]) -> list[tuple[str, ...]]:
    """The comments an earlier connection copied between a former pair: (``"source"`` or ``"target"``, where the
    original is; the original's id; its copy's id; their root). ``source`` and ``target``: each issue's site and
    its comments with their properties. A copy counts when its origin names a comment of the other issue, and the
    root it names is that comment or what that comment copies."""
    pairs = []
    for where, (site, originals), copies in (("source", source, target[1]), ("target", target, source[1])):
        roots = {str(comment["id"]): {comment_key_of(site, comment["id"]), _comment_origin(comment).get("root")}
                 for comment in originals}
        for copy in copies:
            origin = _comment_origin(copy)
            original = str(origin.get("key") or "").rpartition(":comment:")[2]
            if origin.get("root") and origin["root"] in roots.get(original, ()):
                pairs.append((where, original, str(copy["id"]), origin["root"]))
    return pairs


def _comment_origin(comment: dict) -> dict:
    for prop in comment.get("properties") or []:
        if prop.get("key") == ORIGIN_PROPERTY and isinstance(prop.get("value"), dict):
            return prop["value"]
    return {}
