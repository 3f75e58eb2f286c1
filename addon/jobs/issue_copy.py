"""Carrying an issue across one route: read it, plan, create or update its twin (or link one that exists), and
unlink the pair when either issue is deleted. A part of ``addon.jobs.sync_event.EventSync``, which holds the route,
the session, both sites' APIs and the journal.
"""
from __future__ import annotations

from dataclasses import replace

from addon.connectors.jira import JiraError, Kind, Verdict
from addon.db import history
from addon.db.base import utcnow
from addon.jobs import field_writes, former_twins, intents, links, parents, roots, skips, unlinking
from addon.jobs.links import RECOVERED_COPY
from addon.jobs.status_sync import carry_status
from addon.sync.attachments import embedded_in_issue, issue_with_media_as_links
from addon.sync.planner import CreateIssue, UpdateIssue, echo_of, plan_issue, without_parent
from addon.sync.replica import ORIGIN_PROPERTY, issue_replica

# Sent with the create whatever the create screen says: Jira needs them to know what the issue is.
ALWAYS_ON_CREATE = ("project", "issuetype", "parent")
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
            f"an earlier attempt may have created its copy in {project_key}, which Jira's search does not show yet; "
            "looking again before creating one")))


class IssueSync:
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
                self.journal.skipped(f"its synced issue {link.issue_key(link.unlinked_side)} was deleted: the two are no longer synced")
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
        replica = self._with_media_as_links(mapped, link)
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

    def _with_media_as_links(self, mapped, link):
        """Its images as links to their copies; the copies are read only for an issue that shows images, which
        most do not."""
        return issue_with_media_as_links(mapped, self.attachments.copies(link)) if embedded_in_issue(mapped) else mapped

    def _link_embedded_images(self, link, mapped, target) -> None:
        """Images of the description (and other rich text) whose files were copied just now: linked to the copies,
        which did not exist when the text was written."""
        replica = self._with_media_as_links(mapped, link)
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
            self.journal.skipped(f"sub-task {replica.issue_key} not created: its parent is not synced to "
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
        from addon.jobs.synthetic import issue_reference, queue_event, synthetic_event  # it imports sync_event, which imports us
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
        self.journal.attempt(f"look for the copy of {self.source_label} in {self.route.target_project_key}",
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
        self.journal.attempt(f"look for an earlier copy of {self.source_label} in {self.route.target_project_key}",
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
            self.journal.attempt(f"link {link.issue_key(here)} to its synced issue {key}", site)
            api.add_remote_link(link.issue_id(here), f"tandem:{route.connection.id}:{there}:{key}",
                                f"{twin_site.base_url}/browse/{key}", f"Synced by Tandem: {key}")

    def issue_deleted(self) -> None:
        issue_id = str(self.payload["issue"]["id"])
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, issue_id)
        if link is not None and link.unlinked_side is None:
            unlinking.unlink(self, link, deleted_side=self.route.side)
