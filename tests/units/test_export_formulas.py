"""The units and people exports hold what users typed as text, and it imports back unchanged."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, UnitFactory
from tests.xlsx_checks import HOSTILE, assert_no_formula_and_text_kept
from units import importing
from units.models import Person


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_units_export_stores_hostile_text_as_text(login, users, org, job_file):
    for number, text in enumerate(HOSTILE):
        UnitFactory(
            parent=org["department"],
            code=f"{text}{number}"[:32],
            name=text,
            place=text,
            short_code=text[:32],
        )
    content = _content(job_file(login(users["office"]), reverse("units:export_units")))
    assert_no_formula_and_text_kept(content, HOSTILE)


def test_people_export_stores_hostile_text_as_text(login, users, org, job_file):
    for text in HOSTILE:
        PersonFactory(
            unit=org["school_a"],
            full_name=text,
            position=text,
            qualification=text,
            phone=text[:30],
            email="",
        )
    content = _content(job_file(login(users["office"]), reverse("units:export_people")))
    assert_no_formula_and_text_kept(content, HOSTILE)


def test_exported_people_with_formula_like_text_import_back_as_written(
    login, users, org, xlsx, job_file
):
    PersonFactory(unit=org["school_a"], full_name="=Lê Văn An", position="-Giáo viên",
                  qualification="@Thạc sĩ", phone="+84 912 345 678", email="")  # fmt: skip
    url = reverse("units:export_people") + "?unit=THA"
    content = _content(job_file(login(users["office"]), url))
    rows = [list(r) for r in load_workbook(io.BytesIO(content)).worksheets[0].values]
    rows = [rows[0]] + [r for r in rows[1:] if r[0] == "'=Lê Văn An"]
    assert len(rows) == 2
    Person.objects.filter(full_name="=Lê Văn An").delete()
    report = importing.people_import(file=xlsx(rows), by=users["office"])
    assert report.errors == []
    person = Person.objects.get(full_name="=Lê Văn An")
    assert (person.full_name, person.position, person.qualification, person.phone) == (
        "=Lê Văn An",
        "-Giáo viên",
        "@Thạc sĩ",
        "+84 912 345 678",
    )
