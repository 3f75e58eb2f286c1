"""An intent to create a twin, recorded before the create call and closed with the link it made.

Jira may create the twin and lose its answer (a timeout, a 5xx from a proxy, a worker killed mid-call). While an
intent is open, the twin may exist: whoever processes the source issue next looks for it before creating one.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base, UtcDateTime, utcnow


class CreateIntent(Base):
    __tablename__ = "create_intents"

    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True)
    side: Mapped[str] = mapped_column(String(1), primary_key=True)  # the source issue's side
    source_issue_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The value of the twin's tandem.origin property, that finds it again.
    origin: Mapped[str] = mapped_column(String(200))
    # When the latest create call was about to be made.
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
