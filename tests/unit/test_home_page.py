"""``GET /`` says what the server is, its version, and where the descriptor, the Forge instructions and the docs are."""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from addon import create_app
from addon.config import load_settings

REPO = Path(__file__).resolve().parents[2]


def test_the_base_url_serves_a_page_saying_what_answers_there(tmp_path):
    base = "https://tandem.example.com/x"
    client = create_app(load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_BASE_URL": base})).test_client()
    page = client.get("/")
    assert page.status_code == 200
    assert page.content_type == "text/html; charset=utf-8"
    text = page.get_data(as_text=True)
    assert f"<h1>Tandem {version('tandem')}</h1>" in text
    assert "keeps issues and comments in sync between\nprojects" in text
    assert f'<a href="{base}/atlassian-connect.json">' in text
    assert "<code>descriptors/forge/</code>" in text and "<code>docs/forge.md</code>" in text
    assert f'<a href="{base}/api/openapi.json">' in text and f'<a href="{base}/healthz">' in text
    for named in ("docs/forge.md", "docs/architecture.md", "docs/settings-api.md", "README.md"):
        assert f"<code>{named}</code>" in text and (REPO / named).is_file(), named
    assert page.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
