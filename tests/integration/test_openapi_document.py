"""The settings API's OpenAPI document: valid OpenAPI 3, and exactly the routes the app serves."""
from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from addon import create_app
from addon.config import load_settings
from addon.web.api.openapi import UndocumentedRoute, build_spec


@pytest.fixture
def app(tmp_path):
    settings = load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_BASE_URL": "https://t.example.com/x"})
    return create_app(settings)


@pytest.fixture
def document(app):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_valid_openapi_3_served_without_a_token(document):
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "https://t.example.com/x"}]


def test_every_api_route_and_method_is_documented(app, document):
    served = {(method.lower(), _documented_path(rule.rule)) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert {(method, path) for method, path in served if "<" not in path} <= documented
    assert ("post", "/api/connections/{connectionId}/start") in documented  # one path per status action
    assert len(documented) >= len(served)


def test_every_operation_requires_the_context_jwt_and_describes_its_errors(document):
    assert document["security"] == [{"contextJwt": []}]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"401", "404"} <= set(operation["responses"]), f"{method} {path}"


def test_a_route_missing_from_the_operations_table_fails_the_build(app):
    app.add_url_rule("/api/undocumented", endpoint="api.undocumented", view_func=lambda: "")
    with pytest.raises(UndocumentedRoute, match="/api/undocumented"):
        build_spec(app.url_map, "https://t.example.com")


def _documented_path(rule: str) -> str:
    """Flask's ``<int:connection_id>`` as OpenAPI's ``{connectionId}``; ``any(...)`` parts stay as they are."""
    def camel(match):
        head, *rest = match["name"].split("_")
        return "{" + head + "".join(part.title() for part in rest) + "}"

    return re.sub(r"<(?:int:)?(?P<name>\w+)>", camel, rule)
