"""The one writer of every Excel workbook the portal hands out.

User text is stored as text, never as a formula: a cell that starts with = + - @, a tab or a
carriage return is prefixed with a single quote and written with the string data type (the
OWASP advice against formula injection), so neither openpyxl nor a spreadsheet that opens
the file, or a CSV saved from it, evaluates it. Numbers stay numbers and dates stay dates
(shown dd/mm/yyyy). Sheets are streamed row by row (openpyxl write-only mode), so a large
export never holds the whole workbook in memory.

Imports read a cell back through `restore`, so what the portal exported imports unchanged.
"""

import datetime
import decimal
import io
import re

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is read as a formula by a spreadsheet (OWASP, "CSV
# Injection"); the single quote in front makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Excel keeps at most 32,767 characters in a cell and 31 in a sheet name.
MAX_CELL_TEXT = 32767
MAX_SHEET_TITLE = 31
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Control characters an .xlsx file cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it as text; `restore` gives it back.

    A text that already starts with a quote before a formula character (or a second quote)
    takes one more, so the two functions undo each other for every text."""
    if text.startswith(FORMULA_STARTS) or (
        text.startswith(QUOTE) and text[1:2] and text[1:2] in (*FORMULA_STARTS, QUOTE)
    ):
        return QUOTE + text
    return text


def restore(value):
    """The text `neutralise` was given, for a cell value read back; other values as they are."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[1:2]
        and value[1:2] in (*FORMULA_STARTS, QUOTE)
    ):
        return value[1:]
    return value


class Sheet:
    """One sheet of a `Book`; `row()` appends a row of values."""

    def __init__(self, book: "Book", title: str, *, widths=(), freeze_header: bool = False):
        self._sheet = book._book.create_sheet(_sheet_title(title))
        # Write-only sheets take their layout before the first row.
        for index, width in enumerate(widths, start=1):
            if width:
                self._sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze_header:
            self._sheet.freeze_panes = "A2"

    def row(self, values=(), *, bold: bool = False, wrap: bool = False) -> None:
        self._sheet.append([self._cell(v, bold=bold, wrap=wrap) for v in values])

    def _cell(self, value, *, bold: bool, wrap: bool):
        if isinstance(value, Promise):
            value = str(value)
        number_format = None
        if isinstance(value, str):
            value = neutralise(_ILLEGAL.sub("", value))[:MAX_CELL_TEXT]
            if not bold and not wrap and not value.startswith(("'", "#")):
                return value  # plain text; openpyxl stores it as a string
        elif isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            number_format = DATE_FORMAT
        elif value is not None and not isinstance(value, (int, float, decimal.Decimal)):
            value = neutralise(_ILLEGAL.sub("", str(value)))[:MAX_CELL_TEXT]
        if value is None and not bold:
            return None
        if number_format is None and not bold and not wrap and not isinstance(value, str):
            return value  # a number (or a boolean) stays one
        cell = WriteOnlyCell(self._sheet, value=value)
        if isinstance(value, str):
            # Never a formula (nor an error value such as #N/A): the cell holds this text.
            cell.data_type = "s"
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = _BOLD
        if wrap:
            cell.alignment = _WRAP
        return cell


class Book:
    """A workbook written sheet by sheet, row by row."""

    def __init__(self):
        self._book = Workbook(write_only=True)

    def sheet(self, title: str, *, widths=(), freeze_header: bool = False) -> Sheet:
        return Sheet(self, title, widths=widths, freeze_header=freeze_header)

    def save(self, fileobj) -> None:
        self._book.save(fileobj)

    def content(self) -> bytes:
        out = io.BytesIO()
        self.save(out)
        return out.getvalue()


def _sheet_title(title) -> str:
    # Excel refuses these characters in a sheet name.
    return re.sub(r"[\\/*?:\[\]]", " ", str(title))[:MAX_SHEET_TITLE]


def table(title: str, headers, rows, *, widths=()) -> bytes:
    """A one-sheet workbook: a bold, frozen header row, then `rows`."""
    book = Book()
    widths = widths or [max(14, len(str(h)) + 2) for h in headers]
    sheet = book.sheet(title, widths=widths, freeze_header=True)
    sheet.row(headers, bold=True)
    for row in rows:
        sheet.row(row)
    return book.content()
