"""A field's help text and errors are tied to it: the ids the widget's `aria-describedby`
names exist in the page, and a field in error says so with `aria-invalid`."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", help_text="As on the application.")
    year = forms.IntegerField(label="Year")
    agreed = forms.BooleanField(label="Agreed", help_text="Tick to agree.")


def _describedby(html: str, field_id: str) -> list[str]:
    tag = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', html).group(0)
    match = re.search(r'aria-describedby="([^"]*)"', tag)
    return match.group(1).split() if match else []


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("template", ["portal/_form.html", "awards/_field.html"])
def test_errors_and_help_are_named_by_the_field(template):
    form = SampleForm(data={"year": "abc"})
    assert not form.is_valid()
    if template == "portal/_form.html":
        html = render_to_string(template, {"form": form})
    else:
        html = "".join(render_to_string(template, {"field": field}) for field in form)

    title = _describedby(html, "id_title")
    assert title == ["id_title_helptext", "id_title_error"]
    assert _describedby(html, "id_year") == ["id_year_error"]
    for field_id in ("id_title", "id_year", "id_agreed"):
        assert set(_describedby(html, field_id)) <= _ids(html)
    assert re.search(r'id="id_title_error"[^>]*>\s*<p class="error">', html)
    assert 'id="id_title_helptext"' in html
    tag = re.search(r'<input[^>]*id="id_year"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag


def test_a_valid_field_has_no_error_reference():
    form = SampleForm(data={"title": "Sổ điểm", "year": "2025", "agreed": "on"})
    assert form.is_valid()
    html = render_to_string("portal/_form.html", {"form": form})
    assert _describedby(html, "id_title") == ["id_title_helptext"]
    assert "aria-invalid" not in html
    assert set(_describedby(html, "id_agreed")) <= _ids(html)
