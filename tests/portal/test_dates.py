"""One date input on every form (typed dd/mm/yyyy) and one way of showing stored values."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from portal.dates import DateField, DateInput
from portal.text import shown

FORM_MODULES = [
    "units.forms",
    "campaigns.forms",
    "initiatives.forms",
    "research.forms",
    "reports.forms",
    "awards.forms",
    "awards.forms_records",
]


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                yield value


def test_every_date_field_of_every_form_is_the_portal_date_input():
    checked = []
    for form_class in _form_classes():
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                checked.append(f"{form_class.__name__}.{field_name}")
                assert isinstance(field, DateField), checked[-1]
                assert isinstance(field.widget, DateInput), checked[-1]
                assert field.widget.input_type == "text", checked[-1]
    # the forms with dates: persons, campaigns, initiatives, research, rounds, records
    assert len(checked) >= 12, checked


def test_a_date_is_typed_and_shown_as_dd_mm_yyyy():
    class Form(forms.Form):
        day = DateField()

    with translation.override("vi"):
        form = Form({"day": "05/09/2024"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2024, 9, 5)
        html = str(Form(initial={"day": datetime.date(2024, 9, 5)})["day"])
        assert 'value="05/09/2024"' in html and 'type="text"' in html
        assert 'data-picker-days="T2 T3 T4 T5 T6 T7 CN"' in html
        wrong = Form({"day": "09/31/2024"})
        assert not wrong.is_valid()
        assert wrong.errors["day"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 02/12/2024."]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "Có"),
        (False, "Không"),
        ("True", "Có"),
        ("False", "Không"),
        (None, ""),
        ("None", ""),
        (Decimal("85.50"), "85,5"),
        ("85.50", "85,5"),
        (Decimal("40.00"), "40"),
        (Decimal("4E+1"), "40"),
        (1234.25, "1.234,25"),
        (datetime.date(2024, 12, 2), "02/12/2024"),
        ("2024-12-02", "02/12/2024"),
        ("Trường THPT An Lão", "Trường THPT An Lão"),
    ],
)
def test_stored_values_are_shown_in_vietnamese(value, text):
    with translation.override("vi"):
        assert shown(value) == text
