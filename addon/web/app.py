"""Assembling the Flask app from settings."""
from __future__ import annotations

from flask import Flask

from addon.config import Settings, load_settings
from addon.connect.recent_sites import RecentSites
from addon.jobs.wakeups import DrainWakeups, drain_pusher
from addon.logs import configure_logging
from addon.runtime import build_runtime
from addon.web import api, assets, forge, home, lifecycle, meta, pages, webhooks
from addon.web.auth import RECENT_SITE_SECONDS, RECENT_SITE_SECONDS_UNTIL_ACCOUNT_KNOWN, RECENT_SITES
from addon.web.converters import CONVERTERS
from addon.web.errors import register_error_handlers
from addon.web.security_headers import register_security_headers


def build_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    configure_logging()
    # The built front end is served by addon.web.assets, with cache headers fit for hashed names.
    app = Flask("addon", instance_path=str(settings.instance_dir), static_folder=None)
    app.url_map.converters.update(CONVERTERS)
    # Bodies are size-checked per route (1 MiB for webhooks); this is the outer bound.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_webhook_bytes
    # Requests are many and short: no round trip to test each pooled connection before use. After the database
    # dropped its connections, the requests under way get a 503 (webhooks retry by themselves, see
    # record_event) and the pool renews every connection. Workers do the same (addon.jobs.worker).
    runtime = app.extensions["tandem"] = build_runtime(settings, pre_ping=False)
    app.extensions[webhooks.WAKEUPS] = DrainWakeups(drain_pusher(runtime.huey, runtime.tasks.drain))
    app.extensions[RECENT_SITES] = RecentSites(RECENT_SITE_SECONDS, RECENT_SITE_SECONDS_UNTIL_ACCOUNT_KNOWN)
    for module in (home, meta, lifecycle, webhooks, forge, api, pages, assets):
        app.register_blueprint(module.bp)
    register_error_handlers(app)
    register_security_headers(app)
    return app
