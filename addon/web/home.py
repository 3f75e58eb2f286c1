"""``GET /``: what this server is, its version, and where its descriptor, Forge instructions and docs are.

Whoever opens the base URL in a browser (an admin who pasted it, an operator after a deploy) learns what answers
there instead of getting a JSON 404.
"""
from importlib.metadata import PackageNotFoundError, version

from flask import Blueprint, render_template_string

from addon.web.services import services

bp = Blueprint("home", __name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem {{ version }}</title>
<style>
  body { font-family: system-ui, sans-serif; color: #172b4d; line-height: 1.5; max-width: 46rem; margin: 2rem auto;
         padding: 0 1rem; }
  code { background: #f4f5f7; padding: 0 0.2em; }
</style>
</head><body>
<h1>Tandem {{ version }}</h1>
<p>This is a Tandem server. Tandem is an app for Jira Cloud that keeps issues and comments in sync between
projects, on one site or across sites. People use it inside Jira, under <em>Project settings › Tandem</em>;
this address is where Jira sends its events and where the app's pages come from.</p>
<h2>Install it in a Jira site</h2>
<ul>
<li>As a Connect app: its descriptor is <a href="{{ base }}/atlassian-connect.json">{{ base }}/atlassian-connect.json</a>
(<em>Settings › Apps › Manage apps › Upload app</em>, with development mode on).</li>
<li>As a Forge app, whose remote is this server ({{ base }}): the manifest is in <code>descriptors/forge/</code> of
Tandem's source, deployed with Atlassian's Forge CLI as its README says; <code>docs/forge.md</code> lists the
routes of this server that the app calls.</li>
</ul>
<h2>Documentation</h2>
<ul>
<li><code>README.md</code> in Tandem's source: running, trying, testing, configuring and deploying it.</li>
<li><code>docs/architecture.md</code>: the concepts, the rooms of the code and the decisions taken.</li>
<li>The settings API: <a href="{{ base }}/api/openapi.json">its OpenAPI document</a> and
<code>docs/settings-api.md</code>.</li>
<li>This server's health: <a href="{{ base }}/healthz">{{ base }}/healthz</a>.</li>
</ul>
</body></html>"""


@bp.get("/")
def home():
    return render_template_string(PAGE, version=tandem_version(), base=services().settings.base_url)


def tandem_version() -> str:
    try:
        return version("tandem")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(version unknown: not installed)"
