"""The filtered list as an .xlsx workbook, made by a job off the request.

The list page asks for the export (POST); a job (portal/jobs.py) reads the rows in chunks
with an iterator, writes them row by row through the shared writer into a temporary file
and keeps the workbook as a generated file of the user who asked (portal/files.py), whose
page shows the progress and then the download. A million rows fit: one sheet holds
1,048,575 rows under its header, and neither the rows nor the workbook are held in memory.
"""

import tempfile

from django.core.files import File
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal import files, jobs, xlsx
from portal.models import DownloadRecord
from portal.text import number as vn_number

from . import rules, selectors
from .filters import SORTS, InitiativeFilter

KIND = "initiative_export"
CHUNK = 2000
# An .xlsx sheet holds 1,048,576 rows; the first is the header.
MAX_ROWS = 1_048_575
WIDTHS = (6, 60, 18, 36, 8, 24, 18, 40, 40)
FILENAME = "sang-kien.xlsx"
# Parameters of the list that do not change which rows it holds.
PAGE_PARAMS = ("after", "before", "page")


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


def export_query(data: QueryDict) -> str:
    """The list parameters an export follows, as a canonical query string."""
    query = data.copy()
    for name in PAGE_PARAMS:
        query.pop(name, None)
    return "&".join(sorted(query.urlencode().split("&"))) if query else ""


def export_params(data: QueryDict) -> dict:
    return {"query": export_query(data)}


def export_request(*, user, data: QueryDict):
    """Queue a new export of the list `data` selects for `user`; returns its file row."""
    return files.generated_file_request(
        subject=user, kind=KIND, by=user, force=True, params=export_params(data)
    )


def export_latest(*, user, data: QueryDict):
    return files.latest_file(subject=user, kind=KIND, params=export_params(data))


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


def initiatives_xlsx_write(queryset, *, user, out, progress=None) -> int:
    """Write the rows of `queryset` as seen by `user` into the file object `out`, reading
    them in chunks; returns how many rows were written."""
    step = progress or (lambda done: None)
    workbook = xlsx.Book()
    sheet = workbook.sheet(_("Initiatives"), widths=WIDTHS, freeze_header=True)
    sheet.row(_headers(), bold=True)
    rows = queryset.select_related("campaign", "unit").prefetch_related("authors", "recognitions")[
        :MAX_ROWS
    ]
    written = 0
    for written, initiative in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        identities = rules.sees_identities(user, initiative)
        authors = "; ".join(
            f"{a.full_name} ({vn_number(a.contribution)} %)" for a in initiative.authors.all()
        )
        recognitions = "; ".join(
            f"{r.get_level_display()}: {r.decision_number} ({r.decision_date:%d/%m/%Y})"
            for r in initiative.recognitions.all()
        )
        sheet.row(
            [
                written,
                initiative.title,
                initiative.campaign.document_number,
                initiative.unit.name if identities else "",
                initiative.year,
                initiative.get_field_display(),
                initiative.get_status_display(),
                authors if identities else "",
                recognitions,
            ]
        )
        if written % CHUNK == 0:
            step(written)
    workbook.save(out)
    return written


def _render_file(generated, progress) -> tuple[str, File]:
    """The job: the export of the list the user filtered, as the user sees it."""
    from django.conf import settings
    from django.utils import translation

    user = generated.subject
    # The headers and labels are written in the language the requester chose.
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        filterset, rows, _scope = initiatives_filtered(user, QueryDict(generated.params["query"]))
        sort = filterset.sort_key() if filterset.is_bound else "new"
        rows = rows.order_by(*SORTS[sort])
        total = min(rows.count(), MAX_ROWS)
        step = jobs.progress_steps(progress, total=total, start=2, end=90)
        out = tempfile.TemporaryFile()  # noqa: SIM115 (closed once stored)
        initiatives_xlsx_write(rows, user=user, out=out, progress=step)
        progress(95)
        out.seek(0)
    return FILENAME, File(out, name=FILENAME)


def register_files() -> None:
    files.register(
        KIND,
        # An export is its requester's alone: the rows are those the requester may see.
        can_view=lambda user, subject: user.is_authenticated and user.pk == subject.pk,
        render=_render_file,
        audit_kind=DownloadRecord.Kind.EXPORT,
        title=gettext_lazy("Initiative list export"),
    )
