"""Keyset pagination: "Next"/"Previous" by the last row seen, never OFFSET, never COUNT(*) of
the whole table. A deep page costs the same as the first one at a million rows."""

import base64
import json
from dataclasses import dataclass, field

from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

COUNT_CAP = 1000


def _encode(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _damaged():
    return BadRequest(_("The page link is damaged. Go back to the first page of the list."))


def _decode(token: str, *, model, ordering) -> list:
    """The values of a cursor, each checked against its column: 400 for anything else, since
    a value the database cannot compare (a word for a number, a number past the column's
    range, a NUL in text) would otherwise fail inside the query."""
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as error:
        raise _damaged() from error
    if not isinstance(values, list) or len(values) != len(ordering):
        raise _damaged()
    pairs = zip(ordering, values, strict=True)
    return [_checked(model, name.lstrip("-"), value) for name, value in pairs]


def _checked(model, column, value):
    if value is None or isinstance(value, (list, dict)):
        raise _damaged()
    if isinstance(value, str) and "\x00" in value:
        raise _damaged()
    try:
        field = model._meta.get_field(column)
    except FieldDoesNotExist:
        return value
    try:
        value = field.to_python(value)
    except (ValidationError, TypeError, ValueError, OverflowError) as error:
        raise _damaged() from error
    bounds = connection.ops.integer_field_ranges.get(field.get_internal_type())
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise _damaged()
    return value


def _beyond(ordering, values, *, reverse=False) -> Q:
    """Rows after `values` in `ordering` (before them when `reverse`)."""
    q = Q(pk__in=[])
    equal = Q()
    for name, value in zip(ordering, values, strict=True):
        descending = name.startswith("-")
        column = name.lstrip("-")
        lookup = "lt" if descending != reverse else "gt"
        q |= equal & Q(**{f"{column}__{lookup}": value})
        equal &= Q(**{column: value})
    return q


@dataclass
class KeysetPage:
    rows: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def keyset_page(queryset, *, ordering, per_page, after="", before="") -> KeysetPage:
    columns = [name.lstrip("-") for name in ordering]
    token = after or before
    cursor = _decode(token, model=queryset.model, ordering=ordering) if token else None
    backwards = bool(before) and cursor is not None
    if cursor is not None:
        queryset = queryset.filter(_beyond(ordering, cursor, reverse=backwards))
    if backwards:
        flipped = [n[1:] if n.startswith("-") else f"-{n}" for n in ordering]
        rows = list(queryset.order_by(*flipped)[: per_page + 1])
        more = len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        has_previous, has_next = more, True
    else:
        rows = list(queryset.order_by(*ordering)[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        has_previous, has_next = cursor is not None, more

    def key(row):
        return [getattr(row, c) for c in columns]

    return KeysetPage(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_cursor=_encode(key(rows[-1])) if rows else "",
        previous_cursor=_encode(key(rows[0])) if rows else "",
    )


def estimated_count(queryset) -> tuple[int, bool]:
    """(count, exact): exact up to COUNT_CAP rows; beyond it the planner's estimate on
    PostgreSQL, the cap elsewhere. One bounded query either way."""
    capped = queryset.order_by()[: COUNT_CAP + 1].count()
    if capped <= COUNT_CAP:
        return capped, True
    if connection.vendor == "postgresql":
        try:
            plan = json.loads(queryset.order_by().explain(format="json"))
            return max(int(plan[0]["Plan"]["Plan Rows"]), COUNT_CAP), False
        except (ValueError, KeyError, IndexError, TypeError):
            pass
    return COUNT_CAP, False
