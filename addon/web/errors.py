"""Every error leaves as JSON with a message a person can act on; nothing leaves as a bare 500."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from addon.connect.errors import AuthError, KeyServerUnavailable

log = logging.getLogger(__name__)

# Seconds after which Jira (or any client) may try again when our database is away.
DATABASE_RETRY_AFTER = 5


def error_response(status: int, error: str, message: str, headers: dict | None = None,
                   errors: dict | None = None):
    """``errors``, for validation failures: ``{field path: [messages]}``."""
    response = jsonify({"error": error, "message": message, **({"errors": errors} if errors else {})})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(AuthError, _auth_error)
    app.register_error_handler(KeyServerUnavailable, _key_server_unavailable)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)


def _auth_error(exc: AuthError):
    return error_response(401, "unauthorized", str(exc))


def _key_server_unavailable(exc: KeyServerUnavailable):
    log.warning("refused for now, retryable: %s", exc)
    return error_response(503, "key_server_unavailable", str(exc), {"Retry-After": str(exc.retry_after)})


def _http_error(exc: HTTPException):
    return error_response(exc.code or 500, exc.name.lower().replace(" ", "_"), exc.description or exc.name)


def _database_unavailable(exc: Exception):
    log.error("database unavailable: %s", exc)
    return error_response(
        503,
        "database_unavailable",
        "Tandem cannot reach its database right now; nothing was stored. Please retry.",
        {"Retry-After": str(DATABASE_RETRY_AFTER)},
    )


def _unexpected(exc: Exception):
    log.exception("unexpected error")
    return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")
