"""One fake Jira Cloud site: installs an app like Jira does, calls it back, and serves REST to it."""
import json
import uuid
import zlib

import requests

from . import auth, lifecycle
from .activity import Activity
from .attachments import AttachmentActions
from .faults import Faults
from .gateway import Gateway
from .keys import InstallKeyServer
from .model import User
from .outbox import WebhookOutbox
from .people import PeopleActions
from .search_index import SearchIndex
from .serving import BackgroundServer
from .state import SiteState
from .state_inspection import StateInspection
from .webhooks import WebhookSender


class SimSite(PeopleActions, AttachmentActions, StateInspection):
    """A Jira Cloud site on 127.0.0.1 (``base_url``), with one app slot.

    Tests act as Jira (``install``, ``send_webhook``, tokens) and as its people (``create_issue``,
    ``add_comment``..., see ``people``); they read what the app did in ``requests`` (and
    ``writes()``), ``contract_violations``, ``auth_failures``, ``deliveries`` and the site's state
    (see ``state_inspection``), and make the site misbehave through ``faults``.

    Ids that differ from site to site in Jira differ here too, derived from ``name``: the request
    type field's id (``customfield_10000``-``10999``) and the request types' ids, so an id carried
    to another site by mistake does not work there by chance.
    """

    def __init__(
        self,
        keys: InstallKeyServer,
        name: str = "alpha",
        context_path: str = "",
        webhook_attempts: int = 5,
        webhook_retry_delay: float = 0.05,
        fault_seed: int = 0,
        check_contract: bool = True,
    ):
        self.keys = keys
        self.name = name
        self.cloud_id = str(uuid.uuid4())
        site_number = zlib.crc32(name.encode())
        self.state = SiteState(
            request_type_field_id=f"customfield_{10000 + site_number % 1000}",
            first_request_type_id=1 + site_number % 90 * 10,
        )
        self.admin = self.state.add_user(f"{name.title()} Admin")
        self.state.site_admins.add(self.admin.account_id)
        self.installation: lifecycle.Installation | None = None
        self.requests = []  # gateway.RecordedRequest, one per REST call received
        self.contract_violations: list[str] = []
        self.auth_failures: list[str] = []
        self.faults = Faults(fault_seed)
        self.entity_properties_of_other_apps: list[dict] = []  # e.g. a Forge app's (tests.forgesim)
        self.search_index = SearchIndex(self.faults)
        # Tests always check requests against the OpenAPI contract and rich text against the ADF schema;
        # benchmarks may not, as a real Jira's checks do not run on Tandem's machine.
        self.check_contract = check_contract
        self._client_key = lifecycle.new_client_key()
        self._last_offered: lifecycle.Installation | None = None  # by the latest install attempt
        self._app_user: User | None = None
        self._session = requests.Session()
        # Deliveries go to 127.0.0.1 only: no proxy settings to read from the environment for each of them,
        # which cost a tenth of the simulator's CPU under load.
        self._session.trust_env = False
        self.webhooks = WebhookSender(
            self._session, self._webhook_token, self.faults, webhook_attempts, webhook_retry_delay
        )
        self.outbox = WebhookOutbox(self.send_webhook)
        self._server = BackgroundServer(Gateway(self, context_path))
        self.base_url = self._server.url + context_path.rstrip("/")
        self.activity = Activity(self.state, self.base_url, self.outbox)

    def stop(self) -> None:
        self._server.stop()
        self.outbox.stop()
        self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    # --- the installation, as the app sees it -------------------------------------------------

    @property
    def client_key(self) -> str:
        return self._client_key

    @property
    def shared_secret(self) -> str:
        return self._known().shared_secret

    @property
    def app_key(self) -> str:
        return self._known().descriptor.key

    @property
    def app_user(self) -> User | None:
        """The app's own user ("accountType": "app"), made at its first successful install."""
        return self._app_user

    def ensure_app_user(self, name: str) -> User:
        """The app's own user, made now if no install made it yet (a Forge install makes one too)."""
        if self._app_user is None:
            self._app_user = self.state.add_user(name, account_type="app")
        return self._app_user

    def indexed_entity_properties(self) -> list[dict]:
        """The ``jiraEntityProperties`` modules in force: the Connect app's, and those another door's app declared
        (``entity_properties_of_other_apps``, in the same shape)."""
        connect = self.installation.descriptor.raw.get("modules", {}).get("jiraEntityProperties", []) \
            if self.installation else []
        return [*connect, *self.entity_properties_of_other_apps]

    @property
    def deliveries(self):
        return self.webhooks.deliveries

    def _known(self) -> lifecycle.Installation:
        """The installation in place, else the latest one offered (refused, or since uninstalled)."""
        known = self.installation or self._last_offered
        if known is None:
            raise RuntimeError("no app: call install() or prepare_install() first")
        return known

    def _installation_for(self, event: str) -> lifecycle.Installation:
        """``installed`` offers the latest attempt's installation; other events concern the known one."""
        return self._last_offered if event == "installed" and self._last_offered else self._known()

    # --- lifecycle ----------------------------------------------------------------------------

    def prepare_install(self, descriptor_url: str) -> lifecycle.Installation:
        """Reads the app's descriptor and draws a new shared secret, without calling the app yet."""
        descriptor = lifecycle.AppDescriptor.fetch(descriptor_url, self._session)
        self._last_offered = lifecycle.Installation(descriptor, self._client_key, lifecycle.new_shared_secret())
        return self._last_offered

    def install(self, descriptor_url: str) -> requests.Response:
        """Jira's install: ``installed`` (RS256); if the app says 2xx, remember it and send ``enabled``."""
        offered = self.prepare_install(descriptor_url)
        response = self.post_lifecycle("installed")
        if response.ok:
            self.installation = offered
            if self._app_user is None:
                self._app_user = self.state.add_user(offered.descriptor.name, account_type="app")
            self._notify_if_declared("enabled")
        return response

    def uninstall(self) -> requests.Response | None:
        """Sends ``uninstalled`` (RS256) if declared; the app is gone whatever it answers."""
        response = self._notify_if_declared("uninstalled")
        self.installation = None
        return response

    def disable(self) -> requests.Response | None:
        self._require_installation().enabled = False
        return self._notify_if_declared("disabled")

    def enable(self) -> requests.Response | None:
        self._require_installation().enabled = True
        return self._notify_if_declared("enabled")

    def lifecycle_body(self, event: str) -> dict:
        return lifecycle.lifecycle_body(self._installation_for(event), event, self.base_url, self.cloud_id)

    def post_lifecycle(self, event: str, body=None, token: str | None = None, headers=None) -> requests.Response:
        """POSTs a lifecycle callback as Jira does, or with a test's replacements.

        ``body`` replaces Jira's JSON (a str or bytes is sent as is, e.g. malformed JSON); ``token``
        replaces Jira's JWT; ``headers``, when given, replace the Authorization header entirely
        (``{}`` sends none at all).
        """
        installation = self._installation_for(event)
        path = installation.descriptor.lifecycle_url(event)
        if path is None:
            raise ValueError(f"the descriptor declares no {event!r} lifecycle URL")
        if headers is None:
            token = token or lifecycle.lifecycle_token(installation, event, self.keys, self.admin.account_id)
            headers = {"Authorization": f"JWT {token}"}
        if body is None:
            body = self.lifecycle_body(event)
        return self._session.post(
            installation.descriptor.absolute_url(path),
            data=body if isinstance(body, (str, bytes)) else json.dumps(body),
            headers={"Content-Type": "application/json", **headers},
            timeout=lifecycle.CALLBACK_TIMEOUT_SECONDS,
        )

    def _notify_if_declared(self, event: str) -> requests.Response | None:
        if self._installation_for(event).descriptor.lifecycle_url(event) is None:
            return None
        return self.post_lifecycle(event)

    def _require_installation(self) -> lifecycle.Installation:
        if self.installation is None:
            raise RuntimeError("no app is installed on this site")
        return self.installation

    # --- tokens Jira mints for the app --------------------------------------------------------

    def context_jwt(self, account_id: str, **context) -> str:
        """What AP.context.getToken() hands the app's iframe: qsh "context-qsh", 15 minutes."""
        installation = self._require_installation()
        claims = auth.signed_claims(
            installation.client_key, auth.CONTEXT_QSH, auth.CONTEXT_TOKEN_LIFETIME_SECONDS,
            sub=account_id, context=context,
        )
        return auth.hs256(claims, installation.shared_secret)

    def page_jwt(self, method: str, url_relative_to_app: str, account_id: str | None = None) -> str:
        """The ``jwt`` query parameter of an iframe page load, qsh over the URL (``jwt`` excluded)."""
        installation = self._require_installation()
        claims = auth.signed_claims(
            installation.client_key, auth.query_hash(method, url_relative_to_app),
            sub=account_id or self.admin.account_id, context={},
        )
        return auth.hs256(claims, installation.shared_secret)

    def _webhook_token(self, relative_url: str) -> str:
        installation = self._require_installation()
        claims = auth.signed_claims(installation.client_key, auth.query_hash("POST", relative_url))
        return auth.hs256(claims, installation.shared_secret)

    # --- webhooks -----------------------------------------------------------------------------

    def send_webhook(self, event: str, payload: dict, identifier: str | None = None, trace: str | None = None):
        """Delivers ``payload`` to every URL the descriptor subscribes to ``event``; ``trace``: the
        X-Atlassian-Webhook-Trace of the app's REST call that caused the change, sent back with it.

        Returns the last delivery's final response: None if nobody is subscribed, the app is
        disabled or uninstalled (Jira sends nothing then), or no answer came.
        """
        installation = self.installation
        if installation is None or not installation.enabled:
            return None
        descriptor = installation.descriptor
        response = None
        for url in descriptor.webhook_urls(event):
            response = self.webhooks.send(
                event, descriptor.absolute_url(url), descriptor.relative_url(url), payload, identifier, trace
            )
        return response

    def redeliver(self, identifier: str):
        return self.webhooks.redeliver(identifier)

    def wait_for_webhooks(self, timeout: float = 60.0) -> None:
        """Until every webhook of the changes made so far (by REST calls too) has been delivered."""
        self.outbox.flush(timeout)
