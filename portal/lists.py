"""The one shape of a list page: a scoped selector gives the rows, a FilterSet narrows them,
a named sort orders them, keyset pages cut them, an honest count sums them, and one table
template shows them.

    spec = ListSpec(sorts={"new": ("-id",), "name": ("name_sort", "id")}, default="new")
    return list_response(request, spec, rows=filterset.qs, filterset=filterset,
                         template="units/people.html", partial="units/_people_rows.html")

An htmx request (filtering, sorting, paging from the page itself) gets the table partial
only; any other request the full page, which includes the same partial, so the list works
without JavaScript and every state of it has its own address.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .paging import capped_count, check_ordering, keyset_page


@dataclass(frozen=True)
class ListSpec:
    # name -> ordering; each ordering has one direction and ends with a unique column.
    sorts: dict
    default: str
    per_page: int = 50
    # The element the partial replaces (the partial's outermost id).
    target: str = "list-rows"

    def __post_init__(self):
        for ordering in self.sorts.values():
            check_ordering(ordering)


def sort_key(request, spec: ListSpec) -> str:
    value = request.GET.get("sort", "")
    return value if value in spec.sorts else spec.default


def sort_links(request, spec: ListSpec, current: str) -> dict:
    """For each sortable column (the sort names without a leading "-"): the query string
    that sorts by it (the reverse when it is the current one) and the current direction."""
    links = {}
    for name in spec.sorts:
        column = name.lstrip("-")
        if column in links:
            continue
        query = request.GET.copy()
        for key in ("after", "before"):
            query.pop(key, None)
        reverse = f"-{column}"
        if current == column and reverse in spec.sorts:
            query["sort"] = reverse
        else:
            query["sort"] = column
        links[column] = {
            "query": query.urlencode(),
            "active": current.lstrip("-") == column,
            "descending": current.startswith("-") if current.lstrip("-") == column else False,
        }
    return links


def list_context(request, spec: ListSpec, *, rows, filterset=None, fetch=None, row=None) -> dict:
    """What the table template needs: the page, the count, the sort and its links. `fetch`
    turns `rows` into the queryset the page reads (say, `values_list` of the columns shown;
    the count keeps to `rows`, without the joins those columns need), and `row` makes each
    fetched row into what the page holds (see `keyset_page`)."""
    sort = sort_key(request, spec)
    page = keyset_page(
        fetch(rows) if fetch else rows,
        ordering=spec.sorts[sort],
        per_page=spec.per_page,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        row=row,
    )
    count, exact = capped_count(rows)
    return {
        "filter": filterset,
        "page": page,
        "count": count,
        "count_exact": exact,
        "sort": sort,
        "sorts": sort_links(request, spec, sort),
        "list_target": spec.target,
        # A list whose form has no order field keeps the order chosen by a column header.
        "keep_sort": sort
        if filterset is not None and "sort" not in filterset.form.fields and sort != spec.default
        else "",
    }


def is_partial(request) -> bool:
    """An htmx request from the list itself (not a boosted navigation or history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_list(request, *, template: str, partial: str, context: dict):
    response = render(request, partial if is_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def list_response(request, spec: ListSpec, *, rows, filterset, template, partial, extra=None):
    context = list_context(request, spec, rows=rows, filterset=filterset)
    context.update(extra or {})
    return render_list(request, template=template, partial=partial, context=context)
