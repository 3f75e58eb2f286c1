"""The descriptor and the health check."""
from flask import Blueprint, jsonify

from addon.connect.descriptor import render_descriptor
from addon.jobs.queue import ping_queue
from addon.web.services import services

bp = Blueprint("meta", __name__)


@bp.get("/atlassian-connect.json")
def descriptor():
    return jsonify(render_descriptor(services().settings))


@bp.get("/healthz")
def health():
    svc = services()
    checks = {"database": _check(svc.db.ping), "queue": _check(lambda: ping_queue(svc.huey))}
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", **checks), 200 if healthy else 503


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # any failure means "not reachable"; the reason is reported, not raised
        return f"unreachable: {exc.__class__.__name__}: {exc}"[:300]
    return "ok"
