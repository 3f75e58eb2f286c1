"""Assembling the Flask app from settings."""
from __future__ import annotations

import logging

from flask import Flask

from addon.config import Settings, load_settings
from addon.connect.install_keys import InstallKeys
from addon.connect.secrets import SecretBox
from addon.db import Database
from addon.jobs.queue import build_huey
from addon.web import api, lifecycle, meta, pages, webhooks
from addon.web.errors import register_error_handlers
from addon.web.services import Services


def build_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask("addon", instance_path=str(settings.instance_dir))
    # Bodies are size-checked per route (1 MiB for webhooks); this is the outer bound.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_webhook_bytes
    app.extensions["tandem"] = Services(
        settings=settings,
        db=Database(settings.database_url),
        secrets=SecretBox(settings.secret_key),
        install_keys=InstallKeys(settings.install_keys_url, settings.install_keys_timeout),
        huey=build_huey(settings),
    )
    for module in (meta, lifecycle, webhooks, api, pages):
        app.register_blueprint(module.bp)
    register_error_handlers(app)
    return app
