"""Keyset pagination and honest counts, shared by every list page.

A page is found from the last row seen, never by OFFSET: "after (x, y, id)" is written as
one row-value comparison, `(a, b, id) > (x, y, id)`, which PostgreSQL reads as the start of
a range of the composite index `(a, b, id)` (scanned backwards for the descending order).
An ordering must therefore keep one direction over all its columns and end with a unique
column; `check_ordering` refuses any other, so no list can fall back to an OR chain that
the database only applies as a filter.

The count is exact up to COUNT_CAP rows and "more than COUNT_CAP" beyond: a bounded query
(the rows are counted through a LIMIT) that never estimates.
"""

import base64
import json
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.translation import gettext as _

COUNT_CAP = 1000


def _encode(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def _damaged():
    return BadRequest(_("The page link is damaged. Go back to the first page of the list."))


def check_ordering(ordering) -> bool:
    """Descending when every column is; ValueError for a mixed ordering."""
    directions = {name.startswith("-") for name in ordering}
    if len(directions) != 1:
        raise ValueError(f"A keyset ordering keeps one direction: {ordering!r}")
    return directions.pop()


def _field(model, path: str):
    """The model field at the end of `path` (`unit__name_sort`), or None."""
    try:
        for part in path.split("__")[:-1]:
            model = model._meta.get_field(part).related_model
        return model._meta.get_field(path.split("__")[-1])
    except (FieldDoesNotExist, AttributeError):
        return None


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
    field = _field(model, column)
    if field is None:
        return value
    try:
        value = field.to_python(value)
    except (ValidationError, TypeError, ValueError, OverflowError) as error:
        raise _damaged() from error
    bounds = connection.ops.integer_field_ranges.get(field.get_internal_type())
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise _damaged()
    return value


def _beyond(ordering, values, *, reverse=False):
    """Rows after `values` in `ordering` (before them when `reverse`): one row comparison."""
    descending = check_ordering(ordering)
    columns = Tuple(*(F(name.lstrip("-")) for name in ordering))
    lookup = TupleLessThan if descending != reverse else TupleGreaterThan
    return lookup(columns, tuple(values))


def _value(row, path: str):
    return reduce(getattr, path.split("__"), row)


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

    def __getitem__(self, index):
        return self.rows[index]

    @property
    def object_list(self) -> list:
        return self.rows

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def keyset_page(queryset, *, ordering, per_page, after="", before="", row=None) -> KeysetPage:
    """One page of `queryset` in `ordering` after (or before) a cursor: per_page + 1 rows
    are read to know whether another page follows. `row`, when given, makes each fetched
    row (a `values_list` tuple, say) into the object the page holds; the cursor is read
    from those objects."""
    check_ordering(ordering)
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
    if row is not None:
        rows = [row(r) for r in rows]

    def key(row):
        return [_value(row, c) for c in columns]

    return KeysetPage(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_cursor=_encode(key(rows[-1])) if rows else "",
        previous_cursor=_encode(key(rows[0])) if rows else "",
    )


def capped_count(queryset, cap: int | None = None) -> tuple[int, bool]:
    """(count, exact): the exact count up to `cap` (COUNT_CAP); (cap, False) beyond it, shown
    as "more than cap". One query that reads at most cap + 1 rows' keys."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    if counted <= cap:
        return counted, True
    return cap, False
