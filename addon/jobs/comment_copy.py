"""Carrying a comment across one route: copy it (or link a copy that exists), edit its copy, change its copy's
visibility, withdraw or delete it. A part of ``addon.jobs.sync_event.EventSync``, which holds the route, the
session, both sites' APIs and the journal.
"""
from __future__ import annotations

from addon.connectors.jira import JiraError
from addon.db import history
from addon.jobs import links, roots, skips, unlinking
from addon.jobs.links import RECOVERED_COPY
from addon.sync.attachments import comment_with_media_as_links, embedded_names
from addon.sync.planner import AddComment, DeleteComment, EditComment, SetCommentVisibility, plan_comment, \
    plan_comment_deletion
from addon.sync.replica import JIRA_TIME, JSM_PUBLIC_PROPERTY, ORIGIN_PROPERTY, comment_replica


class CommentSync:
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
        pasted image to the issue before the comment that shows it). Nothing is read for a comment without images."""
        embedded = embedded_names(replica.body) if replica is not None else set()
        if not embedded:
            return {}
        copies = self.attachments.copies(link)
        if not self.attachments.sent or embedded <= set(copies):
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
        root = roots.comment_root(self.session, self.route.source, replica)
        if not self.route.target_shared:  # no other connection copies into the target: no copy of the root can be there
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
