"""Issue search: ``GET``/``POST /rest/api/3/search/jql``, Jira's token-paged search, over ``jql``'s subset.

Searched as Jira's index holds the issues (``search_index``: it may lag behind them). As in Jira: the query
must be bounded (have a restriction), issues come with only their ``id`` unless ``fields`` are asked for, and a
``nextPageToken`` is given while more pages remain.
"""
import base64
import operator
from zoneinfo import ZoneInfo

from .call import Call, JiraError
from .jql import DATE_FIELDS, Clause, JqlError, Query, parse
from .model import Issue
from .views import issue_json, select_fields

DEFAULT_PAGE = 50
MAX_PAGE = 5000
UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def search_get(call: Call):
    return _search(
        call, call.arg("jql", ""), call.arg("nextPageToken"), call.int_arg("maxResults", DEFAULT_PAGE),
        call.listed("fields"), call.listed("properties"),
    )


def search_post(call: Call):
    body = call.body() or {}
    return _search(
        call, body.get("jql", ""), body.get("nextPageToken"), body.get("maxResults", DEFAULT_PAGE),
        body.get("fields") or [], body.get("properties") or [],
    )


def _search(call: Call, jql: str, page_token, max_results: int, fields: list[str], property_keys: list[str]):
    index, aliases = _property_index(call.site)
    known = {name.lower() for f in call.state.fields.values() for name in (f.id, f.name)}
    try:
        query = parse(jql, aliases, known)
        if not query.clauses:
            raise JqlError(UNBOUNDED)
        predicates = _predicates(call, query, index)
    except JqlError as error:
        raise JiraError(400, [str(error)]) from None
    indexed = (call.site.search_index.as_indexed(issue) for issue in call.state.issues.values())
    found = [call.state.issues[issue.id] for issue in indexed
             if issue is not None and all(test(issue) for test in predicates)]
    found.sort(key=lambda issue: _sort_key(issue, query))
    start = _offset(page_token)
    size = min(max_results, MAX_PAGE)
    page, is_last = found[start:start + size], start + size >= len(found)
    shown = {"issues": [_issue(call, issue, fields, property_keys) for issue in page], "isLast": is_last}
    if not is_last:
        shown["nextPageToken"] = base64.urlsafe_b64encode(f"offset:{start + size}".encode()).decode()
    return 200, shown


def _issue(call: Call, issue: Issue, fields: list[str], property_keys: list[str]) -> dict:
    if not fields or fields == ["id"]:
        return {"id": issue.id}
    chosen = select_fields(call.state.fields_of(issue.project), fields, default="*navigable")
    return issue_json(issue, chosen, call.links, property_keys)


def _property_index(site) -> tuple[dict, dict]:
    """What the installed apps' ``jiraEntityProperties`` modules index for issues:
    {(property key, path): type} and {alias: (property key, path)}."""
    index, aliases = {}, {}
    modules = site.indexed_entity_properties()
    for module in modules:
        if module.get("entityType", "issue") != "issue":
            continue
        for configuration in module.get("keyConfigurations", []):
            for extraction in configuration.get("extractions", []):
                place = (configuration["propertyKey"], extraction["objectName"])
                index[place] = extraction.get("type", "string")
                if extraction.get("alias"):
                    aliases[extraction["alias"]] = place
    return index, aliases


def _predicates(call: Call, query: Query, index: dict) -> list:
    """One test per clause; the values are resolved first, so an unknown project is an error
    even where no issue would be looked at."""
    predicates = []
    for clause in query.clauses:
        if clause.field == "property":
            predicates.append(_property_test(clause, index))
            continue
        if clause.field in DATE_FIELDS.values():
            predicates.append(_date_test(clause, ZoneInfo(call.actor.time_zone)))
            continue
        if clause.field == "project":
            wanted = {_project(call, value).id for value in clause.values}
            test = (lambda issue, wanted=wanted: issue.project.id in wanted)
        else:
            wanted = {_known_issue(call, value).id for value in clause.values}
            test = (lambda issue, wanted=wanted: issue.id in wanted)
        predicates.append((lambda issue, test=test: not test(issue)) if clause.negated else test)
    return predicates


def _property_test(clause: Clause, index: dict):
    """Issues without the (indexed) value match neither ``=`` nor ``!=``, as in Jira."""
    place = (clause.property_key, clause.property_path)
    kind = index.get(place)

    def test(issue: Issue) -> bool:
        actual = _extract(issue.properties.get(clause.property_key), clause.property_path)
        if kind is None or actual is None:
            return False
        return any(_same(actual, value, kind) for value in clause.values) != clause.negated

    return test


def _date_test(clause: Clause, zone: ZoneInfo):
    """As in Jira, the date is read in the time zone of the user who searches."""
    bound, compare = clause.moment.replace(tzinfo=zone), COMPARE[clause.comparison]
    return lambda issue: compare(issue.fields[clause.field], bound)


def _extract(value, path: str):
    for step in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def _same(actual, wanted: str, kind: str) -> bool:
    if kind == "number":
        try:
            return float(actual) == float(wanted)
        except (TypeError, ValueError):
            return False
    return str(actual) == wanted


def _project(call: Call, value: str):
    project = call.state.find_project(value) or next(
        (p for p in call.state.projects.values() if p.name.lower() == value.lower()), None
    )
    if project is None:
        raise JqlError(f"The value '{value}' does not exist for the field 'project'.")
    return project


def _known_issue(call: Call, value: str) -> Issue:
    issue = call.state.find_issue(value)
    if issue is None:
        raise JqlError(f"An issue with key '{value}' does not exist for field 'key'.")
    return issue


def _sort_key(issue: Issue, query: Query) -> tuple:
    """ORDER BY as asked, newest first without one; remaining ties broken by id."""
    order = query.order or (("created", True), ("id", True))
    values = []
    for field, descending in order:
        if field == "key":
            value = (issue.project.key, int(issue.key.rsplit("-", 1)[1]))
        elif field == "id":
            value = int(issue.id)
        else:
            value = issue.fields[field].timestamp()
        values.append(_Reversed(value) if descending else value)
    return (*values, int(issue.id))


class _Reversed:
    """Sorts its value in descending order within an otherwise ascending key."""

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


def _offset(page_token) -> int:
    if not page_token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(page_token.encode()).decode().removeprefix("offset:"))
    except ValueError:
        raise JiraError(400, ["The nextPageToken is not valid."]) from None
