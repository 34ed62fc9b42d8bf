"""The round dossier: its status block, asking for it, and the Word copies (.docx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from portal import audit, signatures
from portal.models import DownloadRecord

from . import dossier
from .models import AwardRound


def _dossier_round(request, pk) -> AwardRound:
    award_round = get_object_or_404(
        AwardRound.objects.select_related("campaign", "campaign__issuing_unit"), pk=pk
    )
    if not dossier.can_view_dossier(request.user, award_round):
        raise Http404
    return award_round


@login_required
def dossier_status(request, pk):
    """The dossier's status block; POST asks for it (a new version if the data changed)."""
    award_round = _dossier_round(request, pk)
    if request.method == "POST":
        generated = dossier.dossier_request(round=award_round, by=request.user)
    else:
        generated = dossier.dossier_latest(round=award_round)
    from . import docx_export

    letters = {}
    for document in docx_export.word_documents(award_round):
        letter = letters.setdefault(
            document.letter, {"addressee": document.addressee, "documents": []}
        )
        letter["documents"].append(document)
    return render(
        request,
        "awards/documents/dossier_panel.html",
        {
            "round": award_round,
            "generated": generated,
            "word_letters": list(letters.values()),
            "can_sign": generated is not None and signatures.can_sign(request.user, generated),
            "meetings": award_round.meetings.order_by("held_on", "pk"),
        },
    )


@login_required
@require_POST
def dossier_request_view(request, pk):
    award_round = _dossier_round(request, pk)
    dossier.dossier_request(round=award_round, by=request.user)
    return redirect("awards:dossier", pk=award_round.pk)


@login_required
@require_POST
def round_document(request, pk, part):
    """One document of the round as a stored PDF, to download and sign on its own
    (awards.signed_documents): the tờ trình or draft quyết định of a letter, the biên bản of a
    meeting, the certificates of a decision."""
    from . import rules, signed_documents

    kind = signed_documents.PARTS.get(part)
    if kind is None:
        raise Http404
    award_round = get_object_or_404(
        AwardRound.objects.select_related("campaign", "campaign__issuing_unit"), pk=pk
    )
    if kind == signed_documents.CERTIFICATES_KIND:
        allowed = rules.can_print_certificates(request.user, award_round)
        params = {
            "decision": request.POST.get("decision", "").strip(),
            "part": request.POST.get("part", "1").strip() or "1",
        }
    else:
        allowed = dossier.can_view_dossier(request.user, award_round)
        key = "meeting" if kind == signed_documents.MINUTES_KIND else "letter"
        params = {key: request.POST.get(key, "").strip()}
    if not allowed:
        raise Http404
    if kind == signed_documents.CERTIFICATES_KIND:
        # A certificate is numbered when first printed (awards.certificates): the copy to
        # sign is a print.
        from . import certificates

        proposals = certificates.decision_proposals(award_round, params["decision"])
        if not proposals:
            raise Http404
        try:
            certificates.certificates_issue(proposals=proposals, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("awards:round_detail", pk)
    generated = signed_documents.document_request(
        round=award_round, kind=kind, params=params, by=request.user
    )
    if generated is None:
        raise Http404
    return redirect("generated_file", pk=generated.pk)


@login_required
@require_GET
def dossier_docx(request, pk, letter, part):
    """One document of one tờ trình of the round in Word (awards.docx_export)."""
    award_round = _dossier_round(request, pk)
    from . import docx_export

    found = docx_export.dossier_docx(award_round, letter, part)
    if found is None:
        raise Http404
    filename, content = found
    audit.download_record(
        request=request,
        kind=DownloadRecord.Kind.DOSSIER,
        what=filename,
        subject=award_round,
        unit=award_round.campaign.issuing_unit,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
