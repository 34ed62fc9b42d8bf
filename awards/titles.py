"""The standards of the emulation titles, computed from the yearly emulation records
(awards/records.py) and from the portal's recognitions and research tasks.

Each threshold below names the article it comes from. Luật Thi đua, khen thưởng số
06/2022/QH15 (in force 01/01/2024) sets the standards; Nghị định 152/2025/NĐ-CP (in force
01/7/2025) details them. Where the 2022 wording could not be read, the README ("Emulation
titles") says so and the constant keeps the wording of the earlier text it was checked against.

A check is `met`, `not_met` or awaits `judgement` (the parts of a standard the data cannot
show, such as "tiêu biểu xuất sắc", or a year without a record), like a criterion in
awards/eligibility.py, and lists the years and decisions it used.
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from campaigns.models import INDIVIDUAL_TITLES, EmulationTitle, Level, Rating
from initiatives.models import Recognition
from research.models import ResearchTaskMember
from units.models import Person, Unit

from .eligibility import JUDGEMENT, MET, NOT_MET, _levels_from, _ratings_from, percent_of
from .records import CLASSIFICATION_ORDER, Classification, EmulationRecord, RecordTitle

# --- Individuals --------------------------------------------------------------------------

# Luật TĐKT 2022 Điều 24 khoản 1 điểm a: "Lao động tiên tiến" needs "hoàn thành tốt nhiệm vụ
# được giao" (and conduct the council judges).
LABOUR_MIN_CLASSIFICATION = Classification.GOOD

# Luật TĐKT 2022 Điều 23: "Chiến sĩ thi đua cơ sở" = "Lao động tiên tiến" of the year plus a
# sáng kiến recognised by the base level, or an accepted research task, or (DESIGN §8) an
# excellent completion of tasks.
BASE_FIGHTER_INITIATIVE_LEVEL = Level.BASE
BASE_FIGHTER_RESEARCH_RATING = Rating.PASSED
BASE_FIGHTER_EXCELLENT = Classification.EXCELLENT

# Luật TĐKT 2022 Điều 22: "Chiến sĩ thi đua cấp tỉnh" is chosen among people with three
# consecutive years of "Chiến sĩ thi đua cơ sở" whose sáng kiến or research has an influence
# across the province.
PROVINCE_FIGHTER_CONSECUTIVE_YEARS = 3
PROVINCE_FIGHTER_LEVEL = Level.PROVINCE
PROVINCE_FIGHTER_RESEARCH_RATING = Rating.PASSED

# --- Collectives --------------------------------------------------------------------------

# Luật TĐKT Điều 28 khoản 1 (wording of the 2003/2013 text; 2022 not read): "Tập thể lao động
# tiên tiến" needs "hoàn thành tốt nhiệm vụ" and more than 50 % of its people with "Lao động
# tiên tiến".
ADVANCED_COLLECTIVE_MIN_CLASSIFICATION = Classification.GOOD
ADVANCED_COLLECTIVE_LABOUR_ABOVE = Decimal(50)

# Luật TĐKT 2022 Điều 27 khoản 1: "Tập thể lao động xuất sắc" needs "hoàn thành xuất sắc
# nhiệm vụ"; 100 % of its people completing their tasks, at least 70 % of them with "Lao động
# tiên tiến"; and someone with "Chiến sĩ thi đua cơ sở".
EXCELLENT_COLLECTIVE_CLASSIFICATION = Classification.EXCELLENT
EXCELLENT_COLLECTIVE_LABOUR_AT_LEAST = Decimal(70)
EXCELLENT_COLLECTIVE_BASE_FIGHTERS = 1

# Luật TĐKT 2022 Điều 26 (not read): "Cờ thi đua cấp tỉnh" goes to a collective "tiêu biểu
# xuất sắc" of the province. The data shows the year's "Tập thể lao động xuất sắc"; the
# council judges the rest.
PROVINCE_FLAG_NEEDS = EmulationTitle.EXCELLENT_COLLECTIVE


@dataclass
class TitleCheck:
    title: str
    label: str
    status: str
    figures: list[str] = field(default_factory=list)
    years: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def decision_text(received: RecordTitle) -> str:
    return _("Decision no. %(number)s of %(date)s, %(issuer)s") % {
        "number": received.decision_number,
        "date": _date(received.decision_date),
        "issuer": received.issuer,
    }


def _records(*, person=None, unit=None) -> dict[int, EmulationRecord]:
    subject = {"person": person} if person is not None else {"unit": unit}
    queryset = EmulationRecord.objects.prefetch_related("titles").filter(**subject)
    return {record.year: record for record in queryset}


def _received(record: EmulationRecord | None, title: str) -> RecordTitle | None:
    if record is None:
        return None
    return next((t for t in record.titles.all() if t.title == title), None)


def _at_least(record: EmulationRecord | None, floor: str) -> bool | None:
    """Whether the year's classification reaches `floor`; None when it is not recorded."""
    if record is None or not record.classification:
        return None
    return CLASSIFICATION_ORDER[record.classification] >= CLASSIFICATION_ORDER[floor]


def _title_word(title: str) -> str:
    return str(EmulationTitle(title).label)


def _classification_figure(record: EmulationRecord | None, year: int) -> str:
    if record is None or not record.classification:
        return _("%(year)s: no classification recorded") % {"year": year}
    return f"{year}: {record.get_classification_display()}"


def _combine(*statuses: str) -> str:
    if NOT_MET in statuses:
        return NOT_MET
    if JUDGEMENT in statuses:
        return JUDGEMENT
    return MET


def _year_row(year: int, received: RecordTitle) -> dict:
    return {
        "year": year,
        "title": received.get_title_display(),
        "decision": decision_text(received),
    }


# --- Individuals --------------------------------------------------------------------------


def labour_check(person: Person, year: int, records=None) -> TitleCheck:
    records = records if records is not None else _records(person=person)
    record = records.get(year)
    check = TitleCheck(EmulationTitle.LABOUR, _title_word(EmulationTitle.LABOUR), MET)
    reached = _at_least(record, LABOUR_MIN_CLASSIFICATION)
    check.figures.append(_classification_figure(record, year))
    check.status = JUDGEMENT if reached is None else MET if reached else NOT_MET
    return check


def _initiatives_of(person: Person, level: str, first: int, last: int):
    return (
        Recognition.objects.filter(
            initiative__authors__person=person,
            level__in=_levels_from(level),
            decision_date__year__gte=first,
            decision_date__year__lte=last,
        )
        .select_related("initiative")
        .order_by("decision_date", "pk")
    )


def _research_of(person: Person, level: str, rating: str, first: int, last: int):
    return (
        ResearchTaskMember.objects.filter(
            person=person,
            task__level__in=_levels_from(level),
            task__rating__in=_ratings_from(rating),
            task__accepted_on__year__gte=first,
            task__accepted_on__year__lte=last,
        )
        .select_related("task")
        .order_by("task__accepted_on", "pk")
    )


def _recognition_figure(recognition) -> str:
    return _("Initiative “%(title)s”, %(level)s, decision no. %(number)s of %(date)s") % {
        "title": recognition.initiative.title,
        "level": recognition.get_level_display(),
        "number": recognition.decision_number,
        "date": _date(recognition.decision_date),
    }


def _research_figure(membership) -> str:
    task = membership.task
    return _("Research task “%(title)s”, %(level)s, accepted on %(date)s: %(rating)s") % {
        "title": task.title,
        "level": task.get_level_display(),
        "date": _date(task.accepted_on),
        "rating": task.get_rating_display(),
    }


def base_fighter_check(person: Person, year: int, records=None) -> TitleCheck:
    """Điều 23: the year's "Lao động tiên tiến" and one achievement of the year."""
    records = records if records is not None else _records(person=person)
    record = records.get(year)
    check = TitleCheck(EmulationTitle.BASE_FIGHTER, _title_word(EmulationTitle.BASE_FIGHTER), MET)
    labour = _received(record, EmulationTitle.LABOUR)
    if labour is not None:
        labour_status = MET
        check.years.append(_year_row(year, labour))
    else:
        labour_status = NOT_MET
        check.figures.append(
            _("%(year)s: no “%(title)s” recorded")
            % {"year": year, "title": _title_word(EmulationTitle.LABOUR)}
        )
    achievement = ""
    recognition = _initiatives_of(person, BASE_FIGHTER_INITIATIVE_LEVEL, year, year).first()
    if recognition is not None:
        achievement = _recognition_figure(recognition)
    else:
        membership = _research_of(person, "", BASE_FIGHTER_RESEARCH_RATING, year, year).first()
        if membership is not None:
            achievement = _research_figure(membership)
        elif _at_least(record, BASE_FIGHTER_EXCELLENT):
            achievement = _classification_figure(record, year)
    if achievement:
        check.figures.append(achievement)
        achievement_status = MET
    else:
        check.figures.append(
            _(
                "%(year)s: no recognised initiative, accepted research task or excellent "
                "completion of tasks"
            )
            % {"year": year}
        )
        achievement_status = NOT_MET
    check.status = _combine(labour_status, achievement_status)
    return check


def consecutive_years(records: dict[int, EmulationRecord], title: str, last: int) -> list[int]:
    """The unbroken run of years ending with `last` in which `title` was received."""
    run = []
    year = last
    while _received(records.get(year), title) is not None:
        run.append(year)
        year -= 1
    return sorted(run)


def province_fighter_check(person: Person, year: int, records=None) -> TitleCheck:
    """Điều 22: three consecutive years of "Chiến sĩ thi đua cơ sở" ending with `year`, and a
    province-level initiative or research task in those years."""
    records = records if records is not None else _records(person=person)
    needed = PROVINCE_FIGHTER_CONSECUTIVE_YEARS
    check = TitleCheck(
        EmulationTitle.PROVINCE_FIGHTER, _title_word(EmulationTitle.PROVINCE_FIGHTER), MET
    )
    run = consecutive_years(records, EmulationTitle.BASE_FIGHTER, year)
    used = run[-needed:]
    for run_year in used:
        received = _received(records[run_year], EmulationTitle.BASE_FIGHTER)
        check.years.append(_year_row(run_year, received))
    streak_met = len(run) >= needed
    check.figures.append(
        _("%(title)s in %(count)s consecutive years up to %(year)s %(op)s %(needed)s")
        % {
            "title": _title_word(EmulationTitle.BASE_FIGHTER),
            "count": len(run),
            "year": year,
            "op": "≥" if streak_met else "<",
            "needed": needed,
        }
    )
    first = year - needed + 1
    recognition = _initiatives_of(person, PROVINCE_FIGHTER_LEVEL, first, year).first()
    if recognition is not None:
        check.figures.append(_recognition_figure(recognition))
        influence = MET
    else:
        membership = _research_of(
            person, PROVINCE_FIGHTER_LEVEL, PROVINCE_FIGHTER_RESEARCH_RATING, first, year
        ).first()
        if membership is not None:
            check.figures.append(_research_figure(membership))
            influence = MET
        else:
            check.figures.append(
                _("%(first)s–%(last)s: no province-level initiative or research task")
                % {"first": first, "last": year}
            )
            influence = NOT_MET
    check.status = _combine(MET if streak_met else NOT_MET, influence)
    return check


# --- Collectives --------------------------------------------------------------------------


def _people_titles(unit: Unit, year: int) -> dict[str, int]:
    """How many of the unit's own people received each title in `year`, and how many were
    classified as not completing their tasks."""
    counts = {
        title: RecordTitle.objects.filter(
            record__person__unit=unit, record__year=year, title=title
        ).count()
        for title in (EmulationTitle.LABOUR, EmulationTitle.BASE_FIGHTER)
    }
    counts["not_completed"] = EmulationRecord.objects.filter(
        person__unit=unit, year=year, classification=Classification.NOT_COMPLETED
    ).count()
    return counts


def _labour_share(unit: Unit, count: int, floor: Decimal, strictly_above: bool):
    share = percent_of(count, unit.headcount)
    met = share > floor if strictly_above else share >= floor
    figure = _(
        "%(count)s of %(headcount)s staff with “%(title)s” = %(share)s %% %(op)s %(floor)s %%"
    ) % {
        "count": count,
        "headcount": unit.headcount,
        "title": _title_word(EmulationTitle.LABOUR),
        "share": formats.number_format(share, 1, use_l10n=True),
        "op": (">" if met else "≤") if strictly_above else ("≥" if met else "<"),
        "floor": formats.number_format(floor, 0, use_l10n=True),
    }
    return met, figure


def advanced_collective_check(unit: Unit, year: int, records=None) -> TitleCheck:
    """Điều 28: "hoàn thành tốt nhiệm vụ" and more than 50 % of its people with LĐTT."""
    records = records if records is not None else _records(unit=unit)
    record = records.get(year)
    check = TitleCheck(
        EmulationTitle.ADVANCED_COLLECTIVE, _title_word(EmulationTitle.ADVANCED_COLLECTIVE), MET
    )
    reached = _at_least(record, ADVANCED_COLLECTIVE_MIN_CLASSIFICATION)
    check.figures.append(_classification_figure(record, year))
    statuses = [JUDGEMENT if reached is None else MET if reached else NOT_MET]
    if not unit.headcount:
        check.figures.append(_("The unit's headcount is not recorded."))
        statuses.append(JUDGEMENT)
    else:
        counts = _people_titles(unit, year)
        met, figure = _labour_share(
            unit, counts[EmulationTitle.LABOUR], ADVANCED_COLLECTIVE_LABOUR_ABOVE, True
        )
        check.figures.append(figure)
        statuses.append(MET if met else NOT_MET)
    check.status = _combine(*statuses)
    return check


def excellent_collective_check(unit: Unit, year: int, records=None) -> TitleCheck:
    """Điều 27: "hoàn thành xuất sắc nhiệm vụ", everyone completing their tasks, at least 70 %
    with LĐTT and someone with "Chiến sĩ thi đua cơ sở"."""
    records = records if records is not None else _records(unit=unit)
    record = records.get(year)
    check = TitleCheck(
        EmulationTitle.EXCELLENT_COLLECTIVE, _title_word(EmulationTitle.EXCELLENT_COLLECTIVE), MET
    )
    reached = _at_least(record, EXCELLENT_COLLECTIVE_CLASSIFICATION)
    check.figures.append(_classification_figure(record, year))
    statuses = [JUDGEMENT if reached is None else MET if reached else NOT_MET]
    counts = _people_titles(unit, year)
    if counts["not_completed"]:
        check.figures.append(
            _("%(count)s of its people did not complete their tasks")
            % {"count": counts["not_completed"]}
        )
        statuses.append(NOT_MET)
    if not unit.headcount:
        check.figures.append(_("The unit's headcount is not recorded."))
        statuses.append(JUDGEMENT)
    else:
        met, figure = _labour_share(
            unit, counts[EmulationTitle.LABOUR], EXCELLENT_COLLECTIVE_LABOUR_AT_LEAST, False
        )
        check.figures.append(figure)
        statuses.append(MET if met else NOT_MET)
    fighters = counts[EmulationTitle.BASE_FIGHTER]
    fighters_met = fighters >= EXCELLENT_COLLECTIVE_BASE_FIGHTERS
    check.figures.append(
        _("%(count)s of its people with “%(title)s”")
        % {"count": fighters, "title": _title_word(EmulationTitle.BASE_FIGHTER)}
    )
    statuses.append(MET if fighters_met else NOT_MET)
    check.status = _combine(*statuses)
    return check


def province_flag_check(unit: Unit, year: int, records=None) -> TitleCheck:
    """Điều 26: the year's "Tập thể lao động xuất sắc" from the data; "tiêu biểu xuất sắc"
    by the council's judgement."""
    records = records if records is not None else _records(unit=unit)
    check = TitleCheck(
        EmulationTitle.PROVINCE_FLAG, _title_word(EmulationTitle.PROVINCE_FLAG), JUDGEMENT
    )
    received = _received(records.get(year), PROVINCE_FLAG_NEEDS)
    if received is None:
        check.status = NOT_MET
        check.figures.append(
            _("%(year)s: no “%(title)s” recorded")
            % {"year": year, "title": _title_word(PROVINCE_FLAG_NEEDS)}
        )
    else:
        check.years.append(_year_row(year, received))
        check.figures.append(_("Whether the collective is exemplary is for the council to judge."))
    return check


_PERSON_CHECKS = {
    EmulationTitle.LABOUR: labour_check,
    EmulationTitle.BASE_FIGHTER: base_fighter_check,
    EmulationTitle.PROVINCE_FIGHTER: province_fighter_check,
}
_UNIT_CHECKS = {
    EmulationTitle.ADVANCED_COLLECTIVE: advanced_collective_check,
    EmulationTitle.EXCELLENT_COLLECTIVE: excellent_collective_check,
    EmulationTitle.PROVINCE_FLAG: province_flag_check,
}


def title_check(*, title: str, nominee, year: int) -> TitleCheck:
    """The standard of `title` for a person or a unit in `year`."""
    checks = _PERSON_CHECKS if isinstance(nominee, Person) else _UNIT_CHECKS
    check = checks.get(title)
    if check is None:
        wrong = TitleCheck(title, _title_word(title), JUDGEMENT)
        wrong.figures.append(
            _("This title is for individuals.")
            if title in INDIVIDUAL_TITLES
            else _("This title is for collectives.")
        )
        return wrong
    return check(nominee, year)
