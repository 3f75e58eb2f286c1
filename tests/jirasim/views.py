"""How the site's entities look in JSON: REST v3 responses and webhook payloads share these.

Every ``self`` link names an API version: REST v3 answers link to ``/rest/api/3``, webhooks (which
Jira builds with its v2 serializers) to ``/rest/api/2``.
"""
import datetime
from dataclasses import dataclass
from urllib.parse import quote

from .fields import FieldDef
from .state import Comment, Issue, IssueType, Priority, Project, Status, User

STATUS_CATEGORIES = {
    "new": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"},
    "indeterminate": {"id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress"},
    "done": {"id": 3, "key": "done", "colorName": "green", "name": "Done"},
}
ISSUE_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
SD_PUBLIC_COMMENT = "sd.public.comment"


@dataclass(frozen=True)
class Links:
    base_url: str
    api_version: str = "3"

    def rest(self, path: str) -> str:
        return f"{self.base_url}/rest/api/{self.api_version}/{path}"

    def avatar(self, kind: str, avatar_id: str) -> str:
        return f"{self.base_url}/secure/viewavatar?size=medium&avatarId={avatar_id}&avatarType={kind}"

    def avatar_urls(self, kind: str, avatar_id: str) -> dict:
        return {size: f"{self.avatar(kind, avatar_id)}&s={size}" for size in ("48x48", "24x24", "16x16", "32x32")}


def jira_datetime(moment: datetime.datetime) -> str:
    """Jira's timestamp format: ``2024-01-15T10:30:00.000+0000``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")


def user_json(user: User, links: Links) -> dict:
    return {
        "self": links.rest(f"user?accountId={quote(user.account_id)}"),
        "accountId": user.account_id,
        "accountType": user.account_type,
        "avatarUrls": links.avatar_urls("user", "10122"),
        "displayName": user.display_name,
        "active": True,
        "timeZone": user.time_zone,
    }


def issue_type_json(issue_type: IssueType, links: Links) -> dict:
    return {
        "self": links.rest(f"issuetype/{issue_type.id}"),
        "id": issue_type.id,
        "description": "",
        "iconUrl": links.avatar("issuetype", "10318"),
        "name": issue_type.name,
        "subtask": issue_type.subtask,
        "avatarId": 10318,
        "hierarchyLevel": -1 if issue_type.subtask else 0,
    }


def status_json(status: Status, links: Links) -> dict:
    category = STATUS_CATEGORIES[status.category_key]
    return {
        "self": links.rest(f"status/{status.id}"),
        "description": "",
        "iconUrl": f"{links.base_url}/images/icons/statuses/generic.png",
        "name": status.name,
        "id": status.id,
        "statusCategory": {"self": links.rest(f"statuscategory/{category['id']}"), **category},
    }


def priority_json(priority: Priority, links: Links) -> dict:
    return {
        "self": links.rest(f"priority/{priority.id}"),
        "iconUrl": f"{links.base_url}/images/icons/priorities/{priority.name.lower()}.svg",
        "name": priority.name,
        "id": priority.id,
    }


def project_reference_json(project: Project, links: Links) -> dict:
    return {
        "self": links.rest(f"project/{project.id}"),
        "id": project.id,
        "key": project.key,
        "name": project.name,
        "projectTypeKey": project.type_key,
        "simplified": False,
        "avatarUrls": links.avatar_urls("project", "10400"),
    }


def project_json(project: Project, links: Links) -> dict:
    return {
        **project_reference_json(project, links),
        "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight",
        "description": "",
        "lead": user_json(project.lead, links),
        "components": [],
        "issueTypes": [issue_type_json(issue_type, links) for issue_type in project.issue_types],
        "assigneeType": "UNASSIGNED",
        "versions": [],
        "roles": {},
        "style": "classic",
        "isPrivate": False,
        "properties": {},
    }


def is_public_comment(comment: Comment) -> bool:
    """JSM marks internal comments with the ``sd.public.comment`` property; all others are public."""
    return not (comment.properties.get(SD_PUBLIC_COMMENT) or {}).get("internal", False)


def comment_json(issue: Issue, comment: Comment, links: Links) -> dict:
    return {
        "self": links.rest(f"issue/{issue.id}/comment/{comment.id}"),
        "id": comment.id,
        "author": user_json(comment.author, links),
        "body": comment.body,
        "updateAuthor": user_json(comment.update_author, links),
        "created": jira_datetime(comment.created),
        "updated": jira_datetime(comment.updated),
        "jsdPublic": is_public_comment(comment),
    }


def comments_page_json(issue: Issue, links: Links) -> dict:
    return {
        "comments": [comment_json(issue, comment, links) for comment in issue.comments],
        "self": links.rest(f"issue/{issue.id}/comment"),
        "maxResults": len(issue.comments),
        "total": len(issue.comments),
        "startAt": 0,
    }


_VALUE_RENDERERS = {
    "user": user_json,
    "issuetype": issue_type_json,
    "status": status_json,
    "priority": priority_json,
    "project": project_reference_json,
    "datetime": lambda moment, links: jira_datetime(moment),
}


def field_value_json(issue: Issue, field: FieldDef, links: Links):
    if field.id == "project":
        return project_reference_json(issue.project, links)
    if field.id == "comment":
        return comments_page_json(issue, links)
    value = issue.fields.get(field.id)
    render = _VALUE_RENDERERS.get(field.value_type)
    if value is None or render is None:
        return value  # strings, dates, label lists and ADF documents are shown as stored
    return render(value, links)


def issue_json(issue: Issue, fields: list[FieldDef], links: Links) -> dict:
    return {
        "expand": ISSUE_EXPAND,
        "id": issue.id,
        "self": links.rest(f"issue/{issue.id}"),
        "key": issue.key,
        "fields": {field.id: field_value_json(issue, field, links) for field in fields},
    }


def select_fields(available: dict[str, FieldDef], requested: list[str] | None) -> list[FieldDef]:
    """The fields a ``fields=`` query asks for: ids, ``*all``, ``*navigable``, ``-id`` to leave out.

    Without any field to include, all are included (GET issue's default; search's is navigable).
    """
    names = [name.strip() for value in requested or [] for name in value.split(",") if name.strip()]
    excluded = {name[1:] for name in names if name.startswith("-")}
    included = [name for name in names if not name.startswith("-")] or ["*all"]
    chosen: dict[str, FieldDef] = {}
    for name in included:
        if name == "*all":
            chosen.update(available)
        elif name == "*navigable":
            chosen.update({fid: f for fid, f in available.items() if f.navigable})
        elif name in available:
            chosen[name] = available[name]
    return [field for fid, field in chosen.items() if fid not in excluded]
