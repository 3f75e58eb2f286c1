"""Tenant: one installation of the app in one Jira site."""
from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base, UtcDateTime, utcnow


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_key: Mapped[str] = mapped_column(String(255), unique=True)
    # A later Forge front door identifies the same site by its installation id.
    forge_installation_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    base_url: Mapped[str] = mapped_column(String(1024))
    display_url: Mapped[str | None] = mapped_column(String(1024))
    product_type: Mapped[str] = mapped_column(String(64), default="jira")
    cloud_id: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    # Fernet token of the shared secret; None once the app is uninstalled.
    shared_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    # The app's own user on this site: changes it makes are never synced back.
    app_account_id: Mapped[str | None] = mapped_column(String(128))
    installed: Mapped[bool] = mapped_column(Boolean, default=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    installed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    uninstalled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def active(self) -> bool:
        return self.installed and self.enabled and self.shared_secret_encrypted is not None
