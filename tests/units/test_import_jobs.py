"""Excel imports that cannot be turned into a weapon: the upload is checked before it is
parsed, the sheet is read within row and column limits, and the import runs as a job whose
progress only its creator sees, saving every row or none."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from portal import sheets
from portal.models import HistoryEntry
from units import importing
from units.models import ImportJob, Role, RoleAssignment, Unit

BOMB = "Tệp %s khi giải nén có dung lượng bất thường nên bị từ chối."
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Số CBCCVC/NLĐ"]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _unit_rows(count, prefix="N"):
    return [[f"{prefix}{i}", f"Trường {i}", "Trường THCS", "SGD", 30] for i in range(count)]


def _bomb(sheet_bytes: int, padding: int = 0) -> bytes:
    """A valid workbook whose sheet XML is `sheet_bytes` long but compresses to almost nothing;
    `padding` bytes of noise keep the whole file's ratio low."""
    workbook = Workbook()
    workbook.active.append(UNIT_HEADERS)
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member, source.read(member))
                continue
            xml = source.read(member)
            head, tail = xml.split(b"</sheetData>")
            with target.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                chunk = b" " * (1024 * 1024)
                for _ in range(sheet_bytes // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData>" + tail)
        if padding:
            target.writestr(
                zipfile.ZipInfo("docProps/padding.bin"), os.urandom(padding), zipfile.ZIP_STORED
            )
    return out.getvalue()


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if the workbook is ever handed to the parser."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(sheets, "load_workbook", refuse)


# --- the upload is checked before anything is parsed ---------------------------------------


def test_a_zip_bomb_is_refused_before_parsing(org, users, no_parsing):
    content = _bomb(420 * 1024 * 1024)
    assert len(content) < 2 * 1024 * 1024
    report = importing.units_import(
        file=SimpleUploadedFile("don-vi.xlsx", content), by=users["office"]
    )
    assert report.errors == [BOMB % "don-vi.xlsx"]


def test_a_sheet_too_large_on_its_own_is_refused_even_when_the_file_looks_normal(
    org, users, no_parsing
):
    # 45 MB of sheet beside 1 MB of noise: the whole file expands only about 40 times.
    content = _bomb(45 * 1024 * 1024, padding=1024 * 1024)
    report = importing.people_import(
        file=SimpleUploadedFile("ca-nhan.xlsx", content), by=users["office"]
    )
    assert report.errors == [BOMB % "ca-nhan.xlsx"]


def test_the_import_page_refuses_a_zip_bomb_at_once(client, org, users, no_parsing):
    client.force_login(users["office"])
    upload = SimpleUploadedFile("don-vi.xlsx", _bomb(420 * 1024 * 1024))
    response = client.post(reverse("units:import_units"), {"file": upload})
    assert response.status_code == 200
    assert BOMB % "don-vi.xlsx" in (response.content.decode())
    assert not ImportJob.objects.exists()


def test_a_file_named_xlsx_that_is_not_one_is_refused_by_its_content(client, org, users):
    client.force_login(users["office"])
    upload = SimpleUploadedFile("don-vi.xlsx", b"%PDF-1.7\n" + b"x" * 200)
    response = client.post(reverse("units:import_units"), {"file": upload})
    refusal = "Chỉ được đính kèm tệp XLSX (don-vi.xlsx không thuộc các loại này)."
    assert refusal in response.content.decode()
    assert not ImportJob.objects.exists()


# --- row and column limits -------------------------------------------------------------------


def test_the_header_row_is_not_counted_against_the_row_limit(org, users, xlsx, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    report = importing.units_import(file=xlsx([UNIT_HEADERS, *_unit_rows(5)]), by=users["office"])
    assert (report.errors, report.created) == ([], 5)


def test_one_row_over_the_limit_is_refused_and_nothing_saved(org, users, xlsx, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    report = importing.units_import(file=xlsx([UNIT_HEADERS, *_unit_rows(6)]), by=users["office"])
    assert report.errors == ["Tệp có hơn 5 dòng dữ liệu (không kể dòng tiêu đề)."]
    assert not Unit.objects.filter(code__startswith="N").exists()


def test_blank_rows_between_records_do_not_count(org, users, xlsx, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    rows = [UNIT_HEADERS, *_unit_rows(2), [], [], [], *_unit_rows(3, prefix="M")]
    report = importing.units_import(file=xlsx(rows), by=users["office"])
    assert (report.errors, report.created) == ([], 5)


def test_rows_far_below_the_records_are_refused(org, users, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    workbook = Workbook()
    workbook.active.append(UNIT_HEADERS)
    workbook.active.append(_unit_rows(1)[0])
    workbook.active["A1000000"] = "X"
    out = io.BytesIO()
    workbook.save(out)
    report = importing.units_import(
        file=SimpleUploadedFile("don-vi.xlsx", out.getvalue()), by=users["office"]
    )
    assert report.errors == [
        "Trang tính còn dữ liệu sau dòng 11; mỗi lần nhập chỉ nhận tối đa 5 dòng."
    ]


def test_columns_past_the_limit_are_not_read(org, users, xlsx):
    far = [""] * 5000
    rows = [UNIT_HEADERS + far + ["Cột lạ"], _unit_rows(1)[0] + far + ["giá trị"]]
    report = importing.units_import(file=xlsx(rows), by=users["office"])
    assert (report.errors, report.created) == ([], 1)


# --- the background job ----------------------------------------------------------------------


def _start(users, xlsx, rows, *, who="office", kind=ImportJob.Kind.UNITS):
    return importing.import_job_start(kind=kind, file=xlsx(rows), by=users[who])


def test_the_job_records_its_progress_as_it_reads_and_checks(org, users, xlsx, monkeypatch):
    monkeypatch.setattr(sheets, "PROGRESS_EVERY", 1)
    job = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(20)])
    seen = []
    real_check = importing.units_check

    def watched_check(*, file, by, progress):
        def recorded(percent):
            progress(percent)
            seen.append(ImportJob.objects.get(pk=job.pk).progress)

        return real_check(file=file, by=by, progress=recorded)

    monkeypatch.setitem(importing.CHECKS, ImportJob.Kind.UNITS, watched_check)
    importing.import_job_run(job=job)
    assert seen == sorted(seen)
    assert seen[0] < 10
    assert seen[-1] >= 75
    job.refresh_from_db()
    assert (job.status, job.progress, job.created, job.errors) == ("done", 100, 20, [])
    assert Unit.objects.filter(code__startswith="N").count() == 20


def test_a_job_with_one_bad_row_saves_nothing_and_lists_the_problem(org, users, xlsx):
    rows = [UNIT_HEADERS, *_unit_rows(8), ["N9", "Trường 9", "Trường THCS", "KHONGCO", 30]]
    job = _start(users, xlsx, rows)
    importing.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED
    assert job.errors == ["Dòng 10: Mã đơn vị cấp trên “KHONGCO” không tồn tại."]
    assert not Unit.objects.filter(code__startswith="N").exists()


def test_a_job_that_breaks_while_saving_saves_nothing(org, users, xlsx, monkeypatch):
    job = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(5)])
    real_record = importing.history_record
    calls = []

    def failing_record(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_record(**kwargs)

    monkeypatch.setattr(importing, "history_record", failing_record)
    importing.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Unit.objects.filter(code__startswith="N").exists()
    assert not HistoryEntry.objects.filter(action="imported").exists()


def test_a_finished_job_is_not_run_again(org, users, xlsx):
    job = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(2)])
    importing.import_job_run(job=job)
    importing.import_job_run(job=job)
    assert Unit.objects.filter(code__startswith="N").count() == 2
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 2)


def test_the_upload_is_kept_under_a_generated_name_and_removed_once_read(
    org, users, xlsx, django_capture_on_commit_callbacks
):
    job = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(1)])
    name = job.file.name
    assert name.startswith("imports/") and "du-lieu" not in name
    assert job.filename == "du-lieu.xlsx"
    storage = job.file.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_job_run(job=job)
    assert not storage.exists(name)
    job.refresh_from_db()
    assert job.file.name == ""


def test_the_page_polls_until_the_job_ends_then_shows_the_outcome(
    client, org, users, xlsx, eager, django_capture_on_commit_callbacks
):
    client.force_login(users["office"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("units:import_people"),
            {"file": xlsx([importing.PEOPLE_COLUMNS[:7], ["", "", "", "", "", "THA", ""]])},
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("units:import_job", args=[job.pk])
    url = response["Location"]
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in waiting
    assert "<progress" in waiting
    for callback in callbacks:
        callback()
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in done
    assert "Chưa lưu dữ liệu nào." in done
    assert "Dòng 2: Thiếu họ và tên." in done


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("admin", 404), ("staff_a", 404), ("outsider", 404)],
)
def test_only_the_creator_sees_the_job(client, org, users, xlsx, who, status):
    job = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(1)])
    client.force_login(users[who])
    assert client.get(reverse("units:import_job", args=[job.pk])).status_code == status


def test_the_creator_who_no_longer_manages_units_no_longer_sees_the_job(client, org, users, xlsx):
    job = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(1)])
    RoleAssignment.objects.filter(user=users["office"], role=Role.OFFICE).delete()
    client.force_login(users["office"])
    assert client.get(reverse("units:import_job", args=[job.pk])).status_code == 404


def test_the_job_checks_rows_against_the_creators_scope(org, users, xlsx):
    rows = [UNIT_HEADERS, ["KH1", "Phòng Kế hoạch", "Phòng", "SKHCN", 5]]
    job = _start(users, xlsx, rows)
    importing.import_job_run(job=job)
    job.refresh_from_db()
    assert job.errors == ["Dòng 2: Đơn vị cấp trên “SKHCN” nằm ngoài phạm vi của bạn."]
    assert not Unit.objects.filter(code="KH1").exists()


def test_the_import_page_lists_only_the_users_own_recent_imports(client, org, users, xlsx):
    mine = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(1)])
    theirs = _start(users, xlsx, [UNIT_HEADERS, *_unit_rows(1)], who="admin")
    client.force_login(users["office"])
    page = client.get(reverse("units:import_units")).content.decode()
    assert reverse("units:import_job", args=[mine.pk]) in page
    assert reverse("units:import_job", args=[theirs.pk]) not in page
