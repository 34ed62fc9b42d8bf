"""Which of a campaign's criteria the data proves for a nominee, with the figures behind it.

Pure reads: nothing here writes. `evaluate_unit` and `evaluate_person` take the criteria and
the period; `evaluate_proposal` finds them from a proposal and returns a JSON-able dict that
the proposal keeps.

A criterion is `met`, `not_met` or awaits `judgement` (qualitative criteria until a reviewer
confirms them, or data the rule needs but the record lacks, such as a headcount of 0).
Criteria sharing a non-zero `group` are alternatives: one met is enough. Levels and ratings
count "or better" (campaigns.LEVEL_ORDER, RATING_ORDER).

A criterion aims at some nominees only (`criterion_applies`): the organisation's own agency
(Hải Phòng 1536/KH-SGDĐT: "cơ quan Sở … ít nhất 01 sáng kiến cấp thành phố"), units of given
kinds, individuals of given kinds. A criterion that does not aim at the nominee is left out of
the criteria and listed under "not_applicable" with the reason.

Percentages are rounded half up to one decimal and the rounded figure is compared with the
threshold: the figure the dossier prints is the one the decision rests on (9/90 = 10,0 %
meets "tối thiểu 10 %"; 8/90 = 8,9 % does not; 1/16 = 6,25 % shows 6,3 %).
"""

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaigns.models import (
    LEVEL_ORDER,
    RATING_ORDER,
    Criterion,
    Level,
    PartialYear,
    Rating,
    RatioScope,
    RecipientKind,
)
from initiatives.models import Recognition
from research.models import ResearchTask, ResearchTaskMember
from units.models import Person, Unit, UnitKind

from .models import CriterionConfirmation

MET = "met"
NOT_MET = "not_met"
JUDGEMENT = "judgement"

# Sub-units that belong to an agency itself (cơ quan Sở: its office and sections), as
# opposed to affiliated schools and centres, which are collectives of their own.
# A unit's recorded headcount covers the staff of these parts (the Hải Phòng Sở records 96
# for the cơ quan Sở, its office and sections included).
AGENCY_PART_KINDS = (UnitKind.DEPARTMENT_OFFICE, UnitKind.SECTION, UnitKind.COMMUNE_BODY)

# Percentages: one decimal, half up (see the module docstring).
PERCENT_STEP = Decimal("0.1")


def percent_of(part, whole) -> Decimal:
    """`part` as a percentage of `whole`, rounded half up to one decimal: 8/90 -> 8.9."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    label: str
    status: str
    figures: str
    group: int = 0
    kind: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------
# Wording and numbers


def _level_words(level: str) -> str:
    return {
        Level.BASE: pgettext("initiatives of a level", "grassroots-level"),
        Level.PROVINCE: pgettext("initiatives of a level", "province/city-level"),
        Level.NATIONAL: pgettext("initiatives of a level", "national-level"),
    }.get(level, "")


def _number(value, places: int | None = None) -> str:
    """A decimal in the locale's notation: 10 -> "10", 12.5 -> "12,5"."""
    from portal.text import number

    return number(value, places)


def _op(met: bool) -> str:
    return "≥" if met else "<"


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _years(period_start: datetime.date, period_end: datetime.date) -> range:
    return range(period_start.year, period_end.year + 1)


@dataclass(frozen=True)
class YearSpan:
    """The part of one calendar year a period covers."""

    year: int
    first: datetime.date
    last: datetime.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days_in_year(self) -> int:
        return (datetime.date(self.year, 12, 31) - datetime.date(self.year, 1, 1)).days + 1

    @property
    def whole(self) -> bool:
        return self.days == self.days_in_year

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.days) / Decimal(self.days_in_year)

    def label(self) -> str:
        if self.whole:
            return str(self.year)
        return f"{self.year} ({self.first:%d/%m}–{self.last:%d/%m})"


def year_spans(period_start: datetime.date, period_end: datetime.date) -> list[YearSpan]:
    return [
        YearSpan(
            year,
            max(period_start, datetime.date(year, 1, 1)),
            min(period_end, datetime.date(year, 12, 31)),
        )
        for year in _years(period_start, period_end)
    ]


def _counted_spans(criterion, period_start, period_end) -> tuple[list[YearSpan], list[str]]:
    """The years a yearly criterion checks, and the notes on partial years left out."""
    counted, notes = [], []
    for span in year_spans(period_start, period_end):
        if not span.whole and criterion.partial_year == PartialYear.SKIP:
            notes.append(_("%(year)s: part of a year, not counted") % {"year": span.label()})
            continue
        counted.append(span)
    return counted, notes


def _share_of_year(criterion, span: YearSpan, value: Decimal) -> Decimal:
    """The threshold `value` for one year: in proportion to the days covered when the
    criterion prorates a partial year, whole otherwise."""
    if span.whole or criterion.partial_year != PartialYear.PRORATE:
        return value
    return value * span.fraction


def _levels_from(level: str) -> list[str]:
    """The level and every higher one ("at level or better"); all levels when unset."""
    floor = LEVEL_ORDER.get(level, 0)
    return [lv for lv, order in LEVEL_ORDER.items() if order >= floor]


def _ratings_from(rating: str) -> list[str]:
    """The rating and every better one; any passing rating when unset."""
    floor = RATING_ORDER.get(rating, RATING_ORDER[Rating.PASSED])
    return [r for r, order in RATING_ORDER.items() if order >= floor]


def _incomplete(criterion: Criterion) -> CriterionResult:
    return _result(criterion, JUDGEMENT, _("The criterion lacks a threshold; judge it."))


def _result(criterion: Criterion, status: str, figures: str) -> CriterionResult:
    return CriterionResult(
        criterion_id=criterion.pk,
        label=str(criterion),
        status=status,
        figures=figures,
        group=criterion.group,
        kind=criterion.kind,
    )


# ---------------------------------------------------------------------------------------
# Reads


def _recognised_initiatives_by_year(
    unit_q: Q, level: str, period_start: datetime.date, period_end: datetime.date
) -> dict[int, int]:
    """Distinct initiatives with a recognition at `level` or better decided in the period,
    by the year of the decision."""
    rows = (
        Recognition.objects.filter(unit_q)
        .filter(
            level__in=_levels_from(level),
            decision_date__gte=period_start,
            decision_date__lte=period_end,
        )
        .values_list("initiative_id", "decision_date")
    )
    seen: dict[int, set[int]] = {year: set() for year in _years(period_start, period_end)}
    for initiative_id, decided in rows:
        seen[decided.year].add(initiative_id)
    return {year: len(ids) for year, ids in seen.items()}


def _subtree_q(unit: Unit) -> Q:
    return Q(initiative__unit__path__startswith=unit.path)


def _agency_q(unit: Unit) -> Q:
    """The agency itself: the unit and its office and sections, not affiliated units."""
    parts = Unit.objects.filter(parent=unit, kind__in=AGENCY_PART_KINDS).values("pk")
    return Q(initiative__unit=unit) | Q(initiative__unit__in=parts)


def _subtree_headcount(unit: Unit) -> int:
    """The headcount of a unit and every unit under it. The staff of an agency part (office,
    section) and of what lies under it are already in the headcount of the unit above."""
    rows = list(
        Unit.objects.filter(path__startswith=unit.path, active=True)
        .exclude(pk=unit.pk)
        .values_list("path", "kind", "headcount")
    )
    parts = [path for path, kind, _count in rows if kind in AGENCY_PART_KINDS]
    total = unit.headcount
    for path, _kind, count in rows:
        if not any(path.startswith(part) for part in parts):
            total += count
    return total


def _ratio_base(criterion: Criterion, unit: Unit) -> tuple[Q, int]:
    """Whose initiatives a ratio counts and against which headcount."""
    if criterion.ratio_scope == RatioScope.SUBTREE:
        return _subtree_q(unit), _subtree_headcount(unit)
    return _agency_q(unit), unit.headcount


# ---------------------------------------------------------------------------------------
# Whom a criterion aims at


def criterion_applies(criterion: Criterion, nominee) -> str:
    """Empty when the criterion aims at `nominee`; otherwise why it does not."""
    if isinstance(nominee, Unit):
        if criterion.agency_only and nominee.parent_id is not None:
            return _("It is for the organisation's own agency only.")
        if criterion.unit_kinds and nominee.kind not in criterion.unit_kinds:
            return _("It is for these kinds of units: %(kinds)s.") % {
                "kinds": ", ".join(criterion.unit_kinds_display())
            }
        return ""
    if criterion.person_kinds and nominee.kind not in criterion.person_kinds:
        return _("It is for these kinds of individuals: %(kinds)s.") % {
            "kinds": ", ".join(criterion.person_kinds_display())
        }
    return ""


def criteria_for(nominee, criteria: Iterable[Criterion]) -> tuple[list[Criterion], list[dict]]:
    """The criteria that aim at `nominee`, and the others with the reason they do not."""
    applicable, skipped = [], []
    for criterion in criteria:
        reason = criterion_applies(criterion, nominee)
        if reason:
            skipped.append(
                {"criterion_id": criterion.pk, "label": str(criterion), "reason": reason}
            )
        else:
            applicable.append(criterion)
    return applicable, skipped


# ---------------------------------------------------------------------------------------
# Collective criteria


def _initiative_ratio(criterion, unit, period_start, period_end) -> CriterionResult:
    if criterion.percent is None:
        return _incomplete(criterion)
    unit_q, headcount = _ratio_base(criterion, unit)
    if not headcount:
        return _result(criterion, JUDGEMENT, _("The unit's headcount is not recorded."))
    spans, parts = _counted_spans(criterion, period_start, period_end)
    if not spans:
        return _result(criterion, JUDGEMENT, "; ".join(parts))
    counts = _recognised_initiatives_by_year(unit_q, criterion.level, period_start, period_end)
    all_met = True
    for span in spans:
        count = counts[span.year]
        ratio = percent_of(count, headcount)
        required = _share_of_year(criterion, span, Decimal(criterion.percent)).quantize(
            PERCENT_STEP, rounding=ROUND_HALF_UP
        )
        met = ratio >= required
        all_met &= met
        text = _(
            "%(count)s %(level)s initiatives / %(headcount)s staff = %(ratio)s %% %(op)s "
            "%(percent)s %%"
        ) % {
            "count": count,
            "level": _level_words(criterion.level or Level.BASE),
            "headcount": headcount,
            "ratio": _number(ratio, 1),
            "op": _op(met),
            "percent": _number(required),
        }
        several = period_start.year != period_end.year or not span.whole
        parts.append(f"{span.label()}: {text}" if several else text)
    return _result(criterion, MET if all_met else NOT_MET, "; ".join(parts))


def _agency_initiatives(criterion, unit, period_start, period_end) -> CriterionResult:
    needed = Decimal(criterion.count or 1)
    spans, parts = _counted_spans(criterion, period_start, period_end)
    if not spans:
        return _result(criterion, JUDGEMENT, "; ".join(parts))
    counts = _recognised_initiatives_by_year(
        _agency_q(unit), criterion.level, period_start, period_end
    )
    met = True
    for span in spans:
        required = _share_of_year(criterion, span, needed)
        year_met = counts[span.year] >= required
        met &= year_met
        parts.append(
            _("%(year)s: %(count)s %(level)s initiatives %(op)s %(needed)s")
            % {
                "year": span.label(),
                "count": counts[span.year],
                "level": _level_words(criterion.level or Level.BASE),
                "op": _op(year_met),
                "needed": _number(required.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)),
            }
        )
    return _result(criterion, MET if met else NOT_MET, "; ".join(parts))


def _task_figure(task: ResearchTask) -> str:
    return _("“%(title)s”, %(level)s, accepted on %(date)s: %(rating)s") % {
        "title": task.title,
        "level": task.get_level_display(),
        "date": _date(task.accepted_on),
        "rating": task.get_rating_display(),
    }


def _collective_research(criterion, unit, period_start, period_end) -> CriterionResult:
    task = (
        ResearchTask.objects.filter(
            unit__path__startswith=unit.path,
            level__in=_levels_from(criterion.level),
            rating__in=_ratings_from(criterion.min_rating),
            accepted_on__gte=period_start,
            accepted_on__lte=period_end,
        )
        .order_by("accepted_on", "id")
        .first()
    )
    if task is None:
        return _result(
            criterion,
            NOT_MET,
            _("No research task accepted at the required level and rating in the period."),
        )
    return _result(criterion, MET, _task_figure(task))


# ---------------------------------------------------------------------------------------
# Individual criteria


def _individual_initiatives(criterion, person, period_start, period_end) -> CriterionResult:
    needed = criterion.count or 1
    count = (
        Recognition.objects.filter(
            initiative__authors__person=person,
            level__in=_levels_from(criterion.level),
            decision_date__gte=period_start,
            decision_date__lte=period_end,
        )
        .values("initiative_id")
        .distinct()
        .count()
    )
    figures = _("%(count)s recognised initiatives %(op)s %(needed)s") % {
        "count": count,
        "op": _op(count >= needed),
        "needed": needed,
    }
    return _result(criterion, MET if count >= needed else NOT_MET, figures)


def _individual_research(criterion, person, period_start, period_end) -> CriterionResult:
    if criterion.percent is None:
        return _incomplete(criterion)
    memberships = list(
        ResearchTaskMember.objects.filter(
            person=person,
            task__level__in=_levels_from(criterion.level),
            task__rating__in=_ratings_from(criterion.min_rating),
            task__accepted_on__gte=period_start,
            task__accepted_on__lte=period_end,
        )
        .select_related("task")
        .order_by("-contribution", "task__accepted_on", "pk")
    )
    if not memberships:
        return _result(
            criterion,
            NOT_MET,
            _("No research task accepted at the required level and rating in the period."),
        )
    best = memberships[0]
    met = best.contribution >= criterion.percent
    figures = _("%(task)s; own contribution %(share)s %% %(op)s %(percent)s %%") % {
        "task": _task_figure(best.task),
        "share": _number(best.contribution),
        "op": _op(met),
        "percent": _number(criterion.percent),
    }
    return _result(criterion, MET if met else NOT_MET, figures)


def _digital_skills(criterion, person, period_start, period_end) -> CriterionResult:
    if person.completed_digital_skills:
        return _result(
            criterion,
            MET,
            _("Completed basic digital skills on %(date)s")
            % {"date": _date(person.completed_digital_skills)},
        )
    return _result(criterion, NOT_MET, _("Basic digital skills not completed"))


def _qualitative(criterion, confirmations) -> CriterionResult:
    """Judgement until a reviewer decides: `confirmations[criterion.pk]` is (met, note)."""
    decision = confirmations.get(criterion.pk)
    if decision is None:
        return _result(criterion, JUDGEMENT, _("Awaits a reviewer's judgement."))
    confirmed, note = decision
    if confirmed:
        return _result(criterion, MET, _("Confirmed by a reviewer: %(note)s") % {"note": note})
    return _result(criterion, NOT_MET, _("Not confirmed by a reviewer: %(note)s") % {"note": note})


_UNIT_RULES = {
    Criterion.Kind.INITIATIVE_RATIO: _initiative_ratio,
    Criterion.Kind.AGENCY_INITIATIVES: _agency_initiatives,
    Criterion.Kind.COLLECTIVE_RESEARCH: _collective_research,
}
_PERSON_RULES = {
    Criterion.Kind.INDIVIDUAL_INITIATIVES: _individual_initiatives,
    Criterion.Kind.INDIVIDUAL_RESEARCH: _individual_research,
    Criterion.Kind.DIGITAL_SKILLS: _digital_skills,
}


def _evaluate(rules, nominee, criteria, period_start, period_end, confirmations):
    results = []
    for criterion in criteria:
        if criterion.kind == Criterion.Kind.QUALITATIVE:
            results.append(_qualitative(criterion, confirmations or {}))
            continue
        rule = rules.get(criterion.kind)
        if rule is None:
            results.append(
                _result(
                    criterion,
                    JUDGEMENT,
                    _("This criterion does not apply to this kind of nominee; judge it."),
                )
            )
            continue
        results.append(rule(criterion, nominee, period_start, period_end))
    return results


def evaluate_unit(
    unit: Unit,
    criteria: Iterable[Criterion],
    period_start: datetime.date,
    period_end: datetime.date,
    confirmations: dict[int, tuple[bool, str]] | None = None,
) -> list[CriterionResult]:
    """Each criterion aimed at the collective, over the period. `confirmations` maps a
    qualitative criterion's id to the reviewer's decision (met, note)."""
    criteria, _skipped = criteria_for(unit, criteria)
    return _evaluate(_UNIT_RULES, unit, criteria, period_start, period_end, confirmations)


def evaluate_person(
    person: Person,
    criteria: Iterable[Criterion],
    period_start: datetime.date,
    period_end: datetime.date,
    confirmations: dict[int, tuple[bool, str]] | None = None,
) -> list[CriterionResult]:
    """Each criterion aimed at the individual, over the period."""
    criteria, _skipped = criteria_for(person, criteria)
    return _evaluate(_PERSON_RULES, person, criteria, period_start, period_end, confirmations)


def overall(results: Iterable[CriterionResult]) -> str:
    """not_met if a required criterion (or every alternative of a group) fails; judgement if
    something awaits judgement; met otherwise. With no criteria at all nothing is proven by
    data, so the office judges."""
    results = list(results)
    if not results:
        return JUDGEMENT
    outcomes: list[str] = []
    groups: dict[int, list[str]] = {}
    for result in results:
        if result.group:
            groups.setdefault(result.group, []).append(result.status)
        else:
            outcomes.append(result.status)
    for statuses in groups.values():
        if MET in statuses:
            outcomes.append(MET)
        elif JUDGEMENT in statuses:
            outcomes.append(JUDGEMENT)
        else:
            outcomes.append(NOT_MET)
    if NOT_MET in outcomes:
        return NOT_MET
    if JUDGEMENT in outcomes:
        return JUDGEMENT
    return MET


def as_json(results: list[CriterionResult]) -> dict:
    return {
        "criteria": [
            {
                "criterion_id": r.criterion_id,
                "label": r.label,
                "status": r.status,
                "figures": r.figures,
                "group": r.group,
                "kind": r.kind,
            }
            for r in results
        ],
        "overall": overall(results),
    }


def _confirmations_of(proposal) -> dict[int, tuple[bool, str]]:
    """Reviewers' decisions on the proposal's qualitative criteria."""
    return {
        c.criterion_id: (c.confirmed, c.note)
        for c in CriterionConfirmation.objects.filter(proposal=proposal)
    }


def evaluate_proposal(proposal) -> dict:
    """The eligibility of a proposal's nominee for its round's period, JSON-able:
    {"criteria": [{"criterion_id", "label", "status", "figures", "group", "kind"}],
    "overall", "not_applicable": [{"criterion_id", "label", "reason"}], "title": {...}}.
    A qualitative criterion a reviewer decided carries that decision. "title" is there when
    the award form is an emulation title whose standard is computed from the yearly records
    (awards/titles.py); its status counts in "overall" like a required criterion."""
    from .titles import title_check  # titles.py reads this module's statuses and rounding

    award_round = proposal.round
    campaign = award_round.campaign
    confirmations = _confirmations_of(proposal)
    if proposal.nominee_person_id:
        nominee = proposal.nominee_person
        criteria = campaign.criteria.filter(applies_to=RecipientKind.INDIVIDUAL)
        evaluate = evaluate_person
    else:
        nominee = proposal.nominee_unit
        criteria = campaign.criteria.filter(applies_to=RecipientKind.COLLECTIVE)
        evaluate = evaluate_unit
    criteria, skipped = criteria_for(nominee, criteria)
    results = evaluate(
        nominee, criteria, award_round.period_start, award_round.period_end, confirmations
    )
    out = as_json(results)
    out["not_applicable"] = skipped
    title = proposal.award_form.title
    if title:
        check = title_check(title=title, nominee=nominee, year=award_round.period_end.year)
        out["title"] = check.as_dict()
        out["overall"] = _with_title(out["overall"], check.status, bool(results))
    return out


def _with_title(overall_status: str, title_status: str, any_criteria: bool) -> str:
    """The overall result once the title's standard is added as a required criterion."""
    statuses = [title_status] + ([overall_status] if any_criteria else [])
    if NOT_MET in statuses:
        return NOT_MET
    if JUDGEMENT in statuses:
        return JUDGEMENT
    return MET
