"""The scenarios the demo plays, told as they happen in a Jira admin's words.

Each story makes its two sites and projects, installs Tandem in both, connects the projects the way their admins
do in Tandem's settings page, then makes changes one at a time, waiting for each to arrive before the next, so
what is printed is the order in which things happened on both sides.
"""
from __future__ import annotations

import time

from addon.demo.stage import (Side, arrival, comment_saying, holdings, issue_named, kind_of, one_line, quiet, say,
                              seconds, told_tandem, visibility)
from addon.demo.world import DemoFailed, World


def play(scenario: str, world: World) -> None:
    STORIES[scenario](world)


def power_customer(world: World) -> None:
    customer, support = world.add_site("customer"), world.add_site("support")
    cus = Side(customer, customer.add_project("CUS", "Customer project", type="software"),
               "the customer's Jira Software project")
    sup = Side(support, support.add_project("SUP", "First-level support", type="service_desk"),
               "the support team's Jira Service Management project")
    _introduce(world, "Power Customer", cus, sup, [
        "Issues flow from the customer's project to support; only public replies come back.",
        "A Task, New Feature or Improvement in CUS becomes an IT Help request in SUP (request type Get IT Help).",
        "Every CUS comment becomes a public comment in SUP; SUP's public comments come back to CUS, each saying "
        "who wrote it and when.",
        "SUP's internal comments never leave SUP.",
    ])
    carla, sam = customer.add_user("Carla Customer"), support.add_user("Sam Support")
    steps = _Steps()
    issue, twin = steps.create(cus, sup, carla, "Task", "Printer on fire", description="Smoke from tray 2")
    steps.comment(cus, issue, sup, twin, carla, "Any news on this?")
    steps.comment(sup, twin, cus, issue, sam, "A technician is on the way.", reply=True)
    steps.internal_stays(sup, twin, cus, issue, sam, "Second time this month; check the fuser.")
    _conclude(world, [(cus, issue), (sup, twin)],
              "every change arrived where Power Customer says, and the internal comment stayed in SUP.")


def mirroring(world: World) -> None:
    east, west = world.add_site("east"), world.add_site("west")
    eds = Side(east, east.add_project("EDS", "East desk", type="service_desk"),
               "a Jira Service Management project of the east office's support team")
    wds = Side(west, west.add_project("WDS", "West desk", type="service_desk"),
               "a Jira Service Management project of the west office's support team")
    _introduce(world, "Mirroring", eds, wds, [
        "Two support desks share their work: an issue created on either side appears on the other.",
        "Every issue type maps to the same type, with a default request type on both sides.",
        "Public comments stay public and internal comments stay internal, in both directions.",
    ])
    erin, walt = east.add_user("Erin East"), west.add_user("Walt West")
    steps = _Steps()
    laptop, laptop_twin = steps.create(eds, wds, erin, "IT Help", "Laptop broken", request_type="Get IT Help")
    monitor, monitor_twin = steps.create(wds, eds, walt, "Purchase", "New monitor", request_type="Purchase request")
    steps.comment(wds, laptop_twin, eds, laptop, walt, "A replacement is ordered.", reply=True)
    steps.comment(eds, laptop, wds, laptop_twin, erin, "The warranty ends in May.", internal=True)
    _conclude(world, [(eds, laptop), (wds, monitor)],
              "issues went both ways and each comment kept its visibility on the other side.")


def basic(world: World) -> None:
    left, right = world.add_site("left"), world.add_site("right")
    web = Side(left, left.add_project("WEB", "Web app", type="software"), "the web team's Jira Software project")
    app = Side(right, right.add_project("APP", "Mobile app", type="software"), "the mobile team's Jira Software project")
    _introduce(world, "Basic", web, app, [
        "Two projects mirror each other: an issue created on either side appears on the other.",
        "Summary, description, labels, comments and attachments follow; issue types are matched by name, and a type "
        "the other project lacks becomes a Task.",
    ])
    lena, rui = left.add_user("Lena Web"), right.add_user("Rui Mobile")
    steps = _Steps()
    bug, bug_twin = steps.create(web, app, lena, "Bug", "Login fails on Safari", description="Since release 2.3",
                                 labels=["login"])
    steps.comment(app, bug_twin, web, bug, rui, "Same on iOS.", reply=True)
    steps.rename(web, bug, app, bug_twin, lena, "Login fails on Safari and iOS")
    story, _ = steps.create(app, web, rui, "Story", "Offline mode")
    _conclude(world, [(web, bug), (app, story)], "issues, their changes and comments went both ways.")


STORIES = {"power-customer": power_customer, "mirroring": mirroring, "basic": basic}


def _introduce(world: World, scenario: str, a: Side, b: Side, meaning: list[str]) -> None:
    say("The two Jira Cloud sites (simulated on this machine):")
    for side in (a, b):
        say(f"  site {side.site.name} at {side.site.base_url}, project {side.key} ({side.project['name']}): "
            f"{side.what}")
    for side in (a, b):
        response = side.site.install(world.tandem_url + "/atlassian-connect.json")
        if not response.ok:
            raise DemoFailed(f"installing Tandem in site {side.site.name}: {response.status_code} {response.text}")
    say(f"Each site's admin installed Tandem from {world.tandem_url}/atlassian-connect.json.\n")
    say(f"The scenario: {scenario}.")
    for line in meaning:
        say(f"  - {line}")
    connection_id = _connect(world, scenario.lower().replace(" ", "_"), a, b)
    say(f"In {a.key}'s Tandem page, its admin asked for a synchronization with another site and got an invitation "
        f"code;\n{b.key}'s admin pasted it in {b.key}'s Tandem page. Each admin published their half of the "
        f"settings, and {a.key}'s admin\nstarted the synchronization (connection {connection_id}).\n")
    say("What happens, one change at a time:")


def _connect(world: World, scenario: str, a: Side, b: Side) -> int:
    requester, redeemer = a.admin(world), b.admin(world)
    created = _api(requester, "POST", "/api/connections", {"name": f"{a.key} and {b.key}", "scenario": scenario,
                                                            "otherSite": True})
    _api(redeemer, "POST", "/api/invitations/redeem", {"code": created["invitationCode"]})
    for admin in (requester, redeemer):
        _api(admin, "POST", f"/api/connections/{created['id']}/half/publish")
    _api(requester, "POST", f"/api/connections/{created['id']}/start")
    return created["id"]


def _api(admin, method: str, path: str, body: dict | None = None) -> dict:
    response = admin.call(method, path, json=body)
    if response.status_code >= 400:
        raise DemoFailed(f"Tandem's settings API answered {method} {path} with {response.status_code}: "
                         f"{response.text[:500]}")
    return response.json() if response.content else {}


def _conclude(world: World, shown: list[tuple[Side, dict]], outcome: str) -> None:
    sides = [side for side, _ in shown]
    say("\nWhat each project holds now:")
    for side in sides:
        say(holdings(side))
    for side, issue in shown:
        world.settings_page(side.site, side.project)
        world.issue_glance(side.site, side.project, side.site.issue(issue["key"]))
    say(f"The demo is over: {outcome}")


class _Steps:
    """The changes people make, numbered, each followed until it has arrived on the other side (or not)."""

    def __init__(self):
        self._number = 0

    def _announce(self, text: str) -> float:
        self._number += 1
        say(f"{self._number}. {text}")
        return time.monotonic()

    def create(self, source: Side, target: Side, person, issue_type: str, summary: str, **fields) -> tuple[dict, dict]:
        started = time.monotonic()
        issue = source.site.create_issue(source.key, issue_type, summary, user=person, **fields)
        self._announce(f"{person.display_name} creates {issue['key']} \"{summary}\" ({kind_of(source, issue)}) "
                       f"in {source.key} on site {source.site.name}.")
        twin, took = arrival(lambda: issue_named(target, summary), f"{issue['key']} (in {target.key})", started)
        say(f"   It arrived in {target.key} as {twin['key']} ({kind_of(target, twin)}) after {seconds(took)}.")
        return issue, twin

    def comment(self, source: Side, issue: dict, target: Side, twin: dict, person, text: str, reply: bool = False,
                internal: bool = False) -> None:
        kind = "an internal comment" if internal else "a public reply" if reply and source.service_desk else \
            "a reply" if reply else "a comment"
        started = self._announce(f"{person.display_name} adds {kind} on {issue['key']}: \"{text}\"")
        source.site.add_comment(issue["key"], text, user=person, internal=internal)
        copy, took = arrival(lambda: comment_saying(target, twin["key"], text),
                             f"the comment on {issue['key']} (on {twin['key']})", started)
        what = {"public": "a public comment", "internal": "an internal comment", "comment": "a comment"}
        say(f"   It arrived on {twin['key']} as {what[visibility(target, copy)]} after {seconds(took)}, reading: "
            f"\"{one_line(copy['body'])}\"")

    def internal_stays(self, source: Side, issue: dict, target: Side, twin: dict, person, text: str) -> None:
        started = self._announce(f"{person.display_name} adds an internal comment on {issue['key']}: \"{text}\"")
        delivered_before = len(source.site.deliveries)
        source.site.add_comment(issue["key"], text, user=person, internal=True)
        if not told_tandem(source.site, delivered_before):
            raise DemoFailed(f"site {source.site.name} could not tell Tandem of the internal comment")
        waited = quiet([source.site, target.site], started)
        if comment_saying(target, twin["key"], text):
            raise DemoFailed(f"the internal comment on {issue['key']} reached {twin['key']}: it must stay in "
                             f"{source.key}")
        say(f"   It stayed on the {source.site.name} side: Tandem was told of it, and {seconds(waited)} later "
            f"{twin['key']} still has {len(target.site.comments(twin['key']))} comments, none of them this one.")

    def rename(self, source: Side, issue: dict, target: Side, twin: dict, person, summary: str) -> None:
        started = self._announce(f"{person.display_name} renames {issue['key']} to \"{summary}\".")
        source.site.update_issue(issue["key"], user=person, summary=summary)
        _, took = arrival(lambda: target.site.issue(twin["key"])["fields"]["summary"] == summary,
                          f"the new summary of {issue['key']} (on {twin['key']})", started)
        say(f"   {twin['key']} had the new summary after {seconds(took)}.")
