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


@pytest.fixture
def eager():
    """Celery tasks run in-process, even when REDIS_URL is set (CI)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
