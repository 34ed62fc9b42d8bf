"""The shared workbook writer stores user text as text and keeps numbers and dates."""

import datetime
import decimal
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from portal import xlsx
from tests.xlsx_checks import HOSTILE


def _cells(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("text", [t for t in HOSTILE if t[0] in "=+-@\t\r"])
def test_formula_like_text_is_stored_as_quoted_text(text):
    [[cell]] = _cells(xlsx.table("Danh sách", ["Tên"], [[text]]))
    assert cell.data_type == "s"
    assert cell.value == "'" + text
    assert xlsx.restore(cell.value) == text


def test_error_like_text_is_text_not_an_error_value():
    [[cell]] = _cells(xlsx.table("Danh sách", ["Tên"], [["#N/A"]]))
    assert (cell.data_type, cell.value) == ("s", "#N/A")


@pytest.mark.parametrize(
    "text", ["Trường THPT Trần Phú", "'=1+1", "''", "'", "a=b", "0912 345 678", "1536/KH-SGDĐT"]
)
def test_every_text_reads_back_as_written(text):
    [[cell]] = _cells(xlsx.table("Danh sách", ["Tên"], [[text]]))
    assert cell.data_type == "s"
    assert xlsx.restore(cell.value) == text


def test_numbers_and_dates_stay_numbers_and_dates():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 15, 9, 30))
    row = [-5, 2.5, decimal.Decimal("-12.75"), datetime.date(1990, 12, 31), moment, True]
    [cells] = _cells(xlsx.table("Số liệu", ["a", "b", "c", "d", "e", "f"], [row]))
    assert [c.value for c in cells] == [
        -5,
        2.5,
        -12.75,
        datetime.datetime(1990, 12, 31),
        datetime.datetime(2026, 12, 15, 9, 30),  # local time of Asia/Ho_Chi_Minh
        True,
    ]
    assert [c.data_type for c in cells] == ["n", "n", "n", "d", "d", "b"]
    assert cells[3].number_format == "DD/MM/YYYY"


def test_characters_a_workbook_cannot_hold_are_dropped_not_a_server_error():
    [[cell]] = _cells(xlsx.table("Danh sách", ["Tên"], [["Sáng\x00 kiến\x07 số 1"]]))
    assert cell.value == "Sáng kiến số 1"


def test_header_row_is_bold_and_frozen():
    book = load_workbook(io.BytesIO(xlsx.table("Danh sách", ["Tên", "Năm"], [["A", 1]])))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert [c.font.b for c in sheet[1]] == [True, True]
    assert sheet.title == "Danh sách"


def test_text_longer_than_a_cell_holds_is_cut_to_excels_limit_keeping_the_quote():
    [[cell]] = _cells(xlsx.table("Danh sách", ["Tên"], [["=" + "x" * 40000]]))
    assert len(cell.value) == 32767
    assert cell.value.startswith("'=x")
