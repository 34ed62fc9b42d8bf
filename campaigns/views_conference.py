"""The conference page of a phase: programme, delegates by unit, honourees; the office adds
delegates and marks them confirmed. Outside one's scope every page is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal import audit
from portal.models import DownloadRecord
from units.models import Unit

from . import conference, conference_documents
from .models import ConferenceDelegate, Phase
from .selectors import campaigns_visible_to


def _phase(user, pk) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("campaign", "campaign__issuing_unit").filter(
            campaign__in=campaigns_visible_to(user)
        ),
        pk=pk,
    )


def _managed_phase(user, pk) -> Phase:
    phase = _phase(user, pk)
    if not conference.can_manage_conference(user, phase):
        raise Http404
    return phase


@login_required
def conference_detail(request, pk):
    phase = _phase(request.user, pk)
    manages = conference.can_manage_conference(request.user, phase)
    groups = conference.delegates_by_unit(phase)
    return render(
        request,
        "campaigns/conference.html",
        {
            "phase": phase,
            "campaign": phase.campaign,
            "groups": groups,
            "invited": sum(len(g["delegates"]) for g in groups),
            "confirmed": sum(g["confirmed"] for g in groups),
            "honourees": list(conference.honourees(phase)),
            "can_manage": manages,
            "units": conference.invitable_units(phase) if manages else [],
        },
    )


@login_required
@require_POST
def delegate_add_view(request, pk):
    phase = _managed_phase(request.user, pk)
    chosen = request.POST.get("unit") or ""
    unit = Unit.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if unit is None:
        messages.error(request, _("Choose the unit the delegate comes from."))
        return redirect("campaigns:conference", pk=phase.pk)
    try:
        delegate = conference.delegate_add(
            phase=phase,
            unit=unit,
            full_name=request.POST.get("full_name", ""),
            position=request.POST.get("position", ""),
            by=request.user,
        )
    except conference.ConferenceError as error:
        messages.error(request, str(error))
    else:
        names = {"name": delegate.full_name, "unit": unit.name}
        messages.success(request, _("%(name)s is invited for %(unit)s.") % names)
    return redirect("campaigns:conference", pk=phase.pk)


@login_required
@require_POST
def delegate_confirm_view(request, pk):
    delegate = get_object_or_404(ConferenceDelegate.objects.select_related("unit"), pk=pk)
    phase = _managed_phase(request.user, delegate.phase_id)
    delegate.phase = phase
    confirmed = request.POST.get("confirmed", "1") == "1"
    try:
        conference.delegate_confirm(delegate=delegate, by=request.user, confirmed=confirmed)
    except conference.ConferenceError as error:
        messages.error(request, str(error))
    return redirect("campaigns:conference", pk=phase.pk)


def _pdf(request, phase, content: bytes, filename: str):
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.EXPORT,
        what=filename,
        subject=phase,
        unit=phase.campaign.issuing_unit,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def conference_invitations(request, pk):
    """The giấy mời of every invited delegate, for the office that invites them."""
    phase = _managed_phase(request.user, pk)
    content = conference_documents.invitations_pdf(phase)
    if content is None:
        messages.error(request, _("Invite at least one delegate before printing invitations."))
        return redirect("campaigns:conference", pk=phase.pk)
    return _pdf(request, phase, content, f"giay-moi-hoi-nghi-{phase.pk}.pdf")


@login_required
@require_GET
def conference_honourees(request, pk):
    """The danh sách of the honourees, for anyone who sees the conference."""
    phase = _phase(request.user, pk)
    content = conference_documents.honourees_pdf(phase)
    return _pdf(request, phase, content, f"danh-sach-khen-thuong-hoi-nghi-{phase.pk}.pdf")
