"""The simulated bridge answers a Custom UI's invokeRemote as Forge does (the invokeRemote reference: which answers
it passes on, which it refuses and with which message), and serves the Custom UI under the policy its manifest
allows."""
from __future__ import annotations

import json

import pytest
import requests

from .custom_ui import FIT_REFUSED, INVALID_ANSWER, answer_of, content_security_policy


def answer(status: int, body: bytes = b"", content_type: str | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    if content_type:
        response.headers["Content-Type"] = content_type
    return response


@pytest.mark.parametrize("status, body", [(200, {"connections": []}), (201, {"id": 7}),
                                          (403, {"message": "you do not administer SOFT"})])
def test_a_json_answer_is_passed_on_with_its_status_and_headers(status, body):
    passed = answer_of(answer(status, json.dumps(body).encode(), "application/json"))
    assert passed == {"success": True, "payload": {"status": status, "body": body,
                                                   "headers": {"content-type": ["application/json"]}}}


def test_a_2xx_without_a_body_is_passed_on():
    assert answer_of(answer(204)) == {"success": True, "payload": {"status": 204, "headers": {}, "body": None}}


@pytest.mark.parametrize("refused, message", [
    (answer(401, b'{"message": "bad token"}', "application/json"), FIT_REFUSED),
    (answer(500), INVALID_ANSWER),  # not 2xx, no body
    (answer(502, b"<html>Bad gateway</html>", "text/html"), INVALID_ANSWER),
    (answer(200, b"not json", "application/json"), INVALID_ANSWER),
])
def test_forge_refuses_what_the_reference_says_it_refuses(refused, message):
    assert answer_of(refused) == {"success": False, "error": {"message": message}}


def test_the_policy_allows_inline_styles_only_when_the_manifest_does():
    assert "style-src 'self';" in content_security_policy({})
    allowed = content_security_policy({"permissions": {"content": {"styles": ["unsafe-inline"]}}})
    assert "style-src 'self' 'unsafe-inline';" in allowed
    assert "script-src 'self';" in allowed
