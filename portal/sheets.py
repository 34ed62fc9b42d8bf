"""Reading an uploaded Excel sheet safely: one door for every import of the portal.

The upload is checked like every other (size, type from the content, what the zip and each
of its members expand to) before it is parsed; the first sheet is then streamed row by row,
never loaded whole, with limits on columns and rows. A problem with the file as a whole is a
FileProblem with a Vietnamese message; problems of single rows are the importer's own.
"""

import datetime
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import uploads, xlsx

# One import takes at most this many data rows (the header row is not counted); blank rows
# between them are skipped, but nothing is read past row 2 * MAX_ROWS + 1.
MAX_ROWS = 20000
# Columns read from the sheet: the layouts below have at most nine.
MAX_COLUMNS = 20
# What any one member of the workbook (the sheet, the shared strings) may expand to: a
# sheet of 20,000 rows of these columns takes a few megabytes.
MAX_MEMBER_SIZE = 40 * 1024 * 1024
PROGRESS_EVERY = 500
# What can go wrong while reading a damaged or hand-made workbook.
UNREADABLE = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
)


class FileProblem(Exception):
    pass


def row_error(row: int, message: str) -> str:
    return _("Row %(row)s: %(message)s") % {"row": row, "message": message}


def cell_text(value) -> str:
    if value is None:
        return ""
    value = xlsx.restore(value)  # a text the portal's own export quoted reads back as written
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def cell_date(value) -> datetime.date | None:
    """A cell as a date: an Excel date, or text dd/mm/yyyy. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def no_progress(percent: int) -> None:
    pass


def read_sheet(
    upload, required: list[str], allowed: list[str], progress=no_progress
) -> list[tuple[int, dict]]:
    """The data rows of the first sheet as (excel row number, {header: value}).

    The upload is checked like every other (size, type from the content, what the zip
    expands to) before it is parsed; the sheet is then streamed, never loaded whole.
    Raises FileProblem when the file is not a readable .xlsx, is too large or its columns
    are wrong.
    """
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise FileProblem(_("The file is not an Excel .xlsx file."))
    if not upload.size:
        raise FileProblem(_("The file is empty."))
    try:
        uploads.upload_check(upload, allowed=(uploads.XLSX,), max_member=MAX_MEMBER_SIZE)
    except ValidationError as error:
        if error.code in ("too_big", "zip_bomb"):
            raise FileProblem(error.messages[0]) from None
        raise FileProblem(_("The file is not an Excel .xlsx file or it is damaged.")) from None
    upload.seek(0)
    workbook = None
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        return _sheet_rows(workbook.worksheets[0], required, allowed, progress)
    except UNREADABLE:
        raise FileProblem(_("The file is not an Excel .xlsx file or it is damaged.")) from None
    finally:
        if workbook is not None:
            workbook.close()


def _sheet_rows(sheet, required, allowed, progress) -> list[tuple[int, dict]]:
    last_row = 2 * MAX_ROWS + 1
    # The sheet's own dimension (it may be missing or wrong) only paces the progress bar.
    expected = min(sheet.max_row or last_row, last_row)
    headers = None
    out = []
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    for number, values in enumerate(rows, start=1):
        if headers is None:
            headers = _headers(values, required, allowed)
            continue
        if number > last_row:
            raise FileProblem(
                _("The sheet goes on past row %(row)s; an import takes at most %(count)s rows.")
                % {"row": last_row, "count": MAX_ROWS}
            )
        if number % PROGRESS_EVERY == 0:
            progress(40 * number // max(expected, 1))
        cells = {h: values[i] if i < len(values) else None for i, h in enumerate(headers)}
        if not any(cell_text(v) for v in cells.values()):
            continue
        out.append((number, cells))
        if len(out) > MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(count)s data rows (the header row not counted).")
                % {"count": MAX_ROWS}
            )
    if headers is None:
        raise FileProblem(_("The file is empty: the first row must hold the column headers."))
    if not out:
        raise FileProblem(_("The file has no data rows."))
    progress(40)
    return out


def _headers(values, required: list[str], allowed: list[str]) -> list[str]:
    """The column headers of the first row; FileProblem when they are not the layout's."""
    headers = [cell_text(v) for v in values]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileProblem(_("The file is empty: the first row must hold the column headers."))
    problems = []
    missing = [h for h in required if h not in headers]
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [h for h in headers if h not in allowed]
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s.") % {"columns": ", ".join(h or "—" for h in unknown)}
        )
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        problems.append(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
    if problems:
        raise FileProblem(
            " ".join(problems)
            + " "
            + _("Expected columns: %(columns)s.") % {"columns": ", ".join(required)}
        )
    return headers
