"""Why a Connect request was refused; the reason is returned to the caller as JSON."""


class AuthError(Exception):
    """Authentication failed. ``str(err)`` is a reason safe to show the caller."""

    status = 401
