"""The conference's printed documents: a giấy mời for each delegate and the danh sách of the
honourees, both on the document layout (templates/documents/base.html)."""

import re

from django.utils import timezone

from portal import pdf
from portal.documents import header_context, signer_context, unit_header

from . import conference

INVITATION = "campaigns/documents/invitation.html"
HONOUREES = "campaigns/documents/honourees.html"
TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
HONOUREE_COLUMNS = ("Hình thức khen thưởng", "Tập thể, cá nhân", "Đơn vị", "Quyết định")


def _conference_name(phase) -> str:
    """ "Hội nghị tổng kết …": the phase's title without a planning note in brackets at its
    end ("(½ buổi, dự kiến quý II)"), prefixed with "Hội nghị" unless it already begins so
    (a phase titled "Hội nghị tổng kết" is not "Hội nghị Hội nghị tổng kết")."""
    name = TRAILING_NOTE.sub("", phase.title) or phase.get_kind_display()
    if name.casefold().startswith("hội nghị"):
        return name
    return f"Hội nghị {name}"


def _signer(issuer):
    """Who signs the issuer's documents: its first active signer (units.Signer, the head
    signing in his own name sorts first), or None for a blank signature line."""
    return issuer.signers.filter(active=True).order_by("authority", "title", "id").first()


def _header(phase, *, kind: str, summary: str, date=None) -> dict:
    issuer = phase.campaign.issuing_unit
    return {
        **header_context(
            kind=kind,
            issuer=issuer.name,
            issuer_symbol=issuer.short_code,
            place=issuer.place or pdf.BLANK,
            date=date,
            summary=summary,
        ),
        **unit_header(issuer),
        **signer_context(_signer(issuer), default_title="THỦ TRƯỞNG CƠ QUAN"),
    }


def invitation_context(phase, delegate) -> dict:
    campaign = phase.campaign
    issuer = campaign.issuing_unit
    person = delegate.full_name + (f", {delegate.position}" if delegate.position else "")
    return {
        # Dated the day it is printed (the layout asks for a full date line).
        **_header(
            phase,
            kind="GIẤY MỜI",
            summary=f"Dự {_conference_name(phase)}",
            date=timezone.localdate(),
        ),
        "number": pdf.document_number(None, "GM", issuer.short_code),
        "addressee": f"{person}, {delegate.unit.name}",
        "recipients": ["Như trên"],
        "plan_reference": campaign.plan_reference(),
        "issuer_name": issuer.name,
        "conference_name": _conference_name(phase),
        "delegate_line": f"Ông (Bà) {person}, {delegate.unit.name}",
        "salutation": "Ông (Bà)",
        "when": (
            phase.conference_date.strftime("%d/%m/%Y")
            if phase.conference_date
            else "theo thông báo sau"
        ),
        "venue": phase.conference_venue or "theo thông báo sau",
        "programme": [line for line in phase.conference_programme.splitlines() if line.strip()],
    }


def invitations_pdf(phase) -> bytes | None:
    """One giấy mời per invited delegate, joined in the unit tree's order; None when no
    delegate is invited."""
    delegates = list(phase.delegates.select_related("unit").order_by("unit__path", "id"))
    if not delegates:
        return None
    parts = [pdf.render_pdf(INVITATION, invitation_context(phase, d)) for d in delegates]
    return pdf.merge_pdfs(parts) if len(parts) > 1 else parts[0]


def honourees_context(phase) -> dict:
    rows = []
    for proposal in conference.honourees(phase):
        unit = proposal.nominee_person.unit.name if proposal.nominee_person_id else ""
        decision = proposal.decision_number
        if decision and proposal.decision_date:
            decision = f"{decision} ngày {proposal.decision_date:%d/%m/%Y}"
        if decision and proposal.decision_authority:
            decision = f"{decision} của {proposal.decision_authority}"
        rows.append([proposal.award_form.name, proposal.nominee_name, unit, decision or ""])
    summary = f"Tập thể, cá nhân được biểu dương, khen thưởng tại {_conference_name(phase)}"
    return {
        **_header(phase, kind="DANH SÁCH", summary=summary),
        "number": "",
        "place_date": "",
        "columns": HONOUREE_COLUMNS,
        "rows": rows,
    }


def honourees_pdf(phase) -> bytes:
    return pdf.render_pdf(HONOUREES, honourees_context(phase))
