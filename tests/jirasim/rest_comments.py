"""Comments through REST v3: list, add, read, edit, delete; bodies are ADF.

On a service desk project a comment is internal when it carries the property
``sd.public.comment = {"internal": true}``, public otherwise; every comment shows ``jsdPublic``.
Changes fire ``comment_*`` webhooks and the matching ``jira:issue_updated``, by the app's user.
"""
from .call import Call, JiraError, entity_properties
from .model import GROUPS, Comment, Issue, restriction
from .views import comment_json, comments_page_json

DEFAULT_PAGE = 5000  # Jira's default page of comments
ORDERS = {"created": False, "+created": False, "-created": True}  # orderBy -> newest first?


def list_comments(call: Call, issue_id_or_key):
    issue = call.issue(issue_id_or_key)
    order = call.arg("orderBy", "created")
    if order not in ORDERS:
        raise JiraError(400, [f"Unsupported orderBy value '{order}': use created, +created or -created."])
    comments = sorted(issue.comments, key=lambda comment: (comment.created, int(comment.id)),
                      reverse=ORDERS[order])
    return 200, comments_page_json(
        issue, call.links, comments, call.int_arg("startAt", 0), call.int_arg("maxResults", DEFAULT_PAGE),
        with_properties=_expands_properties(call),
    )


def add_comment(call: Call, issue_id_or_key):
    issue = call.issue(issue_id_or_key)
    body = call.body() or {}
    document = _document(call, body)
    properties = entity_properties(body.get("properties"))
    visibility = _visibility(issue, body.get("visibility"))
    comment = call.activity.add_comment(issue, call.actor, document, properties, visibility)
    return 201, comment_json(issue, comment, call.links, _expands_properties(call))


def get_comment(call: Call, issue_id_or_key, comment_id):
    issue = call.issue(issue_id_or_key)
    return 200, comment_json(issue, _comment(issue, comment_id), call.links, _expands_properties(call))


def edit_comment(call: Call, issue_id_or_key, comment_id):
    """``notifyUsers`` only decides about e-mails, which the simulator does not send."""
    issue = call.issue(issue_id_or_key)
    comment = _comment(issue, comment_id)
    body = call.body() or {}
    call.activity.edit_comment(issue, comment, call.actor, _document(call, body),
                               _visibility(issue, body.get("visibility")))
    return 200, comment_json(issue, comment, call.links, _expands_properties(call))


def delete_comment(call: Call, issue_id_or_key, comment_id):
    issue = call.issue(issue_id_or_key)
    call.activity.delete_comment(issue, _comment(issue, comment_id), call.actor)
    return 204, None


# --- comment properties (``/rest/api/3/comment/{commentId}/properties``) -------------------------
# Setting one fires no webhook: on a service desk, ``sd.public.comment`` decides who sees the comment all the same.


def list_comment_properties(call: Call, comment_id):
    _, comment = _comment_anywhere(call, comment_id)
    return 200, {"keys": [{"self": call.links.rest(f"comment/{comment_id}/properties/{key}"), "key": key}
                          for key in comment.properties]}


def get_comment_property(call: Call, comment_id, property_key):
    _, comment = _comment_anywhere(call, comment_id)
    if property_key not in comment.properties:
        raise JiraError(404, [f"The property with key '{property_key}' does not exist."])
    return 200, {"key": property_key, "value": comment.properties[property_key]}


def set_comment_property(call: Call, comment_id, property_key):
    """201 when the property is new, 200 when it replaced a value."""
    _, comment = _comment_anywhere(call, comment_id)
    [(key, value)] = entity_properties([{"key": property_key, "value": call.body()}]).items()
    existed = key in comment.properties
    comment.properties[key] = value
    return (200 if existed else 201), None


def delete_comment_property(call: Call, comment_id, property_key):
    _, comment = _comment_anywhere(call, comment_id)
    if comment.properties.pop(property_key, None) is None:
        raise JiraError(404, [f"The property with key '{property_key}' does not exist."])
    return 204, None


def _comment_anywhere(call: Call, comment_id: str) -> tuple[Issue, Comment]:
    found = call.state.find_comment(comment_id)
    if found is None:
        raise JiraError(404, [f"Can not find a comment for the id: {comment_id}."])
    return found


def _visibility(issue: Issue, asked) -> dict | None:
    """A role of the project or a group of the site, named by ``value`` or ``identifier``, as Jira shows it."""
    if not asked:
        return None
    kind, name = asked.get("type"), asked.get("value") or asked.get("identifier")
    if kind == "group":
        name = next((group for group, group_id in GROUPS.items() if name in (group, group_id)), name)
    try:
        return restriction(issue.project, kind, name)
    except ValueError:
        raise JiraError(400, errors={"commentLevel": f"You are currently not a member of the {kind}: {name}."}) \
            from None


def _comment(issue: Issue, comment_id: str) -> Comment:
    comment = issue.comment(comment_id)
    if comment is None:
        raise JiraError(404, [f"Can not find a comment for the id: {comment_id}."])
    return comment


def _document(call: Call, body: dict) -> dict:
    document = body.get("body")
    if document in (None, "", {}):
        raise JiraError(400, errors={"comment": "Comment body can not be empty!"})
    if not (isinstance(document, dict) and document.get("type") == "doc"):
        raise JiraError(400, errors={"comment": "Comment body is not valid!"})
    call.require_valid_adf(document, "comment body")
    return document


def _expands_properties(call: Call) -> bool:
    return "properties" in call.listed("expand")
