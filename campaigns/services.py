"""Setting up a campaign: the rules a plan must satisfy, and the two doors that save one.

The rule functions return Vietnamese-ready messages (gettext) and are used by the forms,
so a failed submit names each problem; `campaign_create` and `campaign_update` check the
whole plan again before they write, so no caller can save an inconsistent campaign.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from portal.phrases import NOT_ALLOWED
from portal.services import history_record
from portal.workflow import WorkflowError
from units import access
from units.models import Unit

from .models import (
    INDIVIDUAL_TITLES,
    AwardForm,
    AwardQuota,
    Campaign,
    Criterion,
    Phase,
    RecipientKind,
    RubricCriterion,
    Theme,
)

# --- Rules -------------------------------------------------------------------------------

PHASE_ORDER = {Phase.Kind.LAUNCH: 1, Phase.Kind.INTERIM: 2, Phase.Kind.FINAL: 3}

# The parameters each kind of criterion needs to be checked from data.
CRITERION_PARAMETERS = {
    Criterion.Kind.INITIATIVE_RATIO: ("percent", "level"),
    Criterion.Kind.AGENCY_INITIATIVES: ("count", "level"),
    Criterion.Kind.COLLECTIVE_RESEARCH: ("level", "min_rating"),
    Criterion.Kind.INDIVIDUAL_INITIATIVES: ("count",),
    Criterion.Kind.INDIVIDUAL_RESEARCH: ("percent", "level", "min_rating"),
    Criterion.Kind.DIGITAL_SKILLS: (),
    Criterion.Kind.QUALITATIVE: ("description",),
}

# Which quota kinds fit an award form given to collectives, individuals or both.
QUOTAS_FOR_RECIPIENTS = {
    RecipientKind.COLLECTIVE: (AwardQuota.AppliesTo.COLLECTIVE,),
    RecipientKind.INDIVIDUAL: (AwardQuota.AppliesTo.INDIVIDUAL,),
    RecipientKind.BOTH: (
        AwardQuota.AppliesTo.COLLECTIVE,
        AwardQuota.AppliesTo.INDIVIDUAL,
        AwardQuota.AppliesTo.COMBINED,
    ),
}


def _parameter_label(name: str) -> str:
    if name == "description":
        return str(Criterion._meta.get_field("description").verbose_name)
    return str(Criterion._meta.get_field(name).verbose_name)


def years_errors(start_year, end_year) -> list[str]:
    if start_year and end_year and end_year < start_year:
        return [_("The last year must not be before the first year.")]
    return []


def phase_errors(phase: dict, start_year=None, end_year=None) -> dict[str, str]:
    """Problems of one phase, by field name."""
    errors: dict[str, str] = {}
    start, end = phase.get("start_date"), phase.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("The phase must not end before it starts.")
    if start and start_year and end_year and not (start_year <= start.year <= end_year):
        errors["start_date"] = _(
            "The phase must start within the campaign's years (%(first)s–%(last)s)."
        ) % {
            "first": start_year,
            "last": end_year,
        }
    conference = phase.get("conference_date")
    if conference and start and conference < start:
        errors["conference_date"] = _("The conference must not be before the phase starts.")
    if conference and end and conference > end:
        errors["conference_date"] = _("The conference must be held within the phase.")
    if phase.get("conference_delegates") and not (conference or phase.get("conference_venue")):
        errors["conference_date"] = _("Give the conference date or venue.")
    return errors


def phases_order_errors(phases: list[dict]) -> list[str]:
    """Phases must follow each other: launch, then interim reviews, then the final review."""
    dated = [p for p in phases if p.get("start_date") and p.get("kind")]
    dated.sort(key=lambda p: (p["start_date"], PHASE_ORDER.get(p["kind"], 0)))
    errors = []
    for earlier, later in zip(dated, dated[1:], strict=False):
        if PHASE_ORDER.get(earlier["kind"], 0) > PHASE_ORDER.get(later["kind"], 0):
            errors.append(
                _("“%(later)s” starts before “%(earlier)s”: phases must be in order.")
                % {
                    "later": Phase.Kind(later["kind"]).label,
                    "earlier": Phase.Kind(earlier["kind"]).label,
                }
            )
        elif earlier.get("end_date") and earlier["end_date"] > later["start_date"]:
            errors.append(
                _("“%(earlier)s” ends after “%(later)s” starts: phases must not overlap.")
                % {
                    "later": Phase.Kind(later["kind"]).label,
                    "earlier": Phase.Kind(earlier["kind"]).label,
                }
            )
    finals = [p for p in phases if p.get("kind") == Phase.Kind.FINAL]
    launches = [p for p in phases if p.get("kind") == Phase.Kind.LAUNCH]
    if len(finals) > 1:
        errors.append(_("A campaign has only one final review."))
    if len(launches) > 1:
        errors.append(_("A campaign has only one launch."))
    return errors


def award_title_errors(title: str, recipients: str) -> list[str]:
    """An emulation title checked for the wrong kind of recipient."""
    if not title:
        return []
    individual = title in INDIVIDUAL_TITLES
    if individual and recipients == RecipientKind.COLLECTIVE:
        return [_("This emulation title is for individuals; the award form is for collectives.")]
    if not individual and recipients == RecipientKind.INDIVIDUAL:
        return [_("This emulation title is for collectives; the award form is for individuals.")]
    return []


def quota_errors(recipients: str, quotas: dict) -> dict[str, str]:
    """Problems of an award form's quotas {applies_to: (minimum, maximum)}, by quota kind."""
    errors: dict[str, str] = {}
    allowed = QUOTAS_FOR_RECIPIENTS.get(recipients, ())
    for applies_to, (minimum, maximum) in quotas.items():
        if minimum is None and maximum is None:
            continue
        if applies_to not in allowed:
            errors[applies_to] = _(
                "A quota for “%(quota)s” does not fit an award form for “%(recipients)s”."
            ) % {
                "quota": AwardQuota.AppliesTo(applies_to).label,
                "recipients": RecipientKind(recipients).label,
            }
        elif minimum is not None and maximum is not None and minimum > maximum:
            errors[applies_to] = _("The minimum must not exceed the maximum.")
        elif maximum == 0:
            errors[applies_to] = _("A maximum of 0 leaves no award to give; leave it empty.")
    return errors


def criterion_errors(criterion: dict) -> dict[str, str]:
    """Problems of one criterion, by field name: each kind needs its parameters."""
    errors: dict[str, str] = {}
    kind = criterion.get("kind")
    if not kind:
        return errors
    kind = Criterion.Kind(kind)
    applies_to = criterion.get("applies_to")
    if kind in Criterion.COLLECTIVE_KINDS and applies_to != RecipientKind.COLLECTIVE:
        errors["applies_to"] = _("This kind of criterion applies to collectives.")
    if kind in Criterion.INDIVIDUAL_KINDS and applies_to != RecipientKind.INDIVIDUAL:
        errors["applies_to"] = _("This kind of criterion applies to individuals.")
    for name in CRITERION_PARAMETERS[kind]:
        value = criterion.get(name)
        if value is None or value == "":
            errors[name] = _("“%(kind)s” needs the %(parameter)s.") % {
                "kind": kind.label,
                "parameter": _parameter_label(name).lower(),
            }
    if kind == Criterion.Kind.INITIATIVE_RATIO and criterion.get("percent") == 0:
        errors["percent"] = _("A ratio of 0 % is always met; give a percentage above 0.")
    if applies_to == RecipientKind.INDIVIDUAL:
        if criterion.get("agency_only"):
            errors["agency_only"] = _("Only a criterion for collectives can aim at the agency.")
        if criterion.get("unit_kinds"):
            errors["unit_kinds"] = _("Kinds of units apply to criteria for collectives.")
    if applies_to == RecipientKind.COLLECTIVE and criterion.get("person_kinds"):
        errors["person_kinds"] = _("Kinds of individuals apply to criteria for individuals.")
    if criterion.get("agency_only") and criterion.get("unit_kinds"):
        errors["unit_kinds"] = _(
            "A criterion for the agency alone does not also name kinds of units; choose one."
        )
    return errors


def rubric_errors(rubric: list[dict], threshold) -> list[str]:
    if not rubric or threshold is None:
        return []
    total = sum(
        (Decimal(r["max_points"]) for r in rubric if r.get("max_points") is not None), Decimal(0)
    )
    if Decimal(threshold) > total:
        return [
            _(
                "The recognition threshold (%(threshold)s) is above the rubric's total of "
                "%(total)s points."
            )
            % {"threshold": _number(threshold), "total": _number(total)}
        ]
    return []


def _number(value) -> str:
    from portal.text import number

    return number(value)


def participants_roots(units) -> list[Unit]:
    """Drop every unit an other chosen unit already covers: each participant is a subtree."""
    chosen = sorted(set(units), key=lambda u: u.path)
    roots: list[Unit] = []
    for unit in chosen:
        if not any(unit.path.startswith(root.path) for root in roots):
            roots.append(unit)
    return roots


# --- The plan a form submits ---------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "title",
    "issuing_unit",
    "managing_unit",
    "document_number",
    "document_date",
    "basis",
    "basis_text",
    "report_to",
    "summary",
    "kind",
    "launch_level",
    "scope",
    "start_year",
    "end_year",
    "report_deadline_day",
    "report_deadline_month",
    "recognition_threshold",
    "blind_review",
    "public",
    "council_quorum_present",
    "council_quorum_of",
    "council_rules_source",
)
THEME_FIELDS = ("order", "title", "description")
PHASE_FIELDS = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "conference_date",
    "conference_venue",
    "conference_delegates",
    "conference_programme",
)
AWARD_FORM_FIELDS = (
    "order",
    "name",
    "kind",
    "recipients",
    "at_yearly",
    "at_interim",
    "at_final",
    "rounds_source",
    "authority",
    "statistics_group",
    "decided_by",
    "title",
    "vote_threshold",
    "secret_ballot",
    "vote_source",
)
CRITERION_FIELDS = (
    "order",
    "kind",
    "applies_to",
    "level",
    "percent",
    "count",
    "min_rating",
    "agency_only",
    "unit_kinds",
    "person_kinds",
    "ratio_scope",
    "partial_year",
    "group",
    "description",
)
RUBRIC_FIELDS = ("order", "name", "description", "max_points")


@dataclass
class CampaignPlan:
    """Everything a campaign form submits. Child rows are dicts of field values; a row with
    an "id" updates that row, one without creates a row; `removed` lists ids to delete.
    An award form's "quotas" maps a quota kind to (minimum, maximum)."""

    values: dict
    participants: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    phases: list = field(default_factory=list)
    award_forms: list = field(default_factory=list)
    criteria: list = field(default_factory=list)
    rubric: list = field(default_factory=list)
    removed: dict = field(default_factory=dict)


def plan_errors(plan: CampaignPlan) -> list[str]:
    """Every rule above, over a whole plan (the forms show the same messages per field)."""
    values = plan.values
    errors = years_errors(values.get("start_year"), values.get("end_year"))
    for phase in plan.phases:
        errors.extend(
            phase_errors(phase, values.get("start_year"), values.get("end_year")).values()
        )
    errors.extend(phases_order_errors(plan.phases))
    for award_form in plan.award_forms:
        errors.extend(quota_errors(award_form["recipients"], award_form.get("quotas", {})).values())
        errors.extend(award_title_errors(award_form.get("title", ""), award_form["recipients"]))
    for criterion in plan.criteria:
        errors.extend(criterion_errors(criterion).values())
    errors.extend(rubric_errors(plan.rubric, values.get("recognition_threshold")))
    issuing = values.get("issuing_unit")
    managing = values.get("managing_unit")
    if issuing and managing and not managing.path.startswith(issuing.path):
        errors.append(_("The standing body must be the issuing unit or one of its units."))
    return errors


# --- Services ----------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def _check_actor(by, *units) -> None:
    """The office or administrator of each unit (the issuing unit before and after the
    change). `by` None is the portal itself (demo data, management commands)."""
    if by is None:
        return
    for unit in units:
        if unit is not None and not access.has_role(by, *access.MANAGING_ROLES, unit=unit):
            raise WorkflowError(NOT_ALLOWED)
    if not access.has_role(by, *access.MANAGING_ROLES):
        raise WorkflowError(NOT_ALLOWED)


@transaction.atomic
def campaign_create(*, plan: CampaignPlan, by) -> Campaign:
    _check_actor(by, plan.values.get("issuing_unit"))
    errors = plan_errors(plan)
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(
        **{name: plan.values.get(name) for name in CAMPAIGN_FIELDS if name in plan.values}
    )
    campaign.created_by = by if by is not None and by.is_authenticated else None
    campaign.full_clean(exclude=["created_by", "title_folded"])
    campaign.save()
    campaign.participants.set(participants_roots(plan.participants))
    _save_children(campaign, plan)
    history_record(subject=campaign, by=by, action="created", note=campaign.document_number)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, plan: CampaignPlan, by) -> Campaign:
    _check_actor(by, campaign.issuing_unit, plan.values.get("issuing_unit"))
    errors = plan_errors(plan)
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    changes = {}
    for name in CAMPAIGN_FIELDS:
        if name not in plan.values:
            continue
        old, new = getattr(campaign, name), plan.values[name]
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(campaign, name, new)
    campaign.full_clean(exclude=["created_by", "title_folded"])
    if changes:
        campaign.save(update_fields=[*changes, "updated_at"])
    old_participants = sorted(str(u) for u in campaign.participants.all())
    roots = participants_roots(plan.participants)
    if old_participants != sorted(str(u) for u in roots):
        changes["participants"] = [old_participants, sorted(str(u) for u in roots)]
        campaign.participants.set(roots)
    changes.update(_save_children(campaign, plan))
    if changes:
        history_record(subject=campaign, by=by, action="updated", changes=changes)
    return campaign


CHILDREN = (
    ("themes", Theme, THEME_FIELDS),
    ("phases", Phase, PHASE_FIELDS),
    ("award_forms", AwardForm, AWARD_FORM_FIELDS),
    ("criteria", Criterion, CRITERION_FIELDS),
    ("rubric", RubricCriterion, RUBRIC_FIELDS),
)


def stored_plan(campaign: Campaign) -> CampaignPlan:
    """The campaign as it is saved, as a plan: a step of the set-up replaces its own part
    and saves the whole, so every rule across the parts (phases within the years, the
    rubric's total against the threshold) is checked again at each step."""
    values = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
    rows = {}
    for name, model, fields in CHILDREN:
        objects = model.objects.filter(campaign=campaign)
        if model is AwardForm:
            objects = objects.prefetch_related("quotas")
        rows[name] = []
        for obj in objects:
            row = {f: getattr(obj, f) for f in fields if f != "order"}
            row["id"] = obj.pk
            if model is AwardForm:
                row["quotas"] = {q.applies_to: (q.minimum, q.maximum) for q in obj.quotas.all()}
            rows[name].append(row)
    return CampaignPlan(values=values, participants=list(campaign.participants.all()), **rows)


def _save_children(campaign: Campaign, plan: CampaignPlan) -> dict:
    """Create, update and delete the campaign's rows; return a summary of what changed."""
    summary = {}
    for name, model, fields in CHILDREN:
        removed = [pk for pk in plan.removed.get(name, []) if pk]
        created = updated = 0
        if removed:
            try:
                model.objects.filter(campaign=campaign, pk__in=removed).delete()
            except ProtectedError as error:
                raise ValidationError(
                    _("“%(row)s” is already used by records and cannot be removed.")
                    % {"row": next(iter(error.protected_objects), "")}
                ) from error
        for index, row in enumerate(getattr(plan, name)):
            values = {f: row[f] for f in fields if f in row}
            if "order" in fields:
                values["order"] = index + 1
            if row.get("id"):
                obj = model.objects.get(campaign=campaign, pk=row["id"])
                dirty = [f for f, v in values.items() if getattr(obj, f) != v]
                for f in dirty:
                    setattr(obj, f, values[f])
                if dirty:
                    obj.full_clean(exclude=["campaign"])
                    obj.save(update_fields=dirty)
                quotas_changed = model is AwardForm and _save_quotas(obj, row.get("quotas", {}))
                updated += bool(dirty or quotas_changed)
            else:
                obj = model(campaign=campaign, **values)
                obj.full_clean(exclude=["campaign"])
                obj.save()
                if model is AwardForm:
                    _save_quotas(obj, row.get("quotas", {}))
                created += 1
        if created or updated or removed:
            summary[name] = {"created": created, "updated": updated, "removed": len(removed)}
    return summary


def _save_quotas(award_form: AwardForm, quotas: dict) -> bool:
    """Replace the form's quotas with `quotas`; return whether anything changed."""
    wanted = {k: v for k, v in quotas.items() if v[0] is not None or v[1] is not None}
    current = {q.applies_to: q for q in award_form.quotas.all()}
    changed = False
    for applies_to, quota in current.items():
        if applies_to not in wanted:
            quota.delete()
            changed = True
    for applies_to, (minimum, maximum) in wanted.items():
        quota = current.get(applies_to)
        if quota is None:
            AwardQuota.objects.create(
                award_form=award_form, applies_to=applies_to, minimum=minimum, maximum=maximum
            )
            changed = True
        elif (quota.minimum, quota.maximum) != (minimum, maximum):
            quota.minimum, quota.maximum = minimum, maximum
            quota.save(update_fields=["minimum", "maximum"])
            changed = True
    return changed
