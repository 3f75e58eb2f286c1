"""Logging for every Tandem process, with tokens and secrets taken out of each line before it is written.

Jira signs iframe page loads with ``?jwt=`` in the URL and API calls with ``Authorization: JWT ...``; a request
line, an error quoting a URL, or a traceback could otherwise carry a token that is valid for minutes.
"""
from __future__ import annotations

import logging
import re

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
# Query parameters that carry credentials, in URLs and form bodies.
_SECRET_PARAMETER = re.compile(
    r"(?i)(\b(?:jwt|token|access_token|refresh_token|id_token|signature|secret|shared_?secret|password)=)[^&\s\"';]+")
# A credential after its scheme, as in an Authorization header: long enough not to be a word of a sentence
# ("the JWT signature does not verify").
_SCHEME_CREDENTIAL = re.compile(r"(?i)\b(JWT|Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{16,}")
# Anything shaped like a JWT: base64url of a JSON header, then payload and signature.
_JWT_SHAPE = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# JSON fields that hold credentials, as in a lifecycle body quoted in an error.
_SECRET_FIELD = re.compile(r"(?i)(\"(?:sharedSecret|secret|token|jwt|password)\"\s*:\s*\")[^\"]*")


def redact(text: str) -> str:
    if not text:
        return text
    text = _JWT_SHAPE.sub(REDACTED, text)
    text = _SECRET_PARAMETER.sub(rf"\1{REDACTED}", text)
    text = _SCHEME_CREDENTIAL.sub(rf"\1\2{REDACTED}", text)
    return _SECRET_FIELD.sub(rf"\1{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and its traceback) without credentials; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def redact_handlers(logger: logging.Logger) -> None:
    for handler in logger.handlers:
        if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
            handler.addFilter(RedactingFilter())


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    redact_handlers(logging.getLogger())
