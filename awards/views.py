"""Pages of award rounds and proposals. Each view finds its object through a scoped selector
(404 outside the user's scope), checks the rule, calls one service and reports its error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Criterion
from campaigns.selectors import campaigns_editable_by
from portal import audit, phrases, uploads, workflow
from portal.lists import ListSpec, list_response
from portal.models import DownloadRecord
from portal.services import history_for
from units import access

from . import certificates, consultation, emulation, routing, rules, selectors, services
from .charts import eligibility_chart, round_chart
from .filters import ProposalFilter, RoundFilter
from .forms import (
    ApproveForm,
    CommentPeriodForm,
    CriterionForm,
    DecisionForm,
    HigherDecisionForm,
    MeetingForm,
    NoteForm,
    ProposalForm,
    RequiredNoteForm,
    RoundForm,
    RoundSignersForm,
    VoteForm,
    proposing_units_for,
)
from .models import (
    AwardProposal,
    PackageStatus,
    ProposalStatus,
    RoundStatus,
)


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _history(subject, states) -> list[dict]:
    labels = dict(states.choices)
    return [
        {
            "entry": entry,
            "action": workflow.entry_label(entry),
            "from": labels.get(entry.from_state, entry.from_state),
            "to": labels.get(entry.to_state, entry.to_state),
        }
        for entry in history_for(subject)
    ]


def _warn_reused(request, proposal) -> None:
    """One achievement backs one award: say so as soon as an achievement is linked that
    another proposal already relies on (the approval refuses it if that one is approved)."""
    evidence = selectors.evidence_of(proposal)
    flags = selectors.reused_evidence(evidence, visible_to=request.user)
    for row in evidence:
        achievement = (
            row.recognition.initiative.title if row.recognition_id else str(row.research_task)
        )
        for other in flags.get(row.pk, []):
            if other.hidden:
                messages.warning(
                    request,
                    _(
                        "“%(achievement)s” also backs another proposal: one achievement backs "
                        "one award, so only one of them can be approved."
                    )
                    % {"achievement": achievement},
                )
                continue
            messages.warning(
                request,
                _(
                    "“%(achievement)s” also backs the proposal of %(form)s for %(nominee)s "
                    "(%(state)s): one achievement backs one award, so only one of them can "
                    "be approved."
                )
                % {
                    "achievement": achievement,
                    "form": other.award_form.name,
                    "nominee": other.nominee_name,
                    "state": other.get_status_display().lower(),
                },
            )


def _proposal(request, pk) -> AwardProposal:
    return get_object_or_404(
        selectors.proposals_visible_to(request.user).select_related(
            "round",
            "round__campaign",
            "round__campaign__issuing_unit",
            "award_form",
            "nominee_unit",
            "nominee_person",
            "nominee_person__unit",
            "proposing_unit",
            "confirmed_by",
            "confirmed_by__person",
        ),
        pk=pk,
    )


def _round(request, pk):
    return get_object_or_404(
        selectors.rounds_visible_to(request.user).select_related(
            "campaign", "campaign__issuing_unit"
        ),
        pk=pk,
    )


# --- Rounds --------------------------------------------------------------------------------


ROUNDS = ListSpec(
    sorts={"new": ("-year", "-id"), "old": ("year", "id")},
    default="new",
    per_page=25,
    target="round-rows",
)


@login_required
def round_list(request):
    # Counts cover the proposals the user may see, not the whole round.
    visible = Q(proposals__in=selectors.proposals_visible_to(request.user).values("pk"))
    rounds = (
        selectors.rounds_visible_to(request.user)
        .select_related("campaign")
        .annotate(
            proposal_count=Count(
                "proposals", filter=visible & ~Q(proposals__status=ProposalStatus.DRAFT)
            ),
            awarded_count=Count(
                "proposals", filter=visible & Q(proposals__status__in=rules.AWARDED_STATES)
            ),
        )
    )
    filterset = RoundFilter(request.GET, queryset=rounds)
    return list_response(
        request,
        ROUNDS,
        rows=filterset.qs,
        filterset=filterset,
        template="awards/round_list.html",
        partial="awards/_round_rows.html",
        extra={
            "can_create": access.has_role(request.user, *access.MANAGING_ROLES),
            "sends_up": access.has_role(request.user, *access.ORGANISATION_ROLES),
            "receives": access.has_role(request.user, *access.ORGANISATION_ROLES)
            and access.lower_organisations_of(request.user).exists(),
            "can_propose": access.has_role(request.user, *access.UNIT_ROLES),
        },
    )


@login_required
def round_create(request):
    campaigns = campaigns_editable_by(request.user)
    if not campaigns.exists():
        raise Http404
    form = RoundForm(request.POST or None, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        try:
            award_round = services.round_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, phrases.SAVED)
            return redirect("awards:round_detail", award_round.pk)
    return render(request, "awards/round_form.html", {"form": form})


def _with_routes(overview: list[dict], award_round) -> list[dict]:
    """Each award form of the overview with where it goes (awards.routing)."""
    issuer = award_round.campaign.issuing_unit
    for item in overview:
        item["route"] = routing.award_route(item["form"], issuer)
    return overview


@login_required
def round_detail(request, pk):
    award_round = _round(request, pk)
    user = request.user
    proposals = selectors.proposals_visible_to(user)
    overview = _with_routes(selectors.round_overview(award_round, proposals), award_round)
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": award_round,
            "overview": overview,
            "chart": round_chart(overview),
            "eligibility_chart": eligibility_chart(overview)
            if access.has_role(user, *access.ORGANISATION_ROLES)
            else "",
            "meetings": selectors.meetings_of(award_round)
            if rules.can_record_meeting(user, award_round)
            or access.has_role(user, *access.ORGANISATION_ROLES, "council")
            else [],
            "warnings": selectors.shortfall_warnings(award_round),
            "history": _history(award_round, RoundStatus),
            "can_propose": rules.can_propose_in_round(user, award_round),
            "can_meet": rules.can_record_meeting(user, award_round),
            "can_finalise": rules.can_finalise_round(user, award_round),
            "can_open_comments": rules.can_finalise_round(user, award_round)
            and not award_round.comments_from,
            "comments_open": consultation.is_open(award_round),
            "comment_period_form": CommentPeriodForm(),
            "can_decide": rules.can_record_round_decision(user, award_round),
            "can_dossier": rules.can_view_dossier(user, award_round),
            "decision_form": DecisionForm(),
            "decisions": certificates.round_decisions(award_round)
            if rules.can_print_certificates(user, award_round)
            else [],
            "can_sign": rules.can_choose_round_signers(user, award_round),
            "signers_form": RoundSignersForm(award_round=award_round),
            **_forwarding_context(user, award_round),
        },
    )


def _forwarding_context(user, award_round) -> dict:
    """The package sent up from this round, or whether the office may send one."""
    from . import forwarding

    if award_round.status != RoundStatus.FINALISED:
        return {}
    package = forwarding.packages_visible_to(user).filter(round=award_round).first()
    if package is not None:
        return {"package": package}
    if not forwarding.can_forward(user, award_round):
        return {}
    return {"forwardable": forwarding.forwardable_proposals(award_round)}


@login_required
@require_POST
def round_signers(request, pk):
    award_round = _round(request, pk)
    form = RoundSignersForm(request.POST, award_round=award_round)
    if not form.is_valid():
        messages.error(request, _("Choose a signer of the organisation that issued the campaign."))
        return redirect("awards:round_detail", pk)
    try:
        services.round_signers_set(award_round=award_round, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, phrases.SAVED)
    return redirect("awards:round_detail", pk)


@login_required
@require_POST
def round_comments_open(request, pk):
    award_round = _round(request, pk)
    form = CommentPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["days"]))
        return redirect("awards:round_detail", pk)
    try:
        award_round = services.round_comments_open(
            award_round=award_round, days=form.cleaned_data["days"], by=request.user
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("The proposed list is open for public comments until %(until)s.")
            % {"until": award_round.comments_until.strftime("%d/%m/%Y")},
        )
    return redirect("awards:round_detail", pk)


@login_required
@require_POST
def round_finalise(request, pk):
    award_round = _round(request, pk)
    try:
        warnings = services.round_finalise(award_round=award_round, by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("awards:round_detail", pk)
    messages.success(request, _("The round is finalised."))
    for warning in warnings:
        messages.warning(request, warning)
    # The dossier is made by a job off the request; its page shows how far it has got.
    award_round.refresh_from_db(fields=["status"])
    if rules.can_view_dossier(request.user, award_round):
        return redirect("awards:dossier", pk)
    return redirect("awards:round_detail", pk)


@login_required
@require_POST
def round_decision(request, pk):
    award_round = _round(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the decision number and date."))
        return redirect("awards:round_detail", pk)
    try:
        count = services.round_decision_record(
            award_round=award_round, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("Decision recorded for %(count)s proposal(s).") % {"count": count}
        )
    return redirect("awards:round_detail", pk)


# --- Proposals -----------------------------------------------------------------------------


PROPOSALS = ListSpec(
    sorts={"new": ("-id",), "old": ("id",)}, default="new", per_page=30, target="proposal-rows"
)


@login_required
def proposal_list(request):
    proposals = selectors.proposal_list_queryset(selectors.proposals_visible_to(request.user))
    filterset = ProposalFilter(request.GET, queryset=proposals)
    return list_response(
        request,
        PROPOSALS,
        rows=filterset.qs,
        filterset=filterset,
        template="awards/proposal_list.html",
        partial="awards/_proposal_list_rows.html",
    )


@login_required
def proposal_create(request, round_pk):
    award_round = _round(request, round_pk)
    units = list(proposing_units_for(request.user))
    if not units or not rules.can_propose_in_round(request.user, award_round):
        raise Http404
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0])
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        award_round=award_round,
        proposing_unit=unit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            arguments = form.service_arguments()
            arguments.pop("remove_files")
            proposal = services.proposal_create(
                award_round=award_round, proposing_unit=unit, by=request.user, **arguments
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, phrases.SAVED)
            _warn_reused(request, proposal)
            return redirect("awards:proposal_detail", proposal.pk)
    return render(
        request,
        "awards/proposal_form.html",
        {"form": form, "round": award_round, "unit": unit, "units": units},
    )


@login_required
def proposal_update(request, pk):
    proposal = _proposal(request, pk)
    if not rules.can_edit_proposal(request.user, proposal):
        raise Http404
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        award_round=proposal.round,
        proposing_unit=proposal.proposing_unit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, by=request.user, **form.service_arguments())
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, phrases.SAVED)
            _warn_reused(request, proposal)
            return redirect("awards:proposal_detail", proposal.pk)
    return render(
        request,
        "awards/proposal_form.html",
        {
            "form": form,
            "round": proposal.round,
            "unit": proposal.proposing_unit,
            "proposal": proposal,
        },
    )


@login_required
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    user = request.user
    evidence = selectors.evidence_of(proposal)
    flags = selectors.reused_evidence(evidence, visible_to=request.user)
    for row in evidence:
        row.reused_by = flags.get(row.pk, [])
    can_approve = rules.can_approve_proposal(user, proposal)
    return render(
        request,
        "awards/proposal_detail.html",
        {
            "proposal": proposal,
            "evidence": evidence,
            "reused_count": len(flags),
            "eligibility": selectors.eligibility_rows(proposal),
            "votes": proposal.votes.select_related("meeting").order_by("meeting__held_on", "id"),
            "history": _history(proposal, ProposalStatus),
            "can_edit": rules.can_edit_proposal(user, proposal),
            "can_confirm": rules.can_confirm_proposal(user, proposal),
            "can_check": rules.can_check_proposal(user, proposal),
            "can_approve": can_approve,
            "blockers": selectors.eligibility_blockers(proposal) if can_approve else [],
            "approve_form": ApproveForm(),
            "can_reject": rules.can_reject_proposal(user, proposal),
            "can_decide": rules.can_record_decision(user, proposal),
            "can_certificate": proposal.status == ProposalStatus.DECIDED
            and bool(proposal.decision_date)
            and certificates.certificate_kind(proposal.award_form) is not None
            and rules.can_print_certificates(user, proposal.round),
            "note_form": NoteForm(),
            "decision_form": HigherDecisionForm(
                initial={"authority": proposal.award_form.authority}
            ),
        },
    )


def _proposal_action(request, pk, service, success, **extra):
    proposal = _proposal(request, pk)
    try:
        service(proposal=proposal, by=request.user, **extra)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, success)
    return redirect("awards:proposal_detail", pk)


@login_required
@require_POST
def proposal_confirm(request, pk):
    return _proposal_action(
        request, pk, services.proposal_confirm, _("Confirmed and sent to the office.")
    )


@login_required
@require_POST
def proposal_return(request, pk):
    form = RequiredNoteForm(request.POST)
    if not form.is_valid():
        _proposal(request, pk)
        messages.error(request, _("Say what the unit should revise."))
        return redirect("awards:proposal_detail", pk)
    return _proposal_action(
        request,
        pk,
        services.proposal_return,
        _("Returned to the unit for revision."),
        note=form.cleaned_data["note"],
    )


@login_required
@require_POST
def proposal_approve(request, pk):
    form = ApproveForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
    return _proposal_action(
        request, pk, services.proposal_approve, _("Approved."), override_reason=reason
    )


@login_required
@require_POST
def proposal_reject(request, pk):
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _proposal_action(request, pk, services.proposal_reject, _("Rejected."), note=note)


@login_required
@require_POST
def proposal_decision(request, pk):
    form = HigherDecisionForm(request.POST)
    if not form.is_valid():
        _proposal(request, pk)
        messages.error(request, _("Enter the decision number and date."))
        return redirect("awards:proposal_detail", pk)
    return _proposal_action(
        request, pk, services.decision_record, _("Decision recorded."), **form.cleaned_data
    )


@login_required
def proposal_check(request, pk):
    """The office's check: the evaluation from data, judgements on the criteria the data
    cannot prove, and the note to the council."""
    proposal = _proposal(request, pk)
    if not rules.can_check_proposal(request.user, proposal):
        raise Http404
    form = NoteForm(request.POST or None, initial={"note": proposal.reviewer_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_check(
                proposal=proposal, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Eligibility check recorded."))
            return redirect("awards:proposal_detail", pk)
    preview = services.evaluate(proposal)
    confirmations = {c.criterion_id: c for c in proposal.confirmations.all()}
    rows = []
    for item in preview.get("criteria", []):
        confirmation = confirmations.get(item["criterion_id"])
        needs = (
            item["status"] == "judgement"
            or item.get("kind") == Criterion.Kind.QUALITATIVE
            or confirmation is not None
        )
        initial = {}
        if confirmation is not None:
            initial = {
                "confirmed": "1" if confirmation.confirmed else "0",
                "note": confirmation.note,
            }
        rows.append(
            {
                **item,
                "confirmation": confirmation,
                "by_judgement": needs,
                "form": CriterionForm(prefix=f"c{item['criterion_id']}", initial=initial)
                if needs
                else None,
            }
        )
    evidence = selectors.evidence_of(proposal)
    flags = selectors.reused_evidence(evidence, visible_to=request.user)
    for row in evidence:
        row.reused_by = flags.get(row.pk, [])
    return render(
        request,
        "awards/proposal_check.html",
        {
            "proposal": proposal,
            "rows": rows,
            "evaluation": preview,
            "overall": preview.get("overall"),
            "form": form,
            "evidence": evidence,
        },
    )


@login_required
@require_POST
def criterion_confirm(request, pk, criterion_pk):
    proposal = _proposal(request, pk)
    criterion = get_object_or_404(
        Criterion, pk=criterion_pk, campaign_id=proposal.round.campaign_id
    )
    form = CriterionForm(request.POST, prefix=f"c{criterion.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose met or not met and give the reason."))
    else:
        try:
            services.criterion_confirm(
                proposal=proposal,
                criterion=criterion,
                confirmed=form.cleaned_data["confirmed"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, phrases.SAVED)
    if rules.can_check_proposal(request.user, proposal):
        return redirect("awards:proposal_check", pk)
    return redirect("awards:proposal_detail", pk)


@login_required
def evidence_file(request, pk, evidence_pk):
    proposal = _proposal(request, pk)
    evidence = get_object_or_404(proposal.evidence.exclude(file=""), pk=evidence_pk)
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.ATTACHMENT,
        what=evidence.file_name,
        subject=evidence,
        unit=proposal.proposing_unit,
    )
    return uploads.upload_response(
        evidence.file, content_type=evidence.content_type, name=evidence.file_name
    )


# --- Council -------------------------------------------------------------------------------


@login_required
def meeting_create(request, round_pk):
    award_round = _round(request, round_pk)
    if not rules.can_record_meeting(request.user, award_round):
        raise Http404
    form = MeetingForm(request.POST or None, campaign=award_round.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(
                award_round=award_round, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, phrases.SAVED)
            return redirect("awards:meeting_detail", meeting.pk)
    return render(request, "awards/meeting_form.html", {"form": form, "round": award_round})


@login_required
def meeting_detail(request, pk):
    """The meeting and its votes; the office records each checked proposal's ballots."""
    meeting = get_object_or_404(
        selectors.meetings_visible_to(request.user).select_related(
            "round",
            "round__campaign",
            "round__campaign__issuing_unit",
            "chair",
            "chair__person",
            "secretary",
            "secretary__person",
        ),
        pk=pk,
    )
    award_round = meeting.round
    can_vote = rules.can_record_votes(request.user, award_round)
    present = list(meeting.members_present.select_related("person"))
    votes = {v.proposal_id: v for v in meeting.votes.all()}
    # The proposals the user may see: a council member never sees those of their own unit.
    visible = selectors.proposals_visible_to(request.user).filter(round=award_round)
    proposals = selectors.proposal_list_queryset(
        visible.filter(
            status__in=(ProposalStatus.CHECKED, ProposalStatus.APPROVED, ProposalStatus.REJECTED)
        )
    ).order_by("award_form__order", "award_form_id", "nominee_kind", "id")
    # Proposals forwarded from the level below and taken to this round's council
    # (awards.forwarding): voted on here like the round's own, named with the organisation
    # that sent them; their own pages stay with that organisation.
    forwarded = (
        selectors.proposal_list_queryset(
            AwardProposal.objects.filter(
                forwarded_packages__upper_round=award_round,
                forwarded_packages__status__in=(PackageStatus.IN_COUNCIL, PackageStatus.DECIDED),
            )
        )
        .annotate(sent_by=F("forwarded_packages__lower_organisation__name"))
        .order_by("sent_by", "award_form__order", "award_form_id", "nominee_kind", "id")
    )
    if request.method == "POST":
        if not can_vote:
            raise Http404
        proposal_id = request.POST.get("proposal_id", "")
        if not proposal_id.isdigit():
            raise Http404
        proposal = (
            visible.select_related("award_form").filter(pk=int(proposal_id)).first()
            or forwarded.filter(pk=int(proposal_id)).first()
        )
        if proposal is None:
            raise Http404
        form = VoteForm(
            request.POST, prefix=f"p{proposal.pk}", secret=proposal.award_form.secret_ballot
        )
        if form.is_valid() and form.cleaned_data["proposal"] == proposal.pk:
            data = {k: v for k, v in form.cleaned_data.items() if k != "proposal"}
            try:
                vote = services.vote_record(
                    meeting=meeting, proposal=proposal, by=request.user, **data
                )
            except ValidationError as error:
                _error(request, error)
            else:
                messages.success(
                    request,
                    _("Vote recorded for %(nominee)s: %(result)s.")
                    % {"nominee": proposal.nominee_name, "result": vote.get_result_display()},
                )
        else:
            messages.error(request, _("Enter the number of votes."))
        return redirect(reverse("awards:meeting_detail", args=[pk]) + "#votes")
    rows = []
    for proposal in [*proposals, *forwarded]:
        vote = votes.get(proposal.pk)
        sent_by = getattr(proposal, "sent_by", None)
        votable = proposal.status == (
            ProposalStatus.APPROVED if sent_by is not None else ProposalStatus.CHECKED
        )
        initial = {"proposal": proposal.pk}
        if vote is not None:
            initial.update(
                yes=vote.yes,
                no=vote.no,
                abstain=vote.abstain,
                absent_written=vote.absent_written,
                ballots_issued=vote.ballots_issued,
                ballots_received=vote.ballots_received,
                ballots_valid=vote.ballots_valid,
                ballots_invalid=vote.ballots_invalid,
            )
        rows.append(
            {
                "proposal": proposal,
                "sent_by": sent_by,
                "vote": vote,
                "form": VoteForm(
                    prefix=f"p{proposal.pk}",
                    initial=initial,
                    secret=proposal.award_form.secret_ballot,
                )
                if can_vote and votable
                else None,
            }
        )
    return render(
        request,
        "awards/meeting_detail.html",
        {
            "meeting": meeting,
            "round": award_round,
            "present": present,
            "quorate": rules.is_quorate(len(present), meeting.members_total, award_round.campaign),
            "quorum_needed": rules.quorum_needed(meeting.members_total, award_round.campaign),
            "chair_present": meeting.chair_id in {u.pk for u in present},
            "rows": rows,
            "can_vote": can_vote,
        },
    )


# --- Award history -------------------------------------------------------------------------


@login_required
def history_person(request, pk):
    person = get_object_or_404(access.people_visible_to(request.user).select_related("unit"), pk=pk)
    return render(
        request,
        "awards/history.html",
        {
            "nominee": person,
            "unit": person.unit,
            "awards": selectors.awards_of(person=person, visible_to=request.user),
            "records": person.emulation_records.prefetch_related("titles"),
            "can_enter_records": emulation.can_enter_records(request.user, person.unit),
            "new_record_url": reverse("awards:record_create_person", args=[person.pk]),
        },
    )


@login_required
def history_unit(request, pk):
    unit = get_object_or_404(access.units_visible_to(request.user), pk=pk)
    return render(
        request,
        "awards/history.html",
        {
            "nominee": unit,
            "awards": selectors.awards_of(unit=unit, visible_to=request.user),
            "records": unit.emulation_records.prefetch_related("titles"),
            "can_enter_records": emulation.can_enter_records(request.user, unit),
            "new_record_url": reverse("awards:record_create_unit", args=[unit.pk]),
        },
    )
