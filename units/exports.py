"""The unit tree and the people list as .xlsx workbooks, made by a job off the request
through the shared list export (portal/exports.py). The columns are those of the import
(units/importing.py), so an exported sheet imports back unchanged."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exports import ListExport, export_register

from . import access
from .filters import PersonFilter, UnitFilter
from .importing import GENDER_WORDS, KIND_WORDS, PEOPLE_COLUMNS, UNIT_COLUMNS


def _units(user, data):
    units = access.units_visible_to(user).select_related("parent").order_by("path")
    return UnitFilter(data, queryset=units).qs


def _unit_values(unit, *, user, number) -> list:
    return [
        unit.code,
        unit.name,
        KIND_WORDS.get(unit.kind, unit.kind),
        unit.parent.code if unit.parent_id else "",
        unit.headcount,
        unit.place,
        unit.short_code,
        "Có" if unit.active else "Không",
    ]


def _people(user, data):
    people = access.people_visible_to(user).select_related("unit").order_by("name_sort", "id")
    return PersonFilter(data, queryset=people).qs


def _person_values(person, *, user, number) -> list:
    return [
        person.full_name,
        person.date_of_birth,
        GENDER_WORDS.get(person.gender, ""),
        person.position,
        person.qualification,
        person.unit.code,
        person.email,
        person.phone,
        person.completed_digital_skills,
    ]


UNITS = ListExport(
    kind="units_export",
    filename="don-vi-{date}.xlsx",
    title=gettext_lazy("Unit list export"),
    sheet_title=lambda: _("Units"),
    headers=lambda: list(UNIT_COLUMNS),
    rows=_units,
    values=_unit_values,
)

PEOPLE = ListExport(
    kind="people_export",
    filename="ca-nhan-{date}.xlsx",
    title=gettext_lazy("People list export"),
    sheet_title=lambda: _("People"),
    headers=lambda: list(PEOPLE_COLUMNS),
    rows=_people,
    values=_person_values,
)


def register_files() -> None:
    export_register(UNITS)
    export_register(PEOPLE)
