"""Assembling the Flask app from settings."""
from __future__ import annotations

import logging

from flask import Flask

from addon.config import Settings, load_settings
from addon.runtime import build_runtime
from addon.web import api, lifecycle, meta, pages, webhooks
from addon.web.errors import register_error_handlers


def build_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask("addon", instance_path=str(settings.instance_dir))
    # Bodies are size-checked per route (1 MiB for webhooks); this is the outer bound.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_webhook_bytes
    app.extensions["tandem"] = build_runtime(settings)
    for module in (meta, lifecycle, webhooks, api, pages):
        app.register_blueprint(module.bp)
    register_error_handlers(app)
    return app
