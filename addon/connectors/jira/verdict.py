"""What a Jira response (or a failed call) means for whoever made it.

One table turns every outcome into a ``Verdict`` so that the job layer decides
what to do next (retry later, retry now, give up, flag the tenant's credentials)
without ever looking at status codes or Jira's error bodies itself.

| status                           | kind        | why                                        |
|----------------------------------|-------------|--------------------------------------------|
| 2xx                              | ok          |                                            |
| 429                              | retry_after | rate limited; Jira says (or we guess) when |
| 503 with Retry-After             | retry_after | Jira documents it as a resource limit      |
| other 5xx, 408, 409              | transient   | the same call may well succeed later       |
| 401, 403                         | auth        | credentials or the app user's permissions  |
| anything else (400, 404, 413...) | permanent   | repeating the same request cannot help     |

409 is transient: the calls the sync engine makes answer 409 for a concurrent
edit ("the issue could not be updated due to a conflicting update") or for a
background task that is still running. Jobs reload state before they retry, so
a second attempt works on fresh data; the job's own attempt limit stops a 409
that never clears (such as "name already in use") from looping forever.
"""
from __future__ import annotations

import email.utils
import enum
import http
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import requests

# A 429 without a usable hint: Atlassian's rate-limiting pseudo code starts its
# backoff at 5 s. The job layer grows (and jitters) it per attempt; the verdict
# only knows this one response, so it carries the first step.
DEFAULT_RETRY_AFTER_SECONDS = 5.0

# Quota-based limits can name a reset time up to an hour away, and a clock
# skew or a bogus header could name one days away. A job that asks again too
# early costs one request and gets a fresh, accurate Retry-After, whereas a job
# parked for hours leaves the connection silently stale. Ten minutes bounds
# that staleness while keeping the extra requests negligible.
MAX_RETRY_AFTER_SECONDS = 600.0

# Error bodies can be whole HTML pages from a proxy; a few hundred characters
# are enough to recognise them in the connection's error list.
MAX_MESSAGE_DETAIL_CHARS = 300


class Kind(enum.StrEnum):
    """A StrEnum, so ``verdict.kind == "transient"`` reads and stores as text."""

    OK = "ok"
    RETRY_AFTER = "retry_after"
    TRANSIENT = "transient"
    PERMANENT = "permanent"
    AUTH = "auth"


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    seconds: float | None = None  # only for retry_after: how long to wait
    status: int | None = None  # None when no response arrived at all
    message: str = ""
    guessed: bool = False  # retry_after without a hint from Jira: ``seconds`` is only the first step
    # (field id, Jira's message) for each value a 400 refused (Jira's ``errors``), so that the rest can be written
    field_errors: tuple[tuple[str, str], ...] = ()


def classify_response(response: requests.Response) -> Verdict:
    status = response.status_code
    if 200 <= status < 300:
        return Verdict(Kind.OK, status=status)
    message = _describe(response)
    if status == 429:
        seconds = _seconds_to_wait(response.headers)
        if seconds is None:
            return Verdict(Kind.RETRY_AFTER, DEFAULT_RETRY_AFTER_SECONDS, status, message, guessed=True)
        return Verdict(Kind.RETRY_AFTER, seconds, status, message)
    if status == 503:
        seconds = _retry_after_header(response.headers)
        if seconds is not None:
            return Verdict(Kind.RETRY_AFTER, seconds, status, message)
    if status >= 500 or status in (408, 409):
        return Verdict(Kind.TRANSIENT, status=status, message=message)
    if status in (401, 403):
        return Verdict(Kind.AUTH, status=status, message=message)
    return Verdict(Kind.PERMANENT, status=status, message=message, field_errors=_field_errors(response))


def _field_errors(response: requests.Response) -> tuple[tuple[str, str], ...]:
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        return ()
    if not isinstance(errors, dict):
        return ()
    return tuple((str(field), _trim(str(text))) for field, text in errors.items())


def classify_exception(exc: requests.RequestException) -> Verdict:
    """A call that got no usable response.

    Timeouts, refused or dropped connections and bodies cut off mid-stream are
    the network's weather: transient. Anything else requests raises (an invalid
    URL, a redirect loop) comes from how the request was built: permanent.
    """
    reason = _trim(f"{type(exc).__name__}: {exc}")
    network_failures = (
        requests.Timeout,
        requests.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
    )
    if isinstance(exc, network_failures):
        return Verdict(Kind.TRANSIENT, message=reason)
    return Verdict(Kind.PERMANENT, message=reason)


def _seconds_to_wait(headers) -> float | None:
    seconds = _retry_after_header(headers)
    if seconds is None:
        seconds = _rate_limit_reset_header(headers)
    return seconds


def _retry_after_header(headers) -> float | None:
    """RFC 9110 allows delta-seconds or an HTTP-date."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return _bounded(float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return _bounded(when.timestamp() - time.time())


def _rate_limit_reset_header(headers) -> float | None:
    """Atlassian sends an ISO-8601 timestamp, e.g. ``2024-05-01T10:05Z``."""
    value = (headers.get("X-RateLimit-Reset") or "").strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:  # Atlassian's timestamps are UTC
        when = when.replace(tzinfo=timezone.utc)
    return _bounded(when.timestamp() - time.time())


def _bounded(seconds: float) -> float | None:
    if seconds != seconds:  # NaN: float() accepts "nan"
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def _describe(response: requests.Response) -> str:
    status = response.status_code
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason or ""
    prefix = f"{status} {phrase}".strip()
    detail = _jira_error_text(response)
    return f"{prefix}: {detail}" if detail else prefix


def _jira_error_text(response: requests.Response) -> str:
    """Jira's own words, which name the field or permission at fault.

    Jira answers ``{"errorMessages": [...], "errors": {field: message}}``;
    Atlassian's edge (e.g. an unauthenticated call) answers ``{"message": ...}``.
    """
    try:
        body = response.json()
    except ValueError:
        return _trim(response.text)
    if not isinstance(body, dict):
        return _trim(response.text)
    parts = [str(m) for m in body.get("errorMessages") or [] if m]
    errors = body.get("errors")
    if isinstance(errors, dict):
        parts += [f"{field}: {text}" for field, text in errors.items()]
    if not parts and body.get("message"):
        parts.append(str(body["message"]))
    return _trim("; ".join(parts) if parts else response.text)


def _trim(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_MESSAGE_DETAIL_CHARS:
        return text
    return text[: MAX_MESSAGE_DETAIL_CHARS - 1] + "…"
