"""Hand-written contract for the JSM REST API (``/rest/servicedeskapi``), absent from the platform spec.

Each operation Tandem uses (see DESIGN.md) lists its query parameters (as JSON schemas of their
string values) and its request body schema; any other servicedeskapi call is a violation.
"""
import json
import re

import jsonschema

PREFIX = "/rest/servicedeskapi/"

_COUNT = {"type": "string", "pattern": r"^\d+$"}
_PAGING = {"start": _COUNT, "limit": _COUNT}

OPERATIONS = {
    ("GET", "/rest/servicedeskapi/servicedesk"): {"query": _PAGING},
    ("GET", "/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype"): {
        "query": {**_PAGING, "searchQuery": {"type": "string"}, "groupId": _COUNT},
    },
    ("GET", "/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer"): {
        "query": {**_PAGING, "query": {"type": "string"}},
    },
    ("POST", "/rest/servicedeskapi/request"): {
        "query": {},
        "body": {
            "type": "object",
            "properties": {
                "serviceDeskId": {"type": "string"},
                "requestTypeId": {"type": "string"},
                "requestFieldValues": {"type": "object"},
                "raiseOnBehalfOf": {"type": "string"},
                "requestParticipants": {"type": "array", "items": {"type": "string"}},
                "channel": {"type": "string"},
            },
            "required": ["serviceDeskId", "requestTypeId", "requestFieldValues"],
            "additionalProperties": False,
        },
    },
    ("POST", "/rest/servicedeskapi/request/{issueIdOrKey}/comment"): {
        "query": {},
        "body": {
            # JSM takes the body as plain text (not ADF) and refuses unknown properties.
            "type": "object",
            "properties": {"body": {"type": "string", "minLength": 1}, "public": {"type": "boolean"}},
            "required": ["body"],
            "additionalProperties": False,
        },
    },
}


def _template_pattern(template: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


_MATCHERS = [(method, _template_pattern(template), spec) for (method, template), spec in OPERATIONS.items()]


def problems(request) -> list[str] | None:
    """What is wrong with a ``contract.ContractRequest`` (empty: nothing); None if no such operation."""
    method = request.method.upper()
    spec = next(
        (spec for m, pattern, spec in _MATCHERS if m == method and pattern.match(request.relative_path)),
        None,
    )
    if spec is None:
        return None
    return _query_problems(request.query, spec["query"]) + _body_problems(request, spec.get("body"))


def _query_problems(query, parameters: dict) -> list[str]:
    return [
        f"query parameter {name}: {error.message}"
        for name, schema in parameters.items()
        for value in query.getlist(name)
        for error in jsonschema.Draft7Validator(schema).iter_errors(value)
    ]


def _body_problems(request, schema: dict | None) -> list[str]:
    if schema is None:
        return []
    if not request.content_type.startswith("application/json"):
        return [f"request body must be application/json, not {request.content_type}"]
    try:
        body = json.loads(request.body or b"")
    except ValueError as error:
        return [f"request body is not JSON: {error}"]
    return [
        f"request body /{'/'.join(map(str, error.path))}: {error.message}"
        for error in jsonschema.Draft7Validator(schema).iter_errors(body)
    ]
