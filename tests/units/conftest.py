import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import PersonFactory


@pytest.fixture
def person_a(org):
    """A person of school_a without an account."""
    return PersonFactory(full_name="Nguyễn Thị Hồng Nhung", unit=org["school_a"])


@pytest.fixture
def xlsx():
    """xlsx(rows, name=...) -> an uploaded .xlsx file whose first sheet holds `rows`."""

    def _make(rows, name="du-lieu.xlsx"):
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(list(row))
        out = io.BytesIO()
        workbook.save(out)
        return SimpleUploadedFile(name, out.getvalue())

    return _make
