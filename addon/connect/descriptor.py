"""The app descriptor: the template at the repository root, with our base URL and key filled in."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from addon.config import Settings

TEMPLATE = Path(__file__).resolve().parents[2] / "atlassian-connect.json"


@lru_cache(maxsize=1)
def _template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def render_descriptor(settings: Settings) -> dict:
    # Substituted inside JSON strings, so the values are JSON-escaped first.
    text = _template_text()
    for name, value in (("baseUrl", settings.base_url), ("appKey", settings.app_key)):
        text = text.replace("{{" + name + "}}", json.dumps(value)[1:-1])
    return json.loads(text)
