from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns.models import Campaign
from campaigns.selectors import campaigns_visible_to
from portal import audit, uploads, workflow
from portal.exports import export_page
from portal.http import int_param, year_param
from portal.lists import ListSpec, list_context, render_list
from portal.models import DownloadRecord
from portal.phrases import NOT_ALLOWED, NOT_SAVED, SAVED
from portal.services import history_for
from units import access

from . import application, exports, rules, selectors, services
from .filters import SORTS
from .forms import (
    AssignForm,
    AuthorFormSet,
    BulkRecognitionForm,
    CouncilMembersForm,
    HigherRecognitionForm,
    InitiativeForm,
    ReasonForm,
    RecognitionForm,
    ScoreForm,
    SendForm,
)
from .models import Attachment, Initiative, Status
from .paging import keyset_page
from .table import ListRow, attach_related, list_values, table_body, table_rows

PER_PAGE = 50


def _filtered(request):
    return exports.initiatives_filtered(request.user, request.GET)


LIST = ListSpec(sorts=SORTS, default="new", per_page=PER_PAGE, target="initiative-rows")


@login_required
@require_GET
def initiative_list(request):
    filterset, rows, scope = _filtered(request)
    context = list_context(
        request, LIST, rows=rows, filterset=filterset, fetch=list_values, row=ListRow
    )
    attach_related(context["page"].rows)
    context["rows"] = table_rows(context["page"].rows, request.user)
    context["body"] = table_body(context["rows"])
    context.update(
        {
            "scope": scope,
            "keep": {"scope": scope} if scope else {},
            "can_create": rules.can_create(request.user),
            "is_council": rules.is_council_member(request.user),
            "is_office": access.has_role(request.user, *access.ORGANISATION_ROLES),
        }
    )
    return render_list(
        request, template="initiatives/list.html", partial="initiatives/_rows.html", context=context
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_export(request):
    """The export of the list as filtered: GET shows the latest one, POST asks for a new one
    (portal/exports.py)."""
    return export_page(request, exports.EXPORT, template="initiatives/export.html")


def _people_for(initiative_unit):
    from units.models import Person

    if initiative_unit is None:
        return Person.objects.none()
    return Person.objects.filter(unit__path__startswith=initiative_unit.path, active=True)


def _save_application(request, form, formset):
    """Save the draft, its authors and a new attachment (whatever is filled in)."""
    changed = [name for name in form.changed_data if name != "new_attachment"]
    if formset.has_changed():
        changed.append("authors")

    def save_authors(initiative):
        formset.instance = initiative
        formset.save()

    return services.initiative_save_application(
        initiative=form.save(commit=False),
        by=request.user,
        changed=changed,
        save_related=save_authors,
        upload=form.cleaned_data.get("new_attachment"),
    )


def _application_page(request, *, initiative=None):
    user = request.user
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = {}
    if initiative is None:
        units = list(access.assignments(user))
        unit_assignment = next((a for a in units if a.role in access.UNIT_ROLES), None)
        initial = {"year": timezone.localdate().year}
        if unit_assignment:
            initial["unit"] = unit_assignment.unit
        campaign_id = int_param(request, "campaign")
        if campaign_id:
            initial["campaign"] = campaign_id
    form = InitiativeForm(data, files, instance=initiative, user=user, initial=initial)
    unit = initiative.unit if initiative else None
    if unit is None and form.is_bound and form.is_valid():
        unit = form.cleaned_data.get("unit")
    if unit is None:
        unit = initial.get("unit")
    formset = AuthorFormSet(data, instance=initiative or Initiative(), people=_people_for(unit))
    if request.method == "POST":
        saved = None
        if form.is_valid() and formset.is_valid():
            try:
                saved = _save_application(request, form, formset)
            except services.InitiativeError as error:
                messages.error(request, error.message)
        else:
            messages.error(request, NOT_SAVED)
        if saved is not None:
            if request.POST.get("action") == "submit":
                try:
                    services.initiative_submit(initiative=saved, by=user)
                except services.InitiativeError as error:
                    messages.error(request, error.message)
                    messages.info(request, _("The draft has been saved."))
                    return redirect("initiatives:edit", pk=saved.pk)
                messages.success(request, _("The application has been submitted."))
                return redirect("initiatives:detail", pk=saved.pk)
            messages.success(request, SAVED)
            return redirect("initiatives:edit", pk=saved.pk)
    return render(
        request,
        "initiatives/form.html",
        {
            "form": form,
            "formset": formset,
            "initiative": initiative,
            "attachments": initiative.attachments.all() if initiative else [],
            "missing": services.initiative_missing_parts(initiative) if initiative else [],
        },
    )


@login_required
def initiative_create(request):
    if not rules.can_create(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    return _application_page(request)


def _visible(request, pk) -> Initiative:
    return get_object_or_404(
        selectors.initiatives_visible_to(request.user).select_related("campaign", "unit"), pk=pk
    )


@login_required
def initiative_edit(request, pk):
    initiative = _visible(request, pk)
    if not rules.can_edit(request.user, initiative):
        raise Http404
    return _application_page(request, initiative=initiative)


# Notes a council member does not read: other members' totals (until their own are in)
# and other members' reasons for not scoring.
_SCORE_NOTES = ("scored",)
_MEMBER_NOTES = ("excused",)


def _history(initiative, *, identities=True, own_scores_in=True) -> list[dict]:
    """The record's history. Without `identities` (a council member in a blind review) no
    actor is named and no note is shown: notes name members, units and scores. Without
    `own_scores_in` (a council member who has not scored) no other member's total shows."""

    def label(state):
        return Status(state).label if state in Status.values else state

    def note(entry):
        if not identities:
            return ""
        if entry.action in _SCORE_NOTES + _MEMBER_NOTES and not own_scores_in:
            return ""
        return entry.note

    return [
        {
            "at": entry.at,
            "actor": entry.actor if identities else None,
            "action": workflow.entry_label(entry),
            "from_state": label(entry.from_state),
            "from_code": entry.from_state,
            "to_state": label(entry.to_state),
            "to_code": entry.to_state,
            "note": note(entry),
        }
        for entry in history_for(initiative)
    ]


def _sees_council_notes(user, initiative, *, reviewer) -> bool:
    """The office and the unit read the council's notes (totals, reasons for not scoring);
    a member only once their own scores are in."""
    if reviewer or rules.is_unit_user(user, initiative):
        return True
    own = initiative.assignments.filter(member=user).first()
    return own is not None and own.scored_at is not None and own.excused_at is None


def _blind_attachment_name(attachment, index: int) -> str:
    """What a blind reviewer sees of an attachment: a number and the file type only."""
    original = attachment.original_name
    suffix = original.rsplit(".", 1)[-1].lower()[:8] if "." in original else ""
    name = _("Attachment %(number)s") % {"number": index}
    return f"{name}.{suffix}" if suffix else name


@login_required
@require_GET
def initiative_detail(request, pk):
    initiative = _visible(request, pk)
    user = request.user
    reviewer = rules.is_reviewer(user, initiative)
    identities = rules.sees_identities(user, initiative)
    attachments = list(initiative.attachments.all())
    if not identities:
        for index, attachment in enumerate(attachments, start=1):
            attachment.original_name = _blind_attachment_name(attachment, index)
    context = {
        "initiative": initiative,
        "authors": initiative.authors.select_related("person"),
        "recognitions": initiative.recognitions.all(),
        "attachments": attachments,
        "history": _history(
            initiative,
            identities=identities or reviewer,
            own_scores_in=_sees_council_notes(user, initiative, reviewer=reviewer),
        ),
        "sees_identities": identities,
        "reviewer": reviewer,
        "can": {
            "edit": rules.can_edit(user, initiative),
            "withdraw": rules.can_withdraw(user, initiative),
            "return": rules.can_return(user, initiative),
            "send": rules.can_send_to_council(user, initiative),
            "decide": rules.can_decide(user, initiative),
            "assign": rules.can_manage_council(user, initiative),
            "higher": rules.can_add_higher_level(user, initiative),
            "score": rules.can_score(user, initiative),
            "recuse": rules.can_recuse(user, initiative),
        },
    }
    if reviewer:
        context["similar"] = services.similar_matches_for(initiative=initiative, user=user)
        context["changes"] = (
            services.initiative_changes_since_return(initiative)
            if initiative.status == Status.SUBMITTED
            else []
        )
        context["summary"] = services.council_summary(initiative)
        context["gate"] = (
            services.recognition_gate(initiative) if initiative.status == Status.IN_COUNCIL else []
        )
        context["reason_form"] = ReasonForm()
        context["send_form"] = SendForm()
        context["decision_form"] = RecognitionForm(
            initial={"issuer": initiative.campaign.issuing_unit.name}
        )
        context["assign_form"] = AssignForm(initiative=initiative)
        levels = rules.higher_levels(initiative)
        context["higher_form"] = HigherRecognitionForm(levels=levels)
    if context["can"]["score"]:
        assignment = initiative.assignments.get(member=user)
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        context["score_form"] = ScoreForm(
            rubric=list(initiative.campaign.rubric.all()), existing=existing
        )
        context["assignment"] = assignment
        context["recuse_form"] = ReasonForm()
    return render(request, "initiatives/detail.html", context)


@login_required
@require_GET
def initiative_application(request, pk):
    """The đơn yêu cầu công nhận sáng kiến as PDF: for those who see the initiative with its
    authors; a council member of a blind review does not (the form names them)."""
    initiative = _visible(request, pk)
    if not rules.sees_identities(request.user, initiative):
        raise Http404
    filename = application.application_filename(initiative)
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.EXPORT,
        what=filename,
        subject=initiative,
        unit=initiative.unit,
    )
    response = HttpResponse(application.application_pdf(initiative), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _run(request, initiative, call):
    try:
        with transaction.atomic():
            call()
    except services.InitiativeError as error:
        messages.error(request, error.message)
        return False
    return True


@login_required
@require_POST
def initiative_action(request, pk, action):
    initiative = _visible(request, pk)
    user = request.user
    done = {
        "withdraw": _("The application has been withdrawn."),
        "return": _("The application has been returned to the unit."),
        "send": _("The application has been sent to the council."),
        "recognise": _("The recognition has been recorded."),
        "reject": _("The decision not to recognise has been recorded."),
        "higher": _("The higher-level recognition has been recorded."),
        "assign": _("The council members have been assigned."),
        "submit": _("The application has been submitted."),
        "recuse": _("You no longer score this initiative; the office has been told."),
        "excuse": _("The member no longer scores this initiative."),
        "similarity": _("The note on the similar initiatives has been recorded."),
    }
    if action not in done:
        raise Http404
    form = None
    if action == "withdraw":
        ok = _run(
            request,
            initiative,
            lambda: services.initiative_withdraw(
                initiative=initiative, by=user, reason=request.POST.get("reason", "")
            ),
        )
    elif action == "submit":
        ok = _run(
            request, initiative, lambda: services.initiative_submit(initiative=initiative, by=user)
        )
    elif action == "send":
        form = SendForm(request.POST)
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: services.initiative_send_to_council(
                initiative=initiative,
                by=user,
                similarity_note=form.cleaned_data["similarity_note"],
            ),
        )
    elif action == "similarity":
        form = SendForm(request.POST)
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: services.initiative_note_similarity(
                initiative=initiative, by=user, note=form.cleaned_data["similarity_note"]
            ),
        )
    elif action in ("recuse", "excuse"):
        form = ReasonForm(request.POST)
        member = user
        if action == "excuse":
            if not rules.is_reviewer(user, initiative):
                raise Http404
            chosen = request.POST.get("assignment", "")
            if not chosen.isdigit():
                raise Http404
            member = get_object_or_404(
                initiative.assignments.select_related("member"), pk=int(chosen)
            ).member
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: services.council_excuse(
                initiative=initiative, member=member, by=user, reason=form.cleaned_data["reason"]
            ),
        )
    elif action in ("return", "reject"):
        form = ReasonForm(request.POST)
        service = services.initiative_return if action == "return" else services.initiative_reject
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: service(initiative=initiative, by=user, reason=form.cleaned_data["reason"]),
        )
    elif action == "recognise":
        form = RecognitionForm(request.POST)
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: services.initiative_recognise(
                initiative=initiative, by=user, **form.cleaned_data
            ),
        )
    elif action == "higher":
        form = HigherRecognitionForm(request.POST, levels=rules.higher_levels(initiative))
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: services.recognition_add_higher_level(
                initiative=initiative, by=user, **form.cleaned_data
            ),
        )
    else:  # assign
        if not rules.is_reviewer(user, initiative):
            raise Http404
        form = AssignForm(request.POST, initiative=initiative)
        ok = form.is_valid() and _run(
            request,
            initiative,
            lambda: services.council_assign(
                initiative=initiative, members=list(form.cleaned_data["members"]), by=user
            ),
        )
    if ok:
        messages.success(request, done[action])
    elif form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_POST
def initiative_score(request, pk):
    initiative = _visible(request, pk)
    if not rules.can_score(request.user, initiative):
        raise Http404
    form = ScoreForm(request.POST, rubric=list(initiative.campaign.rubric.all()))
    if form.is_valid():
        if _run(
            request,
            initiative,
            lambda: services.initiative_score(
                initiative=initiative, by=request.user, scores=form.scores()
            ),
        ):
            messages.success(request, _("Your scores have been saved."))
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}")
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_GET
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(
            initiative__in=selectors.initiatives_visible_to(request.user)
        ).select_related("initiative__campaign", "initiative__unit"),
        pk=pk,
    )
    filename = attachment.original_name
    if not rules.sees_identities(request.user, attachment.initiative):
        ids = list(attachment.initiative.attachments.values_list("pk", flat=True))
        filename = _blind_attachment_name(attachment, ids.index(attachment.pk) + 1)
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.ATTACHMENT,
        what=filename,
        subject=attachment,
        unit=attachment.initiative.unit,
    )
    return uploads.upload_response(
        attachment.file, content_type=attachment.content_type, name=filename
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(
            initiative__in=selectors.initiatives_visible_to(request.user)
        ).select_related("initiative__unit"),
        pk=pk,
    )
    initiative = attachment.initiative
    if not rules.can_edit(request.user, initiative):
        raise Http404
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("The attachment has been removed."))
    return redirect("initiatives:edit", pk=initiative.pk)


@login_required
def council_members(request, campaign_pk):
    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("issuing_unit"), pk=campaign_pk
    )
    if not access.has_role(request.user, *rules.REVIEWING_ROLES, unit=campaign.issuing_unit):
        raise Http404
    current = [m.user for m in campaign.council_members.select_related("user__person")]
    form = CouncilMembersForm(request.POST or None, campaign=campaign, initial={"members": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.council_set_members(
                campaign=campaign, users=list(form.cleaned_data["members"]), by=request.user
            )
        except services.InitiativeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The council has been saved."))
            return redirect("initiatives:council", campaign_pk=campaign.pk)
    return render(
        request,
        "initiatives/council.html",
        {"campaign": campaign, "form": form, "members": current},
    )


@login_required
@require_GET
def initiative_compare(request, pk, other_pk):
    """Two initiatives side by side, the passages they share marked; printable."""
    initiative = _visible(request, pk)
    if not rules.is_reviewer(request.user, initiative):
        raise Http404
    other = _visible(request, other_pk)
    match = next((m for m in initiative.similar_matches if m.get("id") == other.pk), None)
    return render(
        request,
        "initiatives/compare.html",
        {
            "initiative": initiative,
            "other": other,
            "match": match,
            "sections": services.initiatives_compare(initiative=initiative, other=other),
            "other_identities": rules.sees_identities(request.user, other),
        },
    )


def _managed_campaign(request, campaign_pk):
    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("issuing_unit"), pk=campaign_pk
    )
    if not access.has_role(request.user, *rules.REVIEWING_ROLES, unit=campaign.issuing_unit):
        raise Http404
    return campaign


@login_required
def council_scores(request, campaign_pk):
    """The office's view of the council's scores in a campaign, and the bulk recognition."""
    campaign = _managed_campaign(request, campaign_pk)
    form = BulkRecognitionForm(
        request.POST or None,
        initial={
            "min_mean": campaign.recognition_threshold,
            "issuer": campaign.issuing_unit.name,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.initiatives_recognise_bulk(
                    campaign=campaign, by=request.user, **form.cleaned_data
                )
            except services.InitiativeError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)s initiatives recognised by the decision.")
                    % {"count": len(result["recognised"])},
                )
                for initiative, reason in result["refused"]:
                    messages.warning(request, f"{initiative.title}: {reason}")
                return redirect("initiatives:council_scores", campaign_pk=campaign.pk)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    table = services.council_normalised(campaign=campaign, by=request.user)
    return render(
        request,
        "initiatives/council_scores.html",
        {"campaign": campaign, "table": table, "form": form},
    )


@login_required
@require_GET
def ten_percent(request):
    year = year_param(request) or timezone.localdate().year
    rows = selectors.ten_percent_rows(request.user, year=year)
    sort = request.GET.get("sort", "name")
    keys = {
        "name": lambda r: r["name_sort"],
        "headcount": lambda r: -r["headcount"],
        "recognised": lambda r: -r["recognised"],
        "ratio": lambda r: -(r["ratio"] or 0),
        "met": lambda r: (not r["met"], r["name_sort"]),
    }
    rows.sort(key=keys.get(sort, keys["name"]))
    return render(
        request,
        "initiatives/ten_percent.html",
        {"rows": rows, "year": year, "sort": sort, "years": range(year - 3, year + 2)},
    )


@require_GET
def public_list(request):
    campaigns = Campaign.objects.filter(public=True).order_by("-document_date", "-id")
    initiatives = selectors.recognised_public()
    campaign_id = int_param(request, "campaign")
    chosen = str(campaign_id or "")
    if campaign_id:
        initiatives = initiatives.filter(campaign_id=campaign_id)
    page = keyset_page(
        initiatives,
        ordering=("title_sort", "id"),
        per_page=PER_PAGE,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    return render(
        request,
        "initiatives/public.html",
        {"campaigns": campaigns, "page": page, "chosen": chosen},
    )
