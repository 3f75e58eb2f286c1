"""Reading request bodies: a malformed body is the caller's mistake, told as a 400."""
from __future__ import annotations

import codecs
import json

from flask import request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge


def raw_body(limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"the body is larger than {limit} bytes")
    data = request.get_data(cache=True)
    if len(data) > limit:
        raise RequestEntityTooLarge(f"the body is larger than {limit} bytes")
    return data


def json_object(data: bytes) -> dict:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise BadRequest("the body must be a JSON object")
    return document


def utf8_text(data: bytes) -> str | None:
    """The body as text if it is UTF-8, as Jira sends it; None for the other encodings JSON allows (UTF-16 and
    UTF-32 hold NUL bytes for ASCII characters, which a text column refuses) and for a byte order mark."""
    if data.startswith(codecs.BOM_UTF8) or b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
