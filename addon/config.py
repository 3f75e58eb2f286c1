"""Settings, read from the environment in one place.

Every setting is documented in the README. There is no insecure fallback: the
embedded default only invents what is safe to invent on a single machine (a
SQLite database and a secret key file under ``instance/``), and says so.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

log = logging.getLogger(__name__)

DEFAULT_INSTALL_KEYS_URL = "https://connect-install-keys.atlassian.com"
DEFAULT_ALLOWED_SITE_HOSTS = "*.atlassian.net,*.jira.com"
DEFAULT_BASE_URL = "http://localhost:8000"
DEFAULT_APP_KEY = "io.tandem.issue-sync"
DEFAULT_CONNECT_JS_URL = "https://connect-cdn.atl-paas.net/all.js"
DEFAULT_FORGE_JWKS_URL = "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json"
WILDCARD_HOSTS = ("0.0.0.0", "::")
# Where Jira's pages live, besides the tenant's own site: they may frame Tandem's iframe pages.
DEFAULT_FRAME_ANCESTORS = "https://*.atlassian.net https://*.atlassian.com https://*.jira.com"


class ConfigError(RuntimeError):
    """The environment does not allow Tandem to start safely."""


@dataclass(frozen=True)
class Settings:
    base_url: str
    database_url: str
    secret_key: bytes
    install_keys_url: str
    allowed_site_hosts: tuple[str, ...]
    queue_url: str
    instance_dir: Path
    app_key: str = DEFAULT_APP_KEY
    production: bool = False
    install_keys_timeout: float = 5.0
    jwt_leeway_seconds: int = 30
    max_webhook_bytes: int = 1024 * 1024
    lease_seconds: float = 60.0
    sweep_seconds: float = 5.0
    metadata_cache_seconds: float = 60.0
    reconcile_seconds: float = 300.0
    # Several deployments may share one Redis: each keeps its own queue under its own name.
    queue_name: str = "tandem"
    history_days: int = 30
    # Finished inbox events are kept this long, then deleted with their payloads. At least 2: Jira lists the
    # webhooks it gave up on for a day, and reconciliation fetches them again, deduplicated by what is kept.
    inbox_days: int = 14
    backoff_cap_seconds: float = 300.0
    # An item that keeps meeting timeouts, 5xx or 429 is shown as retrying; after this long it fails for good.
    retry_window_seconds: float = 86400.0
    # How long a twin whose create answer was lost is searched for (Jira's search lags) before making it again.
    search_patience_seconds: float = 60.0
    # Connect's JavaScript API (AP) our iframes load; tests point it at a stub.
    connect_js_url: str = DEFAULT_CONNECT_JS_URL
    # The Forge door: where Forge publishes the keys of its invocation tokens, and our Forge app's ARI
    # (ari:cloud:ecosystem::app/<uuid>), the audience of those tokens; empty: the Forge door stays shut.
    forge_jwks_url: str = DEFAULT_FORGE_JWKS_URL
    forge_app_id: str = ""
    # CSP sources that may frame the iframe pages, with the tenant's site; tests add their stand-in for Jira.
    frame_ancestors: tuple[str, ...] = tuple(DEFAULT_FRAME_ANCESTORS.split())

    @property
    def queue_is_redis(self) -> bool:
        return self.queue_url.startswith(("redis://", "rediss://", "unix://"))


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    instance_dir = Path(env.get("TANDEM_INSTANCE_DIR", "instance")).resolve()
    production = env.get("TANDEM_ENV", "development") == "production"
    return Settings(
        base_url=env.get("TANDEM_BASE_URL", DEFAULT_BASE_URL).rstrip("/"),
        database_url=env.get("DATABASE_URL") or _sqlite_url(instance_dir / "tandem.db"),
        secret_key=_secret_key(env, instance_dir, production),
        install_keys_url=env.get("TANDEM_INSTALL_KEYS_URL", DEFAULT_INSTALL_KEYS_URL).rstrip("/"),
        allowed_site_hosts=_host_patterns(env.get("TANDEM_ALLOWED_SITE_HOSTS", DEFAULT_ALLOWED_SITE_HOSTS)),
        queue_url=env.get("TANDEM_QUEUE_URL") or _sqlite_url(instance_dir / "queue.db"),
        instance_dir=instance_dir,
        app_key=env.get("TANDEM_APP_KEY", DEFAULT_APP_KEY),
        production=production,
        lease_seconds=float(env.get("TANDEM_LEASE_SECONDS", "60")),
        sweep_seconds=float(env.get("TANDEM_SWEEP_SECONDS", "5")),
        metadata_cache_seconds=float(env.get("TANDEM_METADATA_CACHE_SECONDS", "60")),
        reconcile_seconds=float(env.get("TANDEM_RECONCILE_SECONDS", "300")),
        queue_name=env.get("TANDEM_QUEUE_NAME") or "tandem",
        history_days=_positive_int(env, "TANDEM_HISTORY_DAYS", 30),
        inbox_days=_positive_int(env, "TANDEM_INBOX_DAYS", 14, minimum=2),
        backoff_cap_seconds=float(env.get("TANDEM_BACKOFF_CAP_SECONDS", "300")),
        retry_window_seconds=float(env.get("TANDEM_RETRY_WINDOW_SECONDS", "86400")),
        search_patience_seconds=float(env.get("TANDEM_SEARCH_PATIENCE_SECONDS", "60")),
        connect_js_url=env.get("TANDEM_CONNECT_JS_URL") or DEFAULT_CONNECT_JS_URL,
        forge_jwks_url=env.get("TANDEM_FORGE_JWKS_URL") or DEFAULT_FORGE_JWKS_URL,
        forge_app_id=(env.get("TANDEM_FORGE_APP_ID") or "").strip(),
        frame_ancestors=tuple((env.get("TANDEM_FRAME_ANCESTORS") or DEFAULT_FRAME_ANCESTORS).split()),
    )


def base_url_for_bind(bind: str) -> str:
    """The URL to announce when ``TANDEM_BASE_URL`` is unset: where ``tandem serve --bind`` listens.

    A wildcard address (0.0.0.0, ::) is not one Jira could be given: that falls back to localhost, and the
    caller says that TANDEM_BASE_URL must be set for anyone else to reach the app.
    """
    host, separator, port = bind.rpartition(":")
    if not separator or not port.isdigit() or host.startswith("unix") or bind.startswith("fd://"):
        raise ConfigError(f"TANDEM_BASE_URL must be set: no URL can be made from --bind {bind!r}")
    host = host.strip("[]") or "localhost"
    if host in WILDCARD_HOSTS:
        host = "localhost"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _positive_int(env: dict[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {raw!r}")
    return value


def _host_patterns(raw: str) -> tuple[str, ...]:
    return tuple(p.strip().lower() for p in raw.split(",") if p.strip())


def _secret_key(env: dict[str, str], instance_dir: Path, production: bool) -> bytes:
    configured = env.get("TANDEM_SECRET_KEY")
    if configured:
        return _validated_fernet_key(configured.encode())
    if production:
        raise ConfigError(
            "TANDEM_SECRET_KEY is not set. In production Tandem needs a Fernet key to encrypt tenant "
            "secrets at rest; create one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    return _embedded_secret_key(instance_dir / "secret.key")


def _validated_fernet_key(key: bytes) -> bytes:
    try:
        Fernet(key)
    except ValueError as exc:
        raise ConfigError(f"TANDEM_SECRET_KEY is not a valid Fernet key: {exc}") from exc
    return key


def _embedded_secret_key(path: Path) -> bytes:
    if not path.exists():
        _create_key_file(path)
    return _validated_fernet_key(path.read_bytes().strip())


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    # 0600 from the first byte, and linked into place whole, so a second process
    # starting at the same moment either wins or reads the complete key.
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(Fernet.generate_key())
    try:
        os.link(draft, path)
        log.warning("TANDEM_SECRET_KEY is not set: created a new secret key in %s (mode 0600)", path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
