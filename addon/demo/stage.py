"""What the demo prints, what it reads back from a site, and the timed waits for a change to arrive."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, TypeVar

from addon.demo.world import DemoFailed, World
from tests.jirasim.adf import plain_text
from tests.support.settings_client import Admin

ARRIVAL_TIMEOUT_SECONDS = 60
# How long no site must receive a write from Tandem before the demo takes it that Tandem has done all it will.
QUIET_SECONDS = 2.0
T = TypeVar("T")


def say(text: str = "") -> None:
    print(text, flush=True)


@dataclass(frozen=True)
class Side:
    """A project on a site, as the demo shows it: ``what`` says what the project is for."""

    site: object  # tests.jirasim.SimSite
    project: dict
    what: str

    @property
    def key(self) -> str:
        return self.project["key"]

    @property
    def service_desk(self) -> bool:
        return self.project["projectTypeKey"] == "service_desk"

    def admin(self, world: World) -> Admin:
        return Admin(world.tandem_url, self.site, self.site.admin.account_id, self.project)


def arrival(find: Callable[[], T | None], what: str, since: float) -> tuple[T, float]:
    """Polls ``find`` until it finds something: that, and the seconds since ``since`` (the change was made)."""
    while True:
        found = find()
        if found:
            return found, time.monotonic() - since
        if time.monotonic() - since > ARRIVAL_TIMEOUT_SECONDS:
            raise DemoFailed(f"{what} did not arrive within {ARRIVAL_TIMEOUT_SECONDS} s")
        time.sleep(0.05)


def quiet(sites, since: float) -> float:
    """Waits until no site has received a write for ``QUIET_SECONDS``; the seconds since ``since``."""
    last, still_since = None, time.monotonic()
    while time.monotonic() - since < ARRIVAL_TIMEOUT_SECONDS:
        writes = tuple(len(site.writes()) for site in sites)
        if writes != last:
            last, still_since = writes, time.monotonic()
        elif time.monotonic() - still_since >= QUIET_SECONDS:
            return time.monotonic() - since
        time.sleep(0.05)
    raise DemoFailed(f"Tandem kept writing to the sites for {ARRIVAL_TIMEOUT_SECONDS} s")


def issue_named(side: Side, summary: str) -> dict | None:
    return next((issue for issue in side.site.issues(side.key) if issue["fields"]["summary"] == summary), None)


def comment_saying(side: Side, issue_key: str, text: str) -> dict | None:
    return next((comment for comment in side.site.comments(issue_key) if text in plain_text(comment["body"])), None)


def told_tandem(site, deliveries_before: int) -> bool:
    """Whether Tandem acknowledged a webhook the site sent since it had made ``deliveries_before`` deliveries."""
    return any(200 <= (delivery["status"] or 0) < 300 for delivery in site.deliveries[deliveries_before:])


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def kind_of(side: Side, issue: dict) -> str:
    """The issue's type, and for a service desk its request type: "IT Help, request type Get IT Help"."""
    kind = issue["fields"]["issuetype"]["name"]
    request_type = request_type_name(side, issue["key"])
    return f"{kind}, request type {request_type}" if request_type else kind


def request_type_name(side: Side, issue_key: str) -> str | None:
    if not side.service_desk:
        return None
    request_type_id = side.site.request_type_of(issue_key)
    with side.site.state.lock:
        desk = side.site.state.require_project(side.key).service_desk
        return next((kind.name for kind in desk.request_types if kind.id == request_type_id), None)


def visibility(side: Side, comment: dict) -> str:
    if not side.service_desk:
        return "comment"
    return "public" if comment["jsdPublic"] else "internal"


def one_line(document) -> str:
    return " ".join(line.strip() for line in plain_text(document).splitlines() if line.strip())


def holdings(side: Side) -> str:
    """What the project holds now: each issue with its type, description and comments."""
    lines = [f"Site {side.site.name}, project {side.key} ({side.project['name']}), holds:"]
    for issue in side.site.issues(side.key):
        fields = issue["fields"]
        lines.append(f"  {issue['key']} [{kind_of(side, issue)}] {fields['summary']}")
        if fields.get("labels"):
            lines.append(f"      labels: {', '.join(fields['labels'])}")
        if fields.get("description"):
            lines.append(f"      description: {one_line(fields['description'])}")
        for comment in side.site.comments(issue["key"]):
            lines.append(f"      {visibility(side, comment):<9} {one_line(comment['body'])}")
    return "\n".join(lines) + "\n"
