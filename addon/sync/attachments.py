"""Attachments on their way across: which files the receiving half takes, and images embedded in rich text.

Pure: the executor (addon.jobs.attachment_copy) reads the source issue's ``attachment`` field, asks here which
files to copy or skip (and why, in the words the history shows), and copies them as streams.

Images pasted into a description or a comment are ADF ``media`` nodes naming a file of Atlassian's media service
(with its file name as ``alt``). Jira's REST API tells nobody the media id of an uploaded attachment, so a copy's
image cannot be named reliably: an unchanged node would show a broken image on the other site. Tandem replaces
each such node by a line linking to the copied attachment by its name (or, when the file was not copied, naming
it), which always shows.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from marshmallow import Schema, ValidationError, validate, validates
from marshmallow import fields as mf

from addon.sync.adf import text
from addon.sync.replica import CommentReplica, IssueReplica

# Jira Cloud's largest attachment: 2 GB.
MAX_SIZE_MB = 2048
MEGABYTE = 1024 * 1024
# An extension ("pdf", ".pdf") or a MIME type ("image/png", "image/*").
FILE_TYPE = re.compile(r"^(\.?[a-z0-9][a-z0-9+_-]{0,15}|[a-z]+/(\*|[a-z0-9][a-z0-9.+_-]{0,126}))$")


class IncomingAttachmentsSchema(Schema):
    """How the receiving side takes the attachments the other side sends (``outgoing.attachments``)."""

    enabled = mf.Boolean(load_default=True)
    # A file larger than this is not copied (a history note says so); null: only the site's own limit applies.
    max_size_mb = mf.Float(load_default=None, allow_none=True,
                           validate=validate.Range(min=0, max=MAX_SIZE_MB, min_inclusive=False))
    # Only files of these types are copied: extensions or MIME types (``image/*``); empty: every type.
    file_types = mf.List(mf.String(), load_default=list)
    # Whether deleting a file on the other side deletes its copy here.
    carry_deletions = mf.Boolean(load_default=False)

    @validates("file_types")
    def _known_types(self, values: list, **_) -> None:
        wrong = [value for value in values if not FILE_TYPE.match(value.strip().lower())]
        if wrong:
            raise ValidationError(f"not an extension (like pdf) or a MIME type (like image/png or image/*): "
                                  f"{', '.join(repr(value) for value in wrong)}")


def default_attachments() -> dict:
    return IncomingAttachmentsSchema().load({})


def attachment_rules(incoming: dict) -> dict:
    """The half's attachment rules, with defaults for a half published before they existed. Not to be changed:
    the rules of the same settings are one object, since every event of a route asks for them."""
    return _rules(json.dumps(incoming.get("attachments") or {}, sort_keys=True))


@lru_cache(maxsize=256)
def _rules(settings: str) -> dict:
    return IncomingAttachmentsSchema().load(json.loads(settings))


@dataclass(frozen=True)
class SourceFile:
    id: str
    filename: str
    size: int
    mime_type: str
    author_id: str | None


def source_files(issue: dict) -> list[SourceFile]:
    """The issue's attachments as its ``attachment`` field lists them."""
    return [SourceFile(str(entry["id"]), entry.get("filename") or "attachment", int(entry.get("size") or 0),
                       (entry.get("mimeType") or "application/octet-stream").lower(),
                       (entry.get("author") or {}).get("accountId"))
            for entry in ((issue.get("fields") or {}).get("attachment") or [])]


def refusal(file: SourceFile, rules: dict) -> str | None:
    """Why the receiving half does not take the file, or None when it does."""
    limit = rules["max_size_mb"]
    if limit is not None and file.size > limit * MEGABYTE:
        return f"attachment {file.filename} ({_megabytes(file.size)}) is larger than the limit of {limit:g} MB"
    wanted = [value.strip().lower().lstrip(".") for value in rules["file_types"]]
    if wanted and not any(_of_type(file, kind) for kind in wanted):
        return f"attachment {file.filename} is not of the types taken ({', '.join(rules['file_types'])})"
    return None


def _of_type(file: SourceFile, kind: str) -> bool:
    if "/" not in kind:
        return file.filename.lower().endswith("." + kind)
    major, _, minor = kind.partition("/")
    file_major, _, file_minor = file.mime_type.partition("/")
    return major == file_major and minor in ("*", file_minor)


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB"


# -- images in rich text ---------------------------------------------------------------------
@dataclass(frozen=True)
class CopiedFile:
    filename: str
    url: str | None  # where the copy is shown on the receiving site; None: not copied


def issue_with_media_as_links(replica: IssueReplica, copies: dict[str, CopiedFile]) -> IssueReplica:
    """The issue's rich text (description, paragraph fields) with its images as links (``with_media_as_links``)."""
    if not embedded_in_issue(replica):
        return replica
    return replace(replica, fields={name: with_media_as_links(value, copies) if _is_document(value) else value
                                    for name, value in replica.fields.items()})


def comment_with_media_as_links(replica: CommentReplica | None, copies: dict[str, CopiedFile]):
    if replica is None or not _media(replica.body):
        return replica
    return replace(replica, body=with_media_as_links(replica.body, copies))


def embedded_in_issue(replica: IssueReplica) -> bool:
    return any(_media(value) for value in replica.fields.values() if _is_document(value))


def _is_document(value) -> bool:
    return isinstance(value, dict) and value.get("type") == "doc"


def embedded_names(document: dict | None) -> set[str]:
    """The file names of the media nodes of a document."""
    return {node["attrs"].get("alt") or "" for node in _media(document)} - {""}


def with_media_as_links(document: dict | None, copies: dict[str, CopiedFile]) -> dict | None:
    """The document with each media block (``mediaSingle``, ``mediaGroup``) or inline media replaced by a paragraph
    or text naming its file: linked to the copy when there is one. ``copies``: by file name."""
    if not document or not _media(document):
        return document
    return _replaced(copy.deepcopy(document), copies)


def _replaced(node: dict, copies: dict[str, CopiedFile]) -> dict:
    content = []
    for child in node.get("content") or []:
        if child.get("type") in ("mediaSingle", "mediaGroup"):
            content.append({"type": "paragraph", "content": [_named(media, copies) for media in _media(child)]})
        elif child.get("type") == "mediaInline":
            content.append(_named(child, copies))
        else:
            content.append(_replaced(child, copies) if child.get("content") else child)
    if "content" in node:
        node["content"] = content
    return node


def _named(media: dict, copies: dict[str, CopiedFile]) -> dict:
    name = (media.get("attrs") or {}).get("alt") or "an attached file"
    copied = copies.get(name)
    if copied is None or copied.url is None:
        return text(f"[{name}: not copied]")
    return {"type": "text", "text": f"📎 {name}", "marks": [{"type": "link", "attrs": {"href": copied.url}}]}


def _media(node) -> list[dict]:
    if not isinstance(node, dict):
        return []
    found = [node] if node.get("type") in ("media", "mediaInline") else []
    return found + [media for child in node.get("content") or [] for media in _media(child)]
