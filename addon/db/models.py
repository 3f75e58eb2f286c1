"""Every model, imported in one place so metadata and Alembic see them all."""
from addon.db.attachment_link import AttachmentLink
from addon.db.base import Base
from addon.db.connection import Connection, Half, Invitation
from addon.db.history import SyncHistory
from addon.db.inbox import InboxEvent
from addon.db.intent import CreateIntent
from addon.db.lease import IssueLease
from addon.db.link import CommentLink, IssueLink
from addon.db.tenant import Tenant

__all__ = ["AttachmentLink", "Base", "CommentLink", "Connection", "CreateIntent", "Half", "InboxEvent", "Invitation", "IssueLease",
           "IssueLink", "SyncHistory", "Tenant"]
