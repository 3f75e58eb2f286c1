"""Settings from the environment: safe embedded defaults, no insecure fallback in production."""
from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet

from addon.config import ConfigError, base_url_for_bind, load_settings


def test_the_embedded_default_creates_a_private_secret_key_once(tmp_path):
    env = {"TANDEM_INSTANCE_DIR": str(tmp_path)}
    first = load_settings(env)
    key_file = tmp_path / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_settings(env).secret_key == first.secret_key
    assert first.database_url == f"sqlite:///{tmp_path / 'tandem.db'}"
    assert first.queue_url == f"sqlite:///{tmp_path / 'queue.db'}"


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="TANDEM_SECRET_KEY is not set"):
        load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_ENV": "production"})
    assert not (tmp_path / "secret.key").exists()


def test_an_invalid_secret_key_is_named(tmp_path):
    with pytest.raises(ConfigError, match="not a valid Fernet key"):
        load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_SECRET_KEY": "short"})


def test_settings_come_from_the_environment(tmp_path):
    key = Fernet.generate_key().decode()
    settings = load_settings({
        "TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_SECRET_KEY": key, "TANDEM_ENV": "production",
        "TANDEM_BASE_URL": "https://tandem.example.com/", "DATABASE_URL": "postgresql://db/tandem",
        "TANDEM_INSTALL_KEYS_URL": "https://keys.example.com/", "TANDEM_ALLOWED_SITE_HOSTS": "*.Atlassian.net, x.io",
        "TANDEM_QUEUE_URL": "redis://127.0.0.1:6379/0",
    })
    assert settings.base_url == "https://tandem.example.com"
    assert settings.database_url == "postgresql://db/tandem"
    assert settings.install_keys_url == "https://keys.example.com"
    assert settings.allowed_site_hosts == ("*.atlassian.net", "x.io")
    assert settings.queue_is_redis and settings.production


def test_the_defaults_point_at_atlassian(tmp_path):
    settings = load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path)})
    assert settings.install_keys_url == "https://connect-install-keys.atlassian.com"
    assert settings.allowed_site_hosts == ("*.atlassian.net", "*.jira.com")


@pytest.mark.parametrize("bind, announced", [
    ("127.0.0.1:18200", "http://127.0.0.1:18200"),
    ("tandem.internal:8000", "http://tandem.internal:8000"),
    ("0.0.0.0:8000", "http://localhost:8000"),
    ("[::]:8000", "http://localhost:8000"),
    ("[::1]:8000", "http://[::1]:8000"),
    (":8000", "http://localhost:8000"),
])
def test_without_a_base_url_serve_announces_where_it_listens(bind, announced):
    assert base_url_for_bind(bind) == announced


@pytest.mark.parametrize("bind", ["unix:/run/tandem.sock", "fd://3", "localhost"])
def test_a_bind_that_makes_no_url_asks_for_the_base_url(bind):
    with pytest.raises(ConfigError, match="TANDEM_BASE_URL must be set"):
        base_url_for_bind(bind)
