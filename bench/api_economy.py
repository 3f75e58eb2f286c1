"""API economy: Jira REST calls per synced change, by kind, against the fewest the change needs.

    .venv/bin/python bench/api_economy.py [--database sqlite|postgresql] [--scenario power_customer|basic]
        [--samples 5]

The app (gunicorn) and a ``tandem worker`` run for real between two simulated sites, connected through the
settings API. After one warm-up change of each kind (it fills the project metadata cache and learns the
app's own account, once per site and minute), each change is made alone and left to settle; every REST call
either site received meanwhile, echoes included, is counted from the simulator's request log. A kind is
flagged when it takes more than one call above its minimum.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repo root holds addon/ and tests/

from addon.db import Database  # noqa: E402
from bench.connected import SCENARIOS, SOURCE_KEY, connect_two_sites  # noqa: E402
from bench.stack import Bench  # noqa: E402
from tests.support.settle import settle  # noqa: E402

# The fewest calls that can carry each kind of change, and what they are.
MINIMUM = {
    "create": (4, "read the source issue, create the twin, one remote link on each side"),
    "field edit": (2, "read the source issue, edit the twin"),
    "comment": (2, "read the source comment, add it to the twin"),
    "assignee change": (2, "read the source issue, edit the twin"),
    "status change": (3, "read the source issue, the twin's transitions, the transition to the mapped status"),
    "attachment": (3, "read the source issue, download the file, upload it to the twin"),
}
ATTACHMENT_BYTES = 64 * 1024
# What the source's status changes take turns at (one transition apart), and where each takes the twin, by the kind
# of the target project.
STATUSES = ("To Do", "In Progress")
STATUS_MAPS = {"software": {"To Do": "To Do", "In Progress": "In Progress"},
               "service_desk": {"To Do": "Waiting for support", "In Progress": "In Progress"}}
ALLOWED_ABOVE_MINIMUM = 1
# Ids and issue keys in a path, not the API's version ("/rest/api/3").
ID_SEGMENT = re.compile(r"(?<!/api)/(\d+|[A-Z][A-Z0-9]*-\d+)(?=/|$)")


def main() -> None:
    args = _arguments()
    with Bench(args.database) as bench:
        bench.start_app()
        connected = connect_two_sites(bench, args.scenario)
        assignees = carry_assignees(connected)
        carry_statuses(connected, SCENARIOS[args.scenario][1])
        carry_attachments(connected)
        bench.start_workers(1, 4)
        database = Database(bench.storage.database_url)
        bench.callback(database.dispose)
        changes = Changes(connected, assignees)
        settle(database, connected.sites)
        cold, key = {}, None
        for kind in MINIMUM:
            cold[kind], key = _count(database, connected, changes, kind, key)
        print(f"API economy, {args.scenario} on {args.database}: {args.samples} changes of each kind, "
              f"each counted alone after a warm-up change of each kind")
        flagged = [kind for kind in MINIMUM
                   if not _report(kind, [_count(database, connected, changes, kind, key)[0]
                                         for _ in range(args.samples)])]
        print("\nwarm-up changes (cold caches: project metadata, the app's own account, the people found): "
              + ", ".join(f"{kind} {sum(calls.values())}" for kind, calls in cold.items()) + " calls")
        print(f"flagged (more than {ALLOWED_ABOVE_MINIMUM} call above the minimum): {', '.join(flagged) or 'none'}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="power_customer")
    parser.add_argument("--samples", type=int, default=5, help="changes counted per kind (default 5)")
    args = parser.parse_args()
    if not 1 <= args.samples <= 100:
        parser.error("--samples must be 1-100")
    return args


def carry_assignees(connected) -> list[str | None]:
    """Both halves carry the assignee; Ann, on both sites with the same e-mail address, is found by it. Returns what
    the source's assignee changes take turns at: Ann's account, and nobody."""
    ann = connected.source.add_user("Ann Archer", email="ann@example.com")
    connected.target.add_user("Ann Archer", email="ann@example.com")
    change_halves(connected, lambda half: half["outgoing"]["fields"].append("assignee"),
                  lambda half: half["incoming"]["fields"].update(assignee="assignee"))
    return [None, ann.account_id]


def carry_statuses(connected, target_type: str) -> None:
    """The source sends its status; the target takes it in by the map for its kind of project."""
    status_map = STATUS_MAPS[target_type]
    change_halves(connected, lambda half: half["outgoing"].update(status=True),
                  lambda half: half["incoming"].update(status={"enabled": True, "map": status_map}))


def carry_attachments(connected) -> None:
    """The source sends its attachments; the target takes files of every type and size (its half's defaults)."""
    change_halves(connected, lambda half: half["outgoing"].update(attachments=True),
                  lambda half: half["incoming"].update(attachments={"enabled": True}))


def change_halves(connected, source_change, target_change) -> None:
    """Each side's admin changes their draft and publishes it."""
    path = f"/api/connections/{connected.connection_id}/half"
    for admin, change in ((connected.source_admin, source_change), (connected.target_admin, target_change)):
        draft = admin.call("GET", path, expect=200).json()["draft"]
        change(draft)
        admin.call("PUT", path, json=draft, expect=200)
        admin.call("POST", path + "/publish", expect=200)


class Changes:
    """One change of a kind, made on the source site as a person would."""

    def __init__(self, connected, assignees: list[str | None]):
        self._connected = connected
        self._assignees = assignees
        self._made = self._reassigned = self._moved = 0

    def make(self, kind: str, key: str | None = None) -> str:
        self._made += 1
        source, number = self._connected.source, self._made
        if kind == "create":
            return source.create_issue(SOURCE_KEY, self._connected.issue_type, f"Issue {number}",
                                       description=f"Description {number}")["key"]
        if kind == "field edit":
            source.update_issue(key, summary=f"Summary, edit {number}")
        elif kind == "assignee change":
            self._reassigned += 1  # each change assigns the other one of the two
            source.update_issue(key, assignee=self._assignees[self._reassigned % len(self._assignees)])
        elif kind == "status change":
            self._moved += 1  # each change moves it to the other one of the two
            source.transition_issue(key, STATUSES[self._moved % len(STATUSES)])
        elif kind == "attachment":
            source.attach_file(key, f"file-{number}.bin", bytes(ATTACHMENT_BYTES))
        else:
            source.add_comment(key, f"Comment {number}")
        return key


def _count(database, connected, changes: Changes, kind: str, key: str | None) -> tuple[Counter, str]:
    """The calls one change caused, by site and operation; and the issue changed."""
    sites = {"source": connected.source, "target": connected.target}
    before = {name: len(site.requests) for name, site in sites.items()}
    key = changes.make(kind, key)
    settle(database, connected.sites)
    calls = Counter(f"{name:6s} {request.method:6s} {ID_SEGMENT.sub('/{id}', request.path)}"
                    for name, site in sites.items() for request in site.requests[before[name]:])
    return calls, key


def _report(kind: str, samples: list[Counter]) -> bool:
    """Prints one kind's figures; False when it is more than allowed above its minimum."""
    minimum, needed = MINIMUM[kind]
    per_change = sum(sum(sample.values()) for sample in samples) / len(samples)
    within = per_change <= minimum + ALLOWED_ABOVE_MINIMUM
    print(f"\n{kind}: {per_change:.1f} calls per change; minimum {minimum} ({needed}); "
          f"{per_change - minimum:+.1f} {'ok' if within else 'FLAGGED'}")
    total = sum(samples, Counter())
    for call, count in sorted(total.items()):
        print(f"  {count / len(samples):4.1f}  {call}")
    return within


if __name__ == "__main__":
    main()
