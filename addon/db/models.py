"""Every model, imported in one place so metadata and Alembic see them all."""
from addon.db.base import Base
from addon.db.inbox import InboxEvent
from addon.db.tenant import Tenant

__all__ = ["Base", "InboxEvent", "Tenant"]
