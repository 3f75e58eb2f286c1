"""Why a Connect request was refused; the reason is returned to the caller as JSON."""


class AuthError(Exception):
    """Authentication failed. ``str(err)`` is a reason safe to show the caller."""

    status = 401


class KeyServerUnavailable(Exception):
    """Atlassian's install-keys server did not answer, or Tandem is already fetching as many keys as it will at
    once: the install cannot be checked now and may be retried (503)."""

    retry_after = 10
