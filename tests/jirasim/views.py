"""How the site's entities look in JSON: REST v3 responses and webhook payloads share these."""
from urllib.parse import quote

from .fields import FieldDef
from .links import Links, jira_datetime
from .model import (
    SD_PUBLIC_COMMENT, CascadingChoice, Comment, Component, Issue, IssueType, Option, Priority, Project, RemoteLink,
    Resolution, Status, User, Version,
)
from .servicedesk_views import request_type_value_json

STATUS_CATEGORIES = {
    "new": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"},
    "indeterminate": {"id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress"},
    "done": {"id": 3, "key": "done", "colorName": "green", "name": "Done"},
}
ISSUE_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"


def user_json(user: User, links: Links) -> dict:
    """As the profile's visibility allows: without ``emailAddress`` when the user hides it."""
    shown = {
        "self": links.rest(f"user?accountId={quote(user.account_id)}"),
        "accountId": user.account_id,
        "accountType": user.account_type,
        "avatarUrls": links.avatar_urls("user", "10122"),
        "displayName": user.display_name,
        "active": user.active,
        "timeZone": user.time_zone,
    }
    if user.shown_email:
        shown["emailAddress"] = user.shown_email
    return shown


def issue_type_json(issue_type: IssueType, links: Links) -> dict:
    return {
        "self": links.rest(f"issuetype/{issue_type.id}"),
        "id": issue_type.id,
        "description": "",
        "iconUrl": links.avatar("issuetype", "10318"),
        "name": issue_type.name,
        "subtask": issue_type.subtask,
        "avatarId": 10318,
        "hierarchyLevel": -1 if issue_type.subtask else issue_type.hierarchy_level,
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


def resolution_json(resolution: Resolution, links: Links) -> dict:
    return {"self": links.rest(f"resolution/{resolution.id}"), "id": resolution.id, "name": resolution.name,
            "description": ""}


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


def is_public_comment(issue: Issue, comment: Comment) -> bool:
    """JSM marks internal comments with the ``sd.public.comment`` property; elsewhere all are public."""
    if not issue.project.is_service_desk:
        return True
    return not (comment.properties.get(SD_PUBLIC_COMMENT) or {}).get("internal", False)


def properties_json(properties: dict) -> list[dict]:
    return [{"key": key, "value": value} for key, value in properties.items()]


def comment_json(issue: Issue, comment: Comment, links: Links, with_properties: bool = False) -> dict:
    """``with_properties``: what ``expand=properties`` adds."""
    shown = {
        "self": links.rest(f"issue/{issue.id}/comment/{comment.id}"),
        "id": comment.id,
        "author": user_json(comment.author, links),
        "body": comment.body,
        "updateAuthor": user_json(comment.update_author, links),
        "created": jira_datetime(comment.created),
        "updated": jira_datetime(comment.updated),
        "jsdPublic": is_public_comment(issue, comment),
    }
    if comment.visibility:
        shown["visibility"] = comment.visibility
    if with_properties:
        shown["properties"] = properties_json(comment.properties)
    return shown


def comments_page_json(issue: Issue, links: Links, comments=None, start_at: int = 0, max_results=None,
                       with_properties: bool = False) -> dict:
    """A page of the issue's comments (all of them by default, as in the issue's ``comment`` field)."""
    comments = issue.comments if comments is None else comments
    page = comments[start_at:start_at + max_results] if max_results is not None else comments[start_at:]
    return {
        "comments": [comment_json(issue, comment, links, with_properties) for comment in page],
        "self": links.rest(f"issue/{issue.id}/comment"),
        "maxResults": len(comments) if max_results is None else max_results,
        "total": len(comments),
        "startAt": start_at,
    }


def remote_link_json(issue: Issue, link: RemoteLink, links: Links) -> dict:
    shown = {"id": link.id, "self": links.rest(f"issue/{issue.id}/remotelink/{link.id}")}
    if link.global_id is not None:
        shown["globalId"] = link.global_id
    return {**shown, **link.details}


def option_json(option: Option, links: Links) -> dict:
    """As an issue's value shows it; a cascading select's allowed values (createmeta) also list the children."""
    shown = {"self": links.rest(f"customFieldOption/{option.id}"), "value": option.value, "id": option.id}
    if option.children:
        shown["children"] = [option_json(child, links) for child in option.children]
    return shown


def cascading_json(choice: CascadingChoice, links: Links) -> dict:
    shown = {"self": links.rest(f"customFieldOption/{choice.parent.id}"), "value": choice.parent.value,
             "id": choice.parent.id}
    if choice.child is not None:
        shown["child"] = {"self": links.rest(f"customFieldOption/{choice.child.id}"), "value": choice.child.value,
                          "id": choice.child.id}
    return shown


def component_json(component: Component, links: Links) -> dict:
    return {"self": links.rest(f"component/{component.id}"), "id": component.id, "name": component.name,
            "description": component.description}


def version_json(version: Version, links: Links) -> dict:
    return {"self": links.rest(f"version/{version.id}"), "id": version.id, "name": version.name,
            "archived": version.archived, "released": version.released, "projectId": int(version.project_id)}


def parent_json(parent: Issue, links: Links) -> dict:
    """An issue's parent as Jira shows it: who it is, and a few of its fields."""
    return {"id": parent.id, "key": parent.key, "self": links.rest(f"issue/{parent.id}"),
            "fields": {"summary": parent.fields.get("summary"),
                       "issuetype": issue_type_json(parent.fields["issuetype"], links)}}


_VALUE_RENDERERS = {
    "user": user_json,
    "issuetype": issue_type_json,
    "status": status_json,
    "priority": priority_json,
    "resolution": resolution_json,
    "option": option_json,
    "issuelink": parent_json,
    "datetime": lambda moment, links: jira_datetime(moment),
    "option-with-child": cascading_json,
    "component": component_json,
    "version": version_json,
}


def field_value_json(issue: Issue, field: FieldDef, links: Links):
    if field.id == "project":
        return project_reference_json(issue.project, links)
    if field.id == "comment":
        return comments_page_json(issue, links)
    if field.id == "attachment":
        return [attachment_json(attachment, links) for attachment in issue.fields.get("attachment") or []]
    value = issue.fields.get(field.id)
    if value is not None and field.value_type == "sd-customerrequesttype":
        return request_type_value_json(issue, value, links)
    if field.value_type == "array" and field.schema.get("items") == "user":
        return [user_json(user, links) for user in value or []]
    if field.value_type == "array" and field.item_type in _VALUE_RENDERERS and value is not None:
        return [_VALUE_RENDERERS[field.item_type](item, links) for item in value]
    render = _VALUE_RENDERERS.get(field.value_type)
    if value is None or render is None:
        return value  # strings, numbers, dates, label lists and ADF documents are shown as stored
    return render(value, links)


def issue_json(issue: Issue, fields: list[FieldDef], links: Links, property_keys=()) -> dict:
    """``property_keys``: the issue properties asked for (``properties=``), ``*all`` for all of them."""
    shown = {
        "expand": ISSUE_EXPAND,
        "id": issue.id,
        "self": links.rest(f"issue/{issue.id}"),
        "key": issue.key,
        "fields": {field.id: field_value_json(issue, field, links) for field in fields},
    }
    if property_keys:
        shown["properties"] = {
            key: value for key, value in issue.properties.items() if "*all" in property_keys or key in property_keys
        }
    return shown


def select_fields(available: dict[str, FieldDef], requested: list[str] | None, default: str = "*all") -> list[FieldDef]:
    """The fields a ``fields=`` query asks for: ids, ``*all``, ``*navigable``, ``-id`` to leave out.

    Without any field to include, ``default`` is (GET issue's is ``*all``, search's ``*navigable``).
    """
    names = [name.strip() for value in requested or [] for name in value.split(",") if name.strip()]
    excluded = {name[1:] for name in names if name.startswith("-")}
    included = [name for name in names if not name.startswith("-")] or [default]
    chosen: dict[str, FieldDef] = {}
    for name in included:
        if name == "*all":
            chosen.update(available)
        elif name == "*navigable":
            chosen.update({fid: f for fid, f in available.items() if f.navigable})
        elif name in available:
            chosen[name] = available[name]
    return [field for fid, field in chosen.items() if fid not in excluded]


def attachment_json(attachment, links: Links) -> dict:
    """As the issue's ``attachment`` field and the upload's answer show it (``id`` a string)."""
    shown = {
        "self": links.rest(f"attachment/{attachment.id}"),
        "id": attachment.id,
        "filename": attachment.filename,
        "author": user_json(attachment.author, links),
        "created": jira_datetime(attachment.created),
        "size": attachment.size,
        "mimeType": attachment.mime_type,
        "content": f"{links.base_url}/rest/api/3/attachment/content/{attachment.id}",
    }
    if attachment.mime_type.startswith("image/"):
        shown["thumbnail"] = f"{links.base_url}/rest/api/3/attachment/thumbnail/{attachment.id}"
    return shown
