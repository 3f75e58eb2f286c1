"""URL converters for ids, bounded so that an id no column can hold is answered 404 instead of failing in the
database; the OpenAPI document reads its bounds from here (``addon.web.api.openapi``)."""
from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

# A row id: Tandem's primary keys are INTEGER, 32-bit signed on PostgreSQL.
MAX_ROW_ID = 2**31 - 1
# Jira's issue ids are 64-bit.
MAX_JIRA_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """``<id:name>``: 1 to MAX_ROW_ID; ``<id(max=...):name>`` for a wider id."""

    def __init__(self, url_map, max: int = MAX_ROW_ID) -> None:  # noqa: A002 (werkzeug's argument name)
        super().__init__(url_map, min=1, max=max)

    def to_python(self, value: str) -> int:
        number = int(value)
        if not self.min <= number <= self.max:
            # Not werkzeug's ValidationError: with it, the route would be skipped and a route of another method
            # on the same path would answer 405. No route can take this id, whatever the method.
            raise NotFound(f"{value} is not an id Tandem knows: ids run from {self.min} to {self.max}")
        return number


CONVERTERS = {"id": IdConverter}
