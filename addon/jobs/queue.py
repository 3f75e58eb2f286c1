"""Which Huey storage runs the work: SQLite embedded, Redis when scaled out."""
from __future__ import annotations

from pathlib import Path

from huey import RedisHuey, SqliteHuey
from huey.api import Huey

from addon.config import ConfigError, Settings

def build_huey(settings: Settings) -> Huey:
    if settings.queue_is_redis:
        return RedisHuey(settings.queue_name, url=settings.queue_url)
    if settings.queue_url.startswith("sqlite:///"):
        path = Path(settings.queue_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(settings.queue_name, filename=str(path))
    raise ConfigError(f"TANDEM_QUEUE_URL must be sqlite:///path or redis://host:port/db, not {settings.queue_url!r}")


def ping_queue(huey: Huey) -> None:
    """Raise if the queue's storage cannot be reached."""
    huey.storage.queue_size()
