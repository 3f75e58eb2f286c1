"""Atlassian Document Format: what the engine does to rich text on its way across."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

EMPTY_DOC = {"type": "doc", "version": 1, "content": []}


def doc(*blocks: dict) -> dict:
    return {"type": "doc", "version": 1, "content": list(blocks)}


def paragraph(*inline: dict) -> dict:
    return {"type": "paragraph", "content": [node for node in inline if node.get("text") != ""]}


def text(value: str, *marks: str) -> dict:
    node = {"type": "text", "text": value}
    if marks:
        node["marks"] = [{"type": mark} for mark in marks]
    return node


def plain_to_adf(value: str) -> dict:
    """Plain text (as webhooks and servicedeskapi carry it) as an ADF document, one paragraph per line."""
    return doc(*(paragraph(text(line)) for line in value.splitlines() if line.strip())) if value else EMPTY_DOC


def enriched(document: dict, author: str, created: datetime | None) -> dict:
    """The comment with a first line saying who wrote it and when."""
    when = f" on {created.strftime('%d %b %Y, %H:%M UTC')}" if created else ""
    header = paragraph(text(author, "strong"), text(f" wrote{when}:"))
    return doc(header, *document.get("content", []))


def fingerprint(document: dict | None) -> str:
    """A stable hash of a document, to recognise an echo of what we wrote."""
    canonical = json.dumps(document or EMPTY_DOC, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
