"""Changes to issues and comments, each with the webhooks Jira fires for it.

People (the test helpers) and the app (REST calls) change things through here, so both fire the
same webhooks; only ``actor`` differs (for REST calls, the app's own user, as in Jira).
Callers hold the state's lock: the webhooks are queued in the order of the changes.
"""
from . import payloads
from .links import Links
from .model import Comment, Issue, Project, User
from .outbox import WebhookOutbox
from .state import SiteState
from .workflows import TRANSITION_EVENT


class Activity:
    def __init__(self, state: SiteState, base_url: str, outbox: WebhookOutbox):
        self._state = state
        self._outbox = outbox
        self._links = Links(base_url, api_version="2")  # webhooks are built by Jira's v2 serializers
        # The X-Atlassian-Webhook-Trace of the REST call being answered (set under the state's lock by the
        # gateway): Jira sends it back on every webhook the call causes.
        self.trace: str | None = None

    def create_issue(self, project: Project, values: dict, actor: User, properties=None, settable=None) -> Issue:
        """``settable``: see :meth:`SiteState.create_issue`."""
        issue = self._state.create_issue(project, values, actor, properties, settable)
        self._issue_event("jira:issue_created", "issue_created", issue, actor)
        return issue

    def update_issue(self, issue: Issue, values: dict, actor: User, settable=None) -> list:
        """Fires ``jira:issue_updated`` with the changelog, or nothing when no value really changed."""
        changes = self._state.update_issue(issue, values, settable)
        if changes:
            changelog = payloads.changelog(
                self._state.next_id(),
                [(self._state.fields[field_id], old, new) for field_id, old, new in changes],
            )
            self._issue_event("jira:issue_updated", "issue_updated", issue, actor, changelog=changelog)
        return changes

    def transition_issue(self, issue: Issue, transition, values: dict, actor: User) -> list:
        """A workflow transition: ``jira:issue_updated`` with the status (and resolution) in its changelog."""
        changes = self._state.transition_issue(issue, transition, values)
        changelog = payloads.changelog(
            self._state.next_id(), [(self._state.fields[field_id], old, new) for field_id, old, new in changes])
        self._issue_event("jira:issue_updated", TRANSITION_EVENT, issue, actor, changelog=changelog)
        return changes

    def delete_issue(self, issue: Issue, actor: User) -> None:
        """``jira:issue_deleted``, then (Jira's secondary flow) ``comment_deleted`` for each of its comments."""
        self._issue_event("jira:issue_deleted", "issue_deleted", issue, actor)
        for comment in issue.comments:
            self._outbox.put("comment_deleted",
                             payloads.comment_event("comment_deleted", issue, comment, self._state.fields, self._links),
                             self.trace)
        self._state.delete_issue(issue)

    def add_comment(self, issue: Issue, actor: User, body: dict, properties=None, visibility=None) -> Comment:
        comment = self._state.add_comment(issue, actor, body, properties, visibility)
        self._comment_events("comment_created", "issue_commented", issue, comment, actor)
        return comment

    def edit_comment(self, issue: Issue, comment: Comment, actor: User, body: dict, visibility=None) -> None:
        self._state.edit_comment(issue, comment, actor, body, visibility)
        self._comment_events("comment_updated", "issue_comment_edited", issue, comment, actor)

    def set_comment_visibility(self, issue: Issue, comment: Comment, actor: User, visibility: dict | None,
                               internal: bool | None = None) -> None:
        """Jira tells a change of a comment's visibility as an edit of the comment."""
        self._state.set_comment_visibility(issue, comment, actor, visibility, internal)
        self._comment_events("comment_updated", "issue_comment_edited", issue, comment, actor)

    def delete_comment(self, issue: Issue, comment: Comment, actor: User) -> None:
        self._state.delete_comment(issue, comment)
        self._comment_events("comment_deleted", "issue_comment_deleted", issue, comment, actor)

    def _issue_event(self, event: str, type_name: str, issue: Issue, actor: User, **extra) -> None:
        fields = list(self._state.fields_of(issue.project).values())
        self._outbox.put(event, payloads.issue_event(event, type_name, issue, fields, actor, self._links, **extra),
                         self.trace)

    def _comment_events(self, event: str, type_name: str, issue: Issue, comment: Comment, actor: User) -> None:
        """Jira fires the comment event and an issue update naming the comment change."""
        self._outbox.put(event, payloads.comment_event(event, issue, comment, self._state.fields, self._links),
                         self.trace)
        fields = list(self._state.fields_of(issue.project).values())
        self._outbox.put(
            "jira:issue_updated",
            payloads.commented_issue_event(type_name, issue, fields, actor, comment, self._links),
            self.trace,
        )
