"""The pure parts of refusing hostile bodies and keeping tokens out of logs."""
from __future__ import annotations

import json
import logging
import sys

import pytest
from flask import Flask
from werkzeug.exceptions import BadRequest

from addon.logs import RedactingFilter, redact
from addon.web.bodies import MAX_JSON_DEPTH, holds_unstorable_text, json_object, nests_deeper_than

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzaXRlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


def nested(levels: int, opening: str = "[", closing: str = "]") -> bytes:
    return (opening * levels + closing * levels).encode()


@pytest.mark.parametrize("levels, too_deep", [(1, False), (MAX_JSON_DEPTH, False), (MAX_JSON_DEPTH + 1, True),
                                              (100_000, True)])
def test_nesting_is_measured_exactly(levels, too_deep):
    assert nests_deeper_than(nested(levels), MAX_JSON_DEPTH) is too_deep
    objects = ('{"a":' * levels + "1" + "}" * levels).encode()
    assert nests_deeper_than(objects, MAX_JSON_DEPTH) is too_deep


def test_brackets_inside_strings_neither_hide_nor_invent_depth():
    hiding = b'["' + b"]" * 500 + b'", ' + nested(MAX_JSON_DEPTH + 5)[1:]
    assert nests_deeper_than(hiding, MAX_JSON_DEPTH)
    inventing = json.dumps({"summary": "[" * 500 + '\\"{{{', "path": "C:\\\\[[[", "list": [[1]]}).encode()
    assert not nests_deeper_than(inventing, MAX_JSON_DEPTH)
    assert json_object(inventing)["list"] == [[1]]


def test_unclosed_brackets_are_a_bad_request_not_a_recursion_error():
    with Flask(__name__).test_request_context():
        for body in (b"[" * 100_000, b"[" * 100_000 + b"]", b'{"a":' * 50_000):
            with pytest.raises(BadRequest):
                json_object(body)


@pytest.mark.parametrize("text, unstorable", [("plain", False), ("emoji \U0001F600", False), ("nul \x00", True),
                                              ("lone \ud800", True), ("low \udfff", True)])
def test_text_no_column_can_hold_is_found_in_keys_and_values(text, unstorable):
    assert holds_unstorable_text({"a": [{"b": text}]}) is unstorable
    assert holds_unstorable_text({text: 1}) is unstorable


def test_a_surrogate_pair_escaped_in_json_is_one_character_and_kept():
    with Flask(__name__).test_request_context():
        assert json_object(b'{"s": "\\ud83d\\ude00"}') == {"s": "\U0001F600"}
        assert json_object('{"s": "\ud55c\uae00"}'.encode()) == {"s": "\ud55c\uae00"}  # Hangul: bytes ED 95 9C
        assert json_object(b'{"s": "\\\\u0000 is how NUL is written"}') == {"s": "\\u0000 is how NUL is written"}
        with pytest.raises(BadRequest, match="cannot be stored"):
            json_object(b'{"s": "\\ud83d"}')


@pytest.mark.parametrize("line, secret", [
    (f'GET /pages/project-settings?project.id=1&jwt={JWT}&xdm_e=x HTTP/1.1', JWT),
    ("GET /pages/x?jwt=not-even-a-jwt-shape HTTP/1.1", "not-even-a-jwt-shape"),
    ("Authorization: JWT abc.def.ghi-and-more", "abc.def.ghi-and-more"),
    ("Authorization: Bearer opaque-token-value-0123", "opaque-token-value-0123"),
    ('{"clientKey": "k", "sharedSecret": "s3cr3t-value"}', "s3cr3t-value"),
    (f"a token {JWT} quoted in an error", JWT),
])
def test_redaction_takes_tokens_out_and_leaves_the_rest(line, secret):
    redacted = redact(line)
    assert secret not in redacted and "[redacted]" in redacted
    assert line.split(secret)[0] in redacted  # what came before the token is still there


@pytest.mark.parametrize("sentence", ["the JWT signature does not verify", "a context JWT is not accepted here",
                                      "the Authorization header must be 'Bearer <token>'"])
def test_redaction_leaves_sentences_about_tokens_alone(sentence):
    assert redact(sentence) == sentence


def test_the_filter_redacts_messages_arguments_and_tracebacks():
    try:
        raise ValueError(f"bad token {JWT}")
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "page %s failed", (f"?jwt={JWT}",),
                                   exc_info=sys.exc_info())
    assert RedactingFilter().filter(record)
    assert JWT not in record.getMessage() and JWT not in record.exc_text
