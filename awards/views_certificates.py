"""Certificates of a decision: numbered on a POST, printed on a GET; the public check."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from portal import audit
from portal.http import int_param
from portal.models import DownloadRecord

from . import certificates, rules
from .certificate_models import AwardCertificate
from .views import _error, _proposal, _round


def _printable_proposal(request, pk):
    proposal = _proposal(request, pk)
    if not rules.can_print_certificates(request.user, proposal.round):
        raise Http404
    if not certificates.certificate_kind(proposal.award_form) or not proposal.decision_number:
        raise Http404
    return proposal


def _decision(request, pk):
    """The round and the proposals of the decision named by `decision` (POST or GET)."""
    award_round = _round(request, pk)
    if not rules.can_print_certificates(request.user, award_round):
        raise Http404
    number = (request.POST.get("decision") or request.GET.get("decision") or "").strip()
    proposals = certificates.decision_proposals(award_round, number) if number else []
    if not proposals:
        raise Http404
    return award_round, number, proposals


def _pdf_response(request, issued, *, filename, subject, unit):
    audit.download_record(
        request=request, kind=DownloadRecord.Kind.EXPORT, what=filename, subject=subject, unit=unit
    )
    response = HttpResponse(certificates.certificates_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def decision_certificates_issue(request, pk):
    award_round, number, proposals = _decision(request, pk)
    try:
        certificates.certificates_issue(proposals=proposals, by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("awards:round_detail", pk)
    url = reverse("awards:decision_certificates", args=[pk])
    return redirect(f"{url}?{urlencode({'decision': number})}")


@login_required
@require_GET
def decision_certificates(request, pk):
    """The numbered certificates of a decision, one page each, `PART_SIZE` at a time
    (`?part=2` for the next ones)."""
    award_round, number, proposals = _decision(request, pk)
    part = int_param(request, "part", maximum=10_000) or 1
    size = certificates.PART_SIZE
    issued = [p.certificate for p in proposals if _has_certificate(p)]
    issued = issued[(part - 1) * size : part * size]
    if not issued:
        raise Http404
    label = f"Quyết định {number}" + (f" phần {part}" if len(proposals) > size else "")
    return _pdf_response(
        request,
        issued,
        filename=certificates.certificates_filename(label),
        subject=award_round,
        unit=award_round.campaign.issuing_unit,
    )


def _has_certificate(proposal) -> bool:
    try:
        return proposal.certificate is not None
    except AwardCertificate.DoesNotExist:
        return False


@login_required
@require_POST
def proposal_certificate_issue(request, pk):
    proposal = _printable_proposal(request, pk)
    try:
        certificates.certificates_issue(proposals=[proposal], by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("awards:proposal_detail", pk)
    return redirect("awards:proposal_certificate", pk)


@login_required
@require_GET
def proposal_certificate(request, pk):
    proposal = _printable_proposal(request, pk)
    if not _has_certificate(proposal):
        raise Http404
    return _pdf_response(
        request,
        [proposal.certificate],
        filename=certificates.certificates_filename(f"số {proposal.certificate.serial}"),
        subject=proposal,
        unit=proposal.proposing_unit,
    )


@require_GET
def certificate_verify(request, token):
    """Public: whoever holds the certificate's link sees that the award is real."""
    certificate = certificates.certificate_verified(token)
    if certificate is None:
        raise Http404
    proposal = certificate.proposal
    return render(
        request,
        "awards/certificate_verify.html",
        {
            "recipient": certificates.recipient(proposal),
            "award": proposal.award_form.name,
            "decision_number": proposal.decision_number,
            "decision_date": proposal.decision_date,
            "authority": certificates.authority_of(proposal),
        },
    )
