"""Tenant: one installation of the app in one Jira site."""
from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base, UtcDateTime, utcnow


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Connect's clientKey; a site that only came through the Forge door has "forge:<cloudId>" here, which no
    # Connect JWT can name (such a tenant has no shared secret to verify one with).
    client_key: Mapped[str] = mapped_column(String(255), unique=True)
    # The Forge door (addon.forge): the site's current installation (None: not installed through Forge), where
    # Jira is called (apiBaseUrl) and the newest app system token, sealed, with its expiry.
    forge_installation_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    forge_api_base_url: Mapped[str | None] = mapped_column(String(1024))
    forge_app_token_encrypted: Mapped[str | None] = mapped_column(Text)
    forge_app_token_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
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
    def connect_door_open(self) -> bool:
        return self.installed and self.shared_secret_encrypted is not None

    @property
    def forge_door_open(self) -> bool:
        return self.forge_installation_id is not None

    @property
    def active(self) -> bool:
        return self.enabled and (self.connect_door_open or self.forge_door_open)
