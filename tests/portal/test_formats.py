import datetime

from django import forms
from django.template import Context, Template
from django.utils import timezone, translation


class _DateForm(forms.Form):
    day = forms.DateField()


def test_dates_are_accepted_as_dd_mm_yyyy():
    with translation.override("vi"):
        form = _DateForm({"day": "02/12/2024"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2024, 12, 2)


def test_month_first_dates_are_refused_in_vietnamese():
    with translation.override("vi"):
        form = _DateForm({"day": "12/31/2024"})
        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập một ngày hợp lệ."]


def test_dates_are_shown_as_dd_mm_yyyy_in_both_languages():
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} {{ day }}')
    for language in ("vi", "en"):
        with translation.override(language):
            assert template.render(Context({"day": datetime.date(2024, 3, 6)})) == (
                "06/03/2024 06/03/2024"
            )


def test_time_zone_is_ho_chi_minh_city():
    moment = datetime.datetime(2026, 12, 14, 17, 30, tzinfo=datetime.UTC)
    assert timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") == "15/12/2026 00:30"
