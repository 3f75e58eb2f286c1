"""How JSM shows things: the servicedeskapi's objects, and the request type field's value.

The servicedeskapi has its own conventions: ``_links`` instead of ``self``, paged lists with
``start``/``limit``/``isLastPage``, and dates as objects with several renderings.
"""
import datetime

from .links import Links, jira_datetime
from .model import Comment, Issue, Project, RequestType, User

STATUS_CATEGORY_NAMES = {"new": "NEW", "indeterminate": "INDETERMINATE", "done": "DONE"}
REQUEST_TYPE_ICON_ID = "10553"


def date_json(moment: datetime.datetime) -> dict:
    return {
        "iso8601": moment.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "jira": jira_datetime(moment),
        "friendly": moment.strftime("%d/%b/%y %I:%M %p"),
        "epochMillis": int(moment.timestamp() * 1000),
    }


def user_json(user: User, links: Links) -> dict:
    shown = {
        "accountId": user.account_id,
        "displayName": user.display_name,
        "active": user.active,
        "timeZone": user.time_zone,
        "_links": {
            "jiraRest": f"{links.base_url}/rest/api/2/user?accountId={user.account_id}",
            "avatarUrls": links.avatar_urls("user", "10122"),
            "self": f"{links.base_url}/rest/api/2/user?accountId={user.account_id}",
        },
    }
    if user.shown_email:
        shown["emailAddress"] = user.shown_email
    return shown


def request_type_json(request_type: RequestType, links: Links) -> dict:
    desk = request_type.service_desk_id
    return {
        "_expands": ["field"],
        "id": request_type.id,
        "_links": {"self": links.servicedesk(f"servicedesk/{desk}/requesttype/{request_type.id}")},
        "name": request_type.name,
        "description": request_type.description,
        "helpText": "",
        "issueTypeId": request_type.issue_type.id,
        "serviceDeskId": desk,
        "portalId": desk,
        "groupIds": ["1"],
        "icon": {
            "id": REQUEST_TYPE_ICON_ID,
            "_links": {"iconUrls": links.avatar_urls("SD_REQTYPE", REQUEST_TYPE_ICON_ID)},
        },
    }


def request_type_value_json(issue: Issue, request_type: RequestType, links: Links) -> dict:
    """The request type field of a customer request, as REST v3 shows it on the issue."""
    status = issue.fields["status"]
    return {
        "_links": {
            "jiraRest": f"{links.base_url}/rest/api/2/issue/{issue.id}",
            "web": f"{links.base_url}/servicedesk/customer/portal/{request_type.service_desk_id}/{issue.key}",
            "agent": links.browse(issue.key),
            "self": links.servicedesk(f"request/{issue.id}"),
        },
        "requestType": request_type_json(request_type, links),
        "currentStatus": {
            "status": status.name,
            "statusCategory": STATUS_CATEGORY_NAMES[status.category_key],
            "statusDate": date_json(issue.fields["updated"]),
        },
    }


def service_desk_json(project: Project, links: Links) -> dict:
    desk = project.service_desk
    return {
        "id": desk.id,
        "projectId": project.id,
        "projectName": project.name,
        "projectKey": project.key,
        "_links": {"self": links.servicedesk(f"servicedesk/{desk.id}")},
    }


def page_json(values: list, start: int, limit: int, links: Links, path: str) -> dict:
    """One page of ``values``; ``_links`` carries ``next`` and ``prev`` where there are such pages."""
    shown = values[start:start + limit]
    last_page = start + limit >= len(values)
    page_links = {"base": links.base_url, "context": "", "self": links.servicedesk(path)}
    if not last_page:
        page_links["next"] = links.servicedesk(f"{path}?start={start + limit}&limit={limit}")
    if start > 0:
        page_links["prev"] = links.servicedesk(f"{path}?start={max(start - limit, 0)}&limit={limit}")
    return {
        "_expands": [],
        "size": len(shown),
        "start": start,
        "limit": limit,
        "isLastPage": last_page,
        "_links": page_links,
        "values": shown,
    }


def request_comment_json(issue: Issue, comment: Comment, public: bool, body_text: str, links: Links) -> dict:
    return {
        "_expands": ["attachment", "renderedBody"],
        "id": comment.id,
        "body": body_text,
        "public": public,
        "author": user_json(comment.author, links),
        "created": date_json(comment.created),
        "_links": {"self": links.servicedesk(f"request/{issue.id}/comment/{comment.id}")},
    }
