"""The REST operations the simulator serves, and the routing to their handlers.

Platform operations (``/rest/api/3``) and JSM's (``/rest/servicedeskapi``); anything else is a
Jira-shaped 404/405 saying the simulator does not serve it.
"""
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from . import (
    rest_attachments, rest_choices, rest_comments, rest_issues, rest_meta, rest_permissions, rest_search,
    rest_servicedesk, rest_users, rest_webhooks, rest_workflows,
)
from .call import Call, JiraError
from .webhooks import TRACE_HEADER

ISSUE = "/rest/api/3/issue/<issue_id_or_key>"
FIELD_OPTIONS = "/rest/api/3/field/<field_id>/context/<context_id>/option"
COMMENT_PROPERTY = "/rest/api/3/comment/<comment_id>/properties/<property_key>"
_OPERATIONS = [
    ("GET", "/rest/api/3/serverInfo", rest_meta.server_info),
    ("GET", "/rest/api/3/myself", rest_meta.myself),
    ("GET", "/rest/api/3/project/search", rest_meta.search_projects),
    ("GET", "/rest/api/3/project/<project_id_or_key>", rest_meta.get_project),
    ("GET", "/rest/api/3/field", rest_meta.list_fields),
    ("GET", "/rest/api/3/user", rest_users.get_user),
    ("GET", "/rest/api/3/user/search", rest_users.search_users),
    ("GET", "/rest/api/3/users/search", rest_users.all_users),
    ("GET", "/rest/api/3/user/assignable/search", rest_users.assignable_users),
    ("GET", "/rest/api/3/issue/createmeta/<project_id_or_key>/issuetypes", rest_meta.create_issue_types),
    ("GET", "/rest/api/3/issue/createmeta/<project_id_or_key>/issuetypes/<issue_type_id>", rest_meta.create_fields),
    ("GET", "/rest/api/3/priority/search", rest_choices.search_priorities),
    ("GET", "/rest/api/3/project/<project_id_or_key>/components", rest_choices.project_components),
    ("POST", "/rest/api/3/component", rest_choices.create_component),
    ("GET", "/rest/api/3/project/<project_id_or_key>/versions", rest_choices.project_versions),
    ("POST", "/rest/api/3/version", rest_choices.create_version),
    ("GET", "/rest/api/3/field/<field_id>/context", rest_choices.field_contexts),
    ("GET", FIELD_OPTIONS, rest_choices.context_options),
    ("POST", FIELD_OPTIONS, rest_choices.create_options),
    ("POST", "/rest/api/3/permissions/check", rest_permissions.check_permissions),
    ("GET", "/rest/api/3/mypermissions", rest_permissions.my_permissions),
    ("POST", "/rest/api/3/issue", rest_issues.create_issue),
    ("GET", ISSUE, rest_issues.get_issue),
    ("PUT", ISSUE, rest_issues.edit_issue),
    ("DELETE", ISSUE, rest_issues.delete_issue),
    ("GET", ISSUE + "/transitions", rest_workflows.get_transitions),
    ("POST", ISSUE + "/transitions", rest_workflows.do_transition),
    ("GET", "/rest/api/3/project/<project_id_or_key>/statuses", rest_workflows.project_statuses),
    ("POST", "/rest/api/3/workflows", rest_workflows.read_workflows),
    ("GET", "/rest/api/3/resolution/search", rest_workflows.search_resolutions),
    ("GET", ISSUE + "/properties", rest_issues.list_properties),
    ("GET", ISSUE + "/properties/<property_key>", rest_issues.get_property),
    ("PUT", ISSUE + "/properties/<property_key>", rest_issues.set_property),
    ("DELETE", ISSUE + "/properties/<property_key>", rest_issues.delete_property),
    ("GET", ISSUE + "/remotelink", rest_issues.list_remote_links),
    ("POST", ISSUE + "/remotelink", rest_issues.add_remote_link),
    ("DELETE", ISSUE + "/remotelink", rest_issues.delete_remote_link),
    ("GET", ISSUE + "/comment", rest_comments.list_comments),
    ("POST", ISSUE + "/comment", rest_comments.add_comment),
    ("GET", ISSUE + "/comment/<comment_id>", rest_comments.get_comment),
    ("PUT", ISSUE + "/comment/<comment_id>", rest_comments.edit_comment),
    ("DELETE", ISSUE + "/comment/<comment_id>", rest_comments.delete_comment),
    ("GET", "/rest/api/3/comment/<comment_id>/properties", rest_comments.list_comment_properties),
    ("GET", COMMENT_PROPERTY, rest_comments.get_comment_property),
    ("PUT", COMMENT_PROPERTY, rest_comments.set_comment_property),
    ("DELETE", COMMENT_PROPERTY, rest_comments.delete_comment_property),
    ("POST", ISSUE + "/attachments", rest_attachments.upload),
    ("GET", "/rest/api/3/attachment/meta", rest_attachments.settings),
    ("GET", "/rest/api/3/attachment/content/<attachment_id>", rest_attachments.content),
    ("GET", "/rest/api/3/attachment/<attachment_id>", rest_attachments.metadata),
    ("DELETE", "/rest/api/3/attachment/<attachment_id>", rest_attachments.delete),
    ("GET", "/rest/api/3/search/jql", rest_search.search_get),
    ("POST", "/rest/api/3/search/jql", rest_search.search_post),
    ("GET", "/rest/api/3/webhook/failed", rest_webhooks.failed_webhooks),
    ("GET", "/rest/servicedeskapi/servicedesk", rest_servicedesk.list_service_desks),
    ("GET", "/rest/servicedeskapi/servicedesk/<service_desk_id>/requesttype", rest_servicedesk.list_request_types),
    ("POST", "/rest/servicedeskapi/request/<issue_id_or_key>/comment", rest_servicedesk.add_request_comment),
    ("GET", "/rest/servicedeskapi/servicedesk/<service_desk_id>/customer", rest_users.list_customers),
    ("POST", "/rest/servicedeskapi/request", rest_users.create_request),
]
ROUTES = Map(
    [Rule(path, endpoint=handler, methods=[method]) for method, path, handler in _OPERATIONS],
    strict_slashes=False,
)


def dispatch(site, request, relative_path: str):
    """Runs the handler for ``relative_path`` under the site's lock; ``(status, json or None)``."""
    adapter = ROUTES.bind("simulator", path_info=relative_path)
    try:
        handler, params = adapter.match(method=request.method)
    except NotFound:
        raise JiraError(404, [f"jirasim does not serve {request.method} {relative_path}"]) from None
    except MethodNotAllowed:
        raise JiraError(405, [f"jirasim does not serve {request.method} {relative_path}"]) from None
    with site.state.lock:
        site.activity.trace = request.headers.get(TRACE_HEADER)
        try:
            return handler(Call(site, request, relative_path), **params)
        finally:
            site.activity.trace = None
