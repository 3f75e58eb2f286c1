"""Attachments through REST v3: upload, metadata, content, deletion, settings; and the media URL content
redirects to.

Uploads are multipart/form-data with the files in parts named ``file`` and need ``X-Atlassian-Token: no-check``
(Jira's XSRF guard: without it, 403 "XSRF check failed"). A file above the site's upload limit is refused with
413 and nothing of the request is stored.
"""
from urllib.parse import quote, urlsplit

from werkzeug.wrappers import Response

from .attachments import MEDIA_PATH, attach, attachment_json, attachment_metadata_json, detach, new_attachment
from .call import Call, JiraError

NOT_FOUND = "The attachment with id '{}' does not exist"


def upload(call: Call, issue_id_or_key):
    if call.request.headers.get("X-Atlassian-Token", "").lower() != "no-check":
        return 403, Response("XSRF check failed", status=403, mimetype="text/plain")
    issue = call.issue(issue_id_or_key)
    store = call.state.attachments
    if not store.enabled:
        raise JiraError(403, ["Attachments are disabled."])
    files = call.request.files.getlist("file")
    if not files:
        raise JiraError(400, ["No attachments were uploaded: send the files in multipart parts named 'file'."])
    received = [(part.filename or "attachment", part.read(), part.mimetype) for part in files]
    for filename, content, _ in received:
        if len(content) > store.upload_limit:
            raise JiraError(413, [f"The field file exceeds its maximum permitted size of {store.upload_limit} bytes."])
    made = []
    for filename, content, mime_type in received:
        attachment = new_attachment(call.state, issue, filename, content, call.actor, mime_type)
        attach(call.site, issue, attachment, call.activity.trace)
        made.append(attachment_json(attachment, call.links))
    return 200, made


def _attachment(call: Call, attachment_id):
    attachment = call.state.attachments.by_id.get(str(attachment_id))
    if attachment is None or not call.state.attachments.enabled:
        raise JiraError(404, [NOT_FOUND.format(attachment_id)])
    return attachment


def metadata(call: Call, attachment_id):
    return 200, attachment_metadata_json(_attachment(call, attachment_id), call.links)


def delete(call: Call, attachment_id):
    attachment = _attachment(call, attachment_id)
    detach(call.site, call.state.require_issue(attachment.issue_id), attachment, call.actor, call.activity.trace)
    return 204, None


def content(call: Call, attachment_id):
    """303 to the media URL, or (``redirect=false``) the bytes themselves."""
    attachment = _attachment(call, attachment_id)
    if call.arg("redirect", "true").lower() == "false":
        return 200, _file_response(attachment)
    token = call.state.attachments.media_token(attachment.id)
    server = urlsplit(call.site.base_url)
    location = f"{server.scheme}://{server.netloc}{MEDIA_PATH}{attachment.id}/binary?token={token}&dl=true"
    return 303, Response(status=303, headers={"Location": location})


def settings(call: Call):
    store = call.state.attachments
    return 200, {"enabled": store.enabled, "uploadLimit": store.upload_limit}


def media(site, request) -> Response:
    """The media URL: authorised by its token alone, as Atlassian's media service is."""
    attachment_id, _, rest = request.path[len(MEDIA_PATH):].partition("/")
    with site.state.lock:
        attachment = site.state.attachments.by_id.get(attachment_id)
        valid = rest == "binary" and attachment is not None and \
            site.state.attachments.token_valid(attachment_id, request.args.get("token", ""))
    if not valid:
        return Response('{"error": "token invalid or expired, or no such file"}', status=401,
                        mimetype="application/json")
    return _file_response(attachment)


def _file_response(attachment) -> Response:
    return Response(attachment.content, status=200, mimetype=attachment.mime_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(attachment.filename)}"})


def _quoted(filename: str) -> str:
    return quote(filename, safe="")
