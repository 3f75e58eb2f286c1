"""One fake Jira Cloud site: installs an app like Jira does, calls it back, and serves REST to it."""
import json
import uuid

import requests

from . import adf, auth, lifecycle, payloads
from .gateway import Gateway
from .keys import InstallKeyServer
from .serving import BackgroundServer
from .state import SERVICE_DESK_ISSUE_TYPES, SOFTWARE_ISSUE_TYPES, Issue, Project, SiteState, User
from .views import Links, comment_json, issue_json
from .webhooks import WebhookSender

DEFAULT_ISSUE_TYPES = {"software": SOFTWARE_ISSUE_TYPES, "service_desk": SERVICE_DESK_ISSUE_TYPES}


class SimSite:
    """A Jira Cloud site on 127.0.0.1 (``base_url``), with one app slot.

    Tests act as Jira (``install``, ``send_webhook``, tokens) and as its people (``create_issue``,
    ``add_comment``...); they read what the app did in ``requests``, ``contract_violations``,
    ``auth_failures`` and ``deliveries``.
    """

    def __init__(
        self,
        keys: InstallKeyServer,
        name: str = "alpha",
        context_path: str = "",
        webhook_attempts: int = 5,
        webhook_retry_delay: float = 0.05,
    ):
        self.keys = keys
        self.name = name
        self.cloud_id = str(uuid.uuid4())
        self.state = SiteState()
        self.admin = self.state.add_user(f"{name.title()} Admin")
        self.installation: lifecycle.Installation | None = None
        self.requests = []  # gateway.RecordedRequest, one per REST call received
        self.contract_violations: list[str] = []
        self.auth_failures: list[str] = []
        self._client_key = lifecycle.new_client_key()
        self._last_offered: lifecycle.Installation | None = None  # by the latest install attempt
        self._app_user: User | None = None
        self._session = requests.Session()
        self.webhooks = WebhookSender(self._session, self._webhook_token, webhook_attempts, webhook_retry_delay)
        self._server = BackgroundServer(Gateway(self, context_path))
        self.base_url = self._server.url + context_path.rstrip("/")

    def stop(self) -> None:
        self._server.stop()
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

    def send_webhook(self, event: str, payload: dict, identifier: str | None = None):
        """Delivers ``payload`` to every URL the descriptor subscribes to ``event``.

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
                event, descriptor.absolute_url(url), descriptor.relative_url(url), payload, identifier
            )
        return response

    def redeliver(self, identifier: str):
        return self.webhooks.redeliver(identifier)

    # --- people and projects ------------------------------------------------------------------

    def add_user(self, display_name: str, account_id: str | None = None, **attributes) -> User:
        with self.state.lock:
            return self.state.add_user(display_name, account_id, **attributes)

    def add_project(
        self, key: str, name: str | None = None, type: str = "software", issue_types=None, lead: User | None = None
    ) -> Project:
        with self.state.lock:
            return self.state.add_project(
                key, name or key, type, issue_types or DEFAULT_ISSUE_TYPES[type], lead or self.admin
            )

    # --- what a person does in Jira (each fires its webhooks) --------------------------------
    # They answer what the REST API would show of the result (dicts), not the site's own objects.

    def create_issue(
        self, project_key: str, issue_type: str, summary: str, description=None, user=None, **fields
    ) -> dict:
        """``description`` may be ADF or plain text; ``fields`` by field id (names or ids for choices)."""
        actor = self._user(user)
        values = {"summary": summary, "issuetype": issue_type, "description": _document(description), **fields}
        with self.state.lock:
            project = self.state.find_project(project_key)
            if project is None:
                raise KeyError(f"no project {project_key}")
            issue = self.state.create_issue(project, values, actor)
            payload = payloads.issue_event(
                "jira:issue_created", "issue_created", issue, self._all_fields(), actor, self._webhook_links()
            )
        self.send_webhook("jira:issue_created", payload)
        return self._issue_view(issue)

    def update_issue(self, key_or_id: str, user=None, **fields) -> dict:
        """Sets fields by id; fires ``jira:issue_updated`` with the changelog if anything changed."""
        actor = self._user(user)
        if "description" in fields:
            fields["description"] = _document(fields["description"])
        with self.state.lock:
            issue = self._issue(key_or_id)
            changes = self.state.update_issue(issue, fields)
            if not changes:
                return self._issue_view(issue)  # Jira fires nothing for an edit that changes nothing
            payload = payloads.updated_issue_event(
                issue, self._all_fields(), actor, self._webhook_links(), self.state.next_id(),
                [(self.state.fields[field_id], old, new) for field_id, old, new in changes],
            )
        self.send_webhook("jira:issue_updated", payload)
        return self._issue_view(issue)

    def delete_issue(self, key_or_id: str, user=None) -> None:
        actor = self._user(user)
        with self.state.lock:
            issue = self._issue(key_or_id)
            payload = payloads.issue_event(
                "jira:issue_deleted", "issue_deleted", issue, self._all_fields(), actor, self._webhook_links()
            )
            self.state.delete_issue(issue)
        self.send_webhook("jira:issue_deleted", payload)

    def add_comment(self, key_or_id: str, body, user=None) -> dict:
        """``body`` may be ADF or plain text. Fires ``comment_created`` and an ``issue_commented`` update."""
        actor = self._user(user)
        with self.state.lock:
            issue = self._issue(key_or_id)
            comment = self.state.add_comment(issue, actor, _document(body))
            links = self._webhook_links()
            created = payloads.comment_event("comment_created", issue, comment, self.state.fields, links)
            commented = payloads.commented_issue_event(issue, self._all_fields(), actor, comment, links)
        self.send_webhook("comment_created", created)
        self.send_webhook("jira:issue_updated", commented)
        return comment_json(issue, comment, Links(self.base_url))

    def _user(self, user) -> User:
        if user is None:
            return self.admin
        if isinstance(user, User):
            return user
        return self.state.users[user]

    def _issue(self, key_or_id: str) -> Issue:
        issue = self.state.find_issue(key_or_id)
        if issue is None:
            raise KeyError(f"no issue {key_or_id}")
        return issue

    def _issue_view(self, issue: Issue) -> dict:
        with self.state.lock:
            return issue_json(issue, self._all_fields(), Links(self.base_url))

    def _all_fields(self):
        return list(self.state.fields.values())

    def _webhook_links(self) -> Links:
        return Links(self.base_url, api_version="2")


def _document(value):
    """Test helpers take plain text where Jira's editor would produce ADF."""
    return adf.text_document(value) if isinstance(value, str) else value
