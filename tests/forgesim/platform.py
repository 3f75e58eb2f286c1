"""The Forge platform as a remote sees it: installs an app whose backend is the remote, calls it, serves its API.

:class:`ForgePlatform` is one Forge (JWKS, API gateway, app tokens, delivery); :class:`ForgeInstallation` is the
app installed in one simulated site (jirasim ``SimSite``): it sends that site's changes to the remote as product
events, the lifecycle and scheduled triggers, and the UI's ``invokeRemote`` calls, each with a FIT.
"""
from __future__ import annotations

import threading
import uuid

import requests

from tests.jirasim.outbox import WebhookOutbox
from tests.jirasim.serving import BackgroundServer

from .delivery import Delivery
from .events import forge_event
from .gateway import PlatformApp, SiteGateway, made_by_the_app
from .keys import SigningKeys
from .manifest import LIFECYCLE_EVENTS, Manifest
from .tokens import SYSTEM_TOKEN_LIFETIME_SECONDS, AppTokens, fit_claims

SYSTEM_TOKEN_HEADER = "x-forge-oauth-system"
APP_NAME = "Tandem"


class ForgePlatform:
    def __init__(self, manifest: Manifest, retry_delay: float = 0.05):
        """``manifest``: the app's, which says where Forge sends what (routes) and what Jira indexes."""
        self.manifest = manifest
        self.keys = SigningKeys()
        self.app_tokens = AppTokens()
        self.app_id = f"ari:cloud:ecosystem::app/{uuid.uuid4()}"
        self.delivery = Delivery(retry_delay)
        self.jwks_hits = 0
        # Hostile: how long the JWKS takes to answer, as a slow CDN would.
        self.jwks_delay_seconds = 0.0
        # Lifetime of the app system token each invocation brings (the scheduled trigger's is always 3 hours).
        self.token_lifetime = SYSTEM_TOKEN_LIFETIME_SECONDS
        self._installations: dict[str, ForgeInstallation] = {}  # by cloudId
        self._gateways: dict[str, SiteGateway] = {}
        self._lock = threading.Lock()
        self._server = BackgroundServer(PlatformApp(self))
        self.url = self._server.url
        self.jwks_url = self.url + "/.well-known/jwks.json"

    def stop(self) -> None:
        for installation in list(self._installations.values()):
            installation.stop()
        self._server.stop()
        self.delivery.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def gateway_for(self, cloud_id: str) -> SiteGateway | None:
        with self._lock:
            return self._gateways.get(cloud_id)

    def installation_in(self, site) -> "ForgeInstallation | None":
        with self._lock:
            return self._installations.get(site.cloud_id)

    def install(self, site, remote_base_url: str) -> "ForgeInstallation":
        """Installs the app (a new installationId each time) and sends ``avi:forge:installed:app``."""
        installation = ForgeInstallation(self, site, remote_base_url.rstrip("/"))
        with self._lock:
            self._installations[site.cloud_id] = installation
            if site.cloud_id not in self._gateways:
                self._gateways[site.cloud_id] = SiteGateway(site, lambda: self.installation_in(site))
        installation.start()
        site.entity_properties_of_other_apps = self.manifest.connect_style_entity_properties()
        installation.last_response = installation.lifecycle(LIFECYCLE_EVENTS[0])
        return installation

    def uninstall(self, site) -> requests.Response | None:
        """``preUninstall`` (best effort: its answer changes nothing), then the app and its tokens are gone."""
        installation = self.installation_in(site)
        if installation is None:
            raise RuntimeError(f"the app is not installed in {site.name}")
        route = self.manifest.uninstall_route()
        response = None if route is None else installation.trigger(
            route, {"eventType": "avi:forge:uninstalled:app"}, "tandem-uninstall", retried=False)
        self.app_tokens.revoke_installation(installation.installation_id)
        with self._lock:
            del self._installations[site.cloud_id]
        site.entity_properties_of_other_apps = []
        installation.stop()
        return response


class ForgeInstallation:
    def __init__(self, platform: ForgePlatform, site, remote_base_url: str):
        self.platform = platform
        self.site = site
        self.remote_base_url = remote_base_url
        self.installation_id = f"ari:cloud:ecosystem::installation/{uuid.uuid4()}"
        self.api_base_url = f"{platform.url}/ex/jira/{site.cloud_id}"
        self.app_user = site.ensure_app_user(APP_NAME)
        self.system_token = self.new_system_token(platform.token_lifetime)
        self.send_system_token = True  # tests may make Forge send none
        self.last_response = None
        self._outbox = WebhookOutbox(self._deliver_event)

    def start(self) -> None:
        self.site.outbox.observers.append(self._observe)

    def stop(self) -> None:
        if self._observe in self.site.outbox.observers:
            self.site.outbox.observers.remove(self._observe)
        self._outbox.stop()

    # --- tokens -------------------------------------------------------------------------------

    def new_system_token(self, lifetime: float = SYSTEM_TOKEN_LIFETIME_SECONDS) -> str:
        """Mints the installation's newest app system token (each invocation brings a new one)."""
        self.system_token = self.platform.app_tokens.mint(self.installation_id, self.site.cloud_id,
                                                          self.app_user.account_id, lifetime)
        return self.system_token

    def fit(self, module_key: str, module_type: str = "core:endpoint", principal: str | None = None,
            extension: dict | None = None, kid: str | None = None, **overrides) -> str:
        claims = fit_claims(self.platform.app_id, self.installation_id, self.api_base_url, self.site.cloud_id,
                            self.site.base_url, {"type": module_type, "key": module_key}, principal, extension,
                            **overrides)
        return self.platform.keys.sign(claims, kid)

    def headers(self, module_key: str, module_type: str = "core:endpoint", token_lifetime: float | None = None,
                **fit_options) -> dict:
        headers = {"Authorization": f"Bearer {self.fit(module_key, module_type, **fit_options)}",
                   "x-b3-traceid": uuid.uuid4().hex, "x-b3-spanid": uuid.uuid4().hex[:16]}
        if self.send_system_token:
            headers[SYSTEM_TOKEN_HEADER] = self.new_system_token(token_lifetime or self.platform.token_lifetime)
        return headers

    # --- triggers -----------------------------------------------------------------------------

    def trigger(self, route: str, body: dict, module_key: str, retried: bool = True,
                token_lifetime: float | None = None):
        body = {**body, "context": {"cloudId": self.site.cloud_id, "moduleKey": module_key}}
        return self.platform.delivery.post(self.remote_base_url + route, body,
                                           lambda: self.headers(module_key, "core:trigger", token_lifetime), retried)

    def lifecycle(self, event_type: str):
        """Sends a lifecycle event to the route the manifest gives it (None if no trigger subscribes)."""
        route = self.platform.manifest.event_route(event_type)
        body = {"eventType": event_type, "id": str(uuid.uuid4()), "installerAccountId": self.site.admin.account_id,
                "app": {"id": self.platform.app_id, "version": "1"}}
        return None if route is None else self.trigger(route, body, "tandem-lifecycle")

    def scheduled(self):
        """The hourly trigger, with a fresh app system token valid for 3 hours whatever ``token_lifetime`` is."""
        return self.trigger(self.platform.manifest.scheduled_route(), {"eventType": "avi:forge:scheduled-trigger"},
                            "tandem-hourly", token_lifetime=SYSTEM_TOKEN_LIFETIME_SECONDS)

    # --- product events -----------------------------------------------------------------------

    def _observe(self, connect_event: str, payload: dict, trace: str | None) -> None:
        event = forge_event(connect_event, payload, self_generated=made_by_the_app(), trace=trace)
        if event is not None:
            self._outbox.put(event["eventType"], event)

    def _deliver_event(self, event_type: str, event: dict):
        route = self.platform.manifest.event_route(event_type)
        return None if route is None else self.trigger(route, event, "tandem-events")

    def send_event(self, event: dict):
        """Delivers an event now, as given (a test's own, or one sent again)."""
        return self._deliver_event(event["eventType"], event)

    def wait_for_events(self, timeout: float = 60.0) -> None:
        """Until the events of every change made so far have been delivered (or given up on)."""
        self.site.outbox.flush(timeout)
        self._outbox.flush(timeout)

    # --- the UI -------------------------------------------------------------------------------

    def invoke_remote(self, method: str, path: str, account_id: str, extension: dict, json=None,
                      module_type: str = "jira:projectSettingsPage", **fit_options) -> requests.Response:
        """``invokeRemote`` from a Custom UI: a FIT with the user (``principal``) and where the page is open."""
        headers = self.headers("tandem-settings", module_type, None, principal=account_id,
                               extension={"type": module_type, **extension}, **fit_options)
        return requests.request(method, self.remote_base_url + path, json=json, headers=headers, timeout=30)
