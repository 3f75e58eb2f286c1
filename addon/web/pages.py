"""Iframe pages Jira loads inside its own UI, signed with a page JWT.

Each page is a shell for one entry point of the front end: Connect's ``all.js`` (the ``AP`` object that hands
out context JWTs for the settings API), the built script and styles, and what the page was opened for.
"""
from flask import Blueprint, Response, g, render_template_string, request

from addon.web.assets import FrontendNotBuilt, entry_files
from addon.web.auth import jwt_required
from addon.web.errors import error_response
from addon.web.security_headers import frame_ancestors
from addon.web.services import services

bp = Blueprint("pages", __name__, url_prefix="/pages")

SHELL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="icon" href="{{ assets }}/tandem-icon.svg">
{% for href in files.styles %}<link rel="stylesheet" href="{{ assets }}/{{ href }}">
{% endfor %}{% for href in files.preloads %}<link rel="modulepreload" href="{{ assets }}/{{ href }}">
{% endfor %}<script src="{{ connect_js_url }}"></script>
</head><body>
<div id="tandem-root"></div>
<script type="application/json" id="tandem-boot">{{ boot | tojson }}</script>
<script type="module" src="{{ assets }}/{{ files.script }}"></script>
</body></html>"""


@bp.after_request
def _framed_by_jira_only(response: Response) -> Response:
    # Before the caller is known (a refused token) only Atlassian's domains may frame the answer.
    caller = g.get("caller")
    response.headers["Content-Security-Policy"] = frame_ancestors(caller.base_url if caller else None)
    return response


@bp.get("/project-settings")
@jwt_required()
def project_settings():
    project = {"id": request.args.get("project.id", ""), "key": request.args.get("project.key", "")}
    return _shell("Tandem", "src/settings/main.jsx", project=project)


@bp.get("/issue-glance")
@jwt_required()
def issue_glance():
    issue = {"id": request.args.get("issue.id", ""), "key": request.args.get("issue.key", "")}
    project = {"id": request.args.get("project.id", ""), "key": request.args.get("project.key", "")}
    return _shell("Tandem sync status", "src/glance/main.jsx", issue=issue, project=project)


def _shell(title: str, entry: str, **opened_for):
    settings = services().settings
    try:
        files = entry_files(entry)
    except FrontendNotBuilt as missing:
        return error_response(503, "frontend_not_built", str(missing))
    # Absolute URLs: Jira loads the iframe from our base URL, which may carry a path.
    boot = {"apiBase": settings.base_url + "/api", "siteUrl": g.caller.base_url, **opened_for}
    return render_template_string(SHELL, title=title, files=files, boot=boot, assets=settings.base_url + "/static/app",
                                  connect_js_url=settings.connect_js_url)
