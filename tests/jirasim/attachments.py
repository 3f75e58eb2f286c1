"""Attachments: files on an issue, as Jira Cloud keeps them (a part of ``SimSite`` and of the REST handlers).

Jira stores the file and shows it in the issue's ``attachment`` field; adding or deleting one fires the
``attachment_created`` / ``attachment_deleted`` webhook (which names the attachment, not its issue) and a
``jira:issue_updated`` whose changelog has an ``Attachment`` item (``to``: the new id, ``from``: the deleted one).
Each site has an upload limit (``GET /rest/api/3/attachment/meta``); a larger file is refused with 413.
Images pasted into a description or a comment are ADF ``mediaSingle`` nodes around a ``media`` node naming the
file's id in Atlassian's media service (and its file name as ``alt``); a node naming a file the issue does not
hold shows broken (``broken_media``). Content is served as Jira does: ``GET /rest/api/3/attachment/content/{id}`` answers 303 to a media URL that
carries its own short-lived token (no JWT there), or the bytes at once with ``redirect=false``.
"""
import hashlib
import hmac
import mimetypes
import secrets
import time
import uuid
from dataclasses import dataclass, field

from . import payloads
from .links import Links
from .model import Issue, User, now
from .views import attachment_json

DEFAULT_UPLOAD_LIMIT = 1024 ** 3  # Jira Cloud's default per-file limit, 1 GB; a site admin may lower it
MEDIA_PATH = "/media/file/"
MEDIA_TOKEN_SECONDS = 600


@dataclass
class Attachment:
    id: str
    issue_id: str
    filename: str
    mime_type: str
    content: bytes
    author: User
    created: object
    # The file's id in Atlassian's media service: what an ADF media node names. Jira's REST answers do not show it.
    media_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def size(self) -> int:
        return len(self.content)


class AttachmentStore:
    """The site's attachments and its attachment settings; used under the state's lock."""

    def __init__(self):
        self.by_id: dict[str, Attachment] = {}
        self.enabled = True
        self.upload_limit = DEFAULT_UPLOAD_LIMIT
        self._media_secret = secrets.token_bytes(32)

    def of(self, issue: Issue) -> list[Attachment]:
        return issue.fields.get("attachment") or []

    def add(self, issue: Issue, attachment: Attachment) -> None:
        self.by_id[attachment.id] = attachment
        issue.fields["attachment"] = [*self.of(issue), attachment]

    def remove(self, issue: Issue, attachment: Attachment) -> None:
        self.by_id.pop(attachment.id, None)
        issue.fields["attachment"] = [kept for kept in self.of(issue) if kept.id != attachment.id]

    def media_token(self, attachment_id: str, expires: int | None = None) -> str:
        expires = expires or int(time.time()) + MEDIA_TOKEN_SECONDS
        signature = hmac.new(self._media_secret, f"{attachment_id}:{expires}".encode(), hashlib.sha256).hexdigest()
        return f"{expires}.{signature}"

    def token_valid(self, attachment_id: str, token: str) -> bool:
        expires, _, _ = token.partition(".")
        if not expires.isdigit() or int(expires) < time.time():
            return False
        return hmac.compare_digest(token, self.media_token(attachment_id, int(expires)))


def new_attachment(state, issue: Issue, filename: str, content: bytes, author: User, mime_type: str | None) -> Attachment:
    guessed = mimetypes.guess_type(filename)[0]
    mime = mime_type if mime_type and mime_type != "application/octet-stream" else guessed
    return Attachment(state.next_id(), issue.id, filename, mime or "application/octet-stream", content, author, now())


def attachment_metadata_json(attachment: Attachment, links: Links) -> dict:
    """``GET /rest/api/3/attachment/{id}`` (AttachmentMetadata: ``id`` a number, ``properties``)."""
    return {**attachment_json(attachment, links), "id": int(attachment.id), "properties": {}}


def attach(site, issue: Issue, attachment: Attachment, trace: str | None) -> None:
    """Stores the file and fires what Jira fires; caller holds the state's lock."""
    site.state.attachments.add(issue, attachment)
    _fire(site, "attachment_created", issue, attachment, trace, added=True)


def detach(site, issue: Issue, attachment: Attachment, actor: User, trace: str | None) -> None:
    site.state.attachments.remove(issue, attachment)
    _fire(site, "attachment_deleted", issue, attachment, trace, added=False, actor=actor)


def _fire(site, event: str, issue: Issue, attachment: Attachment, trace, added: bool, actor: User | None = None):
    webhook_links = Links(site.base_url, api_version="2")
    site.outbox.put(event, {"timestamp": int(time.time() * 1000), "webhookEvent": event,
                            "attachment": attachment_json(attachment, webhook_links)}, trace)
    item = {"field": "Attachment", "fieldtype": "jira", "fieldId": "attachment",
            "from": None if added else attachment.id, "fromString": None if added else attachment.filename,
            "to": attachment.id if added else None, "toString": attachment.filename if added else None}
    changelog = {"id": site.state.next_id(), "items": [item]}
    fields = list(site.state.fields_of(issue.project).values())
    site.outbox.put("jira:issue_updated", payloads.issue_event(
        "jira:issue_updated", "issue_updated", issue, fields, actor or attachment.author, webhook_links,
        changelog=changelog), trace)


class AttachmentActions:
    """What people and admins do with attachments (a part of ``SimSite``); waits for the webhooks, as the other
    helpers do."""

    def attach_file(self, key_or_id: str, filename: str, content: bytes, user=None, mime_type=None) -> dict:
        actor = self._user(user)
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            attachment = new_attachment(self.state, issue, filename, content, actor, mime_type)
            attach(self, issue, attachment, None)
            shown = attachment_json(attachment, Links(self.base_url))
        self.outbox.flush()
        return shown

    def delete_attachment(self, attachment_id: str, user=None) -> None:
        actor = self._user(user)
        with self.state.lock:
            attachment = self.state.attachments.by_id[str(attachment_id)]
            detach(self, self.state.require_issue(attachment.issue_id), attachment, actor, None)
        self.outbox.flush()

    def attachments(self, key_or_id: str) -> list[dict]:
        """The issue's attachments as its ``attachment`` field shows them, oldest first."""
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            return [attachment_json(a, Links(self.base_url)) for a in self.state.attachments.of(issue)]

    def attachment_content(self, attachment_id: str) -> bytes:
        with self.state.lock:
            return self.state.attachments.by_id[str(attachment_id)].content

    def set_attachment_limit(self, upload_limit: int) -> None:
        """A site admin's per-file limit (Settings > System > Attachments)."""
        with self.state.lock:
            self.state.attachments.upload_limit = upload_limit

    def media_node(self, attachment_id: str) -> dict:
        """The ``mediaSingle`` node Jira's editor writes for an image pasted from this attachment."""
        with self.state.lock:
            attachment = self.state.attachments.by_id[str(attachment_id)]
            return {"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [
                {"type": "media", "attrs": {"type": "file", "id": attachment.media_id, "collection": "",
                                            "alt": attachment.filename}}]}

    def broken_media(self, key_or_id: str) -> list[dict]:
        """The media nodes of the issue's description and comments that name no file of the issue: Jira shows
        them as broken images."""
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            held = {attachment.media_id for attachment in self.state.attachments.of(issue)}
            documents = [issue.fields.get("description"), *(comment.body for comment in issue.comments)]
            return [node for document in documents for node in _media_nodes(document)
                    if node["attrs"].get("id") not in held]


def _media_nodes(node) -> list[dict]:
    if not isinstance(node, dict):
        return []
    found = [node] if node.get("type") == "media" else []
    return found + [media for child in node.get("content") or [] for media in _media_nodes(child)]
