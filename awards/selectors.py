"""What a user may see of award rounds and proposals, and the figures the pages show."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from campaigns.models import AwardForm, AwardQuota, Criterion
from campaigns.selectors import campaigns_visible_to
from initiatives.models import Recognition
from reports.models import YearlyReport
from research.models import ResearchTask
from units import access
from units.models import Role

from .models import (
    AwardProposal,
    AwardRound,
    CouncilMeeting,
    CriterionConfirmation,
    NomineeKind,
    ProposalEvidence,
    ProposalStatus,
)
from .rules import AWARDED_STATES, EDITABLE_STATES

# --- Scope ---------------------------------------------------------------------------------


def rounds_visible_to(user) -> QuerySet[AwardRound]:
    """Rounds of the campaigns the user can see."""
    return AwardRound.objects.filter(campaign__in=campaigns_visible_to(user))


def conflict_q(user) -> Q:
    """Proposals `user` may not judge: nominated, about a unit on the branch of the user's
    own unit, or put forward by that unit or one under it (`access.conflict_q`)."""
    return access.conflict_q(
        user,
        unit_fields=("nominee_unit", "nominee_person__unit"),
        person_fields=("nominee_person",),
        from_unit_fields=("proposing_unit",),
    )


def has_conflict(user, proposal) -> bool:
    """The same rule for one proposal (`access.conflict_of_interest`)."""
    nominee = proposal.nominee_person
    return access.conflict_of_interest(
        user,
        units=[proposal.nominee_unit, nominee.unit if nominee is not None else None],
        person_ids=[proposal.nominee_person_id],
        from_units=[proposal.proposing_unit],
    )


def proposals_visible_to(user) -> QuerySet[AwardProposal]:
    """Unit staff and heads: their subtree's proposals. Office, leaders: their organisation's
    campaigns. Council members: submitted proposals of their organisation's campaigns, never
    one naming themselves or coming from their own unit."""
    if getattr(user, "is_superuser", False):
        return AwardProposal.objects.all()
    q = access.scope_q(user, "proposing_unit__path", access.UNIT_ROLES)
    q |= access.scope_q(user, "round__campaign__issuing_unit__path", access.ORGANISATION_ROLES)
    if access.has_role(user, Role.COUNCIL):
        council = access.scope_q(user, "round__campaign__issuing_unit__path", (Role.COUNCIL,))
        council &= ~Q(status__in=EDITABLE_STATES)
        # A council member never judges a proposal they have a conflict of interest with
        # (the one rule of units/access.py).
        council &= ~Q(pk__in=AwardProposal.objects.filter(conflict_q(user)).values("pk"))
        q |= council
    return AwardProposal.objects.filter(q)


def meetings_visible_to(user) -> QuerySet[CouncilMeeting]:
    """Council meetings: the office, leaders and council members of the organisation."""
    if getattr(user, "is_superuser", False):
        return CouncilMeeting.objects.all()
    roles = (*access.ORGANISATION_ROLES, Role.COUNCIL)
    return CouncilMeeting.objects.filter(
        access.scope_q(user, "round__campaign__issuing_unit__path", roles)
    )


def proposal_list_queryset(queryset: QuerySet[AwardProposal]) -> QuerySet[AwardProposal]:
    """What every proposal list shows, loaded in a fixed number of queries."""
    return queryset.select_related(
        "round",
        "round__campaign",
        "award_form",
        "nominee_unit",
        "nominee_person",
        "nominee_person__unit",
        "proposing_unit",
    )


# --- Quotas --------------------------------------------------------------------------------


@dataclass
class QuotaUse:
    applies_to: str
    label: str
    used: int
    minimum: int | None
    maximum: int | None

    @property
    def full(self) -> bool:
        return self.maximum is not None and self.used >= self.maximum

    @property
    def shortfall(self) -> int:
        return max(0, (self.minimum or 0) - self.used)


def awarded_counts(award_round, award_form_ids=None) -> dict[int, dict[str, int]]:
    """Approved or decided proposals of a round: {award_form_id: {nominee_kind: n}}."""
    rows = AwardProposal.objects.filter(round=award_round, status__in=AWARDED_STATES)
    if award_form_ids is not None:
        rows = rows.filter(award_form_id__in=award_form_ids)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows.values("award_form_id", "nominee_kind").annotate(n=Count("id")):
        counts[row["award_form_id"]][row["nominee_kind"]] = row["n"]
    return counts


def quota_uses(award_form: AwardForm, counts: dict[str, int]) -> list[QuotaUse]:
    """Each quota of the award form with how much of it the round has used."""
    uses = []
    for quota in award_form.quotas.all():
        if quota.applies_to == AwardQuota.AppliesTo.COMBINED:
            used = sum(counts.values())
        else:
            used = counts.get(quota.applies_to, 0)
        uses.append(
            QuotaUse(
                applies_to=quota.applies_to,
                label=quota.get_applies_to_display(),
                used=used,
                minimum=quota.minimum,
                maximum=quota.maximum,
            )
        )
    return uses


def quota_applies(use: QuotaUse, nominee_kind: str) -> bool:
    return use.applies_to in (AwardQuota.AppliesTo.COMBINED, nominee_kind)


def round_award_forms(award_round: AwardRound) -> QuerySet[AwardForm]:
    """The award forms a round may propose: the campaign's, for any round or this kind."""
    return (
        AwardForm.objects.filter(campaign_id=award_round.campaign_id)
        .filter(AwardForm.given_at_q(award_round.kind))
        .prefetch_related("quotas")
        .order_by("order", "id")
    )


def round_overview(award_round: AwardRound, proposals: QuerySet[AwardProposal]) -> list[dict]:
    """Per award form: the proposals the user sees and the round's quota use."""
    forms = list(round_award_forms(award_round))
    counts = awarded_counts(award_round)
    by_form: dict[int, list] = defaultdict(list)
    for proposal in proposal_list_queryset(proposals.filter(round=award_round)).order_by(
        "award_form_id", "nominee_kind", "id"
    ):
        by_form[proposal.award_form_id].append(proposal)
    overview = []
    for form in forms:
        overview.append(
            {
                "form": form,
                "quotas": quota_uses(form, counts.get(form.pk, {})),
                "proposals": by_form.pop(form.pk, []),
            }
        )
    return overview


def shortfall_warnings(award_round: AwardRound) -> list[str]:
    """Award forms whose minimum the round has not reached (shown, never blocking)."""
    from django.utils.translation import gettext as _

    counts = awarded_counts(award_round)
    warnings = []
    for form in round_award_forms(award_round):
        for use in quota_uses(form, counts.get(form.pk, {})):
            if use.shortfall:
                warnings.append(
                    _("%(form)s (%(who)s): %(used)s approved, the plan asks for at least %(min)s.")
                    % {"form": form.name, "who": use.label, "used": use.used, "min": use.minimum}
                )
    return warnings


# --- Evidence ------------------------------------------------------------------------------


def recognitions_for(unit, award_round) -> QuerySet[Recognition]:
    """Recognitions of initiatives of the unit's subtree decided within the round's period."""
    return (
        Recognition.objects.filter(
            initiative__unit__path__startswith=unit.path,
            decision_date__range=(award_round.period_start, award_round.period_end),
        )
        .select_related("initiative", "initiative__unit")
        .order_by("-decision_date", "id")
    )


def research_tasks_for(unit, award_round) -> QuerySet[ResearchTask]:
    """Research tasks led by the subtree or with members from it, accepted in the period."""
    member_tasks = ResearchTask.objects.filter(
        members__person__unit__path__startswith=unit.path
    ).values("pk")
    return (
        ResearchTask.objects.filter(
            Q(unit__path__startswith=unit.path) | Q(pk__in=member_tasks),
            accepted_on__range=(award_round.period_start, award_round.period_end),
        )
        .select_related("unit")
        .order_by("-accepted_on", "id")
    )


def yearly_reports_for(unit, award_round) -> QuerySet[YearlyReport]:
    """The subtree's yearly reports of the round's campaign for the years of its period."""
    return (
        YearlyReport.objects.filter(
            unit__path__startswith=unit.path,
            cycle__campaign_id=award_round.campaign_id,
            cycle__year__range=(award_round.period_start.year, award_round.period_end.year),
        )
        .select_related("unit", "cycle")
        .order_by("-cycle__year", "unit__name_sort")
    )


def evidence_of(proposal: AwardProposal) -> list[ProposalEvidence]:
    return list(
        proposal.evidence.select_related(
            "recognition",
            "recognition__initiative",
            "research_task",
            "yearly_report",
            "yearly_report__unit",
            "yearly_report__cycle",
        ).order_by("kind", "id")
    )


def reused_evidence(
    evidence: list[ProposalEvidence], visible_to=None
) -> dict[int, list[AwardProposal]]:
    """One achievement backs one award: for each evidence row, the OTHER proposals (not
    rejected) that use the same recognition or research task. With `visible_to`, each one
    the user may not see is marked `hidden`: pages name only the others."""
    recognition_ids = {e.recognition_id for e in evidence if e.recognition_id}
    task_ids = {e.research_task_id for e in evidence if e.research_task_id}
    if not recognition_ids and not task_ids:
        return {}
    uses = (
        ProposalEvidence.objects.filter(
            Q(recognition_id__in=recognition_ids) | Q(research_task_id__in=task_ids)
        )
        .exclude(proposal__status=ProposalStatus.REJECTED)
        .select_related(
            "proposal",
            "proposal__round",
            "proposal__award_form",
            "proposal__nominee_unit",
            "proposal__nominee_person",
        )
    )
    by_target: dict[tuple, list] = defaultdict(list)
    for use in uses:
        key = ("r", use.recognition_id) if use.recognition_id else ("t", use.research_task_id)
        by_target[key].append(use)
    flags: dict[int, list[AwardProposal]] = {}
    for row in evidence:
        key = ("r", row.recognition_id) if row.recognition_id else ("t", row.research_task_id)
        if row.kind not in ("recognition", "research_task"):
            continue
        others = [u.proposal for u in by_target.get(key, []) if u.proposal_id != row.proposal_id]
        if others:
            flags[row.pk] = others
    if visible_to is not None and flags:
        other_ids = {p.pk for others in flags.values() for p in others}
        seen = set(
            proposals_visible_to(visible_to).filter(pk__in=other_ids).values_list("pk", flat=True)
        )
        for others in flags.values():
            for other in others:
                other.hidden = other.pk not in seen
    return flags


def achievements_awarded_elsewhere(proposal, recognition_ids, task_ids) -> list[str]:
    """One achievement backs one award (Luật Thi đua, khen thưởng 2022, Điều 5): for each of
    the given recognitions and research tasks that backs ANOTHER approved or decided
    proposal, a line naming the achievement and that award."""
    from django.utils.translation import gettext as _

    uses = (
        ProposalEvidence.objects.filter(
            Q(recognition_id__in=list(recognition_ids)) | Q(research_task_id__in=list(task_ids))
        )
        .filter(proposal__status__in=AWARDED_STATES)
        .exclude(proposal_id=proposal.pk)
        .select_related(
            "recognition__initiative",
            "research_task",
            "proposal__round",
            "proposal__award_form",
            "proposal__nominee_unit",
            "proposal__nominee_person",
        )
        .order_by("id")
    )
    lines = []
    for use in uses:
        achievement = (
            use.recognition.initiative.title if use.recognition_id else use.research_task.title
        )
        lines.append(
            _("“%(achievement)s” already backs %(form)s for %(nominee)s (%(round)s)")
            % {
                "achievement": achievement,
                "form": use.proposal.award_form.name,
                "nominee": use.proposal.nominee_name,
                "round": use.proposal.round,
            }
        )
    return lines


# --- Eligibility ---------------------------------------------------------------------------


def criteria_for(proposal: AwardProposal) -> QuerySet[Criterion]:
    return Criterion.objects.filter(
        campaign_id=proposal.round.campaign_id, applies_to=proposal.nominee_kind
    ).order_by("order", "id")


def eligibility_rows(proposal: AwardProposal) -> list[dict]:
    """The stored evaluation, one row per criterion, with the reviewers' judgements over
    the criteria that need one."""
    confirmations = {
        c.criterion_id: c
        for c in CriterionConfirmation.objects.filter(proposal=proposal).select_related(
            "by", "by__person"
        )
    }
    rows = []
    for item in (proposal.eligibility or {}).get("criteria", []):
        row = dict(item)
        confirmation = confirmations.get(item.get("criterion_id"))
        row["confirmation"] = confirmation
        row["by_judgement"] = (
            item.get("status") == "judgement"
            or item.get("kind") == Criterion.Kind.QUALITATIVE
            or confirmation is not None
        )
        if confirmation is not None and item.get("status") == "judgement":
            row["status"] = "met" if confirmation.confirmed else "not_met"
        rows.append(row)
    return rows


def eligibility_blockers(proposal: AwardProposal) -> list[str]:
    """What stops an approval unless the approver overrides it with a written reason: each
    criterion not met or awaiting a judgement nobody gave; alternatives (criteria sharing a
    non-zero group) only when none of them is met. Read from the evaluation's public shape:
    per criterion its label, status (met / not_met / judgement) and group."""
    from django.utils.translation import gettext as _

    def describe(row):
        state = _("awaits a judgement") if row["status"] == "judgement" else _("not met")
        return f"{row.get('label', '')} ({state})"

    blockers, groups = [], {}
    for row in eligibility_rows(proposal):
        if row.get("group"):
            groups.setdefault(row["group"], []).append(row)
        elif row.get("status") != "met":
            blockers.append(describe(row))
    for rows in groups.values():
        if not any(row.get("status") == "met" for row in rows):
            blockers.append(_(" or ").join(describe(row) for row in rows))
    return blockers


# --- Award history -------------------------------------------------------------------------


def awards_of(*, visible_to, person=None, unit=None) -> QuerySet[AwardProposal]:
    """Approved and decided awards of one person or one collective that the user may see,
    newest first."""
    queryset = proposals_visible_to(visible_to).filter(status__in=AWARDED_STATES)
    if person is not None:
        queryset = queryset.filter(nominee_kind=NomineeKind.INDIVIDUAL, nominee_person=person)
    else:
        queryset = queryset.filter(nominee_kind=NomineeKind.COLLECTIVE, nominee_unit=unit)
    return queryset.select_related("round", "round__campaign", "award_form").order_by(
        "-round__year", "-decision_date", "-id"
    )


def meetings_of(award_round: AwardRound) -> list[CouncilMeeting]:
    return list(
        award_round.meetings.select_related("chair", "chair__person")
        .annotate(present=Count("members_present", distinct=True))
        .prefetch_related(Prefetch("votes"))
        .order_by("-held_on", "-id")
    )
