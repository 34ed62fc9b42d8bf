"""The round's documents one by one as stored PDFs, so each can be signed on its own
(portal/signatures.py): the tờ trình to each addressee, the draft quyết định, the biên bản
of each council meeting and the certificates of a decision.

Each is a portal.files kind whose subject is the round; the file's params tell which
document of the round it is ({"letter": 1}, {"meeting": 7}, {"decision": "15/QĐ-SGDĐT",
"part": 1}). The document is the dossier's own (awards.dossier, awards.certificates: the
same template and context), so the signed copy is the text of the dossier. Its signer is
the one its signature block prints: the round's signer of the tờ trình (the council's chair
for the council's tờ trình to its head), the signer of the quyết định, the chair of the
meeting for the biên bản (the secretary when no chair is recorded), the decision's signer
for the certificates; the stamp goes above that printed name.
"""

from django.utils.translation import gettext, gettext_lazy

from portal import files, pdf
from portal.models import DownloadRecord, GeneratedFile

from . import certificates, dossier, rules
from .certificate_models import AwardCertificate
from .models import AwardRound

LETTER_KIND = "award_letter"
DECISION_KIND = "award_decision"
MINUTES_KIND = "award_minutes"
CERTIFICATES_KIND = "award_certificates"

# The part of the address that names each kind (awards:round_document).
PARTS = {
    "to-trinh": LETTER_KIND,
    "quyet-dinh": DECISION_KIND,
    "bien-ban": MINUTES_KIND,
    "bang-khen": CERTIFICATES_KIND,
}


def _round(pk) -> AwardRound:
    return AwardRound.objects.select_related(
        "campaign",
        "campaign__issuing_unit",
        "campaign__issuing_unit__parent",
        "letter_signer",
        "decision_signer",
    ).get(pk=pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _letter(award_round: AwardRound, number) -> tuple[dict, dict] | None:
    """The dossier's data and its tờ trình number `number` (1, 2…), or None."""
    number = _int(number)
    data = dossier.dossier_data(award_round)
    if not data["proposals"] or number is None:
        return None
    letters = dossier.round_letters(data)
    if not 1 <= number <= len(letters):
        return None
    return data, letters[number - 1]


def document(award_round: AwardRound, kind: str, params: dict) -> dict | None:
    """Which document `params` name, as {template, context, filename, signer_name}; None
    when the round has no such document."""
    slug = dossier.ROUND_SLUGS.get(award_round.kind, "hang-nam")
    if kind in (LETTER_KIND, DECISION_KIND):
        found = _letter(award_round, params.get("letter"))
        if found is None:
            return None
        data, letter = found
        context = {**data, **letter}
        number = params["letter"]
        if kind == LETTER_KIND:
            return {
                "template": "awards/documents/cover_letter.html",
                "context": context,
                "filename": f"to-trinh-{number}-{slug}-{award_round.year}.pdf",
                "signer_name": letter.get("signer_name", ""),
            }
        if not letter["within"]:
            return None
        return {
            "template": "awards/documents/decision.html",
            "context": {**context, **letter["decision"]},
            "filename": f"quyet-dinh-{number}-{slug}-{award_round.year}.pdf",
            "signer_name": letter["decision"].get("decision_signer_name", ""),
        }
    if kind == MINUTES_KIND:
        meeting_pk = _int(params.get("meeting"))
        data = dossier.dossier_data(award_round)
        meeting = next((m for m in data["meetings"] if m["meeting"].pk == meeting_pk), None)
        if meeting is None:
            return None
        return {
            "template": "awards/documents/minutes.html",
            "context": dossier.minutes_context(data, meeting),
            "filename": f"bien-ban-hop-hoi-dong-{meeting['meeting'].held_on:%Y-%m-%d}.pdf",
            "signer_name": meeting["chair"] or meeting["secretary"] or "",
        }
    if kind == CERTIFICATES_KIND:
        number = str(params.get("decision") or "")
        part = _int(params.get("part")) or 1
        proposals = certificates.decision_proposals(award_round, number) if number else []
        issued = [p.certificate for p in proposals if _has_certificate(p)]
        size = certificates.PART_SIZE
        issued = issued[(part - 1) * size : part * size]
        if not issued:
            return None
        label = f"Quyết định {number}" + (f" phần {part}" if len(proposals) > size else "")
        return {
            "template": certificates.TEMPLATE,
            "context": {"certificates": [certificates.certificate_context(c) for c in issued]},
            "filename": certificates.certificates_filename(label),
            "signer_name": certificates.signer_name_of(issued[0].proposal),
        }
    return None


def _has_certificate(proposal) -> bool:
    try:
        return proposal.certificate is not None
    except AwardCertificate.DoesNotExist:
        return False


def _render(generated: GeneratedFile, progress) -> tuple[str, bytes]:
    award_round = _round(generated.object_id)
    found = document(award_round, generated.kind, generated.params or {})
    if found is None:
        raise files.NothingToRender(gettext("The round no longer has this document."))
    progress(20)
    return found["filename"], pdf.render_pdf(found["template"], found["context"])


def _signer_of(kind: str):
    def signer_of(award_round: AwardRound, **params):
        found = document(award_round, kind, params)
        name = (found or {}).get("signer_name", "")
        if not name:
            return None
        from portal.signatures import SignerOf

        return SignerOf(
            name=name,
            organisation=award_round.campaign.issuing_unit.name,
            reason=gettext("Approval of the document"),
        )

    return signer_of


def _certificates_fingerprint(award_round: AwardRound) -> list:
    return [
        [p.pk, p.decision_number, str(p.updated_at), certificates.signer_name_of(p)]
        + ([p.certificate.serial, p.certificate.citation] if _has_certificate(p) else [])
        for p in certificates._decided(award_round)
    ]


def register_files() -> None:
    issuer = lambda award_round: award_round.campaign.issuing_unit  # noqa: E731
    for kind, title in (
        (LETTER_KIND, gettext_lazy("Cover letter")),
        (DECISION_KIND, gettext_lazy("Draft decision")),
        (MINUTES_KIND, gettext_lazy("Council meeting minutes")),
    ):
        files.register(
            kind,
            can_view=rules.can_view_dossier,
            render=_render,
            fingerprint=dossier.dossier_fingerprint,
            audit_kind=DownloadRecord.Kind.DOSSIER,
            unit_of=issuer,
            title=title,
            signer_of=_signer_of(kind),
            can_sign=rules.can_sign_dossier,
        )
    files.register(
        CERTIFICATES_KIND,
        can_view=rules.can_print_certificates,
        render=_render,
        fingerprint=_certificates_fingerprint,
        audit_kind=DownloadRecord.Kind.EXPORT,
        unit_of=issuer,
        title=gettext_lazy("Certificates of the decision"),
        signer_of=_signer_of(CERTIFICATES_KIND),
        can_sign=rules.can_sign_certificates,
    )


register_files()


def document_request(*, round: AwardRound, kind: str, params: dict, by) -> GeneratedFile | None:  # noqa: A002
    """The stored PDF of one document of the round (a new version if its data changed);
    None when the round has no such document."""
    if document(round, kind, params) is None:
        return None
    return files.generated_file_request(subject=round, kind=kind, by=by, params=params)
