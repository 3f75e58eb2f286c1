"""Why a Connect request was refused; the reason is returned to the caller as JSON."""


class AuthError(Exception):
    """Authentication failed. ``str(err)`` is a reason safe to show the caller."""

    status = 401


class KeyServerUnavailable(Exception):
    """A key server (Atlassian's install keys, Forge's JWKS) did not answer, or Tandem is already fetching as many
    keys as it will at once: the token cannot be checked now and the request may be retried (503)."""

    retry_after = 10
