"""Certificates (Bằng khen, Giấy khen) of an award decision, one A4 landscape page per recipient.

A decision is the set of decided proposals of a round sharing one decision number
(``AwardProposal.decision_number / decision_date / decision_authority``). Printing a
recipient's certificate the first time gives it a serial number, sequential per organisation
and year ("Số: 12/2026/GK-SGDĐT"), and a random token; both are stored, so a reprint shows
the same number. A QR code on the certificate leads to the public page that verifies it,
which shows the name, unit, award, decision and issuer, and nothing else.
"""

import io
import re
from dataclasses import dataclass
from itertools import groupby

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import pdf, phrases
from portal.services import history_record
from portal.text import fold
from units.models import Unit

from . import routing, rules
from .certificate_models import AwardCertificate
from .models import AwardProposal, NomineeKind, ProposalStatus

TEMPLATE = "awards/documents/certificate.html"


@dataclass(frozen=True)
class CertificateKind:
    prefix: str  # how the award form's name begins, folded
    heading: str  # the word printed large on the certificate
    code: str  # its code in the serial number


# The two kinds of certificate the portal prints (Luật Thi đua, khen thưởng 2022, Điều 72 and
# 74: Bằng khen, Giấy khen). The codes BK/GK in the serial number follow the common practice
# of the registers (sổ vàng) of the Sở; no legal text prescribes them.
KINDS = (
    CertificateKind(prefix="bang khen", heading="BẰNG KHEN", code="BK"),
    CertificateKind(prefix="giay khen", heading="GIẤY KHEN", code="GK"),
)
# Titles of the signer the certificate heading may begin with (the awarding authority's
# post); the signature block repeats it.
SIGNER_POSTS = ("Thủ tướng Chính phủ", "Chủ tịch", "Giám đốc", "Thủ trưởng")
CITATION_PREFIX = "Đã có thành tích"
# A request renders at most this many certificates (about a second a page on a busy
# server, within the 120 s the web server gives a request); a larger decision prints in parts.
PART_SIZE = 50
CITATION_LEADS = (CITATION_PREFIX, "Có thành tích", "Đạt thành tích")
CITATION_RUN_ON = ("xuat sac", "tieu bieu", "trong ", "dong gop")
CITATION_MAX_CHARS = 220  # one or two lines on the certificate


def certificate_kind(award_form) -> CertificateKind | None:
    name = fold(award_form.name)
    return next((kind for kind in KINDS if name.startswith(kind.prefix)), None)


def _nominee_sort_key(proposal):
    nominee = proposal.nominee
    return (
        proposal.award_form.order,
        proposal.award_form_id,
        proposal.nominee_kind,
        nominee.name_sort,
        proposal.pk,
    )


def _decided(award_round):
    return (
        AwardProposal.objects.filter(round=award_round, status=ProposalStatus.DECIDED)
        .exclude(decision_number="")
        .select_related(
            "round__campaign__issuing_unit",
            "award_form",
            "nominee_unit__parent",
            "nominee_person__unit",
            "certificate",
            "round__decision_signer",
        )
    )


def decision_proposals(award_round, decision_number: str) -> list[AwardProposal]:
    """The recipients of one decision who get a certificate, in the order of the danh sách."""
    proposals = [
        p
        for p in _decided(award_round).filter(decision_number=decision_number)
        if certificate_kind(p.award_form)
    ]
    return sorted(proposals, key=_nominee_sort_key)


@dataclass(frozen=True)
class Decision:
    number: str
    date: object
    authority: str
    recipients: int
    unsigned: int = 0  # recipients whose certificate has no signer's name to print

    @property
    def parts(self) -> list[int]:
        """Part numbers when the decision prints in several files, else []."""
        count = -(-self.recipients // PART_SIZE)
        return list(range(1, count + 1)) if count > 1 else []


def round_decisions(award_round) -> list[Decision]:
    """The decisions recorded on the round's proposals that have certificates to print."""
    rows = sorted(
        (p for p in _decided(award_round) if certificate_kind(p.award_form)),
        key=lambda p: (p.decision_date, p.decision_number),
    )
    return [
        Decision(
            number=number,
            date=group[0].decision_date,
            authority=group[0].decision_authority,
            recipients=len(group),
            unsigned=sum(1 for p in group if not signer_name_of(p)),
        )
        for number, group in (
            (number, list(items))
            for number, items in groupby(rows, key=lambda p: p.decision_number)
        )
    ]


def citation_for(proposal) -> str:
    """ "Đã có thành tích …" from the first sentence of the proposal's achievements; without
    one, the campaign and the year."""
    text = " ".join(proposal.report_achievements.split())
    first = re.split(r"(?<=[.;!?])\s", text, maxsplit=1)[0].rstrip(" .;")
    for lead in CITATION_LEADS:
        if fold(first).startswith(fold(lead)):
            first = first[len(lead) :].lstrip(" :,")
            break
    if not first:
        campaign = proposal.round.campaign
        citation = (
            f"{CITATION_PREFIX} trong phong trào thi đua “{campaign.title}” "
            f"năm {proposal.round.year}"
        )
    else:
        phrase = first if first[:2].isupper() else first[0].lower() + first[1:]
        # "Đã có thành tích xuất sắc trong …" reads on; a list of results follows a colon.
        joiner = " " if fold(phrase).startswith(CITATION_RUN_ON) else ": "
        citation = f"{CITATION_PREFIX}{joiner}{phrase}"
    if len(citation) > CITATION_MAX_CHARS:
        citation = citation[: CITATION_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return citation


def serial_text(number: int, year: int, code: str, symbol: str) -> str:
    """``serial_text(12, 2026, "GK", "SGDĐT")`` -> ``"12/2026/GK-SGDĐT"``; numbers under 10
    padded as document numbers are (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    shown = f"0{number}" if number < pdf.NUMBER_PADDED_BELOW else str(number)
    return f"{shown}/{year}/{code}-{symbol}"


def _refuse(message):
    raise ValidationError(message)


def certificates_issue(*, proposals, by) -> list[AwardCertificate]:
    """Give each proposal its certificate (serial number, token) unless it has one.

    Numbers run per organisation and decision year; the organisation's row is locked while
    they are counted, so two offices printing at once never get the same number."""
    issued = []
    for proposal in proposals:
        award_round = proposal.round
        if not rules.can_print_certificates(by, award_round):
            _refuse(phrases.NOT_ALLOWED)
        kind = certificate_kind(proposal.award_form)
        if proposal.status != ProposalStatus.DECIDED or not proposal.decision_date or not kind:
            _refuse(_("Only a Bằng khen or Giấy khen awarded by a recorded decision is printed."))
        with transaction.atomic():
            organisation = Unit.objects.select_for_update().get(
                pk=award_round.campaign.issuing_unit_id
            )
            existing = AwardCertificate.objects.filter(proposal=proposal).first()
            if existing is not None:
                issued.append(existing)
                continue
            year = proposal.decision_date.year
            last = AwardCertificate.objects.filter(organisation=organisation, year=year).aggregate(
                last=Max("number")
            )["last"]
            number = (last or 0) + 1
            symbol = organisation.short_code or organisation.code
            certificate = AwardCertificate.objects.create(
                proposal=proposal,
                organisation=organisation,
                year=year,
                number=number,
                serial=serial_text(number, year, kind.code, symbol),
                citation=citation_for(proposal),
                issued_by=by,
            )
            history_record(
                subject=proposal,
                by=by,
                action="certificate",
                changes={"serial": certificate.serial},
            )
            proposal.certificate = certificate
            issued.append(certificate)
    return issued


def verify_url(certificate) -> str:
    return settings.SITE_URL + reverse("certificate_verify", args=[certificate.token])


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline <svg> element (no XML declaration)."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=1,
    )
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    return svg.replace(' id="qr-path"', "")


def _signer_post(authority: str) -> str:
    folded = fold(authority)
    for post in SIGNER_POSTS:
        if folded.startswith(fold(post)):
            return post
    return authority


def recipient(proposal) -> dict:
    if proposal.nominee_kind == NomineeKind.COLLECTIVE:
        unit = proposal.nominee_unit
        return {"name": unit.name, "unit": unit.parent.name if unit.parent_id else ""}
    person = proposal.nominee_person
    return {"name": person.full_name, "unit": person.unit.name if person.unit_id else ""}


def authority_of(proposal) -> str:
    return (
        proposal.decision_authority
        or proposal.award_form.authority
        or proposal.round.campaign.issuing_unit.name
    )


def decision_signer(proposal):
    """Who signed the decision of ``proposal``: within the head's own authority the round's
    chosen signer of the quyết định (a units.Signer), else None (a higher authority's)."""
    issuing = proposal.round.campaign.issuing_unit
    if routing.award_route(proposal.award_form, issuing).channel == routing.WITHIN:
        return proposal.round.decision_signer
    return None


def signer_name_of(proposal) -> str:
    """The name of who signed the decision, '' when nobody recorded it: the round's signer
    within the head's authority, else the name recorded with the higher authority's
    decision."""
    signer = decision_signer(proposal)
    if signer is not None:
        return signer.full_name
    return proposal.decision_signer_name


def certificate_context(certificate) -> dict:
    proposal = certificate.proposal
    authority = authority_of(proposal)
    url = verify_url(certificate)
    issuing = proposal.round.campaign.issuing_unit
    # Within the head's own authority the round's chosen signer of the quyết định signs the
    # certificate too (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / the name); an award of a higher
    # authority prints that authority's post and the signer's name recorded with its
    # decision. A name nobody recorded is said so on the certificate, never left blank.
    signer = decision_signer(proposal)
    return {
        "kind": certificate_kind(proposal.award_form).heading,
        "authority": authority,
        "signer_post": _signer_post(authority),
        "signer_authority": signer.authority_line if signer else "",
        "signer_title": signer.title if signer else "",
        "signer_name": signer_name_of(proposal),
        "recipient": recipient(proposal),
        "collective": proposal.nominee_kind == NomineeKind.COLLECTIVE,
        "citation": certificate.citation,
        "decision_number": proposal.decision_number,
        "decision_date": proposal.decision_date.strftime("%d/%m/%Y"),
        "serial": certificate.serial,
        "place_date": pdf.place_date_line(issuing.place or pdf.BLANK, proposal.decision_date),
        "verify_url": url,
        "qr_svg": qr_svg(url),
    }


def certificates_pdf(certificates) -> bytes:
    """One PDF, one A4 landscape page per certificate."""
    return pdf.render_pdf(
        TEMPLATE, {"certificates": [certificate_context(c) for c in certificates]}
    )


def certificates_filename(label: str) -> str:
    """``certificates_filename("Quyết định 15/QĐ-SGDĐT")`` ->
    ``"bang-khen-giay-khen-quyet-dinh-15-qd-sgddt.pdf"``."""
    slug = re.sub(r"[^0-9a-z]+", "-", fold(label)).strip("-")
    return f"bang-khen-giay-khen-{slug}.pdf"


def certificate_verified(token: str) -> AwardCertificate | None:
    """The certificate a public verification link names, if its award still stands."""
    return (
        AwardCertificate.objects.filter(token=token, proposal__status=ProposalStatus.DECIDED)
        .select_related(
            "proposal__award_form",
            "proposal__nominee_unit__parent",
            "proposal__nominee_person__unit",
            "proposal__round__campaign__issuing_unit",
        )
        .first()
    )
