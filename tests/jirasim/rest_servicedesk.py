"""JSM's REST API (``/rest/servicedeskapi``): service desks, their request types, request comments.

A comment made here takes a plain-text body (stored as ADF paragraphs) and ``public``; JSM records
the choice in the comment's ``sd.public.comment`` property, as for comments made in its UI.
"""
from . import adf
from .call import Call, JiraError
from .servicedesk_views import page_json, request_comment_json, request_type_json, service_desk_json
from .views import SD_PUBLIC_COMMENT

DEFAULT_LIMIT = 50
# A page holds at most this many, whatever ``limit`` asks: "up to the maximum set for these objects", as the
# servicedeskapi's pagination documents; the answer's ``limit`` says what was applied.
MAX_LIMIT = 100


def list_service_desks(call: Call):
    desks = [service_desk_json(project, call.links) for project in call.state.service_desk_projects()]
    return 200, _page(call, desks, "servicedesk")


def list_request_types(call: Call, service_desk_id):
    project = next((p for p in call.state.service_desk_projects() if p.service_desk.id == service_desk_id), None)
    if project is None:
        raise JiraError.service_desk(
            404, f"The service desk with id '{service_desk_id}' does not exist.", "sd.admin.servicedesk.notfound"
        )
    query = (call.arg("searchQuery") or "").lower()
    request_types = [
        request_type_json(request_type, call.links)
        for request_type in project.service_desk.request_types if query in request_type.name.lower()
    ]
    return 200, _page(call, request_types, f"servicedesk/{service_desk_id}/requesttype")


def add_request_comment(call: Call, issue_id_or_key):
    issue = call.state.find_issue(issue_id_or_key)
    if issue is None or not issue.project.is_service_desk:
        raise JiraError.service_desk(
            404, "The request does not exist or you do not have permission to see it.", "sd.request.not.found"
        )
    body = call.body()
    public = body.get("public", True)
    comment = call.activity.add_comment(
        issue, call.actor, adf.plain_text_document(body["body"]), {SD_PUBLIC_COMMENT: {"internal": not public}}
    )
    return 201, request_comment_json(issue, comment, public, body["body"], call.links)


def _page(call: Call, values: list, path: str) -> dict:
    limit = min(max(call.int_arg("limit", DEFAULT_LIMIT), 1), MAX_LIMIT)
    return page_json(values, max(call.int_arg("start", 0), 0), limit, call.links, path)
