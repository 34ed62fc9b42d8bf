"""Entering and importing the yearly emulation records (awards/records.py).

Only the office (or an administrator) over the person's or unit's unit enters records; each
save writes a history row with what changed. The Excel import checks every row before it saves
anything and saves all rows in one transaction or none, reporting problems by row number.

Sheet columns (fixed Vietnamese headers):
    Năm | Mã đơn vị | Họ và tên | Xếp loại
    (optional: Ngày sinh (dd/mm/yyyy) | Danh hiệu | Số quyết định |
     Ngày quyết định (dd/mm/yyyy) | Cơ quan quyết định)
A row with an empty "Họ và tên" is the unit's own record. One row per title received; rows of
the same person (or unit) and year must agree on the classification.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from campaigns.models import INDIVIDUAL_TITLES, EmulationTitle
from portal.services import history_record
from portal.sheets import FileProblem, read_sheet
from portal.sheets import cell_date as _date
from portal.sheets import cell_text as _text
from portal.sheets import row_error as _row_error
from portal.text import fold
from units import access
from units.models import Person, Unit

from .records import Classification, EmulationRecord, RecordTitle

C_YEAR = "Năm"
C_UNIT = "Mã đơn vị"
C_NAME = "Họ và tên"
C_CLASS = "Xếp loại"
C_BIRTH = "Ngày sinh (dd/mm/yyyy)"
C_TITLE = "Danh hiệu"
C_NUMBER = "Số quyết định"
C_DATE = "Ngày quyết định (dd/mm/yyyy)"
C_ISSUER = "Cơ quan quyết định"
REQUIRED = [C_YEAR, C_UNIT, C_NAME, C_CLASS]
COLUMNS = [*REQUIRED, C_BIRTH, C_TITLE, C_NUMBER, C_DATE, C_ISSUER]

CLASSIFICATION_WORDS = {
    Classification.EXCELLENT: ["Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"],
    Classification.GOOD: ["Hoàn thành tốt nhiệm vụ", "HTTNV"],
    Classification.COMPLETED: ["Hoàn thành nhiệm vụ", "HTNV"],
    Classification.NOT_COMPLETED: ["Không hoàn thành nhiệm vụ", "KHTNV"],
}
TITLE_WORDS = {
    EmulationTitle.LABOUR: ["Lao động tiên tiến", "LĐTT"],
    EmulationTitle.BASE_FIGHTER: ["Chiến sĩ thi đua cơ sở", "CSTĐCS", "CSTĐ cơ sở"],
    EmulationTitle.PROVINCE_FIGHTER: [
        "Chiến sĩ thi đua cấp tỉnh",
        "Chiến sĩ thi đua thành phố",
        "Chiến sĩ thi đua cấp thành phố",
        "CSTĐ cấp tỉnh",
    ],
    EmulationTitle.ADVANCED_COLLECTIVE: ["Tập thể lao động tiên tiến", "TTLĐTT"],
    EmulationTitle.EXCELLENT_COLLECTIVE: ["Tập thể lao động xuất sắc", "TTLĐXS"],
    EmulationTitle.PROVINCE_FLAG: [
        "Cờ thi đua cấp tỉnh",
        "Cờ thi đua của UBND tỉnh",
        "Cờ thi đua UBND thành phố",
        "Cờ thi đua của UBND thành phố",
    ],
}


def _by_word(words: dict) -> dict:
    out = {}
    for value, texts in words.items():
        out[value.value] = value
        for text in texts:
            out[fold(text)] = value
    return out


_CLASSIFICATIONS = _by_word(CLASSIFICATION_WORDS)
_TITLES = _by_word(TITLE_WORDS)
TITLE_FIELDS = ("title", "decision_number", "decision_date", "issuer")


# --- Scope --------------------------------------------------------------------------------


def records_visible_to(user) -> QuerySet[EmulationRecord]:
    return EmulationRecord.objects.filter(
        access.scope_q(user, "person__unit__path") | access.scope_q(user, "unit__path")
    )


def can_enter_records(user, unit: Unit) -> bool:
    """The office (or an administrator) over the unit enters the records of it and its people."""
    return access.has_role(user, *access.MANAGING_ROLES, unit=unit)


# --- Entering one record ------------------------------------------------------------------


def _title_rows(record: EmulationRecord) -> list[dict]:
    return [
        {
            "title": t.title,
            "decision_number": t.decision_number,
            "decision_date": t.decision_date.strftime("%d/%m/%Y"),
            "issuer": t.issuer,
        }
        for t in record.titles.order_by("title")
    ]


def _check_titles(titles: list[dict], *, individual: bool, year: int) -> None:
    seen = set()
    for row in titles:
        title = row["title"]
        if title in seen:
            raise ValidationError(
                _("“%(title)s” is given twice.") % {"title": EmulationTitle(title).label}
            )
        seen.add(title)
        if (title in INDIVIDUAL_TITLES) != individual:
            raise ValidationError(
                (
                    _("“%(title)s” is a title for collectives.")
                    if individual
                    else _("“%(title)s” is a title for individuals.")
                )
                % {"title": EmulationTitle(title).label}
            )
        if row["decision_date"].year not in (year, year + 1):
            raise ValidationError(
                _("The decision on “%(title)s” must be dated in %(year)s or early %(next)s.")
                % {"title": EmulationTitle(title).label, "year": year, "next": year + 1}
            )


@transaction.atomic
def record_save(
    *,
    by,
    year: int,
    classification: str,
    note: str = "",
    titles: list[dict],
    person: Person | None = None,
    unit: Unit | None = None,
    record: EmulationRecord | None = None,
) -> EmulationRecord:
    """Create or update the record of `person` or `unit` for `year` with `titles` (each a dict
    of title, decision_number, decision_date, issuer): the titles listed replace the others."""
    if record is not None:
        person, unit = record.person, record.unit
    if (person is None) == (unit is None):
        raise ValidationError(_("A record belongs to one individual or one collective."))
    subject_unit = person.unit if person is not None else unit
    if not can_enter_records(by, subject_unit):
        raise ValidationError(_("Only the office enters emulation records of this unit."))
    _check_titles(titles, individual=person is not None, year=year)
    if record is None:
        duplicate = EmulationRecord.objects.filter(year=year)
        duplicate = duplicate.filter(person=person) if person else duplicate.filter(unit=unit)
        if duplicate.exists():
            raise ValidationError(
                _("There is already a record for %(year)s; edit it instead.") % {"year": year}
            )
        record = EmulationRecord(person=person, unit=unit, created_by=by)
        before = {}
        action = "created"
    else:
        record = EmulationRecord.objects.select_for_update().get(pk=record.pk)
        before = {
            "year": record.year,
            "classification": record.classification,
            "note": record.note,
            "titles": _title_rows(record),
        }
        action = "updated"
    record.year, record.classification, record.note = year, classification, note
    record.full_clean(exclude=["created_by"])
    record.save()
    record.titles.exclude(title__in=[t["title"] for t in titles]).delete()
    for row in titles:
        RecordTitle.objects.update_or_create(
            record=record,
            title=row["title"],
            defaults={name: row[name] for name in TITLE_FIELDS if name != "title"},
        )
    after = {
        "year": record.year,
        "classification": record.classification,
        "note": record.note,
        "titles": _title_rows(record),
    }
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        history_record(subject=record, by=by, action=action, changes=changes)
    return record


# --- Import -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: the problems by row, or how many rows it saved."""

    errors: list[str] = field(default_factory=list)
    rows: int = 0
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _person(unit: Unit, name: str, born: datetime.date | None) -> tuple[Person | None, str]:
    people = Person.objects.filter(unit=unit, name_folded=fold(name)[:150])
    if born is not None:
        people = people.filter(date_of_birth=born)
    found = list(people[:2])
    if not found:
        return None, _("nobody named “%(name)s” works in %(unit)s.") % {
            "name": name,
            "unit": unit.code,
        }
    if len(found) > 1:
        return None, _(
            "several people named “%(name)s” work in %(unit)s; give the date of birth."
        ) % {"name": name, "unit": unit.code}
    return found[0], ""


def records_import(*, file, by) -> ImportReport:
    """Check every row, then save all the records or none."""
    report = ImportReport()
    if not access.has_role(by, *access.MANAGING_ROLES):
        report.errors.append(_("Only the office imports emulation records."))
        return report
    units = {u.code.upper(): u for u in access.units_visible_to(by).filter(active=True)}
    wanted: dict[tuple, dict] = {}
    try:
        for number, cells in read_sheet(file, REQUIRED, COLUMNS):
            report.rows += 1
            problems = []
            year_text = _text(cells.get(C_YEAR))
            year = int(year_text) if year_text.isdigit() else None
            if year is None or not 2000 <= year <= 2100:
                problems.append(_("the year must be a number such as 2025."))
            unit = units.get(_text(cells.get(C_UNIT)).upper())
            if unit is None or not can_enter_records(by, unit):
                problems.append(
                    _("no unit of yours has the code “%(code)s”.")
                    % {"code": _text(cells.get(C_UNIT))}
                )
            classification = _CLASSIFICATIONS.get(fold(_text(cells.get(C_CLASS))))
            if _text(cells.get(C_CLASS)) and classification is None:
                problems.append(
                    _("unknown classification “%(value)s”.") % {"value": _text(cells.get(C_CLASS))}
                )
            try:
                born = _date(cells.get(C_BIRTH))
                decided = _date(cells.get(C_DATE))
            except ValueError:
                born = decided = None
                problems.append(_("write dates as dd/mm/yyyy."))
            title_text = _text(cells.get(C_TITLE))
            title = _TITLES.get(fold(title_text)) if title_text else None
            if title_text and title is None:
                problems.append(_("unknown title “%(value)s”.") % {"value": title_text})
            number_text, issuer = _text(cells.get(C_NUMBER)), _text(cells.get(C_ISSUER))
            if title and not (number_text and decided and issuer):
                problems.append(_("a title needs its decision number, decision date and issuer."))
            person = None
            name = _text(cells.get(C_NAME))
            if unit is not None and name and not problems:
                person, problem = _person(unit, name, born)
                if problem:
                    problems.append(problem)
            if problems:
                report.errors.extend(_row_error(number, p) for p in problems)
                continue
            key = ("person", person.pk) if person else ("unit", unit.pk)
            entry = wanted.setdefault(
                (*key, year),
                {
                    "person": person,
                    "unit": None if person else unit,
                    "year": year,
                    "classification": classification or "",
                    "titles": {},
                    "row": number,
                },
            )
            if classification and entry["classification"] not in ("", classification):
                report.errors.append(
                    _row_error(
                        number,
                        _("the classification differs from row %(row)s.") % {"row": entry["row"]},
                    )
                )
                continue
            entry["classification"] = entry["classification"] or classification or ""
            if title:
                entry["titles"][title] = {
                    "title": title,
                    "decision_number": number_text,
                    "decision_date": decided,
                    "issuer": issuer,
                }
    except FileProblem as problem:
        report.errors.append(str(problem))
        return report
    if not report.rows and not report.errors:
        report.errors.append(_("The file has no data rows."))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for entry in wanted.values():
                existing = EmulationRecord.objects.filter(year=entry["year"])
                existing = (
                    existing.filter(person=entry["person"])
                    if entry["person"]
                    else existing.filter(unit=entry["unit"])
                ).first()
                titles = list(entry["titles"].values())
                if existing is not None:
                    kept = [
                        {name: getattr(t, name) for name in TITLE_FIELDS}
                        for t in existing.titles.exclude(title__in=entry["titles"])
                    ]
                    titles = kept + titles
                try:
                    record_save(
                        by=by,
                        year=entry["year"],
                        classification=entry["classification"],
                        note=existing.note if existing else "",
                        titles=titles,
                        person=entry["person"],
                        unit=entry["unit"],
                        record=existing,
                    )
                except ValidationError as error:
                    report.errors.append(_row_error(entry["row"], " ".join(error.messages)))
                    raise
                report.saved += 1
    except ValidationError:
        report.saved = 0
        return report
    return report
