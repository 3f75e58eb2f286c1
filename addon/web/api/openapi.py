"""``GET /api/openapi.json``: the settings API described as OpenAPI 3, from its marshmallow schemas.

Paths and methods are read from Flask's URL map, so the document lists exactly the routes that exist; what each
one takes and returns comes from ``addon.web.api.operations``.
"""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import current_app, jsonify
from werkzeug.routing.converters import NumberConverter
from werkzeug.routing.rules import parse_converter_args

from addon.web.api.blueprint import bp
from addon.web.api.operations import OPERATIONS, ErrorSchema, Operation
from addon.web.services import services

SPEC_CACHE = "tandem.openapi"
OWN_ENDPOINT = "api.openapi"
ERROR_RESPONSE = "Error"
SECURITY = "contextJwt"
# Where each kind of route fails: see docs/settings-api.md, "Errors".
COMMON_ERRORS = (400, 401, 403, 404, 409, 502, 503)
BODY_ERRORS = (413, 422)
ERROR_REASONS = {
    400: "Malformed request, or a project or code from the wrong place", 401: "Missing or invalid JWT",
    403: "The user may not do this", 404: "Unknown, or not visible to this project", 409: "State conflict",
    410: "Expired invitation", 413: "Body too large", 415: "The body is not sent as application/json",
    422: "Invalid body or query",
    502: "A Jira site failed Tandem's request", 503: "A Jira site or Tandem's database is busy: retry later",
}
RULE_PART = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


class UndocumentedRoute(RuntimeError):
    """A settings API route has no entry in ``addon.web.api.operations``."""


@bp.get("/openapi.json")
def openapi():
    """Public, like any API reference: it describes, it grants nothing."""
    if SPEC_CACHE not in current_app.extensions:
        current_app.extensions[SPEC_CACHE] = build_spec(current_app.url_map, services().settings.base_url)
    return jsonify(current_app.extensions[SPEC_CACHE])


def build_spec(url_map, server_url: str) -> dict:
    spec = APISpec(
        title="Tandem settings API", version="1", openapi_version="3.0.3",
        plugins=[MarshmallowPlugin(schema_name_resolver=_component_name)],
        info={"description": "Called from Tandem's iframes in Jira with Jira's context JWT "
                             "(`Authorization: JWT <token>` from `AP.context.getToken()`). See docs/settings-api.md."},
        servers=[{"url": server_url}],
        security=[{SECURITY: []}],
    )
    spec.components.security_scheme(SECURITY, {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": "`JWT <context token>`; its qsh is `context-qsh`, its `sub` the acting user"})
    spec.components.schema(ERROR_RESPONSE, schema=ErrorSchema)
    for status, reason in ERROR_REASONS.items():
        spec.components.response(_error_response(status), {
            "description": reason, "content": {"application/json": {"schema": ERROR_RESPONSE}}})
    for rule in sorted(url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint.startswith("api.") and rule.endpoint != OWN_ENDPOINT:
            _add_rule(spec, rule, url_map)
    return spec.to_dict()


def _add_rule(spec: APISpec, rule, url_map) -> None:
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        operation = OPERATIONS.get((rule.endpoint, method))
        if operation is None:
            raise UndocumentedRoute(f"{method} {rule.rule} ({rule.endpoint}) is missing from addon.web.api.operations")
        for path, parameters in _paths(rule.rule, url_map):
            spec.path(path=path, operations={method.lower(): _operation(operation, parameters, path)})


def _paths(rule: str, url_map):
    """OpenAPI paths of a Flask rule, with their path parameters; an ``any(...)`` part gives one path per value."""
    variants = [("", [])]
    position = 0
    for part in RULE_PART.finditer(rule):
        literal = rule[position:part.start()]
        position = part.end()
        name = _camel(part["name"])
        if part["converter"] == "any":
            choices = [choice.strip() for choice in part["args"].split(",")]
            variants = [(path + literal + choice, params) for path, params in variants for choice in choices]
        else:
            converter = _converter(url_map, part["converter"], part["args"])
            parameter = {"in": "path", "name": name, "required": True, "schema": _path_schema(converter)}
            variants = [(path + literal + "{" + name + "}", params + [parameter]) for path, params in variants]
    return [(path + rule[position:], params) for path, params in variants]


def _converter(url_map, name: str | None, args: str | None):
    """The converter the URL map builds for a rule's part: its bounds are the document's."""
    positional, keywords = parse_converter_args(args) if args else ((), {})
    return url_map.converters[name or "default"](url_map, *positional, **keywords)


def _path_schema(converter) -> dict:
    if isinstance(converter, NumberConverter):
        return {"type": "integer", **({"minimum": converter.min} if converter.min is not None else {}),
                **({"maximum": converter.max} if converter.max is not None else {})}
    return {"type": "string"}


def _operation(operation: Operation, path_parameters: list[dict], path: str) -> dict:
    parameters = list(path_parameters)
    if operation.acting:
        parameters.append({"in": "query", "name": "projectId", "required": False,
                           "description": "the acting project, when the context JWT names none",
                           "schema": {"type": "string", "pattern": r"^\d{1,18}$"}})
    if operation.query is not None:
        parameters.append({"in": "query", "schema": operation.query})
    errors = COMMON_ERRORS + (BODY_ERRORS if operation.body or operation.query else ()) + \
        ((415,) if operation.body else ()) + ((410,) if path.endswith("/invitations/redeem") else ())
    responses = {str(status): _error_response(status) for status in errors}
    success = {"description": operation.summary}
    if operation.response is not None:
        success["content"] = {"application/json": {"schema": operation.response}}
    responses[str(operation.status)] = success
    described = {"summary": operation.summary, "tags": [operation.tag], "parameters": parameters,
                 "responses": responses}
    if operation.body is not None:
        described["requestBody"] = {"required": True, "content": {"application/json": {"schema": operation.body}}}
    return described


def _error_response(status: int) -> str:
    return f"{ERROR_RESPONSE}{status}"


def _component_name(schema) -> str:
    name = resolve_schema_cls(schema).__name__
    return name[:-len("Schema")] if name.endswith("Schema") else name


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
