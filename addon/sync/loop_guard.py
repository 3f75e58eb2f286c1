"""The loop guard: what Tandem wrote for a connection is never carried back across that connection.

Every write Tandem makes carries ``X-Atlassian-Webhook-Trace`` naming the connection and direction it was made
for, and Jira sends the value back on the webhooks the write causes. Each door keeps the value it received in
the event's payload under ``TRACE_KEY``, and marks a change its platform says the app made itself with
``MADE_BY_APP_KEY``: below the doors, nothing knows which one an event came through. A traced change is an echo for its connection only: with A<->B (X) and B<->C (Y), what X wrote on B is a normal
change for Y, and travels on to C. The value-equality guard (what was last written, per link) is the second line
of defence; roots (addon.jobs.roots) keep a triangle of connections from copying the same original twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TRACE_KEY = "atlassianWebhookTrace"
MADE_BY_APP_KEY = "tandemMadeByApp"
# tandem:<connection id>:<source side>><target side>[:sole]; "sole": the target project has no other connection,
# so its webhooks need no processing at all.
_TRACE = re.compile(r"tandem:(\d+):([ab])>([ab])(:sole)?")


@dataclass(frozen=True)
class Trace:
    connection_id: int
    side: str  # where the change came from
    sole: bool

    @property
    def value(self) -> str:
        target = "b" if self.side == "a" else "a"
        return f"tandem:{self.connection_id}:{self.side}>{target}" + (":sole" if self.sole else "")


def trace_of(payload: dict) -> Trace | None:
    """Tandem's trace on the event, if a write of Tandem caused it."""
    found = _TRACE.fullmatch(str(payload.get(TRACE_KEY) or ""))
    return Trace(int(found[1]), found[2], bool(found[4])) if found else None


def actor_of(payload: dict) -> str | None:
    """The account that made the change a webhook reports."""
    comment = payload.get("comment")
    if isinstance(comment, dict):
        author = comment.get("updateAuthor") or comment.get("author") or {}
        if author.get("accountId"):
            return author["accountId"]
    return (payload.get("user") or {}).get("accountId")


def caused_by_app(payload: dict, app_account_id: str | None) -> bool:
    return app_account_id is not None and actor_of(payload) == app_account_id


def echo_for_every_connection(payload: dict, app_account_id: str | None) -> bool:
    """Made by Tandem and not to be carried anywhere: traced for a project with no other connection, or made by
    Tandem without a trace (a write that lost it, as in Jira's list of failed webhooks; or one its door says the app
    made):
    which connection made it is then unknown, and carrying it would risk a loop."""
    trace = trace_of(payload)
    if trace is not None:
        return trace.sole
    return payload.get(MADE_BY_APP_KEY) is True or caused_by_app(payload, app_account_id)
