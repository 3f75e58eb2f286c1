"""The app as Jira knows it: its descriptor, its installation, and its lifecycle callbacks.

``installed`` / ``uninstalled`` are signed by Atlassian (RS256, key by ``kid`` from the
install-keys server, ``aud`` = the app's baseUrl); ``enabled`` / ``disabled`` with the
installation's shared secret (HS256). Only ``installed`` carries the shared secret.
"""
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from . import auth

CALLBACK_TIMEOUT_SECONDS = 10
SERVER_VERSION = "100276"
PLUGINS_VERSION = "1001.0.0-SNAPSHOT"
SIGNED_BY_ATLASSIAN = frozenset({"installed", "uninstalled"})


@dataclass(frozen=True)
class AppDescriptor:
    raw: dict

    @classmethod
    def fetch(cls, descriptor_url: str, session: requests.Session) -> "AppDescriptor":
        response = session.get(descriptor_url, timeout=CALLBACK_TIMEOUT_SECONDS)
        response.raise_for_status()
        descriptor = cls(response.json())
        auth_type = descriptor.raw.get("authentication", {}).get("type", "jwt").lower()
        if auth_type != "jwt":
            raise ValueError(f"the simulator only installs JWT apps, not authentication {auth_type!r}")
        return descriptor

    @property
    def key(self) -> str:
        return self.raw["key"]

    @property
    def base_url(self) -> str:
        return self.raw["baseUrl"]

    @property
    def name(self) -> str:
        return self.raw.get("name", self.key)

    def lifecycle_url(self, event: str) -> str | None:
        return self.raw.get("lifecycle", {}).get(event)

    def webhook_urls(self, event: str) -> list[str]:
        return [hook["url"] for hook in self.raw.get("modules", {}).get("webhooks", []) if hook["event"] == event]

    def absolute_url(self, url: str) -> str:
        """Descriptor URLs are relative to the app's baseUrl (an absolute one is taken as is)."""
        if urlsplit(url).scheme:
            return url
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")

    def relative_url(self, url: str) -> str:
        """The path + query of ``url`` below the app's baseUrl: what a qsh covers."""
        return auth.relative_url(self.absolute_url(url), self.base_url)


@dataclass
class Installation:
    """One app installed in the site (Jira keeps the clientKey across reinstalls)."""

    descriptor: AppDescriptor
    client_key: str
    shared_secret: str
    enabled: bool = True


def new_client_key() -> str:
    return str(uuid.uuid4())


def new_shared_secret() -> str:
    return secrets.token_urlsafe(48)


def lifecycle_body(installation: Installation, event: str, site_base_url: str, cloud_id: str) -> dict:
    body = {
        "key": installation.descriptor.key,
        "clientKey": installation.client_key,
        "serverVersion": SERVER_VERSION,
        "pluginsVersion": PLUGINS_VERSION,
        "baseUrl": site_base_url,
        "displayUrl": site_base_url,
        "productType": "jira",
        "description": f"Atlassian JIRA at {site_base_url}",
        "eventType": event,
        "cloudId": cloud_id,
    }
    if event == "installed":
        body["sharedSecret"] = installation.shared_secret
    return body


def lifecycle_token(installation: Installation, event: str, keys, admin_account_id: str) -> str:
    descriptor = installation.descriptor
    qsh = auth.query_hash("POST", descriptor.relative_url(descriptor.lifecycle_url(event)))
    if event in SIGNED_BY_ATLASSIAN:
        claims = auth.signed_claims(
            installation.client_key, qsh, aud=[descriptor.base_url], sub=admin_account_id
        )
        return keys.sign(claims)
    return auth.hs256(auth.signed_claims(installation.client_key, qsh), installation.shared_secret)
