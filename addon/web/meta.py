"""The descriptor and the health check."""
import logging

from flask import Blueprint, jsonify

from addon.connect.descriptor import render_descriptor
from addon.jobs.queue import ping_queue
from addon.web.services import services

bp = Blueprint("meta", __name__)
log = logging.getLogger(__name__)


@bp.get("/atlassian-connect.json")
def descriptor():
    return jsonify(render_descriptor(services().settings))


@bp.get("/healthz")
def health():
    """Unauthenticated: it answers what is reachable, never why not (the reason names hosts and users)."""
    svc = services()
    checks = {"database": _check("database", svc.db.ping), "queue": _check("queue", lambda: ping_queue(svc.huey))}
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", **checks), 200 if healthy else 503


def _check(name: str, probe) -> str:
    try:
        probe()
    except Exception as exc:  # any failure means "not reachable"; the reason goes to the log, not to the caller
        log.warning("health check: the %s is unreachable: %s: %s", name, exc.__class__.__name__, str(exc)[:300])
        return "unreachable"
    return "ok"
