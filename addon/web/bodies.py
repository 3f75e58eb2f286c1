"""Reading request bodies: a malformed body is the caller's mistake, told as a 400."""
from __future__ import annotations

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
