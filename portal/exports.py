"""A list as an .xlsx workbook, made by a job off the request: the part every list export
shares (initiatives, units, people).

An app describes its export once (`ListExport`: which rows the list's parameters select for
a user, the header and the cells of a row) and registers it (`export_register`). The list's
export page (`export_page`) shows on GET how many rows the list holds and the latest export
of the same list, and changes nothing; a POST queues a new one as a generated file of the
user who asked (portal/files.py), visible to that user alone. The job (portal/jobs.py) reads
the rows in chunks with an iterator and writes them row by row through the shared writer
(portal/xlsx.py, write-only mode) into a temporary file, so neither the rows nor the
workbook are held in memory; the download is recorded in the audit when the file leaves
(portal.views.generated_file_status). One sheet holds 1,048,575 rows under its header.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone, translation

from . import files, jobs, xlsx
from .models import DownloadRecord
from .paging import capped_count

CHUNK = 2000
# An .xlsx sheet holds 1,048,576 rows; the first is the header.
MAX_ROWS = 1_048_575
# Parameters of a list that do not change which rows it holds.
PAGE_PARAMS = ("after", "before", "page")


@dataclass(frozen=True)
class ListExport:
    kind: str  # the generated file's kind
    filename: str  # the workbook's name; "{date}" becomes the day it is made (yyyymmdd)
    title: str  # what the file is, as the heading of its own page
    sheet_title: Callable[[], str]  # the sheet's name, in the requester's language
    headers: Callable[[], list]  # the header row, in the requester's language
    rows: Callable  # (user, data: QueryDict) -> the ordered queryset the list selects
    values: Callable  # (obj, *, user, number) -> the cells of one row
    widths: tuple = ()


def export_query(data: QueryDict) -> str:
    """The list parameters an export follows, as a canonical query string."""
    query = data.copy()
    for name in PAGE_PARAMS:
        query.pop(name, None)
    return "&".join(sorted(query.urlencode().split("&"))) if query else ""


def export_params(data: QueryDict) -> dict:
    return {"query": export_query(data)}


def export_request(spec: ListExport, *, user, data: QueryDict):
    """Queue a new export of the list `data` selects for `user`; returns its file row."""
    return files.generated_file_request(
        subject=user, kind=spec.kind, by=user, force=True, params=export_params(data)
    )


def export_latest(spec: ListExport, *, user, data: QueryDict):
    return files.latest_file(subject=user, kind=spec.kind, params=export_params(data))


def export_write(spec: ListExport, queryset, *, user, out, progress=None) -> int:
    """Write the rows of `queryset` as seen by `user` into the file object `out`, reading
    them in chunks; returns how many rows were written."""
    step = progress or (lambda done: None)
    widths = spec.widths or [max(14, len(str(h)) + 2) for h in spec.headers()]
    workbook = xlsx.Book()
    sheet = workbook.sheet(spec.sheet_title(), widths=widths, freeze_header=True)
    sheet.row(spec.headers(), bold=True)
    written = 0
    for written, obj in enumerate(queryset[:MAX_ROWS].iterator(chunk_size=CHUNK), start=1):
        sheet.row(spec.values(obj, user=user, number=written))
        if written % CHUNK == 0:
            step(written)
    workbook.save(out)
    return written


def _renderer(spec: ListExport):
    def render_file(generated, progress) -> tuple[str, File]:
        """The job: the export of the list the user filtered, as the user sees it."""
        user = generated.subject
        filename = spec.filename.format(date=timezone.localdate().strftime("%Y%m%d"))
        # The headers and labels are written in the language the requester chose.
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            rows = spec.rows(user, QueryDict(generated.params["query"]))
            total = min(rows.count(), MAX_ROWS)
            step = jobs.progress_steps(progress, total=total, start=2, end=90)
            out = tempfile.TemporaryFile()  # noqa: SIM115 (closed once stored)
            export_write(spec, rows, user=user, out=out, progress=step)
            progress(95)
            out.seek(0)
        return filename, File(out, name=filename)

    return render_file


def export_register(spec: ListExport) -> None:
    files.register(
        spec.kind,
        # An export is its requester's alone: the rows are those the requester may see.
        can_view=lambda user, subject: user.is_authenticated and user.pk == subject.pk,
        render=_renderer(spec),
        audit_kind=DownloadRecord.Kind.EXPORT,
        title=spec.title,
    )


def export_page(request, spec: ListExport, *, template: str, context: dict | None = None):
    """The export of the list as filtered (the query string): GET shows how many rows it
    holds and its latest export with the progress, and writes nothing; POST asks for a new
    one, made by a job off the request."""
    if request.method == "POST":
        export_request(spec, user=request.user, data=request.GET)
        return redirect(request.get_full_path())
    count, exact = capped_count(spec.rows(request.user, request.GET), cap=MAX_ROWS)
    page = {
        "generated": export_latest(spec, user=request.user, data=request.GET),
        "query": export_query(request.GET),
        "count": count,
        "count_exact": exact,
        "max_rows": MAX_ROWS,
        **(context or {}),
    }
    return render(request, template, page)
