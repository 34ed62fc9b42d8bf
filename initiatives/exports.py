"""The filtered list as an .xlsx workbook, written row by row by the shared writer."""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal import xlsx
from portal.text import number as vn_number

from . import rules

CHUNK = 2000
MAX_ROWS = 200_000
WIDTHS = (6, 60, 18, 36, 8, 24, 18, 40, 40)


def initiatives_xlsx_response(queryset, *, user, filename) -> FileResponse:
    workbook = xlsx.Book()
    sheet = workbook.sheet(_("Initiatives"), widths=WIDTHS, freeze_header=True)
    sheet.row(
        [
            pgettext("initiative export", "No."),
            pgettext("initiative export", "Title"),
            pgettext("initiative export", "Campaign"),
            pgettext("initiative export", "Unit"),
            pgettext("initiative export", "Year"),
            pgettext("initiative export", "Field"),
            pgettext("initiative export", "Status"),
            pgettext("initiative export", "Authors"),
            pgettext("initiative export", "Recognitions"),
        ],
        bold=True,
    )
    rows = queryset.select_related("campaign", "unit").prefetch_related("authors", "recognitions")[
        :MAX_ROWS
    ]
    for number, initiative in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
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
        )
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (closed by the response)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type=xlsx.CONTENT_TYPE,
    )
