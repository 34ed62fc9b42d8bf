"""Excel import: every bad file is refused with its message and nothing is saved."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import PersonFactory
from units import importing
from units.models import Person, Unit, UnitKind

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Số CBCCVC/NLĐ"]
PEOPLE_HEADERS = [
    "Họ và tên", "Ngày sinh (dd/mm/yyyy)", "Giới tính", "Chức vụ", "Trình độ", "Mã đơn vị",
    "Email",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _units_before():
    return sorted(Unit.objects.values_list("code", flat=True))


def test_good_units_file_saves_every_row(org, users, xlsx):
    upload = xlsx(
        [
            UNIT_HEADERS,
            ["THC", "Trường THPT Cát Bi", "Trường THPT", "SGD", 75],
            ["THC-TOAN", "Tổ Toán", "Khác", "THC", 12],  # parent defined in an earlier row
            ["MN1", "Trường Mầm non Hoa Mai", "preschool", "sgd", "40"],
        ]
    )
    report = importing.units_import(file=upload, by=users["office"])
    assert report.errors == []
    assert report.created == 3
    school = Unit.objects.get(code="THC")
    team = Unit.objects.get(code="THC-TOAN")
    assert (school.parent, school.kind, school.headcount) == (
        org["department"],
        UnitKind.UPPER_SECONDARY,
        75,
    )
    assert team.parent == school
    assert team.path.startswith(school.path)
    assert team.depth == 2
    assert Unit.objects.get(code="MN1").kind == UnitKind.PRESCHOOL


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "KHONGCO", 10]],
            "Dòng 2: Mã đơn vị cấp trên “KHONGCO” không tồn tại.",
        ),
        (
            [UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "SGD", 10],
             ["X1", "Trường B", "Trường THPT", "SGD", 10]],
            "Dòng 3: Mã đơn vị “X1” đã dùng ở dòng 2.",
        ),
        (
            [UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "SGD", 10],
             ["THB", "Trường B", "Trường THPT", "SGD", 10]],
            "Dòng 3: Mã đơn vị “THB” đã tồn tại.",
        ),
        (
            [UNIT_HEADERS, ["X1", "", "Trường THPT", "SGD", 10]],
            "Dòng 2: Thiếu tên đơn vị.",
        ),
        (
            [UNIT_HEADERS, ["X1", "Trường A", "Trường đại học", "SGD", 10]],
            "Dòng 2: Loại “Trường đại học” không có trong danh mục.",
        ),
        (
            [UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "SGD", "nhiều"]],
            "Dòng 2: Số CBCCVC/NLĐ “nhiều” không phải là số nguyên.",
        ),
        (
            [UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "SKHCN", 10]],
            "Dòng 2: Đơn vị cấp trên “SKHCN” nằm ngoài phạm vi của bạn.",
        ),
        (
            [["Mã", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Số CBCCVC/NLĐ"],
             ["X1", "Trường A", "Trường THPT", "SGD", 10]],
            "Thiếu cột: Mã đơn vị.",
        ),
        ([UNIT_HEADERS], "Tệp không có dòng dữ liệu nào."),
        ([], "Tệp trống: dòng đầu tiên phải là tiêu đề các cột."),
    ],
)  # fmt: skip
def test_bad_units_file_is_refused_and_nothing_saved(org, users, xlsx, rows, message):
    before = _units_before()
    report = importing.units_import(file=xlsx(rows), by=users["office"])
    assert [e for e in report.errors if e.startswith(message)] != []
    assert report.created == 0
    assert _units_before() == before


def test_one_bad_row_among_good_ones_saves_nothing(org, users, xlsx):
    rows = [UNIT_HEADERS] + [[f"N{i}", f"Trường {i}", "Trường THCS", "SGD", 30] for i in range(8)]
    rows.append(["N9", "Trường 9", "Trường THCS", "KHONGCO", 30])
    report = importing.units_import(file=xlsx(rows), by=users["office"])
    assert report.errors == ["Dòng 10: Mã đơn vị cấp trên “KHONGCO” không tồn tại."]
    assert not Unit.objects.filter(code__startswith="N").exists()


def test_not_an_xlsx_file_is_refused(org, users):
    upload = SimpleUploadedFile("don-vi.csv", b"Ma don vi;Ten don vi\nX1;Truong A\n")
    report = importing.units_import(file=upload, by=users["office"])
    assert report.errors == ["Tệp không phải là tệp Excel .xlsx."]


def test_a_corrupt_xlsx_file_is_refused(org, users):
    upload = SimpleUploadedFile("don-vi.xlsx", b"PK\x03\x04 this is not really a workbook")
    report = importing.units_import(file=upload, by=users["office"])
    assert report.errors == ["Tệp không phải là tệp Excel .xlsx hoặc tệp bị hỏng."]


def test_an_empty_upload_is_refused(org, users):
    upload = SimpleUploadedFile("don-vi.xlsx", b"")
    report = importing.units_import(file=upload, by=users["office"])
    assert report.errors == ["Tệp trống."]


def test_the_import_page_shows_the_report_and_saves_nothing(
    client, org, users, xlsx, eager, django_capture_on_commit_callbacks
):
    client.force_login(users["office"])
    upload = xlsx([UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "KHONGCO", 10]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("units:import_units"), {"file": upload})
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu dữ liệu nào." in page
    assert "Dòng 2: Mã đơn vị cấp trên “KHONGCO” không tồn tại." in page
    assert not Unit.objects.filter(code="X1").exists()


def test_the_import_page_saves_a_good_file(
    client, org, users, xlsx, eager, django_capture_on_commit_callbacks
):
    client.force_login(users["office"])
    upload = xlsx([UNIT_HEADERS, ["X1", "Trường A", "Trường THPT", "SGD", 10]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("units:import_units"), {"file": upload})
    response = client.get(response["Location"])
    assert "Đã nhập 1 dòng." in response.content.decode()
    assert Unit.objects.get(code="X1").parent == org["department"]


# --- people ------------------------------------------------------------------------------


def test_good_people_file_saves_every_row(org, users, xlsx):
    upload = xlsx(
        [
            PEOPLE_HEADERS,
            ["Trần Thị Thu Hà", "05/09/1986", "Nữ", "Giáo viên", "Thạc sĩ", "THA", "ha@a.vn"],
            ["Lê Văn Đức", datetime.datetime(1979, 1, 2), "Nam", "Hiệu trưởng", "", "THB", ""],
        ]
    )
    report = importing.people_import(file=upload, by=users["office"])
    assert report.errors == []
    assert report.created == 2
    ha = Person.objects.get(full_name="Trần Thị Thu Hà")
    assert (ha.date_of_birth, ha.gender, ha.unit) == (
        datetime.date(1986, 9, 5),
        "female",
        org["school_a"],
    )
    assert Person.objects.get(full_name="Lê Văn Đức").date_of_birth == datetime.date(1979, 1, 2)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Trần Thị Thu Hà", "31/02/1986", "Nữ", "", "", "THA", ""],
         "Dòng 2: Ngày sinh “31/02/1986” không đúng dạng ngày dd/mm/yyyy."),
        (["", "05/09/1986", "Nữ", "", "", "THA", ""], "Dòng 2: Thiếu họ và tên."),
        (["Trần Thị Thu Hà", "05/09/1986", "Nữ", "", "", "KHONGCO", ""],
         "Dòng 2: Mã đơn vị “KHONGCO” không tồn tại."),
        (["Trần Thị Thu Hà", "05/09/1986", "Nữ", "", "", "SKHCN", ""],
         "Dòng 2: Đơn vị “SKHCN” nằm ngoài phạm vi của bạn."),
        (["Trần Thị Thu Hà", "05/09/1986", "X", "", "", "THA", ""],
         "Dòng 2: Giới tính phải là “Nam” hoặc “Nữ”, không phải “X”."),
        (["Trần Thị Thu Hà", "05/09/1986", "Nữ", "", "", "THA", "khong-phai-email"],
         "Dòng 2: “khong-phai-email” không phải là địa chỉ email."),
    ],
)  # fmt: skip
def test_bad_people_file_is_refused_and_nothing_saved(org, users, xlsx, row, message):
    good = ["Lê Văn Đức", "02/01/1979", "Nam", "", "", "THB", ""]
    before = Person.objects.count()
    report = importing.people_import(file=xlsx([PEOPLE_HEADERS, row, good]), by=users["office"])
    assert report.errors == [message]
    assert Person.objects.count() == before


def test_people_file_with_wrong_columns_is_refused(org, users, xlsx):
    rows = [["Họ tên", "Ngày sinh", "Mã đơn vị"], ["Lê Văn Đức", "02/01/1979", "THB"]]
    report = importing.people_import(file=xlsx(rows), by=users["office"])
    assert len(report.errors) == 1
    assert report.errors[0].startswith(
        "Thiếu cột: Họ và tên, Ngày sinh (dd/mm/yyyy), Giới tính, Chức vụ, Trình độ, Email. "
        "Cột không có trong mẫu: Họ tên, Ngày sinh."
    )
    assert not Person.objects.filter(full_name="Lê Văn Đức").exists()


def test_a_person_already_recorded_is_refused(org, users, xlsx):
    born = datetime.date(1979, 1, 2)
    PersonFactory(full_name="Lê Văn Đức", date_of_birth=born, unit=org["school_b"])
    rows = [PEOPLE_HEADERS, ["Lê Văn Đức", "02/01/1979", "Nam", "", "", "THB", ""]]
    report = importing.people_import(file=xlsx(rows), by=users["office"])
    assert report.errors == ["Dòng 2: Lê Văn Đức đã có trong đơn vị này."]


# --- export, round trip and template -----------------------------------------------------


def _sheet(content):
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_units_export_imports_back_into_an_empty_database(client, org, users, xlsx, job_file):
    client.force_login(users["admin"])
    content = b"".join(job_file(client, reverse("units:export_units")).streaming_content)
    rows = _sheet(content)
    assert rows[0] == importing.UNIT_COLUMNS
    assert rows[1] == ["SGD", "Sở Giáo dục và Đào tạo", "Sở", None, 80, "Hải Phòng", "SGDĐT", "Có"]
    assert [r[0] for r in rows[1:]] == ["SGD", "VP", "THA", "THA2", "THB"]
    # Rename every code and import the file again: the same tree appears beside the first.
    renamed = [rows[0]] + [
        [f"R-{r[0]}", r[1], r[2], f"R-{r[3]}" if r[3] else "SKHCN", *r[4:]] for r in rows[1:]
    ]
    users["admin"].is_superuser = True
    report = importing.units_import(file=xlsx(renamed), by=users["admin"])
    assert report.errors == []
    for code in ["SGD", "VP", "THA", "THA2", "THB"]:
        original, copy = Unit.objects.get(code=code), Unit.objects.get(code=f"R-{code}")
        assert (copy.name, copy.kind, copy.headcount, copy.depth) == (
            original.name,
            original.kind,
            original.headcount,
            original.depth + 1,
        )
        if original.parent_id:
            assert copy.parent.code == f"R-{original.parent.code}"


def test_people_export_round_trip(client, org, users, xlsx, job_file):
    PersonFactory(full_name="Mạc Thị Thu Hiền", unit=org["school_a"], gender="female",
                  date_of_birth=datetime.date(1990, 12, 31), email="ha@example.vn")  # fmt: skip
    client.force_login(users["office"])
    response = job_file(client, reverse("units:export_people") + "?unit=THA&q=mac+thi+thu+hien")
    rows = _sheet(b"".join(response.streaming_content))
    assert rows[0] == importing.PEOPLE_COLUMNS
    assert len(rows) == 2
    row = rows[1]
    # The date of birth is a real date, shown dd/mm/yyyy.
    assert row[:7] == [
        "Mạc Thị Thu Hiền",
        datetime.datetime(1990, 12, 31),
        "Nữ",
        "Giáo viên",
        None,
        "THA",
        "ha@example.vn",
    ]
    Person.objects.filter(full_name="Mạc Thị Thu Hiền").delete()
    report = importing.people_import(file=xlsx(rows), by=users["office"])
    assert report.errors == []
    person = Person.objects.get(full_name="Mạc Thị Thu Hiền")
    assert (person.date_of_birth, person.gender, person.email) == (
        datetime.date(1990, 12, 31),
        "female",
        "ha@example.vn",
    )


@pytest.mark.parametrize(
    ("url_name", "headers"),
    [("units:template_units", importing.UNIT_COLUMNS),
     ("units:template_people", importing.PEOPLE_COLUMNS)],
)  # fmt: skip
def test_templates_hold_the_headers_and_one_example(client, users, url_name, headers):
    client.force_login(users["office"])
    response = client.get(reverse(url_name))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = _sheet(response.content)
    assert rows[0] == headers
    assert len(rows) == 2
