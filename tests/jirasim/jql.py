"""The subset of JQL the simulator understands: what Tandem searches with, and a little more.

    clause [AND clause]... [ORDER BY field [ASC|DESC], ...]
    clause := field (= | !=) value  |  field [NOT] IN (value, ...)  |  date (> | >= | < | <=) "yyyy/MM/dd HH:mm"
    field  := project | key | issuekey | issue | id | issue.property[KEY].path | an indexed alias
    date   := created | createdDate | updated | updatedDate

Entity properties are searchable only where an app's ``jiraEntityProperties`` module indexes them
(as in Jira, an unindexed property matches nothing). A date may also be written yyyy-MM-dd HH:mm,
or without the time (midnight); as in Jira it is read in the searching user's time zone, which the
search applies (the parsed ``moment`` has none). What Jira accepts but the simulator does not (OR,
relative dates such as -5d, other fields or operators) is refused with a message saying so.
"""
import re
from dataclasses import dataclass, replace
from datetime import datetime

TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<op>!=|!~|>=|<=|[=~<>(),])"""
    r"""|(?P<word>[\w.\-\[\]*]+))"""
)
ISSUE_FIELDS = ("key", "issuekey", "issue", "id")
ORDERABLE = {"key": "key", "issuekey": "key", "id": "id", "created": "created", "updated": "updated"}
PROPERTY_FIELD = re.compile(r"^issue\.property\[(?P<key>[^\]]+)\]\.(?P<path>[\w.]+)$")
DATE_FIELDS = {"created": "created", "createddate": "created", "updated": "updated", "updateddate": "updated"}
DATE_COMPARISONS = (">", ">=", "<", "<=")
DATE_FORMATS = ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
RELATIVE_DATE = re.compile(r"^[-+]?\s*(\d+\s*[yMwdhm]\s*)+$")


class JqlError(ValueError):
    """The error message Jira would answer (400) for the query."""


@dataclass(frozen=True)
class Clause:
    field: str  # "project", "issue", "property", or a date: "created" or "updated"
    values: tuple[str, ...]
    negated: bool
    property_key: str | None = None
    property_path: str | None = None
    comparison: str | None = None  # a date clause's operator, one of DATE_COMPARISONS
    moment: datetime | None = None  # a date clause's date, without a time zone


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]
    order: tuple[tuple[str, bool], ...]  # (field, descending)


@dataclass(frozen=True)
class Token:
    kind: str  # "string" | "op" | "word"
    text: str
    position: int

    @property
    def value(self) -> str:
        if self.kind == "string":
            return re.sub(r"\\(.)", r"\1", self.text[1:-1])
        return self.text

    def keyword(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def parse(jql: str, aliases: dict[str, tuple[str, str]], known_fields: set[str]) -> Query:
    """``aliases``: alias -> (property key, path) of indexed properties; ``known_fields``: the
    names Jira would know but the simulator does not search by (for the message)."""
    return _Parser(_tokens(jql), aliases, known_fields).query()


def _tokens(jql: str) -> list[Token]:
    tokens, position = [], 0
    while jql[position:].strip():
        match = TOKEN.match(jql, position)
        if match is None or match.end() == position:
            raise JqlError(f"Error in the JQL Query: The character '{jql[position:].strip()[0]}' is a reserved "
                           f"JQL character. (line 1, character {position + 1})")
        kind = match.lastgroup
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token], aliases, known_fields):
        self._tokens = tokens
        self._at = 0
        self._aliases = aliases
        self._known = known_fields

    def query(self) -> Query:
        clauses = []
        if self._peek() and not self._peek().keyword("ORDER"):
            clauses.append(self._clause())
            while self._peek() and self._peek().keyword("AND"):
                self._next()
                clauses.append(self._clause())
        order = self._order() if self._peek() and self._peek().keyword("ORDER") else ()
        if self._peek():
            token = self._peek()
            if token.keyword("OR", "NOT"):
                raise JqlError(f"jirasim does not support {token.text.upper()} in JQL")
            raise self._expected("'AND', 'OR' or 'ORDER BY'", token)
        return Query(tuple(clauses), order)

    def _clause(self) -> Clause:
        token = self._next("a field name")
        if token.kind == "op" and token.text == "(":
            raise JqlError("jirasim does not support parentheses around JQL clauses")
        target = self._target(token.value)
        operator = self._next("an operator")
        if target.field in DATE_FIELDS.values():
            return self._date_clause(target, token.value, operator)
        if operator.keyword("NOT") and self._peek() and self._peek().keyword("IN"):
            self._next()
            return replace(target, values=self._list(), negated=True)
        if operator.keyword("IN"):
            return replace(target, values=self._list())
        if operator.kind != "op" or operator.text not in ("=", "!="):
            raise JqlError(f"jirasim does not support the operator '{operator.text}' in JQL")
        return replace(target, values=(self._value(),), negated=operator.text == "!=")

    def _date_clause(self, target: Clause, field: str, operator: Token) -> Clause:
        if operator.kind != "op" or operator.text not in DATE_COMPARISONS:
            raise JqlError(f"jirasim does not support the operator '{operator.text}' on dates in JQL")
        value = self._value()
        return replace(target, values=(value,), comparison=operator.text, moment=_date(value, field))

    def _target(self, field: str) -> Clause:
        """The clause's field, values still to come."""
        lowered = field.lower()
        if lowered == "project":
            return Clause("project", (), False)
        if lowered in DATE_FIELDS:
            return Clause(DATE_FIELDS[lowered], (), False)
        if lowered in ISSUE_FIELDS:
            return Clause("issue", (), False)
        match = PROPERTY_FIELD.match(field)
        if match:
            return Clause("property", (), False, match["key"], match["path"])
        if field in self._aliases:
            return Clause("property", (), False, *self._aliases[field])
        if lowered in self._known:
            raise JqlError(f"jirasim does not support searching by '{field}' in JQL")
        raise JqlError(f"Field '{field}' does not exist or you do not have permission to view it.")

    def _list(self) -> tuple[str, ...]:
        self._expect("(")
        values = [self._value()]
        while self._peek() and self._peek().text == ",":
            self._next()
            values.append(self._value())
        self._expect(")")
        return tuple(values)

    def _value(self) -> str:
        token = self._next("a value")
        if token.kind == "op" or token.keyword("AND", "OR", "NOT", "ORDER"):
            raise self._expected("either a value, list or function", token)
        return token.value

    def _order(self) -> tuple[tuple[str, bool], ...]:
        self._next()
        by_token = self._next("'BY'")
        if not by_token.keyword("BY"):
            raise self._expected("'BY'", by_token)
        order = [self._sort_key()]
        while self._peek() and self._peek().text == ",":
            self._next()
            order.append(self._sort_key())
        return tuple(order)

    def _sort_key(self) -> tuple[str, bool]:
        field = self._next("a field name").value
        if field.lower() not in ORDERABLE:
            raise JqlError(f"jirasim does not support ordering by '{field}' in JQL")
        descending = False
        if self._peek() and self._peek().keyword("ASC", "DESC"):
            descending = self._next().keyword("DESC")
        return ORDERABLE[field.lower()], descending

    def _expect(self, text: str) -> None:
        token = self._next(f"'{text}'")
        if token.text != text:
            raise self._expected(f"'{text}'", token)

    def _peek(self) -> Token | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _next(self, expecting: str = "more") -> Token:
        token = self._peek()
        if token is None:
            raise JqlError(f"Error in the JQL Query: Expecting {expecting} but reached the end of the query.")
        self._at += 1
        return token

    @staticmethod
    def _expected(what: str, token: Token) -> JqlError:
        return JqlError(f"Error in the JQL Query: Expecting {what} but got '{token.text}'. "
                        f"(line 1, character {token.position + 1})")


def _date(value: str, field: str) -> datetime:
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format)
        except ValueError:
            continue
    if RELATIVE_DATE.match(value):
        raise JqlError(f"jirasim does not support relative dates such as '{value}' in JQL")
    raise JqlError(f"Date value '{value}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
                   "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.")
