"""Carrying one inbox event across one connection: read the source, plan, write the twin, link.

This is the thin executor DESIGN.md asks for: the decisions are made in
``addon.sync``; here we only read, call connectors and record links and history.
Before each call it tells its journal what it attempts, so that a failure says
where it stopped ("create issue in SUP").
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property

from sqlalchemy.orm import Session

from addon.connectors.jira import JiraError, Kind, Verdict
from addon.db import history
from addon.db.base import utcnow
from addon.db.connection import Connection, other_side
from addon.db.inbox import route_key
from addon.db.tenant import Tenant
from addon.jobs import field_writes, former_twins, intents, links, parents, roots, skips, unlinking
from addon.jobs.attachment_copy import ATTACHMENT_FIELD, AttachmentCopies
from addon.jobs.failures import SyncFailed
from addon.jobs.history import Journal
from addon.jobs.people import PeopleOnArrival
from addon.jobs.project_reach import others_connect
from addon.jobs.status_sync import carry_status
from addon.sync.attachments import comment_with_media_as_links, embedded_in_issue, embedded_names, \
    issue_with_media_as_links
from addon.sync.loop_guard import Trace
from addon.sync.planner import AddComment, CreateIssue, DeleteComment, EditComment, SetCommentVisibility, \
    UpdateIssue, echo_of, plan_comment, plan_comment_deletion, plan_issue, without_parent
from addon.sync.replica import JIRA_TIME, JSM_PUBLIC_PROPERTY, ORIGIN_PROPERTY, comment_replica, issue_replica

ISSUE_EVENTS = ("jira:issue_created", "jira:issue_updated")
# Sent with the create whatever the create screen says: Jira needs them to know what the issue is.
ALWAYS_ON_CREATE = ("project", "issuetype", "parent")
COMMENT_EVENTS = ("comment_created", "comment_updated")
# Fingerprint of a copy found again after a crash: unknown, so the next edit of the original is sent.
RECOVERED_COPY = "recovered"
# How soon to search again for a twin Jira may have made but not indexed yet.
SEARCH_AGAIN_SECONDS = 2.0


class ParentNotCopiedYet(JiraError):
    """A sub-task waits for its parent's twin, which the parent's own drain is making."""

    def __init__(self, parent_key: str):
        super().__init__(Verdict(Kind.RETRY_AFTER, SEARCH_AGAIN_SECONDS, message=(
            f"the parent {parent_key} is carried across first; the sub-task follows")))


class TwinNotSearchableYet(JiraError):
    """Jira's search is eventually consistent: a twin made moments ago may not be found yet."""

    def __init__(self, project_key: str):
        super().__init__(Verdict(Kind.RETRY_AFTER, SEARCH_AGAIN_SECONDS, message=(
            f"an earlier attempt may have created the twin in {project_key}, which Jira's search does not show yet; "
            "looking again before creating one")))


@dataclass
class Route:
    """One direction of one connection, as seen from the event's side."""

    connection: Connection
    side: str
    source: Tenant
    target: Tenant
    outgoing: dict
    incoming: dict
    # The opposite direction's halves: what would travel back from the twin.
    back_outgoing: dict
    back_incoming: dict

    @property
    def other(self) -> str:
        return other_side(self.side)

    @property
    def target_project_id(self) -> str:
        return self.connection.side(self.other)[1]

    @property
    def source_project_id(self) -> str:
        return self.connection.side(self.side)[1]

    @property
    def source_project_key(self) -> str:
        return self.connection.side(self.side)[2]

    @property
    def target_project_key(self) -> str:
        return self.connection.side(self.other)[2]

    @property
    def key(self) -> str:
        """The route's key in the inbox (addon.jobs.routes)."""
        return route_key(self.connection.id, self.side)

    def origin(self, issue_id: str) -> str:
        return f"{self.connection.id}:{self.side}:{issue_id}"


class EventSync:
    def __init__(self, runtime, session: Session, route: Route, payload: dict, retried: bool,
                 event_id: int | None = None):
        self.rt = runtime
        self.session = session
        self.route = route
        self.payload = payload
        self.retried = retried
        self.event_id = event_id
        # Both traced (addon.sync.loop_guard): what we write for this connection is an echo for it alone.
        self.source_api = runtime.jira(route.source, Trace(route.connection.id, route.side, sole=False).value)
        self.journal = Journal(session, route.connection.id, route.side, payload, event_id)
        issue = payload.get("issue") or {}
        self.source_label = issue.get("key") or f"issue {issue.get('id')}"
        self.people = PeopleOnArrival(runtime, route)
        self.attachments = AttachmentCopies(self)

    def run(self) -> None:
        """Raises SyncFailed, telling the step where any error stopped it."""
        kind = self.payload.get("webhookEvent")
        try:
            if kind in ISSUE_EVENTS:
                self.sync_issue()
            elif kind in COMMENT_EVENTS:
                self.sync_comment()
            elif kind == "comment_deleted":
                self.delete_comment()
            elif kind == "jira:issue_deleted":
                self.issue_deleted()
        except Exception as error:
            raise SyncFailed(self.journal.step, error) from error

    @cached_property
    def target_is_sole(self) -> bool:
        """Whether this connection is the only one into the target project: then nothing else copies there."""
        return not others_connect(self.session, self.route.connection.id, self.route.target.id,
                                  self.route.target_project_id)

    @cached_property
    def target_api(self):
        return self.rt.jira(self.route.target, Trace(self.route.connection.id, self.route.side,
                                                     self.target_is_sole).value)

    def _target_facts(self):
        """The receiving project's facts (read once a while per process: addon.jobs.metadata)."""
        return self.rt.metadata.target(self.route.target, self.route.target_project_id)

    def _project_facts(self, tenant: Tenant, project_id: str, project_key: str):
        self.journal.attempt(f"read the issue types and fields of {project_key}", tenant)
        return self.rt.metadata.target(tenant, project_id)

    # -- issues ---------------------------------------------------------------------------
    def sync_issue(self) -> None:
        issue_id = str(self.payload["issue"]["id"])
        issue = self._read_source_issue(issue_id)
        replica = issue_replica(issue, self.route.outgoing) if issue else None
        if replica is None:
            self.journal.skipped(skips.issue_not_sent(self.route, self.source_label, issue))
            return
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, issue_id)
        if link is not None and link.unlinked_side:
            if not unlinking.recreating(self.session, self.route, link):
                self.journal.skipped(f"its twin {link.issue_key(link.unlinked_side)} was deleted: the pair is unlinked")
                return
            link = None
        if link is None:
            link = self._twin_made_before(replica) or self._relink_former_twin(replica)
        target = field_writes.with_choices(self.rt, self.route.target, self.route.target_project_id,
                                           self.route.incoming, self._project_facts(
                                               self.route.target, self.route.target_project_id,
                                               self.route.target_project_key))
        written = links.written_on(link, self.route.other) if link else None
        self.journal.attempt(f"find the people of {self.source_label} in {self.route.target_project_key}",
                             self.route.target)
        mapped = self.people.issue(replica, target, creating=written is None)
        replica = issue_with_media_as_links(mapped, self.attachments.copies(link))
        self.journal.attempt(f"create issue in {self.route.target_project_key}" if link is None
                             else f"update {link.issue_key(self.route.other)}", self.route.target)
        operations = plan_issue(replica, self.route.incoming, target, written)
        for operation in operations:
            self.people.carried_back(operation.written)  # its lookups, before anything is written or locked
        if link is None and not operations:
            self.journal.skipped(skips.issue_not_created(self.route, replica))
        made_as = None  # the issue type id of a twin created now
        for operation in operations:
            if isinstance(operation, CreateIssue) and operation.parent_of is not None:
                operation = self._under_parent_twin(replica, operation, target)
            if isinstance(operation, CreateIssue):
                link, made_as = self._copy_issue(replica, operation), operation.fields["issuetype"]["id"]
            elif isinstance(operation, UpdateIssue):
                self._update_twin(link, operation)
        if link is not None and not link.unlinked_side:
            carry_status(self, replica, link, made_as)
            parents.carry_parent(self, replica, link)
        if self.attachments.carry(link, issue) and embedded_in_issue(mapped):
            self._link_embedded_images(link, mapped, target)

    def _link_embedded_images(self, link, mapped, target) -> None:
        """Images of the description (and other rich text) whose files were copied just now: linked to the copies,
        which did not exist when the text was written."""
        replica = issue_with_media_as_links(mapped, self.attachments.copies(link))
        for operation in plan_issue(replica, self.route.incoming, target, links.written_on(link, self.route.other)):
            self._update_twin(link, operation)

    def _under_parent_twin(self, replica, operation: CreateIssue, target) -> CreateIssue | None:
        """The create of a sub-task or an epic's child, under its parent's twin; the parent is carried first when it
        has none yet. An epic's child whose epic gets no twin is created on its own."""
        twin = self._parent_twin(operation.parent_of, target)
        if twin is not None:
            return replace(operation, fields={**operation.fields, "parent": {"id": twin}},
                           written={**operation.written, parents.PARENT: twin})
        if not parents.is_subtask(operation, target):
            return replace(operation, parent_of=None)
        fallback = without_parent(operation, self.route.incoming, target)
        if fallback is None:
            self.journal.skipped(f"sub-task {replica.issue_key} not created: its parent has no twin in "
                                 f"{self.route.target_project_key}")
        return fallback

    def _parent_twin(self, parent_id: str, target) -> str | None:
        """The twin of the sub-task's parent; None when the parent gets none (out of scope, or unlinked). A parent
        that would get one but has none yet is queued (its own events keep their order under its own lease) and
        the sub-task waits for it."""
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, parent_id)
        if link is not None:
            return None if link.unlinked_side else link.issue_id(self.route.other)
        parent = self._read_source_issue(parent_id)
        replica = issue_replica(parent, self.route.outgoing) if parent else None
        if replica is None or not any(isinstance(operation, CreateIssue) for operation in
                                      plan_issue(replica, self.route.incoming, target, None)):
            return None
        from addon.jobs.synthetic import issue_reference, queue_event, synthetic_event  # it imports this module
        reference = issue_reference(self.route, parent_id, replica.issue_key)
        self.session.commit()  # SQLite: the queued event is written on another connection, which our lock would stall
        queue_event(self.rt, self.route.source.id, f"parent-first:{self.route.connection.id}:{self.route.side}:"
                    f"{parent_id}", synthetic_event("jira:issue_updated", reference, None, tandemParentFirst=True))
        raise ParentNotCopiedYet(replica.issue_key)

    def _update_twin(self, link, operation: UpdateIssue) -> None:
        """Values the twin refuses are left out (and told), a refused person replaced by the half's fallback; the
        others are written. What was refused is remembered as written all the same, so that it is tried again only when the original's value changes."""
        twin_key = link.issue_key(self.route.other)
        operation = field_writes.make_choices(self, operation, twin_key)
        self.journal.attempt(f"update {', '.join(operation.written)} of {twin_key}", self.route.target)
        try:
            _, refusals = field_writes.write_refusing(
                lambda fields: self.target_api.edit_issue(link.issue_id(self.route.other), fields), operation.fields,
                field_writes.essential_fields(self._target_facts()),
                self.people.instead_of_refused(operation))
        except JiraError as error:
            if not unlinking.is_gone(error):
                raise
            unlinking.unlink(self, link, deleted_side=self.route.other)
            return
        self._remember_written(link, operation.written, field_writes.held(operation, refusals))
        field_writes.tell_refused(self.journal, twin_key, refusals, self._target_facts())
        names = [name for name in operation.written if name not in refusals.refused]
        if names:
            self.journal.applied(history.UPDATED_FIELDS, twin_key, ", ".join(names))

    def _remember_written(self, link, written: dict, held: dict | None = None) -> None:
        """``held``: what the twin holds of it, where values were left out; the echo guard goes by that, so that a
        value the twin lacks is not carried back as cleared."""
        links.lock_latest(self.session, link)
        links.set_written(link, self.route.other, written)
        echo = echo_of(self.people.carried_back(written if held is None else held), self.route.back_outgoing,
                       self.route.back_incoming)
        links.set_written(link, self.route.side, echo)

    def _read_source_issue(self, issue_id: str) -> dict | None:
        wanted = list(dict.fromkeys([*self.route.outgoing["fields"], "issuetype", "project", "parent", "status",
                                     *([ATTACHMENT_FIELD] if self.attachments.sent else [])]))
        self.journal.attempt(f"read {self.source_label}", self.route.source)
        try:
            return self.source_api.get_issue(issue_id, wanted)
        except JiraError as error:
            if error.verdict.status == 404:
                return None  # deleted since the event: nothing left to carry
            raise

    def _copy_issue(self, replica, operation: CreateIssue):
        """A twin for the issue, unless the target project holds its original or a copy of it already (made
        through another connection, addon.jobs.roots): that one is linked instead."""
        root = roots.issue_root(self.session, self.route.source, replica.issue_id)
        # Committed first: SQLite's write lock must not be ours while we wait for the lease, and the look below
        # starts a new transaction, which sees what another worker committed meanwhile.
        self.session.commit()
        with self._copying(f"pair {self.route.connection.id} {root}", root):
            held = roots.issue_holding(self.session, root, self.route.target.id, self.route.target_project_id)
            if held is None:
                return self._create_twin(replica, operation, root)
            return self._link_held_twin(replica, operation, held, root)

    @contextmanager
    def _copying(self, pair_key: str, root: str):
        """Held while looking for a copy of ``root`` in the target and making one if none. In a triangle both
        directions of a pair may link the same two issues or comments (each side holds a copy of the root): the
        pair's own lease, taken before the root's, lets the second see what the first linked."""
        pair_site, seconds = min(self.route.source.id, self.route.target.id), self.rt.settings.lease_seconds
        with roots.copying(self.rt.db, pair_site, pair_key, seconds), \
                roots.copying(self.rt.db, self.route.target.id, root, seconds):
            yield

    def _link_held_twin(self, replica, operation: CreateIssue, held: tuple[str, str], root: str):
        linked = links.find_issue_link(self.session, self.route.connection.id, self.route.side, replica.issue_id)
        if linked is not None:
            return linked  # by the pair's other direction meanwhile
        if links.find_issue_link(self.session, self.route.connection.id, self.route.other, held[0]):
            self.journal.skipped(f"{held[1]} copies the same original already, and is linked to another issue")
            return None
        link = links.add_issue_link(self.session, self.route.connection.id, self.route.side,
                                    (replica.issue_id, replica.issue_key), held, root)
        self._remember_written(link, operation.written)
        self.journal.applied(history.LINKED_TWIN, held[1], "a copy of the same original, through another connection")
        self.session.commit()
        self._link_remotely(link)
        return link

    def _intent(self, replica) -> tuple[int, str, str]:
        return self.route.connection.id, self.route.side, replica.issue_id

    def _twin_made_before(self, replica):
        """While an intent to create is open, an earlier create may have made the twin and lost Jira's answer.
        Search finds it only once Jira has indexed it, so a twin not found yet is waited for, for a while."""
        opened_at = intents.opened_at(self.session, *self._intent(replica))
        if opened_at is None:
            return None
        link = self._recover_twin(replica)
        if link is None and (utcnow() - opened_at).total_seconds() < self.rt.settings.search_patience_seconds:
            raise TwinNotSearchableYet(self.route.target_project_key)
        return link

    def _create_twin(self, replica, operation: CreateIssue, root: str):
        origin = {"key": self.route.origin(replica.issue_id), "site": self.route.source.base_url,
                  "issueKey": replica.issue_key, "root": root}
        self.journal.attempt(f"read the create screen of {self.route.target_project_key}", self.route.target)
        on_screen = self.rt.metadata.create_fields(self.route.target, self.route.target_project_id,
                                                   operation.fields["issuetype"]["id"])
        later = {name: value for name, value in operation.fields.items()
                 if name not in on_screen and name not in ALWAYS_ON_CREATE}
        intents.open_intent(self.session, *self._intent(replica), origin["key"])
        self.session.commit()  # before the call: if its answer is lost, whoever comes next looks for the twin
        operation = field_writes.make_choices(self, operation, None)
        essential = field_writes.essential_fields(self._target_facts())
        self.journal.attempt(f"create issue in {self.route.target_project_key}", self.route.target)
        try:
            created, refusals = field_writes.write_refusing(
                lambda fields: self.target_api.create_issue(fields, [{"key": ORIGIN_PROPERTY, "value": origin}]),
                {name: value for name, value in operation.fields.items() if name not in later}, essential,
                self.people.instead_of_refused(operation))
        except JiraError as error:
            if intents.surely_not_made(error.verdict):
                intents.close_intent(self.session, *self._intent(replica))
                self.session.commit()
            raise
        link = links.add_issue_link(self.session, self.route.connection.id, self.route.side,
                                    (replica.issue_id, replica.issue_key), (str(created["id"]), created["key"]), root)
        intents.close_intent(self.session, *self._intent(replica))
        self._remember_written(link, operation.written, field_writes.held(operation, refusals))
        self.journal.applied(history.CREATED_ISSUE, created["key"],
                             ", ".join(name for name in operation.written if name not in refusals.refused))
        field_writes.tell_refused(self.journal, created["key"], refusals, self._target_facts())
        # Committed before the remote links: a crash from here on can no longer create a second twin.
        self.session.commit()
        self._set_after_create(link, later)
        self._link_remotely(link)
        return link

    def _set_after_create(self, link, later: dict) -> None:
        """Fields the create screen does not offer, set one by one by an edit; one the edit screen refuses too
        is left out, with a note in the history, rather than failing the whole issue."""
        twin_key = link.issue_key(self.route.other)
        for name, value in later.items():
            self.journal.attempt(f"set {name} of {twin_key}, which its create screen does not offer", self.route.target)
            try:
                self.target_api.edit_issue(link.issue_id(self.route.other), {name: value})
            except JiraError as error:
                if error.verdict.status != 400:
                    raise
                self.journal.skipped(f"{name} not set on {twin_key}: on neither its create nor its edit screen "
                                     f"({error.verdict.message})")

    def _recover_twin(self, replica):
        """The twin an earlier create made, found by its origin property, and linked; None if search finds none."""
        jql = f'issue.property[{ORIGIN_PROPERTY}].key = "{self.route.origin(replica.issue_id)}"'
        self.journal.attempt(f"look for a twin of {self.source_label} in {self.route.target_project_key}",
                             self.route.target)
        found = self.target_api.find_issues(jql, ["summary"])
        if not found:
            return None
        twin = found[0]
        link = links.add_issue_link(self.session, self.route.connection.id, self.route.side,
                                    (replica.issue_id, replica.issue_key), (str(twin["id"]), twin["key"]),
                                    roots.issue_root(self.session, self.route.source, replica.issue_id))
        intents.close_intent(self.session, *self._intent(replica))
        self.journal.applied(history.LINKED_TWIN, twin["key"])
        self.session.commit()
        self._link_remotely(link)  # the crash may have come before them; they are upserts, so no harm if not
        return link

    def _relink_former_twin(self, replica):
        """The twin a deleted connection between the same projects made, linked again (addon.jobs.former_twins),
        with the comments it copied between them; what the twin holds is unknown, so every field is written again,
        and each comment is sent again at its next change."""
        self.journal.attempt(f"look for an earlier twin of {self.source_label} in {self.route.target_project_key}",
                             self.route.source)
        found = former_twins.former_twin(self.source_api, self.target_api, self.route, replica.issue_id)
        if found is None or links.find_issue_link(self.session, self.route.connection.id, self.route.other, found[0]):
            return None
        self.journal.attempt(f"read the comments of {self.source_label} and {found[1]}", self.route.target)
        comments = former_twins.former_comment_pairs(
            (self.route.source.base_url, self.source_api.comments(replica.issue_id)),
            (self.route.target.base_url, self.target_api.comments(found[0])))
        link = links.add_issue_link(self.session, self.route.connection.id, self.route.side,
                                    (replica.issue_id, replica.issue_key), found,
                                    roots.issue_root(self.session, self.route.source, replica.issue_id))
        for where, original, copy, root in comments:
            links.add_comment_link(self.session, link.id, self.route.side if where == "source" else self.route.other,
                                   original, copy, RECOVERED_COPY, root=root)
        self.journal.applied(history.LINKED_TWIN, found[1], "made by an earlier connection between these projects"
                             + (f", with {len(comments)} comment(s) copied between them" if comments else ""))
        self.session.commit()
        self._link_remotely(link)
        return link

    def _link_remotely(self, link) -> None:
        route = self.route
        ends = ((self.source_api, route.source, route.side, route.target, route.other),
                (self.target_api, route.target, route.other, route.source, route.side))
        for api, site, here, twin_site, there in ends:
            key = link.issue_key(there)
            self.journal.attempt(f"link {link.issue_key(here)} to its twin {key}", site)
            api.add_remote_link(link.issue_id(here), f"tandem:{route.connection.id}:{there}:{key}",
                                f"{twin_site.base_url}/browse/{key}", f"Tandem twin {key}")

    def issue_deleted(self) -> None:
        issue_id = str(self.payload["issue"]["id"])
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, issue_id)
        if link is not None and link.unlinked_side is None:
            unlinking.unlink(self, link, deleted_side=self.route.side)

    # -- comments -------------------------------------------------------------------------
    def _comment_context(self):
        """(issue id, its link, comment id, the comment's link); no links for a pair unlinked by a deletion."""
        issue_id = str(self.payload["issue"]["id"])
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, issue_id)
        link = None if link is not None and link.unlinked_side else link
        comment_id = str(self.payload["comment"]["id"])
        clink = links.find_comment_link(self.session, link.id, self.route.side, comment_id) if link else None
        return issue_id, link, comment_id, clink

    def sync_comment(self) -> None:
        issue_id, link, comment_id, clink = self._comment_context()
        if link is None or (clink and links.is_our_copy(clink, self.route.side)):
            return
        comment = self._read_source_comment(issue_id, comment_id)
        source_meta = self._project_facts(self.route.source, self.route.source_project_id,
                                          self.route.source_project_key)
        replica = comment_replica(comment, source_meta.is_service_desk, self.route.outgoing) if comment else None
        if replica is not None and clink is None and self.retried:
            clink = self._recover_comment(link, comment_id)
        last = links.copy_of(clink, self.route.other)
        if replica is None and last is None:
            self.journal.skipped(skips.comment_not_sent(self.route, self.source_label, comment_id, comment,
                                                        source_meta.is_service_desk))
            return
        target = self._project_facts(self.route.target, self.route.target_project_id, self.route.target_project_key)
        self.journal.attempt(f"find the people mentioned in comment {comment_id}", self.route.target)
        replica = comment_with_media_as_links(self.people.comment(replica), self._copies_for_comment(link, replica))
        operations = plan_comment(replica, self.route.incoming, target, last)
        if last is None and not operations:
            self.journal.skipped(skips.comment_not_taken(self.route, replica.visibility))
        for operation in operations:
            if isinstance(operation, AddComment):
                self._copy_comment(link, replica, operation, clink)
            elif isinstance(operation, EditComment):
                self._edit_twin_comment(link, clink, operation)
            elif isinstance(operation, SetCommentVisibility):
                self._set_twin_comment_visibility(link, clink, operation)
            elif isinstance(operation, DeleteComment):
                self._delete_twin_comment(link, clink, operation)

    def _copies_for_comment(self, link, replica):
        """The copies of the files the comment embeds, copied first when it embeds one not copied yet (Jira adds a
        pasted image to the issue before the comment that shows it)."""
        copies = self.attachments.copies(link)
        if replica is None or not self.attachments.sent or embedded_names(replica.body) <= set(copies):
            return copies
        issue = self._read_source_issue(str(self.payload["issue"]["id"]))
        if issue is not None and self.attachments.carry(link, issue):
            copies = self.attachments.copies(link)
        return copies

    def _edit_twin_comment(self, link, clink, operation: EditComment) -> None:
        twin_key = link.issue_key(self.route.other)
        self.journal.attempt(f"edit comment {operation.comment_id} of {twin_key}", self.route.target)
        self.target_api.edit_comment(link.issue_id(self.route.other), operation.comment_id, operation.body)
        links.set_comment_print(clink, self.route.other, operation.fingerprint)
        self.journal.applied(history.EDITED_COMMENT, twin_key, f"comment {operation.comment_id}")

    def _set_twin_comment_visibility(self, link, clink, operation: SetCommentVisibility) -> None:
        twin_key = link.issue_key(self.route.other)
        self.journal.attempt(f"make comment {operation.comment_id} of {twin_key} {operation.visibility}",
                             self.route.target)
        self.target_api.set_comment_property(operation.comment_id, JSM_PUBLIC_PROPERTY,
                                             {"internal": operation.visibility == "internal"})
        links.set_comment_visibility(clink, self.route.other, operation.visibility)
        self.journal.applied(history.EDITED_COMMENT, twin_key,
                             f"comment {operation.comment_id} made {operation.visibility}")

    def _read_source_comment(self, issue_id: str, comment_id: str) -> dict | None:
        self.journal.attempt(f"read comment {comment_id} of {self.source_label}", self.route.source)
        try:
            return self.source_api.get_comment(issue_id, comment_id)
        except JiraError as error:
            if error.verdict.status == 404:
                return None
            raise

    def _comment_origin(self, comment_id: str) -> str:
        return f"{self.route.connection.id}:{self.route.side}:comment:{comment_id}"

    def _copy_comment(self, link, replica, operation: AddComment, withdrawn) -> None:
        """A copy of the comment, unless the twin holds its original or a copy of it already (addon.jobs.roots).
        ``withdrawn``: the comment link of a copy withdrawn earlier, which the new copy takes over."""
        root = roots.comment_root(self.session, self.route.source, replica.comment_id)
        if self.target_is_sole:  # no other connection copies into the target: no copy of the root can be there
            self._add_twin_comment(link, replica, operation, withdrawn, root)
            return
        self.session.commit()  # as in _copy_issue
        with self._copying(f"pair {link.id}", root):
            if withdrawn is None and links.find_comment_link(self.session, link.id, self.route.side,
                                                             replica.comment_id) is not None:
                return  # linked by the pair's other direction meanwhile
            held = roots.comment_holding(self.session, root, self.route.target.id, link.issue_id(self.route.other))
            if held is None:
                self._add_twin_comment(link, replica, operation, withdrawn, root)
            else:
                links.add_comment_link(self.session, link.id, self.route.side, replica.comment_id, held,
                                       operation.fingerprint, operation.visibility, withdrawn, root)
                self.journal.applied(history.LINKED_TWIN, link.issue_key(self.route.other),
                                     f"comment {held}, a copy of the same original through another connection")
            self.session.commit()  # under the lease: the next connection to copy this comment here sees it

    def _add_twin_comment(self, link, replica, operation: AddComment, withdrawn, root: str) -> None:
        comment_id = replica.comment_id
        origin = {"key": self._comment_origin(comment_id), "root": root, "author": replica.author,
                  "created": replica.created.strftime(JIRA_TIME) if replica.created else None,
                  "enriched": self.route.incoming["comments"]["enriched"]}
        properties = [{"key": ORIGIN_PROPERTY, "value": origin}]
        if operation.visibility != "standard":
            properties.append({"key": JSM_PUBLIC_PROPERTY, "value": {"internal": operation.visibility == "internal"}})
        twin_key = link.issue_key(self.route.other)
        self.journal.attempt(f"add comment to {twin_key}", self.route.target)
        try:
            created = self.target_api.add_comment(link.issue_id(self.route.other), operation.body, properties)
        except JiraError as error:
            if not unlinking.is_gone(error):  # the twin's comments answer 404 only for an issue that is gone
                raise
            unlinking.unlink(self, link, deleted_side=self.route.other)
            return
        links.add_comment_link(self.session, link.id, self.route.side, comment_id, str(created["id"]),
                               operation.fingerprint, operation.visibility, withdrawn, root)
        self.journal.applied(history.ADDED_COMMENT, twin_key, f"{operation.visibility} comment {created['id']}")

    def _recover_comment(self, link, comment_id: str):
        origin = self._comment_origin(comment_id)
        self.journal.attempt(f"look for a copy of comment {comment_id} on {link.issue_key(self.route.other)}",
                             self.route.target)
        for comment in self.target_api.comments(link.issue_id(self.route.other)):
            for prop in comment.get("properties") or []:
                if prop.get("key") == ORIGIN_PROPERTY and (prop.get("value") or {}).get("key") == origin:
                    return links.add_comment_link(self.session, link.id, self.route.side, comment_id,
                                                  str(comment["id"]), RECOVERED_COPY)
        return None

    def delete_comment(self) -> None:
        _, link, _, clink = self._comment_context()
        if clink and links.is_our_copy(clink, self.route.side):
            return
        for operation in plan_comment_deletion(links.copy_of(clink, self.route.other)):
            self._delete_twin_comment(link, clink, operation)

    def _delete_twin_comment(self, link, clink, operation: DeleteComment) -> None:
        twin_key, comment_id = link.issue_key(self.route.other), operation.comment_id
        self.journal.attempt(f"delete comment {comment_id} of {twin_key}", self.route.target)
        try:
            self.target_api.delete_comment(link.issue_id(self.route.other), comment_id)
        except JiraError as error:
            if error.verdict.status != 404:  # a 404: the copy is gone already, as wanted
                raise
        clink.deleted = True
        why = f", withdrawn: side {self.route.side.upper()} no longer sends its original" if operation.withdrawn else ""
        self.journal.applied(history.DELETED_COMMENT, twin_key, f"comment {comment_id}{why}")
