"""Sub-tasks need a parent one level up; an admin may take fields off a project's create screen."""
from .app_client import AppClient

ISSUE = "/rest/api/3/issue"


def create(as_app, issue_type, **fields):
    body = {"fields": {"project": {"key": "WORK"}, "issuetype": {"name": issue_type}, "summary": "x", **fields}}
    return as_app.post(ISSUE, json=body)


def test_a_sub_task_is_created_under_a_parent_of_its_project(installed_site, as_app):
    installed_site.add_project("WORK", issue_types=("Task", "Sub-task"))
    parent = create(as_app, "Task").json()

    orphan = create(as_app, "Sub-task")
    child = create(as_app, "Sub-task", parent={"key": parent["key"]})
    grandchild = create(as_app, "Sub-task", parent={"id": child.json()["id"]})
    task_under_task = create(as_app, "Task", parent={"id": parent["id"]})

    assert orphan.status_code == 400 and "parent" in orphan.json()["errors"]
    assert child.status_code == 201
    assert grandchild.status_code == 400 and task_under_task.status_code == 400
    shown = as_app.get(f"{ISSUE}/{child.json()['key']}", fields="parent,issuetype").json()["fields"]
    assert shown["parent"]["key"] == parent["key"] and shown["issuetype"]["subtask"] is True


def test_a_field_taken_off_the_create_screen_is_refused_on_create_only(installed_site, as_app):
    installed_site.add_project("WORK", issue_types=("Task",))
    installed_site.remove_from_create_screen("WORK", "labels")
    [task] = as_app.get(f"{ISSUE}/createmeta/WORK/issuetypes").json()["issueTypes"]
    offered = [field["fieldId"] for field in
               as_app.get(f"{ISSUE}/createmeta/WORK/issuetypes/{task['id']}").json()["fields"]]

    refused = create(as_app, "Task", labels=["x"])
    created = create(as_app, "Task").json()
    edited = AppClient(installed_site).put(f"{ISSUE}/{created['id']}", json={"fields": {"labels": ["x"]}})

    assert "labels" not in offered and "summary" in offered
    assert refused.status_code == 400 and "labels" in refused.json()["errors"]
    assert edited.status_code == 204
