"""Checks every REST request the site receives against Atlassian's published contracts.

Platform paths (``/rest/api/...``) are validated with openapi-core against the Jira Cloud OpenAPI
spec; JSM's ``/rest/servicedeskapi/...`` is not in that spec and has hand-written schemas in
``servicedesk_contract``. Security requirements are not checked here: the spec only describes
basic auth and OAuth 2.0, while Connect apps use JWT, which ``auth`` checks.
"""
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.validation.request.validators import V30RequestValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from . import attachment_contract, servicedesk_contract
from .contract_files import JIRA_OPENAPI, load_json_contract


@dataclass
class ContractRequest:
    """A received request, in the shape openapi-core reads (its ``Request`` protocol)."""

    method: str
    relative_path: str  # below the site's base URL
    raw_query: str
    headers: Headers
    body: bytes | None
    content_type: str
    parameters: RequestParameters = field(init=False)

    def __post_init__(self):
        self.method = self.method.lower()
        self.query = ImmutableMultiDict(parse_qsl(self.raw_query, keep_blank_values=True))
        self.parameters = RequestParameters(query=self.query, header=self.headers, cookie={})

    # The spec's server is https://your-domain.atlassian.net: the request is matched as if sent
    # there, by its path relative to the site's base URL.
    @property
    def host_url(self) -> str:
        return _spec_server()[0]

    @property
    def path(self) -> str:
        return _spec_server()[1] + self.relative_path


@dataclass(frozen=True)
class Violation:
    message: str
    unknown_operation: bool  # the API has no such method + path: Jira answers 404, not 400


class _ConnectRequestValidator(V30RequestValidator):
    """Parameters and body as the spec says; authentication is left to the JWT check."""

    def _get_security(self, parameters, operation):
        return None


@functools.cache
def _jira_openapi() -> OpenAPI:
    # spec_validator_cls=None: the published spec carries one invalid default that the spec
    # validator refuses.
    return OpenAPI.from_dict(
        load_json_contract(JIRA_OPENAPI),
        config=Config(spec_validator_cls=None, request_validator_cls=_ConnectRequestValidator),
    )


@functools.cache
def _spec_server() -> tuple[str, str]:
    """(scheme://host, base path) of the spec's first server."""
    server = urlsplit(load_json_contract(JIRA_OPENAPI)["servers"][0]["url"])
    return f"{server.scheme}://{server.netloc}", server.path.rstrip("/")


def check(request: ContractRequest) -> Violation | None:
    if request.relative_path.startswith(servicedesk_contract.PREFIX):
        api, problems = "JSM REST API contract", servicedesk_contract.problems(request)
    else:
        api, problems = "Jira Cloud REST API", _platform_problems(request)
    label = f"{request.method.upper()} {request.relative_path}"
    if problems is None:
        return Violation(f"{label}: no such operation in the {api}", unknown_operation=True)
    if problems:
        return Violation(f"{label}: " + "; ".join(problems), unknown_operation=False)
    return None


def closed_to_connect(method: str, relative_path: str) -> bool:
    """Whether Jira closes the operation to Connect apps (``x-atlassian-connect-scope: INACCESSIBLE``), as it does
    the newer workflow API: a Connect app's call is refused whatever its scopes."""
    return connect_scope(method, relative_path) == "INACCESSIBLE"


def connect_scope(method: str, relative_path: str) -> str | None:
    """The Connect scope the operation needs (``x-atlassian-connect-scope``): READ, WRITE, DELETE, PROJECT_ADMIN,
    ADMIN or INACCESSIBLE; None when the spec does not say."""
    for known_method, pattern, scope in _connect_scopes():
        if known_method == method.upper() and pattern.match(relative_path):
            return scope
    return None


@functools.cache
def _connect_scopes() -> list[tuple[str, re.Pattern, str]]:
    """(method, path pattern, Connect scope) of the platform's operations, literal paths before templated ones."""
    found = []
    for template, methods in load_json_contract(JIRA_OPENAPI)["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$")
        for method, operation in methods.items():
            if isinstance(operation, dict) and "x-atlassian-connect-scope" in operation:
                found.append((template.count("{"), method.upper(), pattern, operation["x-atlassian-connect-scope"]))
    return [(method, pattern, scope) for _, method, pattern, scope in sorted(found, key=lambda entry: entry[0])]


def _platform_problems(request: ContractRequest) -> list[str] | None:
    if attachment_contract.is_upload(request):
        return attachment_contract.upload_problems(request, _jira_openapi())
    errors = list(_jira_openapi().iter_request_errors(request))
    if errors and isinstance(errors[0], (PathNotFound, OperationNotFound)):
        return None
    return [describe(error) for error in errors]


def describe(error: BaseException) -> str:
    """One line from an openapi-core error and its causes; JSON-schema errors with their paths."""
    parts = []
    current = error
    while current is not None:
        schema_errors = getattr(current, "schema_errors", None)
        if schema_errors:
            parts.append(", ".join(f"{_pointer(e.path)}: {e.message}" for e in schema_errors))
            break
        text, cause_text = str(current), str(current.__cause__)
        if text.endswith(": " + cause_text):  # a wrapper restating its cause, which comes next
            text = text[: -len(cause_text) - 2]
        parts.append(text)
        current = current.__cause__
    return ": ".join(parts)


def _pointer(path) -> str:
    return "/" + "/".join(str(step) for step in path)
