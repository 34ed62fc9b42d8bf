"""The filtered initiative list as an .xlsx workbook, made by a job off the request through
the shared list export (portal/exports.py): the rows the list selects and their cells."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal.exports import ListExport, export_register
from portal.text import number as vn_number

from . import rules, selectors
from .filters import SORTS, InitiativeFilter

KIND = "initiative_export"
WIDTHS = (6, 60, 18, 36, 8, 24, 18, 40, 40)


def initiatives_filtered(user, data):
    """The list's filter form over `data` (GET parameters) and the rows it selects, in
    the order the list shows them."""
    scope = data.get("scope", "")
    queryset = selectors.initiatives_for_list(user, scope=scope)
    filterset = InitiativeFilter(data or None, queryset=queryset, user=user)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if filterset.is_bound and not filterset.is_valid():
        rows = queryset.none()
    return filterset, rows, scope


def _rows(user, data):
    filterset, rows, _scope = initiatives_filtered(user, data)
    sort = filterset.sort_key() if filterset.is_bound else "new"
    return (
        rows.order_by(*SORTS[sort])
        .select_related("campaign", "unit")
        .prefetch_related("authors", "recognitions")
    )


def _headers() -> list[str]:
    return [
        pgettext("initiative export", "No."),
        pgettext("initiative export", "Title"),
        pgettext("initiative export", "Campaign"),
        pgettext("initiative export", "Unit"),
        pgettext("initiative export", "Year"),
        pgettext("initiative export", "Field"),
        pgettext("initiative export", "Status"),
        pgettext("initiative export", "Authors"),
        pgettext("initiative export", "Recognitions"),
    ]


def _values(initiative, *, user, number) -> list:
    identities = rules.sees_identities(user, initiative)
    authors = "; ".join(
        f"{a.full_name} ({vn_number(a.contribution)} %)" for a in initiative.authors.all()
    )
    recognitions = "; ".join(
        f"{r.get_level_display()}: {r.decision_number} ({r.decision_date:%d/%m/%Y})"
        for r in initiative.recognitions.all()
    )
    return [
        number,
        initiative.title,
        initiative.campaign.document_number,
        initiative.unit.name if identities else "",
        initiative.year,
        initiative.get_field_display(),
        initiative.get_status_display(),
        authors if identities else "",
        recognitions,
    ]


EXPORT = ListExport(
    kind=KIND,
    filename="sang-kien.xlsx",
    title=gettext_lazy("Initiative list export"),
    sheet_title=lambda: _("Initiatives"),
    headers=_headers,
    rows=_rows,
    values=_values,
    widths=WIDTHS,
)


def register_files() -> None:
    export_register(EXPORT)
