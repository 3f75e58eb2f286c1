"""What Forge mints: the invocation token (FIT) sent to the remote, and the app tokens it calls Jira with.

FIT: RS256 by a published key, ``iss`` ``forge/invocation-token``, ``aud`` the app's ARI, claims ``app`` (id,
version, installationId, apiBaseUrl, environment, module), ``context`` (cloudId, siteUrl, moduleKey and, for UI
modules, the extension: project, issue) and, for UI calls, ``principal`` (the user).

App system token (header ``x-forge-oauth-system``): a JWT whose ``exp`` says when it stops working. Forge signs
it with a key of its own that no app sees; the API gateway checks it (:class:`AppTokens`).
"""
import secrets
import threading
import time
import uuid

import jwt

FIT_ISSUER = "forge/invocation-token"
FIT_LIFETIME_SECONDS = 300
# A scheduled trigger each hour brings a token valid for at least two more.
SYSTEM_TOKEN_LIFETIME_SECONDS = 3 * 3600


def fit_claims(app_id: str, installation_id: str, api_base_url: str, cloud_id: str, site_url: str,
               module: dict, principal: str | None = None, extension: dict | None = None,
               lifetime: int = FIT_LIFETIME_SECONDS, **overrides) -> dict:
    now = int(time.time())
    claims = {
        "iss": FIT_ISSUER, "aud": app_id, "iat": now, "nbf": now, "exp": now + lifetime, "jti": str(uuid.uuid4()),
        "app": {"id": app_id, "version": "1", "installationId": installation_id, "apiBaseUrl": api_base_url,
                "environment": {"type": "PRODUCTION", "id": str(uuid.UUID(int=1))}, "module": module},
        "context": {"cloudId": cloud_id, "siteUrl": site_url, "moduleKey": module["key"],
                    **({"extension": extension} if extension else {})},
    }
    if principal is not None:
        claims["principal"] = principal
    claims.update(overrides)
    return claims


class AppTokens:
    """App system tokens: minted per installation, checked by the API gateway."""

    def __init__(self):
        self._secret = secrets.token_bytes(32)
        self._revoked: set[str] = set()
        self._lock = threading.Lock()

    def mint(self, installation_id: str, cloud_id: str, account_id: str,
             lifetime: float = SYSTEM_TOKEN_LIFETIME_SECONDS) -> str:
        now = time.time()
        claims = {"sub": account_id, "aud": cloud_id, "installationId": installation_id, "iat": int(now),
                  "exp": int(now + lifetime), "jti": str(uuid.uuid4())}
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def revoke_installation(self, installation_id: str) -> None:
        with self._lock:
            self._revoked.add(installation_id)

    def check(self, token: str, cloud_id: str) -> str | None:
        """Why the gateway refuses ``token`` for the site ``cloud_id``; None when it is good."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=["HS256"], audience=cloud_id)
        except jwt.ExpiredSignatureError:
            return "the app token has expired"
        except jwt.InvalidAudienceError:
            return "the app token is for another site"
        except jwt.InvalidTokenError as error:
            return f"the app token is not valid: {error}"
        with self._lock:
            if claims["installationId"] in self._revoked:
                return "the app token's installation was uninstalled"
        return None
