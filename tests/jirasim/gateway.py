"""The site's HTTP front door: context path, contract check, JWT check, faults, routing, and the records.

Every request under ``/rest/`` is validated against the contract (violations are recorded even when
the JWT is also bad) and must carry the installed app's JWT; Jira answers 401 before anything else.
Then the injected faults (``faults``) have their say, and only then the handler.
"""
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from werkzeug.wrappers import Request, Response

from . import auth, contract
from .attachments import MEDIA_PATH
from .call import JiraError
from .faults import InjectedResponse
from .rest import dispatch
from .rest_attachments import media
from .webhooks import TRACE_HEADER


CLOSED_TO_CONNECT = "This operation is not available to Connect apps."
# Connect's scopes, each including those before it: an app may call an operation needing a scope its descriptor
# declares, or one above it. Enforced for the administrative ones (what the app may do in a project or the site).
CONNECT_SCOPES = ("READ", "WRITE", "DELETE", "PROJECT_ADMIN", "ADMIN")
ENFORCED_SCOPES = ("PROJECT_ADMIN", "ADMIN")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # relative to the site's base URL
    query: dict[str, list[str]]
    body: Any  # parsed JSON, else the text, else None
    status: int
    injected: bool = False  # the answer came from an injected fault


class Gateway:
    def __init__(self, site, context_path: str):
        self._site = site
        self._context_path = context_path.rstrip("/")

    @Request.application
    def __call__(self, request: Request) -> Response:
        if request.path.startswith(MEDIA_PATH):
            return media(self._site, request)
        relative_path = self._below_context_path(request.path)
        if relative_path is None or not relative_path.startswith("/rest/"):
            return _json(404, {"errorMessages": [f"no Jira REST resource at {request.path}"], "errors": {}})
        status, body, injected = self._answer(request, relative_path)
        query = parse_qs(request.query_string.decode(), keep_blank_values=True)
        self._site.requests.append(
            RecordedRequest(request.method, relative_path, query, _body_of(request), status, injected is not None)
        )
        response = _json(status, body)
        response.headers.extend((injected.headers if injected else {}).items())
        return response

    def _below_context_path(self, path: str) -> str | None:
        if not self._context_path:
            return path
        if path == self._context_path or path.startswith(self._context_path + "/"):
            return path[len(self._context_path):] or "/"
        return None

    def _answer(self, request: Request, relative_path: str) -> tuple[int, Any, InjectedResponse | None]:
        query = request.query_string.decode()
        violation = self._site.check_contract and contract.check(
            contract.ContractRequest(
                request.method, relative_path, query, request.headers, request.get_data(), request.content_type or ""
            )
        )
        violation = violation or _trace_violation(request, relative_path)
        if violation:
            self._site.contract_violations.append(violation.message)
        try:
            self._authenticate(request, f"{relative_path}?{query}" if query else relative_path)
        except auth.AuthError as error:
            self._site.auth_failures.append(str(error))
            return 401, {"errorMessages": [str(error)], "errors": {}}, None
        if violation:
            status = 404 if violation.unknown_operation else 400
            return status, {"errorMessages": [f"contract violation: {violation.message}"], "errors": {}}, None
        # What the spec lets a Connect app do is read from the spec: a site made without it (the offline demo)
        # has no rules to apply.
        refusal = self._site.check_contract and self._closed_to_app(request.method, relative_path)
        if refusal:
            return 403, {"errorMessages": [refusal], "errors": {}}, None
        faults = self._site.faults
        delay = faults.delay_for(request.method, relative_path)
        if delay:
            time.sleep(delay)
        injected = faults.for_call(request.method, relative_path)
        if injected is None or injected.take_effect:
            status, body = self._carry_out(request, relative_path)
            if injected is None:
                return status, body, None
        return injected.status, injected.body, injected

    def _carry_out(self, request: Request, relative_path: str) -> tuple[int, Any]:
        try:
            return dispatch(self._site, request, relative_path)
        except JiraError as error:
            return error.status, error.body

    def _closed_to_app(self, method: str, relative_path: str) -> str | None:
        """Why Jira refuses the Connect app this call: closed to Connect apps (the spec's INACCESSIBLE: the workflow
        API, the list of all users...), or needing an administrative scope its descriptor does not declare."""
        if contract.closed_to_connect(method, relative_path):
            return CLOSED_TO_CONNECT
        needed = contract.connect_scope(method, relative_path)
        if needed not in ENFORCED_SCOPES:
            return None
        declared = self._site.installation.descriptor.raw.get("scopes", []) if self._site.installation else []
        if any(scope in CONNECT_SCOPES and CONNECT_SCOPES.index(scope) >= CONNECT_SCOPES.index(needed)
               for scope in declared):
            return None
        return f"The app is not allowed to do this: it needs the {needed} scope, which its descriptor does not declare."

    def _authenticate(self, request: Request, relative_url: str) -> None:
        installation = self._site.installation
        if installation is None:
            raise auth.AuthError("no app is installed on this site")
        if not installation.enabled:
            raise auth.AuthError(f"app {installation.descriptor.key} is disabled")
        auth.verify_app_request(
            request.headers.get("Authorization"),
            app_key=installation.descriptor.key,
            shared_secret=installation.shared_secret,
            method=request.method,
            relative=relative_url,
        )


def _trace_violation(request: Request, relative_path: str) -> contract.Violation | None:
    """Jira takes an X-Atlassian-Webhook-Trace of up to 1024 printable ASCII characters."""
    trace = request.headers.get(TRACE_HEADER)
    if trace is None or (len(trace) <= 1024 and all(" " <= char <= "~" for char in trace)):
        return None
    return contract.Violation(f"{request.method} {relative_path}: {TRACE_HEADER} must be up to 1024 printable "
                              f"ASCII characters, got {trace[:80]!r}", unknown_operation=False)


def _json(status: int, body: Any) -> Response:
    if isinstance(body, Response):  # a file, a redirect or a plain-text refusal, as Jira answers them
        return body
    if body is None:
        return Response(status=status)  # 204 No Content and the like
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _body_of(request: Request) -> Any:
    if request.mimetype == "multipart/form-data":  # files: what was sent, not the bytes
        return {"files": [(part.filename, len(part.read())) for part in request.files.getlist("file")],
                "parts": list(request.files) + list(request.form)}
    data = request.get_data(as_text=True)
    if not data:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return data
