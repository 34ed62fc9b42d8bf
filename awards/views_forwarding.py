"""Pages of the packages forwarded to the level above and of the upper level's roll-up.

A package opens for the office, leaders and administrators of the organisation that sent it
and of the one it was sent to (awards.forwarding.packages_visible_to); anything else is 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from campaigns.selectors import campaigns_visible_to
from portal import audit
from portal.lists import ListSpec, list_response
from portal.models import DownloadRecord
from units import access

from . import forwarding, rollup, selectors
from .forms import HigherDecisionForm, NoteForm, RequiredNoteForm
from .models import AwardRound, PackageStatus
from .views import _error, _history

PACKAGES = ListSpec(
    sorts={"new": ("-sent_at", "-id"), "old": ("sent_at", "id")},
    default="new",
    per_page=25,
    target="package-rows",
)


class CouncilRoundForm(forms.Form):
    upper_round = forms.ModelChoiceField(
        label=gettext_lazy("Round of the upper level's council"), queryset=AwardRound.objects
    )


def _package(request, pk):
    return get_object_or_404(
        forwarding.packages_visible_to(request.user).select_related(
            "round",
            "round__campaign",
            "round__campaign__issuing_unit",
            "lower_organisation",
            "upper_organisation",
            "upper_round",
        ),
        pk=pk,
    )


@login_required
@require_GET
def package_inbox(request):
    """The upper office's inbox of received packages."""
    if not access.lower_organisations_of(request.user).exists():
        raise Http404
    rows = forwarding.package_list_queryset(forwarding.inbox_of(request.user))
    return list_response(
        request,
        PACKAGES,
        rows=rows,
        filterset=None,
        template="awards/forwarding/package_list.html",
        partial="awards/forwarding/_package_rows.html",
        extra={"inbox": True},
    )


@login_required
@require_GET
def package_sent(request):
    """The packages the user's organisation sent to the level above."""
    if not access.has_role(request.user, *access.ORGANISATION_ROLES):
        raise Http404
    rows = forwarding.package_list_queryset(forwarding.sent_by(request.user))
    return list_response(
        request,
        PACKAGES,
        rows=rows,
        filterset=None,
        template="awards/forwarding/package_list.html",
        partial="awards/forwarding/_package_rows.html",
        extra={"inbox": False},
    )


@login_required
@require_GET
def package_detail(request, pk):
    package = _package(request, pk)
    can = {
        name: forwarding.can_act(request.user, package, name)
        for name in ("check", "return", "resend", "accept", "council", "decide")
    }
    council_form = CouncilRoundForm()
    council_form.fields["upper_round"].queryset = forwarding.upper_rounds_for(package)
    checks = forwarding.package_document_checks(package)
    return render(
        request,
        "awards/forwarding/package_detail.html",
        {
            "package": package,
            "proposals": forwarding.package_proposals(package),
            "checks": checks,
            "contents": [] if checks else forwarding.package_contents(package),
            "history": _history(package, PackageStatus),
            "can": can,
            "note_form": NoteForm(),
            "reasons_form": RequiredNoteForm(),
            "council_form": council_form,
            "decision_form": HigherDecisionForm(),
        },
    )


@login_required
@require_GET
def package_zip(request, pk):
    """The package's documents in one ZIP file, made as it is downloaded."""
    package = _package(request, pk)
    filename = forwarding.package_filename(package)
    content = forwarding.package_zip(package)
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.DOSSIER,
        what=filename,
        subject=package,
        unit=package.lower_organisation,
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def package_forward(request, pk):
    """The lower office forwards the finalised round's proposals above its authority."""
    award_round = get_object_or_404(
        selectors.rounds_visible_to(request.user).select_related(
            "campaign", "campaign__issuing_unit"
        ),
        pk=pk,
    )
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        package = forwarding.package_forward(award_round=award_round, by=request.user, note=note)
    except ValidationError as error:
        _error(request, error)
        return redirect("awards:round_detail", pk)
    messages.success(request, _("The proposals were forwarded to the level above."))
    return redirect("awards:package_detail", package.pk)


DONE = {
    "check": gettext_lazy("The check has begun."),
    "return": gettext_lazy("The package was returned with the reasons."),
    "resend": gettext_lazy("The package was sent again."),
    "accept": gettext_lazy("The package was accepted."),
    "council": gettext_lazy("The package was taken to the council."),
    "decide": gettext_lazy("The decision was recorded and given to the proposals."),
}


def _do(request, package, action):
    """Read the form of `action` and call its service; errors are raised as ValidationError."""
    by = request.user
    if action == "check":
        return forwarding.package_check(package=package, by=by)
    if action == "accept":
        form = NoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        return forwarding.package_accept(package=package, by=by, note=note)
    if action in ("return", "resend"):
        note = request.POST.get("note", "")
        if action == "return":
            return forwarding.package_return(package=package, by=by, reasons=note)
        return forwarding.package_resend(package=package, by=by, note=note)
    if action == "council":
        form = CouncilRoundForm(request.POST)
        form.fields["upper_round"].queryset = forwarding.upper_rounds_for(package)
        if not form.is_valid():
            raise ValidationError(_("Choose a round of the upper organisation's own campaigns."))
        return forwarding.package_to_council(
            package=package, by=by, upper_round=form.cleaned_data["upper_round"]
        )
    form = HigherDecisionForm(request.POST)
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[k].label}: {m}" for k, errs in form.errors.items() for m in errs]
        )
    data = form.cleaned_data
    return forwarding.package_decide(
        package=package,
        by=by,
        number=data["number"],
        date=data["date"],
        authority=data["authority"],
        signer_name=data["signer_name"],
    )


@login_required
@require_POST
def package_move(request, pk, action):
    package = _package(request, pk)
    if action not in DONE:
        raise Http404
    try:
        _do(request, package, action)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, DONE[action])
    return redirect("awards:package_detail", pk)


@login_required
@require_GET
def campaign_rollup(request, pk):
    """The upper level's campaign: how each lower organisation implements it (read-only)."""
    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("issuing_unit"), pk=pk
    )
    if not access.has_role(request.user, *access.ORGANISATION_ROLES, unit=campaign.issuing_unit):
        raise Http404
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    return render(
        request,
        "awards/forwarding/campaign_rollup.html",
        {
            "campaign": campaign,
            **rollup.campaign_rollup(campaign=campaign, by=request.user, year=year),
        },
    )
