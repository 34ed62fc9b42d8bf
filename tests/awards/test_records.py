"""The office enters and imports the yearly emulation records; scope and history hold."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from awards import emulation
from awards.models import Classification, EmulationRecord, RecordTitle
from campaigns.models import EmulationTitle
from portal.models import HistoryEntry
from tests.factories import PersonFactory

HEADERS = ["Năm", "Mã đơn vị", "Họ và tên", "Xếp loại", "Danh hiệu", "Số quyết định"]
HEADERS += ["Ngày quyết định (dd/mm/yyyy)", "Cơ quan quyết định"]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("ket-qua.xlsx", out.getvalue())


@pytest.fixture
def teacher(org):
    return PersonFactory(full_name="Nguyễn Thị Hương", unit=org["school_a"])


def good_rows():
    return [
        [2025, "THA", "Nguyễn Thị Hương", "Hoàn thành xuất sắc nhiệm vụ", "Lao động tiên tiến",
         "120/QĐ-SGDĐT", "20/12/2025", "Giám đốc Sở GDĐT"],
        [2025, "THA", "Nguyễn Thị Hương", "HTXSNV", "Chiến sĩ thi đua cơ sở",
         "121/QĐ-SGDĐT", "20/12/2025", "Giám đốc Sở GDĐT"],
        [2025, "THA", "", "Hoàn thành tốt nhiệm vụ", "Tập thể lao động tiên tiến",
         "122/QĐ-SGDĐT", "20/12/2025", "Giám đốc Sở GDĐT"],
    ]  # fmt: skip


def test_import_saves_every_row(org, users, teacher):
    report = emulation.records_import(file=xlsx(good_rows()), by=users["office"])

    assert report.errors == []
    record = EmulationRecord.objects.get(person=teacher, year=2025)
    assert record.classification == Classification.EXCELLENT
    assert sorted(record.titles.values_list("title", flat=True)) == [
        EmulationTitle.BASE_FIGHTER,
        EmulationTitle.LABOUR,
    ]
    assert EmulationRecord.objects.get(unit=org["school_a"], year=2025).titles.get().title == (
        EmulationTitle.ADVANCED_COLLECTIVE
    )
    assert HistoryEntry.objects.filter(object_id=record.pk, action="created").exists()


def test_import_with_one_bad_row_saves_nothing(users, teacher):
    rows = good_rows()
    rows.append([2025, "THA", "Người Không Có", "HTTNV", "", "", "", ""])

    with translation.override("vi"):
        report = emulation.records_import(file=xlsx(rows), by=users["office"])

    assert report.errors == ["Dòng 5: không có ai tên “Người Không Có” làm việc tại THA."]
    assert not EmulationRecord.objects.exists()
    assert not RecordTitle.objects.exists()


def test_import_of_a_unit_outside_the_scope_is_refused(org, users):
    rows = [[2025, "THA", "", "HTTNV", "", "", "", ""]]

    report = emulation.records_import(file=xlsx(rows), by=users["outsider"])

    assert len(report.errors) == 1
    assert not EmulationRecord.objects.exists()


def test_import_refuses_rows_that_disagree_on_the_classification(users, teacher):
    rows = good_rows()
    rows[1][3] = "Hoàn thành nhiệm vụ"

    report = emulation.records_import(file=xlsx(rows), by=users["office"])

    assert len(report.errors) == 1
    assert not EmulationRecord.objects.exists()


def test_import_of_a_file_that_is_not_excel_is_a_clear_error(users):
    upload = SimpleUploadedFile("ket-qua.xlsx", b"not a workbook")

    report = emulation.records_import(file=upload, by=users["office"])

    assert report.errors and not EmulationRecord.objects.exists()


@pytest.mark.parametrize("who", ["staff_a", "head_a", "leader", "outsider"])
def test_only_the_office_over_the_unit_enters_a_record(users, teacher, who):
    with pytest.raises(ValidationError):
        emulation.record_save(
            by=users[who], year=2025, classification=Classification.GOOD, titles=[], person=teacher
        )
    assert not EmulationRecord.objects.exists()


def test_record_form_is_not_found_for_unit_staff(client, users, teacher):
    client.force_login(users["staff_a"])

    response = client.get(reverse("awards:record_create_person", args=[teacher.pk]))

    assert response.status_code == 404


def test_office_enters_a_year_in_the_browser_and_the_change_is_recorded(client, users, teacher):
    client.force_login(users["office"])
    url = reverse("awards:record_create_person", args=[teacher.pk])
    data = {
        "year": "2025",
        "classification": Classification.GOOD,
        "note": "",
        "titles-TOTAL_FORMS": "2",
        "titles-INITIAL_FORMS": "0",
        "titles-0-title": EmulationTitle.LABOUR,
        "titles-0-decision_number": "120/QĐ-SGDĐT",
        "titles-0-decision_date": "20/12/2025",
        "titles-0-issuer": "Giám đốc Sở GDĐT",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    record = EmulationRecord.objects.get(person=teacher, year=2025)
    received = record.titles.get()
    assert (received.title, received.decision_date) == (
        EmulationTitle.LABOUR,
        datetime.date(2025, 12, 20),
    )
    page = client.get(reverse("awards:history_person", args=[teacher.pk])).content.decode()
    assert "120/QĐ-SGDĐT" in page

    data["classification"] = Classification.EXCELLENT
    data["titles-INITIAL_FORMS"] = "1"
    client.post(reverse("awards:record_update", args=[record.pk]), data)

    entry = HistoryEntry.objects.get(object_id=record.pk, action="updated")
    assert entry.changes["classification"] == [Classification.GOOD, Classification.EXCELLENT]
    assert entry.actor == users["office"]


def test_import_page_saves_a_file_for_the_office_and_is_not_found_for_unit_staff(
    client, users, teacher
):
    url = reverse("awards:records_import")
    client.force_login(users["staff_a"])
    assert client.get(url).status_code == 404

    client.force_login(users["office"])
    response = client.post(url, {"file": xlsx(good_rows())})

    assert response.status_code == 302
    assert EmulationRecord.objects.count() == 2


def test_import_page_shows_the_row_errors_and_saves_nothing(client, users, teacher):
    client.force_login(users["office"])
    rows = good_rows()
    rows[0][0] = "năm ngoái"

    response = client.post(reverse("awards:records_import"), {"file": xlsx(rows)})

    assert response.status_code == 200
    assert "Dòng 2: năm phải là một số, ví dụ 2025." in response.content.decode()
    assert not EmulationRecord.objects.exists()
