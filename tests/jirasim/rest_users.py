"""The site's people through REST: users (platform) and a service desk's customers (JSM).

Privacy as Jira applies it: a user whose profile hides the e-mail address is shown without
``emailAddress``, and a search by that address does not find them (only their name does).
"""
from . import adf
from .call import Call, JiraError
from .coercion import FieldErrors
from .model import User
from .servicedesk_views import page_json
from .servicedesk_views import user_json as customer_json
from .views import user_json

DEFAULT_PAGE = 50
NO_SUCH_USER = "Specified user does not exist or you do not have required permissions"


def get_user(call: Call):
    user = call.state.users.get(call.arg("accountId") or "")
    if user is None:
        raise JiraError(404, [NO_SUCH_USER])
    return 200, user_json(user, call.links)


def search_users(call: Call):
    """Active users whose name (any word of it) or visible e-mail starts with ``query``, or the one ``accountId``."""
    query, account_id = call.arg("query"), call.arg("accountId")
    if not query and not account_id:
        raise JiraError(400, ["One of 'query' or 'accountId' query parameters must be provided."])
    found = [user for user in call.state.users.values() if user.active and _wanted(user, query, account_id)]
    return 200, _page(call, found)


def all_users(call: Call):
    """Every account of the site, active or not."""
    return 200, _page(call, list(call.state.users.values()))


def assignable_users(call: Call):
    """Who may be assigned issues of the project (or of the issue's project), filtered like a user search: every
    licensed user, as the default permission scheme grants them ASSIGNABLE_USER, unless an admin left them out."""
    if call.arg("issueKey") or call.arg("issueId"):
        project = call.issue(call.arg("issueKey") or call.arg("issueId")).project  # 404 for no such issue
    elif call.arg("project"):
        project = call.project(call.arg("project"))
    else:
        raise JiraError(400, ["A project or issue is required to find assignable users."])
    query, account_id = call.arg("query"), call.arg("accountId")
    found = [user for user in call.state.users.values()
             if project.assignable(user) and (not (query or account_id) or _wanted(user, query, account_id))]
    return 200, _page(call, found)


def _wanted(user: User, query: str | None, account_id: str | None) -> bool:
    if account_id:
        return user.account_id == account_id
    wanted = query.strip().lower()
    words = user.display_name.lower().split()
    return (user.display_name.lower().startswith(wanted) or any(word.startswith(wanted) for word in words)
            or bool(user.shown_email and user.shown_email.lower().startswith(wanted)))


def _page(call: Call, users: list[User]) -> list[dict]:
    start_at, max_results = call.int_arg("startAt", 0), call.int_arg("maxResults", DEFAULT_PAGE)
    return [user_json(user, call.links) for user in users[start_at:start_at + max_results]]


# --- JSM --------------------------------------------------------------------------------------------


def list_customers(call: Call, service_desk_id):
    """The portal's customers; ``query`` matches their names and visible e-mail addresses."""
    desk = _service_desk_project(call, service_desk_id).service_desk
    query = call.arg("query")
    customers = [call.state.users[account_id] for account_id in sorted(desk.customers)]
    shown = [customer_json(user, call.links) for user in customers if not query or _wanted(user, query, None)]
    start = max(call.int_arg("start", 0), 0)
    limit = min(max(call.int_arg("limit", DEFAULT_PAGE), 1), 100)
    return 200, page_json(shown, start, limit, call.links, f"servicedesk/{service_desk_id}/customer")


def create_request(call: Call):
    """A customer request; ``raiseOnBehalfOf`` (an account id) makes that customer its reporter, as an agent raising
    it for them would. ``requestFieldValues`` take summary and description as plain text."""
    body = call.body() or {}
    project = _service_desk_project(call, str(body.get("serviceDeskId")))
    request_type = next((rt for rt in project.service_desk.request_types if rt.id == str(body.get("requestTypeId"))),
                        None)
    if request_type is None:
        raise JiraError.service_desk(400, "The request type does not exist in this service project.",
                                     "sd.request.create.error.requesttype.not.found")
    values = dict(body.get("requestFieldValues") or {})
    if isinstance(values.get("description"), str):
        values["description"] = adf.plain_text_document(values["description"])
    values.update(issuetype=request_type.issue_type, **{call.state.request_type_field_id: request_type})
    on_behalf = body.get("raiseOnBehalfOf")
    if on_behalf is not None:
        customer = call.state.users.get(on_behalf)
        if customer is None or customer.account_id not in project.service_desk.customers:
            raise JiraError.service_desk(400, f"The user '{on_behalf}' is not a customer of this service project.",
                                         "sd.request.create.error.raiseonbehalfof.notcustomer")
        values["reporter"] = customer
    try:
        issue = call.activity.create_issue(project, values, call.actor)
    except FieldErrors as refused:
        message = "; ".join(f"{field}: {error}" for field, error in refused.errors.items())
        raise JiraError.service_desk(400, message, "sd.request.create.error") from None
    call.site.search_index.created(issue)
    return 201, {"issueId": issue.id, "issueKey": issue.key, "requestTypeId": request_type.id,
                 "serviceDeskId": project.service_desk.id,
                 "reporter": customer_json(issue.fields["reporter"], call.links)}


def _service_desk_project(call: Call, service_desk_id: str):
    project = next((p for p in call.state.service_desk_projects() if p.service_desk.id == service_desk_id), None)
    if project is None:
        raise JiraError.service_desk(
            404, f"The service desk with id '{service_desk_id}' does not exist.", "sd.admin.servicedesk.notfound")
    return project
