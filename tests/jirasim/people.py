"""What the site's people and admins do in Jira's UI, as test helpers (a part of ``SimSite``).

Each change fires the webhooks Jira would, and returns once they are delivered, so a test sees
them at once. The helpers answer what the REST API would show of the result (dicts), not the
site's own objects; they take names where a person would pick from a list (issue types, request
types, priorities) and plain text where Jira's editor would make ADF.
"""
from . import adf, choices
from .links import Links
from .model import (
    SERVICE_DESK_ISSUE_TYPES, SERVICE_DESK_REQUEST_TYPES, SOFTWARE_ISSUE_TYPES, Issue, Priority, Project, User,
    restriction,
)
from .views import SD_PUBLIC_COMMENT, comment_json, component_json, issue_json, project_json, version_json
from .workflows import directed_workflow

DEFAULT_ISSUE_TYPES = {"software": SOFTWARE_ISSUE_TYPES, "service_desk": SERVICE_DESK_ISSUE_TYPES}


class PeopleActions:
    """Uses the site's ``state``, ``activity``, ``outbox``, ``admin`` and ``base_url``."""

    # --- administration -----------------------------------------------------------------------

    def add_user(self, display_name: str, account_id: str | None = None, **attributes) -> User:
        with self.state.lock:
            return self.state.add_user(display_name, account_id, **attributes)

    def add_customer(self, project_key: str, display_name: str, email: str, email_visible: bool = True) -> User:
        """A portal-only account of the service desk's customers (JSM), as one who raised a request by e-mail."""
        with self.state.lock:
            desk = self.state.require_project(project_key).service_desk
            if desk is None:
                raise ValueError(f"{project_key} is not a service desk project")
            customer = self.state.add_user(display_name, account_type="customer", email=email,
                                           email_visible=email_visible)
            desk.customers.add(customer.account_id)
            return customer

    def set_email_visibility(self, user: User, visible: bool) -> None:
        """The user changes who may see their e-mail address in their profile."""
        with self.state.lock:
            user.email_visible = visible

    def withhold_assignable(self, project_key: str, user: User) -> None:
        """An admin takes the user out of the project's roles that hold Assignable User: Jira then refuses them as
        an assignee there ("User '...' cannot be assigned issues.")."""
        with self.state.lock:
            self.state.require_project(project_key).not_assignable.add(user.account_id)

    def deactivate_user(self, user: User) -> None:
        """A site admin deactivates the account: it stays on the issues it is on, and no field may be set to it."""
        with self.state.lock:
            user.active = False

    def add_project(
        self, key: str, name: str | None = None, type: str = "software", issue_types=None, lead: User | None = None,
        admins=None, request_types=None,
    ) -> dict:
        """A project as ``GET /project`` shows it. ``type``: "software" or "service_desk".

        ``admins``: users (or account ids) holding ADMINISTER_PROJECTS (default: the site admin).
        ``request_types``: (name, issue type name) pairs of a service desk (default: JSM's IT set).
        """
        default_request_types = SERVICE_DESK_REQUEST_TYPES if type == "service_desk" else ()
        with self.state.lock:
            project = self.state.add_project(
                key, name or key, type, issue_types or DEFAULT_ISSUE_TYPES[type], lead or self.admin,
                [_account_id(admin) for admin in (admins if admins is not None else [self.admin])],
                default_request_types if request_types is None else request_types,
            )
            return project_json(project, Links(self.base_url))

    def grant_project_admin(self, project_key: str, user) -> None:
        """``user``: a user or an account id."""
        with self.state.lock:
            self.state.require_project(project_key).admins.add(_account_id(user))

    def remove_from_create_screen(self, project_key: str, field_id: str) -> None:
        """An admin takes the field off the project's create screen: REST may set it only by an edit."""
        with self.state.lock:
            self.state.require_project(project_key).hidden_on_create.add(field_id)

    def set_workflow(self, project_key: str, name: str, statuses, transitions, issue_types=None) -> None:
        """Gives the project (or only ``issue_types`` of it) a workflow of its own. ``statuses``: names, or
        (name, category key) for a status the site does not have yet; the first is where issues start.
        ``transitions``: (name, source status names or None for "from any status", target name, required field
        ids). Issues already in a status the new workflow lacks stay there until moved."""
        with self.state.lock:
            project = self.state.require_project(project_key)
            made = [self.state.status(*((entry,) if isinstance(entry, str) else entry)) for entry in statuses]
            workflow = directed_workflow(self.state.next_id(), name, made, transitions)
            for issue_type in issue_types or ["*"]:
                self.state.workflows[(project.id, issue_type)] = workflow

    def refuse_workflow_reads(self, refused: bool = True) -> None:
        """The app may not read workflows (its user lost Jira administration, or it lacks the scope)."""
        with self.state.lock:
            self.state.workflows_readable = not refused

    def add_custom_field(self, name: str, kind: str = "text", options=()) -> str:
        """A custom field in every project's context and screens; ``kind``: one of ``fields.CUSTOM_FIELD_KINDS``
        (text, paragraph (ADF), number, date, datetime, url, select, multi-select, cascading, checkboxes, radio,
        labels, user (a user picker), multiuser). ``options``: values, or for a cascading select (parent, [children]) pairs. Returns its id."""
        with self.state.lock:
            return self.state.add_custom_field(name, kind, options).id

    def add_component(self, project_key: str, name: str) -> dict:
        with self.state.lock:
            return component_json(choices.add_component(self.state, self.state.require_project(project_key), name),
                                  Links(self.base_url))

    def add_version(self, project_key: str, name: str, released: bool = False) -> dict:
        with self.state.lock:
            version = choices.add_version(self.state, self.state.require_project(project_key), name, released)
            return version_json(version, Links(self.base_url))

    def set_priorities(self, names) -> None:
        """The site's priorities, replaced (an admin renamed or removed some); the default stays Medium if kept."""
        with self.state.lock:
            self.state.priorities = [Priority(str(number), name) for number, name in enumerate(names, start=1)]

    # --- issues -------------------------------------------------------------------------------

    def create_issue(
        self, project_key: str, issue_type: str, summary: str, description=None, user=None,
        request_type: str | None = None, properties=None, **fields,
    ) -> dict:
        """``fields`` by field id (names or ids for choices); ``request_type`` by name or id makes the
        issue a customer request (as one raised on the portal); ``properties``: {key: value}."""
        actor = self._user(user)
        values = {"summary": summary, "issuetype": issue_type, "description": _document(description), **fields}
        with self.state.lock:
            project = self.state.require_project(project_key)
            if request_type is not None:
                values[self.state.request_type_field_id] = self._request_type(project, request_type)
            issue = self.activity.create_issue(project, values, actor, properties)
            shown = self._issue_view(issue)
        self.outbox.flush()
        return shown

    def update_issue(self, key_or_id: str, user=None, request_type: str | None = None, **fields) -> dict:
        """Sets fields by id; fires ``jira:issue_updated`` with the changelog if anything changed."""
        actor = self._user(user)
        if "description" in fields:
            fields["description"] = _document(fields["description"])
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            if request_type is not None:
                fields[self.state.request_type_field_id] = self._request_type(issue.project, request_type)
            self.activity.update_issue(issue, fields, actor)
            shown = self._issue_view(issue)
        self.outbox.flush()
        return shown

    def transition_issue(self, key_or_id: str, status: str, user=None, **fields) -> dict:
        """A person moves the issue to ``status`` by the transition the workflow offers from where it is (with
        ``fields`` for its screen, e.g. resolution="Won't Do"); raises ValueError when none leads there."""
        actor = self._user(user)
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            workflow = self.state.workflow_of(issue.project, issue.fields["issuetype"])
            transition = next((t for t in workflow.available_from(issue.fields["status"]) if t.to.name == status),
                              None)
            if transition is None:
                raise ValueError(f"{issue.key}: no transition from {issue.fields['status'].name!r} to {status!r}")
            if transition.required and not fields:
                fields = {field_id: {"name": "Done"} for field_id in transition.required}
            self.activity.transition_issue(issue, transition, fields, actor)
            shown = self._issue_view(issue)
        self.outbox.flush()
        return shown

    def delete_issue(self, key_or_id: str, user=None) -> None:
        actor = self._user(user)
        with self.state.lock:
            self.activity.delete_issue(self.state.require_issue(key_or_id), actor)
        self.outbox.flush()

    def set_issue_property(self, key_or_id: str, property_key: str, value) -> None:
        with self.state.lock:
            self.state.require_issue(key_or_id).properties[property_key] = value

    # --- comments -----------------------------------------------------------------------------

    def add_comment(self, key_or_id: str, body, user=None, internal: bool = False, restricted_to=None) -> dict:
        """``body`` may be ADF or plain text; ``internal``: an agent's internal note (JSM); ``restricted_to``:
        ("role", name) or ("group", name), who alone may see it. Fires ``comment_created`` and an
        ``issue_commented`` update."""
        actor = self._user(user)
        properties = {SD_PUBLIC_COMMENT: {"internal": True}} if internal else None
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            visibility = restriction(issue.project, *restricted_to) if restricted_to else None
            comment = self.activity.add_comment(issue, actor, _document(body), properties, visibility)
            shown = comment_json(issue, comment, Links(self.base_url))
        self.outbox.flush()
        return shown

    def edit_comment(self, key_or_id: str, comment_id: str, body, user=None) -> dict:
        actor = self._user(user)
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            comment = self._comment(issue, comment_id)
            self.activity.edit_comment(issue, comment, actor, _document(body))
            shown = comment_json(issue, comment, Links(self.base_url))
        self.outbox.flush()
        return shown

    def set_comment_visibility(self, key_or_id: str, comment_id: str, visibility, user=None) -> dict:
        """Who may see the comment from now on: "public" or "internal" (JSM: shared with the customer or not,
        and no restriction), or ("role", name) / ("group", name). Fires ``comment_updated``."""
        actor = self._user(user)
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            comment = self._comment(issue, comment_id)
            if visibility in ("public", "internal"):
                internal = (visibility == "internal") if issue.project.is_service_desk else None
                self.activity.set_comment_visibility(issue, comment, actor, None, internal)
            else:
                self.activity.set_comment_visibility(issue, comment, actor, restriction(issue.project, *visibility))
            shown = comment_json(issue, comment, Links(self.base_url))
        self.outbox.flush()
        return shown

    def delete_comment(self, key_or_id: str, comment_id: str, user=None) -> None:
        actor = self._user(user)
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            self.activity.delete_comment(issue, self._comment(issue, comment_id), actor)
        self.outbox.flush()

    # --- lookups ------------------------------------------------------------------------------

    def _user(self, user) -> User:
        if user is None:
            return self.admin
        if isinstance(user, User):
            return user
        return self.state.users[user]

    @staticmethod
    def _comment(issue: Issue, comment_id: str):
        comment = issue.comment(comment_id)
        if comment is None:
            raise KeyError(f"no comment {comment_id} on {issue.key}")
        return comment

    def _request_type(self, project: Project, name_or_id: str):
        if project.service_desk is None:
            raise ValueError(f"{project.key} is not a service desk project")
        for request_type in project.service_desk.request_types:
            if name_or_id in (request_type.name, request_type.id):
                return request_type
        raise KeyError(f"no request type {name_or_id!r} in {project.key}")

    def _issue_view(self, issue: Issue) -> dict:
        return issue_json(issue, list(self.state.fields_of(issue.project).values()), Links(self.base_url))


def _document(value):
    """Test helpers take plain text where Jira's editor would produce ADF."""
    return adf.text_document(value) if isinstance(value, str) else value


def _account_id(user) -> str:
    return user.account_id if isinstance(user, User) else user
