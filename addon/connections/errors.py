"""What went wrong in a settings operation, as a status a caller can act on and a message naming the thing."""
from __future__ import annotations


class ServiceError(Exception):
    status = 400
    error = "bad_request"

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors


class BadInput(ServiceError):
    status, error = 400, "bad_request"


class Forbidden(ServiceError):
    status, error = 403, "forbidden"


class NotFound(ServiceError):
    status, error = 404, "not_found"


class Conflict(ServiceError):
    status, error = 409, "conflict"


class Gone(ServiceError):
    status, error = 410, "gone"


class Invalid(ServiceError):
    """The document is well-formed but names things the sites do not have; ``errors`` says which, by path."""

    status, error = 422, "invalid"


class SiteUnavailable(ServiceError):
    """The other side's site uninstalled or disabled Tandem: nothing can be read from or done there."""

    status, error = 409, "site_unavailable"


def flat_messages(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"incoming.comments.visibility": [...]}``, one level deep."""
    if isinstance(messages, list):
        return {prefix or "_schema": [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        flat.update(flat_messages(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat
