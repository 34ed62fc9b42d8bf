"""The award dossier (hồ sơ khen thưởng) of a round, rendered by a Celery job.

One PDF, in this order: the cover letter (tờ trình, after Mẫu số 01 of the annex of Nghị
định 152/2025/NĐ-CP) with the list of nominees by award form as its annex (danh sách:
collectives, then individuals), each nominee's achievement report (báo cáo thành tích),
the minutes of the council's meetings (biên bản) with the votes, and the evidence PDFs.
Every part is an administrative document laid out by portal.pdf (Nghị định 30/2020/NĐ-CP);
the wording of the documents is Vietnamese, as the law prescribes it.

The file is a portal.files kind: the office and the leaders of the campaign's organisation
download it; a change to the approved proposals' data makes the next request render a new
version.
"""

import datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from campaigns.models import RoundKind
from portal import files, pdf
from portal.documents import ANNEX_LABEL, annex_context
from portal.models import DownloadRecord, GeneratedFile
from units.models import UnitKind

from . import achievement, rules
from .models import (
    AwardProposal,
    AwardRound,
    CouncilMeeting,
    EvidenceKind,
    NomineeKind,
    ProposalEvidence,
    Vote,
)

KIND = "award_dossier"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")

# The legal bases cited by the cover letter (DESIGN.md §6), written once.
LAW = "Luật Thi đua, Khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
DECREE = (
    "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều của "
    "Luật Thi đua, Khen thưởng"
)
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng"

ROUND_WORDS = {
    RoundKind.YEARLY: "thành tích thực hiện phong trào thi đua năm",
    RoundKind.INTERIM: "nhân dịp sơ kết phong trào thi đua, giai đoạn đến năm",
    RoundKind.FINAL: "nhân dịp tổng kết phong trào thi đua, giai đoạn đến năm",
}
SIGNER_TITLES = {
    UnitKind.DEPARTMENT: "GIÁM ĐỐC",
    UnitKind.COMMUNE: "CHỦ TỊCH",
}
DEFAULT_SIGNER_TITLE = "THỦ TRƯỞNG ĐƠN VỊ"
LEVEL_WORDS = {"base": "cơ sở", "province": "cấp tỉnh/thành phố", "national": "toàn quốc"}
RATING_WORDS = {"failed": "Không đạt", "passed": "Đạt", "good": "Khá", "excellent": "Xuất sắc"}


def can_view_dossier(user, award_round: AwardRound) -> bool:
    """The office and leaders of the campaign's organisation; unit staff never."""
    return rules.can_view_dossier(user, award_round)


# --- Data -----------------------------------------------------------------------------------


def approved_proposals(award_round: AwardRound) -> list[AwardProposal]:
    """Approved (or already decided) proposals: by award form, collectives first, by name."""
    evidence = ProposalEvidence.objects.select_related(
        "recognition",
        "recognition__initiative",
        "research_task",
        "yearly_report",
        "yearly_report__cycle",
    ).order_by("kind", "id")
    proposals = list(
        AwardProposal.objects.filter(round=award_round, status__in=rules.AWARDED_STATES)
        .select_related(
            "award_form",
            "nominee_unit",
            "nominee_unit__parent",
            "nominee_person",
            "nominee_person__unit",
            "proposing_unit",
        )
        .prefetch_related(Prefetch("evidence", queryset=evidence))
    )

    def key(p):
        nominee = p.nominee_unit if p.nominee_kind == NomineeKind.COLLECTIVE else p.nominee_person
        return (p.award_form.order, p.award_form_id, p.nominee_kind, nominee.name_sort, p.pk)

    return sorted(proposals, key=key)


def _meetings(award_round: AwardRound) -> list[CouncilMeeting]:
    votes = Vote.objects.select_related(
        "proposal",
        "proposal__award_form",
        "proposal__nominee_unit",
        "proposal__nominee_person",
    ).order_by("proposal__award_form__order", "proposal__nominee_kind", "proposal_id")
    return list(
        award_round.meetings.select_related("chair__person", "secretary__person")
        .prefetch_related("members_present__person", Prefetch("votes", queryset=votes))
        .order_by("held_on", "id")
    )


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "0"
    from portal.text import number

    return number(Decimal(part) * 100 / Decimal(whole), 1)


def _user_name(user) -> str:
    return user.display_name if user else ""


def _doc_date(award_round: AwardRound) -> datetime.date:
    if award_round.finalised_at:
        return timezone.localdate(award_round.finalised_at)
    return timezone.localdate()


def _report_date(proposal: AwardProposal) -> datetime.date | None:
    moment = proposal.confirmed_at or proposal.submitted_at
    return timezone.localdate(moment) if moment else None


def round_summary(award_round: AwardRound) -> str:
    words = ROUND_WORDS.get(award_round.kind, ROUND_WORDS[RoundKind.YEARLY])
    return f"Về việc đề nghị khen thưởng {words} {award_round.year}"


GENDER_WORDS = {"male": "Nam", "female": "Nữ"}
SUMMARY_CHARS = 300  # a row of the danh sách summarises the achievement in a few lines


def achievement_summary(proposal: AwardProposal) -> str:
    """The achievement in a few lines for the danh sách: the recorded evidence (initiatives
    recognised, research tasks accepted...), else the start of the achievement report."""
    texts = [row["text"] for row in evidence_rows(proposal) if row["kind"] != "Tệp minh chứng"]
    text = "; ".join(texts) or " ".join(proposal.report_achievements.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def nominee_row(proposal: AwardProposal) -> dict:
    if proposal.nominee_kind == NomineeKind.COLLECTIVE:
        unit = proposal.nominee_unit
        return {
            "name": unit.name,
            "position": "",
            "workplace": unit.parent.name if unit.parent_id else "",
            "proposing_unit": proposal.proposing_unit.name,
            "summary": achievement_summary(proposal),
        }
    person = proposal.nominee_person
    return {
        "name": person.full_name,
        "year_of_birth": person.date_of_birth.year if person.date_of_birth else "",
        "gender": GENDER_WORDS.get(person.gender, ""),
        "position": person.position,
        "workplace": person.unit.name,
        "proposing_unit": proposal.proposing_unit.name,
        "summary": achievement_summary(proposal),
    }


def evidence_rows(proposal: AwardProposal) -> list[dict]:
    rows = []
    for item in proposal.evidence.all():
        if item.kind == EvidenceKind.RECOGNITION and item.recognition:
            r = item.recognition
            text = (
                f"Sáng kiến “{r.initiative.title}” được công nhận {LEVEL_WORDS.get(r.level, '')}"
                f" (Quyết định số {r.decision_number} ngày {r.decision_date:%d/%m/%Y})"
            )
            kind = "Sáng kiến"
        elif item.kind == EvidenceKind.RESEARCH_TASK and item.research_task:
            t = item.research_task
            accepted = f" ngày {t.accepted_on:%d/%m/%Y}" if t.accepted_on else ""
            text = (
                f"Nhiệm vụ KH&CN {LEVEL_WORDS.get(t.level, '')} “{t.title}”, nghiệm thu{accepted}"
                f": {RATING_WORDS.get(t.rating, 'chưa xếp loại')}"
            )
            kind = "Nhiệm vụ KH&CN"
        elif item.kind == EvidenceKind.YEARLY_REPORT and item.yearly_report:
            text = f"Báo cáo kết quả thực hiện phong trào năm {item.yearly_report.cycle.year}"
            kind = "Báo cáo năm"
        else:
            name = item.file_name
            text = item.note or name
            if item.note and name:
                text = f"{item.note} ({name})"
            kind = "Tệp minh chứng"
        rows.append({"kind": kind, "text": text})
    return rows


def override_row(proposal: AwardProposal) -> dict | None:
    """An approval that overrode the criteria, with the approver's written reason."""
    if not proposal.override_reason:
        return None
    return {
        "name": proposal.nominee_name,
        "form": proposal.award_form.name,
        "criteria": "; ".join(proposal.override_criteria or []),
        "reason": proposal.override_reason,
    }


def clock(moment: datetime.time | None) -> str:
    """``clock(time(8, 5))`` -> ``"08 giờ 05"``, as the minutes write a time (Mẫu 1.9); no
    time leaves blanks to write in."""
    if moment is None:
        return f"{pdf.BLANK} giờ {pdf.BLANK}"
    return f"{moment:%H} giờ {moment:%M}"


def meeting_rows(award_round: AwardRound) -> list[dict]:
    """Each council meeting of the round with who attended and the votes, for the minutes:
    the quorum, the secret ballots' count and the approvals that overrode the criteria."""
    rows = []
    campaign = award_round.campaign
    for meeting in _meetings(award_round):
        present = [_user_name(u) for u in meeting.members_present.all()]
        votes = list(meeting.votes.all())
        rows.append(
            {
                "meeting": meeting,
                "present": present,
                "absent": meeting.members_total - len(present),
                "absent_names": meeting.absent_names,
                "started": clock(meeting.started_at),
                "ended": clock(meeting.ended_at),
                "quorate": rules.is_quorate(len(present), meeting.members_total, campaign),
                "quorum_needed": rules.quorum_needed(meeting.members_total, campaign),
                "quorum_source": campaign.council_rules_source,
                "chair": _user_name(meeting.chair),
                "secretary": _user_name(meeting.secretary),
                "overrides": [
                    row
                    for row in (
                        override_row(v.proposal)
                        for v in votes
                        if v.proposal.status in rules.AWARDED_STATES
                    )
                    if row
                ],
                "votes": [
                    {
                        "name": v.proposal.nominee_name,
                        "form": v.proposal.award_form.name,
                        "yes": v.yes,
                        "no": v.no,
                        "abstain": v.abstain,
                        "absent_written": v.absent_written,
                        "yes_percent": _percent(v.yes, meeting.members_total),
                        "threshold": _decimal(v.proposal.award_form.vote_threshold),
                        "passed": v.result == "passed",
                        "secret": v.secret,
                        "issued": v.ballots_issued,
                        "received": v.ballots_received,
                        "valid": v.ballots_valid,
                        "invalid": v.ballots_invalid,
                    }
                    for v in votes
                ],
            }
        )
    return rows


def _decimal(value) -> str:
    from portal.text import number

    return number(value)


def dossier_data(award_round: AwardRound) -> dict:
    """Everything the documents show, read once."""
    campaign = award_round.campaign
    issuer = campaign.issuing_unit
    proposals = approved_proposals(award_round)
    forms = []
    for _form_id, group in groupby(proposals, key=lambda p: p.award_form_id):
        group = list(group)
        forms.append(
            {
                "form": group[0].award_form,
                "collectives": [
                    {"proposal": p, **nominee_row(p)}
                    for p in group
                    if p.nominee_kind == NomineeKind.COLLECTIVE
                ],
                "individuals": [
                    {"proposal": p, **nominee_row(p)}
                    for p in group
                    if p.nominee_kind == NomineeKind.INDIVIDUAL
                ],
                "overrides": [row for row in (override_row(p) for p in group) if row],
            }
        )
    authorities = []
    for entry in forms:
        authority = entry["form"].authority
        if authority and authority not in authorities:
            authorities.append(authority)
    meetings = meeting_rows(award_round)
    date = _doc_date(award_round)
    place = issuer.place or issuer.name
    for entry, roman in zip(forms, ROMAN, strict=False):
        entry["roman"] = roman
        entry["collective_index"] = 1
        entry["individual_index"] = 2 if entry["collectives"] else 1
    managing = campaign.managing_unit
    return {
        "letter_number": pdf.document_number(None, "TTr", issuer.short_code),
        "letter_number_short": pdf.document_number(None, "TTr", issuer.short_code).replace(
            "Số:", "số"
        ),
        "letter_date_words": pdf.place_date_line("", date).removeprefix(", ngày "),
        "place": place,
        "place_date": pdf.place_date_line(place, date),
        "minutes_number": pdf.document_number(None, "BB", "HĐTĐKT"),
        "round_words": ROUND_WORDS.get(award_round.kind, ROUND_WORDS[RoundKind.YEARLY]),
        "council_archive": (managing.short_code if managing else "") or "TĐKT",
        "round": award_round,
        "campaign": campaign,
        "issuer": issuer,
        "governing_body": issuer.parent.name if issuer.parent_id else "",
        "proposals": proposals,
        "forms": forms,
        "collective_count": sum(len(f["collectives"]) for f in forms),
        "individual_count": sum(len(f["individuals"]) for f in forms),
        "addressee": award_round.decision_authority or ", ".join(authorities) or COUNCIL_NAME,
        "summary": round_summary(award_round),
        "date": date,
        "signer_title": SIGNER_TITLES.get(issuer.kind, DEFAULT_SIGNER_TITLE),
        "meetings": meetings,
        "law": LAW,
        "decree": DECREE,
        "council_name": COUNCIL_NAME,
    }


def nominee_list_context(data: dict) -> dict:
    """The danh sách đề nghị khen thưởng, an annex of the tờ trình (documents/annex.html)."""
    attached_to = (
        f"Kèm theo Tờ trình {data['letter_number_short']} ngày {data['letter_date_words']}"
        f" của {data['issuer'].name}"
    )
    title = f"Danh sách đề nghị khen thưởng {data['round_words']} {data['round'].year}"
    return {**data, **annex_context(ANNEX_LABEL, title, attached_to)}


def dossier_fingerprint(award_round: AwardRound) -> dict:
    """What the dossier shows: a change to any of it makes a new version."""
    proposals = approved_proposals(award_round)
    return {
        "round": [
            award_round.kind,
            award_round.year,
            award_round.status,
            award_round.decision_authority,
            str(award_round.finalised_at),
        ],
        "campaign": [
            award_round.campaign.title,
            award_round.campaign.document_number,
            award_round.campaign.kind,
        ],
        "proposals": [
            [
                p.pk,
                p.status,
                str(p.updated_at),
                p.award_form.name,
                p.nominee_name,
                nominee_row(p),
                p.report_summary,
                p.report_achievements,
                p.report_measures,
                p.report_previous_awards,
                [[e.pk, e.kind, e.file.name if e.file else "", e.note] for e in p.evidence.all()],
                [
                    [r.year, r.name, r.decision]
                    for r in achievement.titles_received(p) + achievement.awards_received(p)
                ],
            ]
            for p in proposals
        ],
        "meetings": [
            [
                m["meeting"].pk,
                str(m["meeting"].held_on),
                [str(m["meeting"].started_at), str(m["meeting"].ended_at)],
                m["meeting"].location,
                m["absent_names"],
                [m["chair"], m["secretary"]],
                m["meeting"].members_total,
                m["present"],
                [[v["name"], v["yes"], v["no"], v["abstain"]] for v in m["votes"]],
                m["overrides"],
            ]
            for m in meeting_rows(award_round)
        ],
    }


# --- Rendering -----------------------------------------------------------------------------


def _evidence_files(proposals) -> tuple[list[bytes], list[str]]:
    parts, labels = [], []
    for proposal in proposals:
        for item in proposal.evidence.all():
            if item.kind != EvidenceKind.FILE or not item.file:
                continue
            with item.file.open("rb") as handle:
                content = handle.read()
            if not content.startswith(b"%PDF"):
                continue  # images and office files travel beside the dossier
            parts.append(content)
            labels.append(f"{proposal.nominee_name} — {item.file_name}")
    return parts, labels


def _documents_pdf(parts: list[tuple[str, dict]], progress, start: int, end: int) -> bytes:
    """Lay out each document on its own (so each keeps its own header and page numbers
    from its page 2) and write them as one PDF, the fonts embedded once for all of them."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    fetcher = pdf.LocalFilesOnly([Path(settings.BASE_DIR) / "static", Path(settings.MEDIA_ROOT)])
    font_config = FontConfiguration()
    documents = []
    for index, (template_name, context) in enumerate(parts, start=1):
        html = pdf.render_html(template_name, context)
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        documents.append(document.render(font_config=font_config))
        progress(start + (end - start) * index // len(parts))
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def minutes_context(data: dict, meeting: dict) -> dict:
    """The biên bản of one meeting (an entry of ``data["meetings"]``)."""
    place_date = pdf.place_date_line(data["place"], meeting["meeting"].held_on)
    return {**data, "m": meeting, "minutes_place_date": place_date}


def achievement_report_context(data: dict, proposal: AwardProposal) -> dict:
    """The context of one nominee's báo cáo thành tích; its template is
    ``context["report_template"]`` (awards.achievement chooses the form)."""
    return {
        **data,
        "proposal": proposal,
        "nominee": nominee_row(proposal),
        "evidence": evidence_rows(proposal),
        "report_place_date": pdf.place_date_line(
            data["place"], _report_date(proposal), year=data["date"].year
        ),
        **achievement.report_context(proposal, data["campaign"]),
    }


def render_dossier(award_round: AwardRound, progress=lambda percent: None) -> bytes:
    data = dossier_data(award_round)
    progress(5)
    parts = [("awards/documents/cover_letter.html", data)]
    # The danh sách is an annex of the tờ trình: a document of its own, numbered on its own.
    parts.append(("awards/documents/nominee_list.html", nominee_list_context(data)))
    for proposal in data["proposals"]:
        context = achievement_report_context(data, proposal)
        parts.append((context["report_template"], context))
    for meeting in data["meetings"]:
        parts.append(("awards/documents/minutes.html", minutes_context(data, meeting)))
    documents = _documents_pdf(parts, progress, 5, 85)
    evidence, labels = _evidence_files(data["proposals"])
    progress(90)
    merged = pdf.merge_pdfs([documents, *evidence], labels=["Hồ sơ", *labels])
    progress(98)
    return merged


def dossier_filename(award_round: AwardRound, version: int) -> str:
    return f"ho-so-khen-thuong-{award_round.kind}-{award_round.year}-v{version}.pdf"


def _render_file(generated: GeneratedFile, progress) -> tuple[str, bytes]:
    award_round = AwardRound.objects.select_related(
        "campaign", "campaign__issuing_unit", "campaign__issuing_unit__parent"
    ).get(pk=generated.object_id)
    return dossier_filename(award_round, generated.version), render_dossier(award_round, progress)


def register_files() -> None:
    files.register(
        KIND,
        can_view=can_view_dossier,
        render=_render_file,
        fingerprint=dossier_fingerprint,
        audit_kind=DownloadRecord.Kind.DOSSIER,
        unit_of=lambda award_round: award_round.campaign.issuing_unit,
    )


register_files()


# --- Services -------------------------------------------------------------------------------


def dossier_request(*, round: AwardRound, by) -> GeneratedFile:  # noqa: A002 (agreed name)
    """The round's dossier: the current file, or a new version queued if the data changed."""
    return files.generated_file_request(subject=round, kind=KIND, by=by)


def dossier_latest(*, round: AwardRound) -> GeneratedFile | None:  # noqa: A002
    return files.latest_file(subject=round, kind=KIND)
