"""The settings JSON API's blueprint: called from our iframes with Jira's context JWT.

Its error handlers turn what the service layer, marshmallow and Jira report into JSON a person can
act on: 4xx for what the caller can fix, 502 when a Jira site failed us.
"""
from flask import Blueprint, current_app
from marshmallow import ValidationError

from addon.connections.acting import AdminChecks
from addon.connections.errors import ServiceError, flat_messages
from addon.connectors.jira import JiraError, Kind
from addon.web.errors import error_response

bp = Blueprint("api", __name__, url_prefix="/api")
ADMIN_CHECKS = "tandem.admin_checks"


@bp.record_once
def _remember_admin_checks(state) -> None:
    """One cache of admin checks per process, shared by its request threads."""
    state.app.extensions[ADMIN_CHECKS] = AdminChecks(state.app.extensions["tandem"])


def admin_checks() -> AdminChecks:
    return current_app.extensions[ADMIN_CHECKS]


@bp.errorhandler(ServiceError)
def _service_error(error: ServiceError):
    return error_response(error.status, error.error, error.message, errors=error.errors)


@bp.errorhandler(ValidationError)
def _invalid_body(error: ValidationError):
    errors = flat_messages(error.messages)
    path, messages = next(iter(errors.items()))
    return error_response(422, "invalid", f"{path}: {messages[0]}", errors=errors)


@bp.errorhandler(JiraError)
def _jira_failed(error: JiraError):
    verdict = error.verdict
    if verdict.kind == Kind.RETRY_AFTER:
        return error_response(503, "jira_busy", f"Jira asks to wait: {verdict.message}",
                              {"Retry-After": str(int(verdict.seconds or 1))})
    return error_response(502, "jira_error", f"a Jira site refused or failed Tandem's request: {verdict.message}")
