"""Reading request bodies: a malformed body is the caller's mistake, told as a 400."""
from __future__ import annotations

import codecs
import json
import re

from flask import request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

# Deeper than anything Jira or the settings UI sends (ADF nests a few levels per list or table). Python parses,
# copies and stores nested values recursively: a deeper body would exhaust the interpreter's stack, in the request
# or later in a worker, and its traceback would fill the log.
MAX_JSON_DEPTH = 64
# Kept of a body to measure its nesting: brackets (square from here on) and the quotes around strings.
_NOT_BRACKETS_OR_QUOTES = bytes(byte for byte in range(256) if byte not in b'[]{}"')
_AS_SQUARE = bytes.maketrans(b"{}", b"[]")
# What may stand for a character no database column can hold: NUL, which PostgreSQL's text refuses, and a UTF-16
# surrogate, which no UTF-8 text can hold (escaped, or as the bytes Python's JSON decoder lets through). A body in
# UTF-16 or UTF-32 holds NUL bytes and is always looked at.
_UNSTORABLE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF])")
_SURROGATE_BYTES = re.compile(rb"\xed[\xa0-\xbf]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def raw_body(limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"the body is larger than {limit} bytes")
    data = request.get_data(cache=True)
    if len(data) > limit:
        raise RequestEntityTooLarge(f"the body is larger than {limit} bytes")
    return data


def require_json_content_type() -> None:
    if request.mimetype != "application/json":
        raise UnsupportedMediaType(f"the body must be sent as application/json, not {request.mimetype or 'untyped'}")


def json_object(data: bytes) -> dict:
    if nests_deeper_than(data, MAX_JSON_DEPTH):
        raise BadRequest(f"the body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep")
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from exc
    except RecursionError:  # brackets opened and never closed, too many for the parser to hold
        raise BadRequest(f"the body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep") from None
    if not isinstance(document, dict):
        raise BadRequest("the body must be a JSON object")
    if _may_hold_unstorable_text(data) and holds_unstorable_text(document):
        raise BadRequest("the body holds a NUL character or an unpaired UTF-16 surrogate (\\ud800 to \\udfff), "
                         "which cannot be stored")
    return document


def nests_deeper_than(data: bytes, limit: int) -> bool:
    """Whether the body's arrays and objects nest deeper than ``limit``, brackets inside strings left out.

    In C, not Python: a webhook is checked in about half the time json.loads takes to parse it. Escaped
    backslashes and quotes go first, so every quote left opens or closes a string; outside them, each pass removes
    the innermost pairs of brackets, one level a pass. Unbalanced brackets are left to json.loads to refuse."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # cannot be deeper than the limit: not worth measuring
    kept = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(_AS_SQUARE, _NOT_BRACKETS_OR_QUOTES)
    brackets = b"".join(kept.split(b'"')[::2])
    for _ in range(limit):
        inner_removed = brackets.replace(b"[]", b"")
        if not inner_removed or len(inner_removed) == len(brackets):
            return False
        brackets = inner_removed
    return True


def _may_hold_unstorable_text(data: bytes) -> bool:
    """A quick look at the bytes, so that the parsed document is walked only when it may hold such text: ``in``
    finds a byte at C speed where a regular expression would try each position."""
    return (b"\x00" in data or (b"\\u" in data and _UNSTORABLE_ESCAPE.search(data) is not None)
            or (b"\xed" in data and _SURROGATE_BYTES.search(data) is not None))


def holds_unstorable_text(document) -> bool:
    """Whether any key or string in the document holds NUL or a lone surrogate."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if unstorable_text(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def unstorable_text(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def utf8_text(data: bytes) -> str | None:
    """The body as text if it is UTF-8, as Jira sends it; None for the other encodings JSON allows (UTF-16 and
    UTF-32 hold NUL bytes for ASCII characters, which a text column refuses) and for a byte order mark."""
    if data.startswith(codecs.BOM_UTF8) or b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
