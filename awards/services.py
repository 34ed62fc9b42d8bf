"""Award rounds and proposals: every change of state goes through one function here.

Each service checks that the user may make the move and that the record is in a state that
allows it, saves with `update_fields`, writes a history row and notifies after commit.
Errors are `ValidationError`s whose message the views show as it is.
"""

import datetime
import importlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import AwardForm, Criterion, RecipientKind
from initiatives.models import Recognition
from portal import phrases, uploads, workflow
from portal.services import notify_users
from portal.workflow import Move, Transitions, WorkflowError
from research.models import ResearchTask
from units import access
from units.models import Role, User

from . import consultation, routing, rules
from .models import (
    EVIDENCE_TYPES,
    AwardProposal,
    AwardRound,
    CouncilMeeting,
    CriterionConfirmation,
    EvidenceKind,
    NomineeKind,
    ProposalEvidence,
    ProposalStatus,
    RoundStatus,
    Vote,
    VoteResult,
)
from .selectors import (
    achievements_awarded_elsewhere,
    awarded_counts,
    eligibility_blockers,
    quota_applies,
    quota_uses,
    recognitions_for,
    research_tasks_for,
    shortfall_warnings,
    yearly_reports_for,
)

REPORT_FIELDS = (
    "report_summary",
    "report_achievements",
    "report_measures",
    "report_previous_awards",
)


def _optional(module: str):
    """A sibling module that may not be installed yet (None when it is missing)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return None


def _refuse(message) -> None:
    raise WorkflowError(message)


def _illegal(state_label) -> None:
    _refuse(phrases.ILLEGAL_TRANSITION % {"state": state_label})


# --- Recipients ----------------------------------------------------------------------------


def _users_with(roles, unit) -> list[User]:
    """Active accounts holding one of `roles` over `unit` (at it or an ancestor)."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=roles,
            role_assignments__unit__path__in=unit.ancestor_paths,
        ).distinct()
    )


def _unit_people(proposal) -> list[User]:
    users = _users_with(access.UNIT_ROLES, proposal.proposing_unit)
    if proposal.created_by and proposal.created_by not in users:
        users.append(proposal.created_by)
    return users


def _office(proposal_or_round) -> list[User]:
    award_round = getattr(proposal_or_round, "round", proposal_or_round)
    return _users_with((Role.OFFICE,), award_round.campaign.issuing_unit)


def _notify_state(proposal, users, note="") -> None:
    notify_users(
        users=users,
        template="awards/email/proposal_state",
        context={
            "nominee": proposal.nominee_name,
            "award_form": proposal.award_form.name,
            "round": str(proposal.round),
            "state": proposal.get_status_display(),
            "note": note,
        },
        url=reverse("awards:proposal_detail", args=[proposal.pk]),
    )


def _issuer_office(user, record) -> bool:
    """The office (or administrator) of the organisation that issued the campaign."""
    award_round = getattr(record, "round", record)
    return access.has_role(user, *access.MANAGING_ROLES, unit=award_round.campaign.issuing_unit)


def _issuer_office_or_leader(user, proposal) -> bool:
    unit = proposal.round.campaign.issuing_unit
    return access.has_role(user, *access.MANAGING_ROLES, Role.LEADER, unit=unit)


def _proposer(user, proposal) -> bool:
    """Staff or head of the proposing unit (or a unit above it)."""
    return rules.can_propose(user, proposal.proposing_unit)


def _unit_head(user, proposal) -> bool:
    return access.has_role(user, Role.UNIT_HEAD, unit=proposal.proposing_unit)


def _upper_level_office(user, proposal) -> bool:
    """The office of the level above, on a proposal forwarded to it and accepted
    (awards.forwarding)."""
    from .forwarding_models import ForwardedPackage, PackageStatus

    packages = ForwardedPackage.objects.filter(
        proposals=proposal, status__in=(PackageStatus.ACCEPTED, PackageStatus.IN_COUNCIL)
    ).select_related("upper_organisation")
    return any(access.can_act_for_upper_level(user, p.upper_organisation) for p in packages)


_P = ProposalStatus
PROPOSAL_TRANSITIONS = Transitions(
    AwardProposal,
    [
        Move("create", [_P.DRAFT], None, _proposer, gettext_lazy("Created")),
        Move("update", rules.EDITABLE_STATES, None, _proposer, gettext_lazy("Edited")),
        Move(
            "confirm",
            rules.EDITABLE_STATES,
            _P.SUBMITTED,
            _unit_head,
            gettext_lazy("Confirmed by the unit head and submitted"),
        ),
        Move(
            "check",
            rules.PENDING_STATES,
            _P.CHECKED,
            _issuer_office,
            gettext_lazy("Eligibility checked by the office"),
        ),
        Move(
            "return",
            rules.PENDING_STATES,
            _P.RETURNED,
            _issuer_office,
            gettext_lazy("Returned for revision"),
        ),
        Move(
            "criterion",
            rules.PENDING_STATES,
            None,
            _issuer_office,
            gettext_lazy("Criterion judged"),
        ),
        Move("vote", [_P.CHECKED], None, _issuer_office, gettext_lazy("Council vote recorded")),
        Move(
            "approve",
            [_P.CHECKED],
            _P.APPROVED,
            _issuer_office_or_leader,
            gettext_lazy("Approved"),
        ),
        Move(
            "approve_override",
            [_P.CHECKED],
            _P.APPROVED,
            _issuer_office_or_leader,
            gettext_lazy("Approved although not every criterion is met"),
        ),
        Move("reject", rules.PENDING_STATES, _P.REJECTED, _issuer_office, gettext_lazy("Rejected")),
        Move(
            "decision",
            [_P.APPROVED],
            _P.DECIDED,
            _issuer_office,
            gettext_lazy("Decision recorded"),
        ),
        Move(
            "upper_vote",
            [_P.APPROVED],
            None,
            _upper_level_office,
            gettext_lazy("Vote of the level above's council recorded"),
        ),
        Move(
            "upper_decision",
            [_P.APPROVED],
            _P.DECIDED,
            _upper_level_office,
            gettext_lazy("Decision of the level above recorded"),
        ),
    ],
)
workflow.actions(AwardProposal, {"certificate": gettext_lazy("Certificate numbered")})

_R = RoundStatus
ROUND_TRANSITIONS = Transitions(
    AwardRound,
    [
        Move("create", [_R.OPEN], None, _issuer_office, gettext_lazy("Created")),
        Move(
            "meeting",
            [_R.OPEN, _R.VOTING],
            None,
            _issuer_office,
            gettext_lazy("Council meeting recorded"),
        ),
        Move("voting", [_R.OPEN], _R.VOTING, _issuer_office, gettext_lazy("Council voting opened")),
        Move(
            "comments",
            [_R.OPEN, _R.VOTING],
            None,
            _issuer_office,
            gettext_lazy("Proposed list opened for public comments"),
        ),
        Move(
            "finalise",
            [_R.OPEN, _R.VOTING],
            _R.FINALISED,
            _issuer_office,
            gettext_lazy("Round finalised"),
        ),
        Move(
            "decision",
            [_R.FINALISED],
            None,
            _issuer_office,
            gettext_lazy("Decision recorded"),
        ),
        Move(
            "signers",
            list(_R.values),
            None,
            _issuer_office,
            gettext_lazy("Signers chosen"),
        ),
    ],
)


def _move(
    proposal, *, by, action, fields=(), note="", changes=None, created=False
) -> AwardProposal:
    """Make the declared move `action` on the locked proposal (portal.workflow)."""
    return workflow.transition(
        proposal,
        PROPOSAL_TRANSITIONS,
        action,
        by=by,
        fields=fields,
        note=note,
        changes=changes,
        locked=True,
        created=created,
    )


def _round_record(award_round, *, by, action, **kwargs):
    """A declared move of a round on its locked row (portal.workflow)."""
    return workflow.transition(award_round, ROUND_TRANSITIONS, action, by=by, locked=True, **kwargs)


# --- Rounds --------------------------------------------------------------------------------


def round_create(
    *, campaign, kind, year, period_start, period_end, deadline, by, title=""
) -> AwardRound:
    if not rules.can_manage_rounds(by, campaign):
        _refuse(phrases.NOT_ALLOWED)
    if period_end < period_start:
        _refuse(_("The period must not end before it starts."))
    if AwardRound.objects.filter(campaign=campaign, kind=kind, year=year).exists():
        _refuse(_("This campaign already has a round of this kind for %(year)s.") % {"year": year})
    award_round = AwardRound.objects.create(
        campaign=campaign,
        kind=kind,
        year=year,
        title=title,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        created_by=by,
    )
    _round_record(award_round, by=by, action="create", created=True)
    return award_round


def round_finalise(*, award_round: AwardRound, by) -> list[str]:
    """Close the round once nothing waits for a decision; returns the quota shortfalls as
    warnings and asks for the dossier."""
    with transaction.atomic():
        award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
        if not rules.can_finalise_round(by, award_round):
            if award_round.status == RoundStatus.FINALISED:
                _illegal(award_round.get_status_display())
            _refuse(phrases.NOT_ALLOWED)
        gate = consultation.refusal(award_round)
        if gate:
            _refuse(gate)
        pending = award_round.proposals.filter(status__in=rules.PENDING_STATES).count()
        if pending:
            _refuse(
                _(
                    "%(count)s proposal(s) still wait for the office's check or the council's "
                    "decision: approve or reject them first."
                )
                % {"count": pending}
            )
        warnings = shortfall_warnings(award_round)

        def prepare(locked):
            locked.finalised_at = timezone.now()
            locked.finalised_by = by
            return "\n".join(warnings)

        award_round = _round_record(
            award_round,
            by=by,
            action="finalise",
            prepare=prepare,
            fields=["finalised_at", "finalised_by"],
        )
        dossier = _optional("awards.dossier")
        if dossier is not None and hasattr(dossier, "dossier_request"):
            dossier.dossier_request(round=award_round, by=by)
        notify_users(
            users=_users_with((Role.LEADER, Role.OFFICE), award_round.campaign.issuing_unit),
            template="awards/email/round_finalised",
            context={"round": str(award_round), "campaign": award_round.campaign.title},
            url=reverse("awards:round_detail", args=[award_round.pk]),
        )
    return warnings


@transaction.atomic
def round_decision_record(*, award_round, number, date, authority, by) -> int:
    """The head's quyết định for the round (number, date): every approved proposal of a form
    within the head's own authority becomes decided (awards.routing; Luật Thi đua, khen
    thưởng 2022, Điều 80). Forms decided higher up are recorded one by one when that
    authority decides. Returns how many."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if not rules.can_record_round_decision(by, award_round):
        _refuse(phrases.NOT_ALLOWED)
    gate = consultation.refusal(award_round)
    if gate:
        _refuse(gate)
    issuer = award_round.campaign.issuing_unit
    authority = authority or routing.head_addressee(issuer)
    award_round.decision_number = number
    award_round.decision_date = date
    award_round.decision_authority = authority
    award_round.save(
        update_fields=["decision_number", "decision_date", "decision_authority", "updated_at"]
    )
    _round_record(
        award_round,
        by=by,
        action="decision",
        changes={"decision_number": number, "decision_date": str(date), "authority": authority},
    )
    count = 0
    for proposal in award_round.proposals.filter(status=ProposalStatus.APPROVED).select_related(
        "round", "round__campaign__issuing_unit", "award_form"
    ):
        if routing.award_route(proposal.award_form, issuer).channel != routing.WITHIN:
            continue
        decision_record(proposal=proposal, number=number, date=date, authority=authority, by=by)
        count += 1
    return count


@transaction.atomic
def round_comments_open(
    *, award_round, by, days: int = consultation.MINIMUM_WORKING_DAYS, start=None
) -> AwardRound:
    """Make the round's proposed list public for comments for `days` working days from
    `start` (today by default): the công khai before the decision (awards.consultation).
    Once opened the period is kept: it is not shortened or opened again."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    start = start or consultation.today()
    if award_round.comments_from:
        _refuse(
            _("The proposed list was already opened for comments from %(start)s to %(end)s.")
            % {
                "start": award_round.comments_from.strftime("%d/%m/%Y"),
                "end": award_round.comments_until.strftime("%d/%m/%Y"),
            }
        )
    if not consultation.MINIMUM_WORKING_DAYS <= days <= consultation.MAXIMUM_WORKING_DAYS:
        _refuse(
            _(
                "The comment period lasts from %(min)s to %(max)s working days "
                "(at least %(min)s: %(source)s)."
            )
            % {
                "min": consultation.MINIMUM_WORKING_DAYS,
                "max": consultation.MAXIMUM_WORKING_DAYS,
                "source": consultation.SOURCE,
            }
        )
    if start < consultation.today():
        _refuse(_("The comment period cannot start in the past."))

    def prepare(locked):
        locked.comments_from = start
        locked.comments_until = consultation.period_end(start, days)

    award_round = _round_record(
        award_round,
        by=by,
        action="comments",
        prepare=prepare,
        fields=["comments_from", "comments_until"],
        changes={"working_days": days, "from": str(start)},
    )
    return award_round


@transaction.atomic
def round_signers_set(*, award_round, letter_signer, decision_signer, by) -> AwardRound:
    """Choose who signs the round's tờ trình and quyết định: signers of the issuing
    organisation (units.Signer), still active; None prints the head's title alone."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if not rules.can_choose_round_signers(by, award_round):
        _refuse(phrases.NOT_ALLOWED)
    issuer = award_round.campaign.issuing_unit
    for signer in (letter_signer, decision_signer):
        if signer is not None and (signer.organisation_id != issuer.pk or not signer.active):
            _refuse(_("Choose a signer of the organisation that issued the campaign."))
    before = [str(award_round.letter_signer or ""), str(award_round.decision_signer or "")]
    award_round.letter_signer = letter_signer
    award_round.decision_signer = decision_signer
    award_round.save(update_fields=["letter_signer", "decision_signer", "updated_at"])
    _round_record(
        award_round,
        by=by,
        action="signers",
        changes={
            "letter_signer": [before[0], str(letter_signer or "")],
            "decision_signer": [before[1], str(decision_signer or "")],
        },
    )
    return award_round


# --- Proposals: drafting -------------------------------------------------------------------


def _check_nominee(*, award_round, award_form, proposing_unit, nominee_kind, unit, person):
    if award_form.campaign_id != award_round.campaign_id:
        _refuse(_("This award form cannot be proposed in this round."))
    if not award_form.given_at(award_round.kind):
        _refuse(
            _(
                "%(form)s is not given at a %(round)s round: the plan gives it at %(kinds)s "
                "(%(source)s)."
            )
            % {
                "form": award_form.name,
                "round": award_round.get_kind_display().lower(),
                "kinds": ", ".join(k.lower() for k in award_form.round_kind_labels) or "—",
                "source": award_form.rounds_source or _("no source recorded"),
            }
        )
    allowed = {
        RecipientKind.COLLECTIVE: (NomineeKind.COLLECTIVE,),
        RecipientKind.INDIVIDUAL: (NomineeKind.INDIVIDUAL,),
        RecipientKind.BOTH: (NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL),
    }[award_form.recipients]
    if nominee_kind not in allowed:
        _refuse(
            _("%(form)s is given to %(who)s only.")
            % {"form": award_form.name, "who": award_form.get_recipients_display().lower()}
        )
    if nominee_kind == NomineeKind.COLLECTIVE:
        if unit is None or person is not None:
            _refuse(_("Choose the collective proposed."))
        if not unit.is_within(proposing_unit):
            _refuse(_("A unit may propose only itself and its sub-units."))
    else:
        if person is None or unit is not None:
            _refuse(_("Choose the individual proposed."))
        if not person.unit.is_within(proposing_unit):
            _refuse(_("A unit may propose only people of itself and its sub-units."))
    duplicate = AwardProposal.objects.filter(
        round=award_round, award_form=award_form, nominee_unit=unit, nominee_person=person
    ).exclude(status=ProposalStatus.REJECTED)
    return duplicate


def _sync_evidence(
    proposal, *, recognitions, research_tasks, yearly_reports, files, by, remove_files=()
):
    """Make the linked evidence exactly the chosen rows; uploaded files are added, and the
    files listed in `remove_files` (evidence rows of this proposal) removed."""
    unit, award_round = proposal.proposing_unit, proposal.round
    chosen = {
        EvidenceKind.RECOGNITION: ("recognition", recognitions, recognitions_for),
        EvidenceKind.RESEARCH_TASK: ("research_task", research_tasks, research_tasks_for),
        EvidenceKind.YEARLY_REPORT: ("yearly_report", yearly_reports, yearly_reports_for),
    }
    changes = {}
    for kind, (field, rows, candidates) in chosen.items():
        if rows is None:
            continue
        wanted = {row.pk for row in rows}
        allowed = set(
            candidates(unit, award_round).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if wanted - allowed:
            _refuse(_("Some of the chosen evidence is not an achievement of this unit."))
        current = set(proposal.evidence.filter(kind=kind).values_list(f"{field}_id", flat=True))
        removed = current - wanted
        added = wanted - current
        if removed:
            proposal.evidence.filter(kind=kind, **{f"{field}_id__in": removed}).delete()
        ProposalEvidence.objects.bulk_create(
            [
                ProposalEvidence(proposal=proposal, kind=kind, added_by=by, **{f"{field}_id": pk})
                for pk in sorted(added)
            ]
        )
        if added or removed:
            changes[field] = {"added": sorted(added), "removed": sorted(removed)}
    removing = list(proposal.evidence.filter(kind=EvidenceKind.FILE, pk__in=list(remove_files)))
    for row in removing:
        changes.setdefault("files_removed", []).append(row.file.name)
        row.file.delete(save=False)
        row.delete()
    for upload, note in files or []:
        try:
            content_type = uploads.upload_check(upload, allowed=EVIDENCE_TYPES)
        except ValidationError as error:
            _refuse(" ".join(error.messages))
        ProposalEvidence.objects.create(
            proposal=proposal,
            kind=EvidenceKind.FILE,
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            signatures=uploads.signatures_of(upload, content_type),
            note=note,
            added_by=by,
        )
        changes.setdefault("files", []).append(upload.name)
    return changes


@transaction.atomic
def proposal_create(
    *,
    award_round: AwardRound,
    proposing_unit,
    award_form: AwardForm,
    nominee_kind: str,
    nominee_unit=None,
    nominee_person=None,
    report: dict | None = None,
    recognitions=(),
    research_tasks=(),
    yearly_reports=(),
    files=(),
    by,
) -> AwardProposal:
    if not rules.can_propose(by, proposing_unit):
        _refuse(phrases.NOT_ALLOWED)
    if award_round.status != RoundStatus.OPEN:
        _refuse(_("This round no longer accepts proposals."))
    duplicate = _check_nominee(
        award_round=award_round,
        award_form=award_form,
        proposing_unit=proposing_unit,
        nominee_kind=nominee_kind,
        unit=nominee_unit,
        person=nominee_person,
    )
    if duplicate.exists():
        _refuse(_("This nominee is already proposed for this award form in this round."))
    proposal = AwardProposal.objects.create(
        round=award_round,
        award_form=award_form,
        nominee_kind=nominee_kind,
        nominee_unit=nominee_unit,
        nominee_person=nominee_person,
        proposing_unit=proposing_unit,
        created_by=by,
        **{name: (report or {}).get(name, "") for name in REPORT_FIELDS},
    )
    changes = _sync_evidence(
        proposal,
        recognitions=recognitions,
        research_tasks=research_tasks,
        yearly_reports=yearly_reports,
        files=files,
        by=by,
    )
    _move(proposal, by=by, action="create", changes=changes, created=True)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: AwardProposal,
    by,
    award_form: AwardForm | None = None,
    nominee_kind: str | None = None,
    nominee_unit=None,
    nominee_person=None,
    report: dict | None = None,
    recognitions=None,
    research_tasks=None,
    yearly_reports=None,
    files=(),
    remove_files=(),
) -> AwardProposal:
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_edit_proposal(by, proposal):
        if proposal.status not in rules.EDITABLE_STATES:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    changes: dict = {}
    if award_form is not None:
        duplicate = _check_nominee(
            award_round=proposal.round,
            award_form=award_form,
            proposing_unit=proposal.proposing_unit,
            nominee_kind=nominee_kind,
            unit=nominee_unit,
            person=nominee_person,
        )
        if duplicate.exclude(pk=proposal.pk).exists():
            _refuse(_("This nominee is already proposed for this award form in this round."))
        for name, value in (
            ("award_form", award_form),
            ("nominee_kind", nominee_kind),
            ("nominee_unit", nominee_unit),
            ("nominee_person", nominee_person),
        ):
            if getattr(proposal, name) != value:
                changes[name] = str(value or "")
                setattr(proposal, name, value)
    for name in REPORT_FIELDS:
        if report is not None and name in report and getattr(proposal, name) != report[name]:
            changes[name] = True
            setattr(proposal, name, report[name])
    proposal.save(
        update_fields=[
            "award_form",
            "nominee_kind",
            "nominee_unit",
            "nominee_person",
            *REPORT_FIELDS,
            "updated_at",
        ]
    )
    changes.update(
        _sync_evidence(
            proposal,
            recognitions=recognitions,
            research_tasks=research_tasks,
            yearly_reports=yearly_reports,
            files=files,
            remove_files=remove_files,
            by=by,
        )
    )
    if changes:
        _move(proposal, by=by, action="update", changes=changes)
    return proposal


@transaction.atomic
def proposal_confirm(*, proposal: AwardProposal, by) -> AwardProposal:
    """The unit head confirms: the proposal goes to the office."""
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_confirm_proposal(by, proposal):
        if proposal.status not in rules.EDITABLE_STATES:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    if timezone.localdate() > proposal.round.deadline:
        _refuse(
            _("The round's deadline (%(date)s) has passed.")
            % {"date": proposal.round.deadline.strftime("%d/%m/%Y")}
        )
    now = timezone.now()
    proposal.confirmed_by = by
    proposal.confirmed_at = now
    proposal.submitted_at = now
    _move(
        proposal,
        by=by,
        action="confirm",
        fields=["confirmed_by", "confirmed_at", "submitted_at"],
    )
    _notify_state(proposal, _office(proposal))
    return proposal


# --- Proposals: the office's check ---------------------------------------------------------


def evaluate(proposal: AwardProposal) -> dict:
    """The eligibility of the nominee for the round, criterion by criterion.

    `awards.eligibility.evaluate_proposal` computes it from the portal's data; until that
    module is present every criterion is marked as needing judgement.
    """
    eligibility = _optional("awards.eligibility")
    if eligibility is not None and hasattr(eligibility, "evaluate_proposal"):
        return eligibility.evaluate_proposal(proposal)
    criteria = Criterion.objects.filter(
        campaign_id=proposal.round.campaign_id, applies_to=proposal.nominee_kind
    ).order_by("order", "id")
    return {
        "criteria": [
            {
                "criterion_id": c.pk,
                "label": str(c),
                "status": "judgement",
                "figures": _("Not evaluated from data: needs a reviewer's judgement."),
            }
            for c in criteria
        ],
        "overall": "judgement",
    }


@transaction.atomic
def proposal_check(*, proposal: AwardProposal, by, note: str = "") -> AwardProposal:
    """The office's eligibility check: stores the evaluation and moves to checked. Checking
    again refreshes the evaluation."""
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_check_proposal(by, proposal):
        if proposal.status not in rules.PENDING_STATES:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    proposal.eligibility = evaluate(proposal)
    proposal.eligibility_at = timezone.now()
    proposal.checked_by = by
    proposal.checked_at = proposal.eligibility_at
    if note:
        proposal.reviewer_note = note
    _move(
        proposal,
        by=by,
        action="check",
        fields=["eligibility", "eligibility_at", "checked_by", "checked_at", "reviewer_note"],
        note=note,
        changes={"overall": proposal.eligibility.get("overall", "")},
    )
    return proposal


@transaction.atomic
def proposal_return(*, proposal: AwardProposal, by, note: str) -> AwardProposal:
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_return_proposal(by, proposal):
        if proposal.status not in rules.PENDING_STATES:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    if not note.strip():
        _refuse(_("Say what the unit should revise."))
    proposal.reviewer_note = note
    _move(
        proposal,
        by=by,
        action="return",
        fields=["reviewer_note"],
        note=note,
    )
    _notify_state(proposal, _unit_people(proposal), note=note)
    return proposal


@transaction.atomic
def criterion_confirm(
    *, proposal: AwardProposal, criterion: Criterion, confirmed: bool, note: str, by
) -> CriterionConfirmation:
    """A reviewer's judgement on a criterion the data cannot prove."""
    if not rules.can_confirm_criteria(by, proposal):
        _refuse(phrases.NOT_ALLOWED)
    if criterion.campaign_id != proposal.round.campaign_id or (
        criterion.applies_to != proposal.nominee_kind
    ):
        _refuse(_("This criterion does not apply to this proposal."))
    if not note.strip():
        _refuse(_("Give the reason for the judgement."))
    confirmation, _created = CriterionConfirmation.objects.update_or_create(
        proposal=proposal,
        criterion=criterion,
        defaults={"confirmed": confirmed, "note": note, "by": by},
    )
    # The evaluation carries the reviewers' judgements: refresh the stored one.
    proposal.eligibility = evaluate(proposal)
    proposal.eligibility_at = timezone.now()
    proposal.save(update_fields=["eligibility", "eligibility_at", "updated_at"])
    _move(
        proposal,
        by=by,
        action="criterion",
        note=note,
        changes={"criterion": str(criterion), "met": confirmed},
    )
    return confirmation


# --- The council ---------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    award_round: AwardRound,
    held_on: datetime.date,
    members_total: int,
    members_present=(),
    location: str = "",
    chair=None,
    secretary=None,
    notes: str = "",
    started_at: datetime.time | None = None,
    ended_at: datetime.time | None = None,
    members_absent: str = "",
    by,
) -> CouncilMeeting:
    """A council meeting of the round; the round moves to voting.

    ``started_at`` and ``ended_at`` (same day) and ``members_absent`` (one name a line) go
    into the minutes as Mẫu 1.9 of Nghị định 30/2020/NĐ-CP, Phụ lục III asks.
    """
    if not rules.can_record_meeting(by, award_round):
        _refuse(phrases.NOT_ALLOWED)
    members_present = list(members_present)
    if len(members_present) > members_total:
        _refuse(_("More members present than the council has."))
    if chair is None or chair not in members_present:
        _refuse(_("The chair must be among the members present."))
    if secretary is not None and secretary not in members_present:
        _refuse(_("The secretary must be among the members present."))
    if started_at and ended_at and ended_at <= started_at:
        _refuse(phrases.MEETING_ENDS_BEFORE_IT_BEGINS)
    absent = [line.strip() for line in members_absent.splitlines() if line.strip()]
    if len(absent) > members_total - len(members_present):
        _refuse(phrases.MORE_ABSENT_THAN_MISSING)
    meeting = CouncilMeeting.objects.create(
        round=award_round,
        held_on=held_on,
        started_at=started_at,
        ended_at=ended_at,
        members_absent="\n".join(absent),
        location=location,
        members_total=members_total,
        chair=chair,
        secretary=secretary,
        notes=notes,
        created_by=by,
    )
    meeting.members_present.set(members_present)
    _round_record(
        award_round,
        by=by,
        action="meeting",
        changes={
            "held_on": held_on.isoformat(),
            "present": len(members_present),
            "members_total": members_total,
            "quorate": rules.is_quorate(len(members_present), members_total, award_round.campaign),
        },
    )
    if award_round.status == RoundStatus.OPEN:
        _round_record(award_round, by=by, action="voting")
    return meeting


def _quorum_refusal(meeting: CouncilMeeting, present: int) -> str | None:
    campaign = meeting.round.campaign
    if rules.is_quorate(present, meeting.members_total, campaign):
        return None
    return _(
        "The meeting is not quorate: %(present)s of %(total)s members present, at least "
        "%(needed)s needed (%(source)s). The council cannot decide at it."
    ) % {
        "present": present,
        "total": meeting.members_total,
        "needed": rules.quorum_needed(meeting.members_total, campaign),
        "source": campaign.council_rules_source or _("no source recorded"),
    }


def _ballot_refusal(
    meeting: CouncilMeeting, present_ids: set, award_form, counts: dict
) -> str | None:
    """Why the ballots on one proposal cannot stand, or None: the meeting is quorate with
    its chair present; ballots cast in the room are at most the members present, written
    ones at most the members absent; a secret ballot carries a count that adds up."""
    present = len(present_ids)
    refusal = _quorum_refusal(meeting, present)
    if refusal:
        return refusal
    if meeting.chair_id is None or meeting.chair_id not in present_ids:
        return _("The chair was not among the members present: the meeting cannot decide.")
    total = meeting.members_total
    yes, no, abstain = counts["yes"], counts["no"], counts["abstain"]
    written = counts["absent_written"]
    cast = yes + no + abstain
    if min(yes, no, abstain, written) < 0:
        return _("Votes cannot be negative.")
    if cast > total:
        return _("%(cast)s ballots for a council of %(total)s members.") % {
            "cast": cast,
            "total": total,
        }
    if written > total - present:
        return _("%(written)s written votes but only %(absent)s members were absent.") % {
            "written": written,
            "absent": total - present,
        }
    if cast > present + written:
        return _(
            "%(cast)s ballots but only %(present)s members were present and %(written)s voted "
            "in writing."
        ) % {"cast": cast, "present": present, "written": written}
    if award_form.secret_ballot:
        issued, received = counts.get("ballots_issued"), counts.get("ballots_received")
        valid, invalid = counts.get("ballots_valid"), counts.get("ballots_invalid")
        if None in (issued, received, valid, invalid):
            return _(
                "%(form)s is voted by secret ballot: enter the count (ballots issued, received, "
                "valid and invalid)."
            ) % {"form": award_form.name}
        if issued > present + written:
            return _(
                "%(issued)s ballots issued for %(present)s members present and %(written)s "
                "written votes."
            ) % {"issued": issued, "present": present, "written": written}
        if received > issued:
            return _("More ballots received than issued.")
        if valid + invalid != received:
            return _(
                "Valid and invalid ballots (%(valid)s + %(invalid)s) must make up the ballots "
                "received (%(received)s)."
            ) % {"valid": valid, "invalid": invalid, "received": received}
        if cast != valid:
            return _(
                "In favour, against and abstaining (%(cast)s) must make up the valid ballots "
                "(%(valid)s)."
            ) % {"cast": cast, "valid": valid}
    return None


@transaction.atomic
def vote_record(
    *,
    meeting: CouncilMeeting,
    proposal: AwardProposal,
    yes: int,
    no: int,
    abstain: int,
    absent_written: int = 0,
    ballots_issued: int | None = None,
    ballots_received: int | None = None,
    ballots_valid: int | None = None,
    ballots_invalid: int | None = None,
    by,
) -> Vote:
    """The ballots on one proposal; the result compares `yes` with the award form's threshold
    as a share of ALL council members. A form voted by secret ballot needs the count."""
    meeting = CouncilMeeting.objects.select_related("round__campaign").get(pk=meeting.pk)
    if not rules.can_record_votes(by, meeting.round):
        _refuse(phrases.NOT_ALLOWED)
    # A proposal forwarded from the level below and taken to this round's council
    # (awards.forwarding.package_to_council) is voted on here like the round's own, once
    # approved below.
    forwarded = proposal.round_id != meeting.round_id
    if forwarded and not is_before_upper_council(proposal, meeting.round):
        _refuse(_("This proposal belongs to another round."))
    if forwarded and proposal.status != ProposalStatus.APPROVED:
        _refuse(_("The council of the level above votes on proposals approved below."))
    if not forwarded and proposal.status != ProposalStatus.CHECKED:
        _refuse(_("The council votes on proposals the office has checked."))
    award_form = proposal.award_form
    counts = {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "absent_written": absent_written,
        "ballots_issued": ballots_issued,
        "ballots_received": ballots_received,
        "ballots_valid": ballots_valid,
        "ballots_invalid": ballots_invalid,
    }
    present_ids = set(meeting.members_present.values_list("pk", flat=True))
    refusal = _ballot_refusal(meeting, present_ids, award_form, counts)
    if refusal:
        _refuse(refusal)
    if not award_form.secret_ballot:
        for name in ("ballots_issued", "ballots_received", "ballots_valid", "ballots_invalid"):
            counts[name] = None
    total = meeting.members_total
    threshold = award_form.vote_threshold
    result = VoteResult.PASSED if rules.vote_passes(yes, total, threshold) else VoteResult.FAILED
    vote, _created = Vote.objects.update_or_create(
        meeting=meeting,
        proposal=proposal,
        defaults={
            **counts,
            "secret": award_form.secret_ballot,
            "result": result,
            "recorded_by": by,
        },
    )
    _move(
        proposal,
        by=by,
        action="upper_vote" if forwarded else "vote",
        note=str(meeting.round) if forwarded else "",
        changes={
            **{k: v for k, v in counts.items() if v is not None},
            "secret": award_form.secret_ballot,
            "members_total": total,
            "members_present": len(present_ids),
            "threshold": str(threshold),
            "result": result,
        },
    )
    return vote


def is_before_upper_council(proposal: AwardProposal, award_round: AwardRound) -> bool:
    """Whether `proposal` is forwarded in a package taken to the council of `award_round`
    (a round of the upper organisation) and still before it."""
    from .forwarding_models import ForwardedPackage, PackageStatus

    return ForwardedPackage.objects.filter(
        proposals=proposal, upper_round=award_round, status=PackageStatus.IN_COUNCIL
    ).exists()


def latest_vote(proposal, award_round: AwardRound | None = None) -> Vote | None:
    """The proposal's latest vote; with `award_round`, at a meeting of that round (the
    council of the level above votes on a forwarded proposal at its own round's meetings)."""
    votes = proposal.votes.select_related("meeting")
    if award_round is not None:
        votes = votes.filter(meeting__round=award_round)
    return votes.order_by("-meeting__held_on", "-id").first()


def council_vote_refusal(proposal: AwardProposal, award_round: AwardRound) -> str | None:
    """Why the vote of `award_round`'s council does not carry the forwarded proposal, or
    None: the same rules as for the round's own proposals (quorum, chair, ballots, the award
    form's threshold of all members)."""
    return _vote_refusal(proposal, proposal.award_form, award_round)


def _vote_refusal(proposal: AwardProposal, award_form, award_round=None) -> str | None:
    """Why the council's latest vote does not carry the proposal, or None."""
    vote = latest_vote(proposal, award_round)
    threshold_message = _("The council's vote has not reached %(threshold)s %% of all members.") % {
        "threshold": _percent(award_form.vote_threshold)
    }
    if vote is None:
        return threshold_message
    meeting = vote.meeting
    present_ids = set(meeting.members_present.values_list("pk", flat=True))
    counts = {
        name: getattr(vote, name)
        for name in (
            "yes",
            "no",
            "abstain",
            "absent_written",
            "ballots_issued",
            "ballots_received",
            "ballots_valid",
            "ballots_invalid",
        )
    }
    refusal = _ballot_refusal(meeting, present_ids, award_form, counts)
    if refusal:
        return refusal
    if award_form.secret_ballot and not vote.secret:
        return _("%(form)s is voted by secret ballot: record the secret ballot's count.") % {
            "form": award_form.name
        }
    # The threshold is a share of ALL council members, absent ones included.
    if not rules.vote_passes(vote.yes, meeting.members_total, award_form.vote_threshold):
        return threshold_message
    return None


def _awarded_elsewhere_refusal(proposal: AwardProposal) -> str | None:
    """One achievement backs one award (Luật Thi đua, khen thưởng 2022, Điều 5). The rows of
    the achievements are locked so that two approvals relying on one of them queue up."""
    evidence = list(
        proposal.evidence.filter(kind__in=(EvidenceKind.RECOGNITION, EvidenceKind.RESEARCH_TASK))
    )
    recognition_ids = sorted(e.recognition_id for e in evidence if e.recognition_id)
    task_ids = sorted(e.research_task_id for e in evidence if e.research_task_id)
    if not recognition_ids and not task_ids:
        return None
    list(Recognition.objects.select_for_update().filter(pk__in=recognition_ids).order_by("pk"))
    list(ResearchTask.objects.select_for_update().filter(pk__in=task_ids).order_by("pk"))
    used = achievements_awarded_elsewhere(proposal, recognition_ids, task_ids)
    if not used:
        return None
    return _(
        "One achievement backs one award (Luật Thi đua, khen thưởng 2022, Điều 5): %(uses)s. "
        "Remove it from this proposal or reject one of them."
    ) % {"uses": "; ".join(used)}


@transaction.atomic
def proposal_approve(*, proposal: AwardProposal, by, override_reason: str = "") -> AwardProposal:
    """Approve after a passing vote of a quorate meeting, within the award form's quotas,
    when every criterion is met and every judgement confirmed, and no achievement of the
    proposal already backs another approved award.

    A proposal whose criteria are not all met is approved only with the approver's written
    `override_reason`, kept with the proposal and in its history, and printed in the minutes
    and the list. The award form's row is locked first, so two approvals of the last slot
    queue up: the second counts the first and is refused.
    """
    award_form = AwardForm.objects.select_for_update().get(pk=proposal.award_form_id)
    proposal = (
        AwardProposal.objects.select_for_update(of=("self",))
        .select_related("round", "round__campaign", "round__campaign__issuing_unit")
        .get(pk=proposal.pk)
    )
    if not rules.can_approve_proposal(by, proposal):
        if proposal.status != ProposalStatus.CHECKED:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    refusal = _vote_refusal(proposal, award_form)
    if refusal:
        _refuse(refusal)
    # The criteria are evaluated again: the data may have changed since the office's check.
    proposal.eligibility = evaluate(proposal)
    proposal.eligibility_at = timezone.now()
    blocking = eligibility_blockers(proposal)
    override_reason = (override_reason or "").strip()
    if blocking and not override_reason:
        _refuse(
            _(
                "Not every criterion is met or confirmed: %(criteria)s. Approve only with a "
                "written reason for the override."
            )
            % {"criteria": "; ".join(blocking)}
        )
    refusal = _awarded_elsewhere_refusal(proposal)
    if refusal:
        _refuse(refusal)
    counts = awarded_counts(proposal.round, [award_form.pk]).get(award_form.pk, {})
    for use in quota_uses(award_form, counts):
        if quota_applies(use, proposal.nominee_kind) and use.full:
            _refuse(
                _(
                    "The quota is full: %(form)s (%(who)s) allows at most %(max)s and "
                    "%(used)s are already approved in this round."
                )
                % {
                    "form": award_form.name,
                    "who": use.label.lower(),
                    "max": use.maximum,
                    "used": use.used,
                }
            )
    proposal.decided_at = timezone.now()
    proposal.override_reason = override_reason if blocking else ""
    proposal.override_criteria = blocking
    changes = {"overall": proposal.eligibility.get("overall", "")}
    if blocking:
        changes["override"] = blocking
    _move(
        proposal,
        by=by,
        action="approve_override" if blocking else "approve",
        fields=[
            "decided_at",
            "eligibility",
            "eligibility_at",
            "override_reason",
            "override_criteria",
        ],
        note=proposal.override_reason,
        changes=changes,
    )
    _notify_state(proposal, _unit_people(proposal))
    return proposal


def _percent(value) -> str:
    from portal.text import number

    return number(value)


@transaction.atomic
def proposal_reject(*, proposal: AwardProposal, by, note: str = "") -> AwardProposal:
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_reject_proposal(by, proposal):
        if proposal.status not in rules.PENDING_STATES:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    proposal.decided_at = timezone.now()
    if note:
        proposal.reviewer_note = note
    _move(
        proposal,
        by=by,
        action="reject",
        fields=["decided_at", "reviewer_note"],
        note=note,
    )
    _notify_state(proposal, _unit_people(proposal), note=note)
    return proposal


@transaction.atomic
def decision_record(
    *,
    proposal: AwardProposal,
    number: str,
    date: datetime.date,
    authority: str,
    by,
    signer_name: str = "",
) -> AwardProposal:
    """The awarding authority's decision (number, date, who signed it): the proposal is
    decided."""
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_record_decision(by, proposal):
        if proposal.status != ProposalStatus.APPROVED:
            _illegal(proposal.get_status_display())
        _refuse(phrases.NOT_ALLOWED)
    if not number.strip():
        _refuse(_("Enter the decision number."))
    proposal.decision_number = number.strip()
    proposal.decision_date = date
    proposal.decision_authority = authority or proposal.award_form.authority
    proposal.decision_signer_name = " ".join(signer_name.split())
    _move(
        proposal,
        by=by,
        action="decision",
        fields=["decision_number", "decision_date", "decision_authority", "decision_signer_name"],
        changes={
            "decision_number": proposal.decision_number,
            "decision_date": str(date),
            "decision_signer_name": proposal.decision_signer_name,
        },
    )
    _notify_state(proposal, _unit_people(proposal))
    return proposal
