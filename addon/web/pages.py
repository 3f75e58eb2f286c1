"""Iframe pages Jira loads inside its own UI, signed with a page JWT."""
from flask import Blueprint, g, render_template_string, request

from addon.web.auth import jwt_required

bp = Blueprint("pages", __name__, url_prefix="/pages")

PROJECT_SETTINGS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tandem</title>
<script src="https://connect-cdn.atl-paas.net/all.js" async></script></head>
<body><main id="tandem" data-project-key="{{ project_key }}" data-site="{{ site }}">
<h1>Tandem</h1><p>Synchronizations of project {{ project_key }}.</p></main></body></html>"""


@bp.get("/project-settings")
@jwt_required()
def project_settings():
    return render_template_string(
        PROJECT_SETTINGS, project_key=request.args.get("project.key", ""), site=g.caller.base_url
    )
