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
import shutil
import tempfile
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.models import AwardForm, RoundKind
from portal import files, pdf
from portal.documents import ANNEX_LABEL, annex_context, signer_context, unit_header
from portal.models import DownloadRecord, GeneratedFile
from portal.text import lower_first
from units.models import UnitKind

from . import achievement, routing, rules
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

# The legal bases cited by the tờ trình and the quyết định (DESIGN.md §6), written once. The
# date of Nghị định 152/2025/NĐ-CP (14/6/2025) is as later texts cite it; the decree itself
# could not be read here.
LAW = "Luật Thi đua, Khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
DECREE = (
    "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
    "thi hành một số điều của Luật Thi đua, Khen thưởng"
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
# A commune's tờ trình is a document of the Ủy ban nhân dân, a collective body: its chairman
# signs "TM. ỦY BAN NHÂN DÂN" (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.8.a).
LETTER_AUTHORITY = {UnitKind.COMMUNE: "TM. ỦY BAN NHÂN DÂN"}
# Who carries out a quyết định khen thưởng (its Điều 3), by the kind of the issuer.
EXECUTORS = {
    UnitKind.DEPARTMENT: "Chánh Văn phòng, Trưởng các phòng thuộc Sở, Thủ trưởng các đơn vị "
    "có liên quan",
    UnitKind.COMMUNE: "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Thủ trưởng "
    "các cơ quan, đơn vị có liên quan",
}
DEFAULT_EXECUTORS = "Thủ trưởng các bộ phận, đơn vị có liên quan"
# The danh sách of a quyết định (True) and of a tờ trình to the upper authority (False).
LIST_TITLES = {
    True: "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
    False: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
}
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


def _first_addressee(forms: list[dict], issuer) -> str:
    """The addressee of the issuer's own tờ trình: the upper authority when a form goes
    above the head, else the head."""
    groups = routing.letters_by_addressee([entry["form"] for entry in forms], issuer)
    upward = [route for route, _forms in groups if route.channel == routing.PROPOSE]
    return upward[0].addressee if upward else routing.head_addressee(issuer)


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
    meetings = meeting_rows(award_round)
    date = _doc_date(award_round)
    place = issuer.place or issuer.name
    for entry, roman in zip(forms, ROMAN, strict=False):
        entry["roman"] = roman
        entry["collective_index"] = 1
        entry["individual_index"] = 2 if entry["collectives"] else 1
    managing = campaign.managing_unit
    header = unit_header(issuer)
    return {
        **header,
        "issuer_name": header["issuer"],
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
        "proposals": proposals,
        "forms": forms,
        "collective_count": sum(len(f["collectives"]) for f in forms),
        "individual_count": sum(len(f["individuals"]) for f in forms),
        # One addressee: the authority the issuer proposes to (DOCX export); the PDF has one
        # tờ trình per authority (round_letters).
        "addressee": _first_addressee(forms, issuer),
        "summary": round_summary(award_round),
        "date": date,
        "signer_title": SIGNER_TITLES.get(issuer.kind, DEFAULT_SIGNER_TITLE),
        "campaign_about": lower_first(campaign.title),
        "meetings": meetings,
        "law": LAW,
        "decree": DECREE,
        "council_name": COUNCIL_NAME,
    }


def nominee_list_context(data: dict, letter: dict | None = None) -> dict:
    """The danh sách đề nghị khen thưởng of one tờ trình (an entry of ``round_letters``), an
    annex of its own (documents/annex.html): attached to the draft quyết định within the
    head's authority, else to the tờ trình. Without a letter: every form of the round, as
    the list attached to the first tờ trình."""
    if letter is None:
        letters = round_letters(data)
        letter = {
            **(letters[0] if letters else {"within": False, "list_attached_to": ""}),
            "letter_forms": [
                {**entry, "roman": roman}
                for entry, roman in zip(data["forms"], ROMAN, strict=False)
            ],
        }
    context = {**data, **letter}
    if letter.get("within"):
        title, attached = LIST_TITLES[True], letter["decision"]["decision_attached_to"]
    else:
        title, attached = LIST_TITLES[False], letter.get("list_attached_to", "")
    title = f"{title} {data['round_words']} {data['round'].year}"
    return {**context, **annex_context(ANNEX_LABEL, title, attached)}


def _count_words(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts)


def _award_words(form: AwardForm) -> str:
    """Điều 1 of a quyết định: a title is recognised ("Công nhận danh hiệu"), an award given."""
    if form.kind == AwardForm.Kind.TITLE:
        return f"Công nhận danh hiệu “{form.name}”"
    return f"Tặng “{form.name}”"


def round_letters(data: dict) -> list[dict]:
    """One tờ trình per deciding authority (awards.routing), each with what goes with it:
    within the head's authority the council's tờ trình to the head, the draft quyết định
    and its danh sách; above it the issuer's tờ trình to the Chủ tịch UBND tỉnh/thành phố
    and its danh sách."""
    award_round, issuer = data["round"], data["issuer"]
    entries = {entry["form"].pk: entry for entry in data["forms"]}
    meetings = data["meetings"]
    chair = meetings[-1]["chair"] if meetings else ""
    letters = []
    groups = routing.letters_by_addressee([e["form"] for e in data["forms"]], issuer)
    for route, forms in groups:
        group = [
            {**entries[form.pk], "roman": roman} for form, roman in zip(forms, ROMAN, strict=False)
        ]
        collectives = sum(len(e["collectives"]) for e in group)
        individuals = sum(len(e["individuals"]) for e in group)
        letter = {
            "route": route,
            "within": route.channel == routing.WITHIN,
            "letter_forms": group,
            "addressees": [route.addressee],
            "letter_collectives": collectives,
            "letter_individuals": individuals,
            "count_words": _count_words(collectives, individuals),
            "legal_source": route.source,
        }
        if letter["within"]:
            # The council proposes to its head (Điều 80): its own header and signature.
            number = pdf.document_number(None, "TTr", "HĐTĐKT")
            letter.update(
                letter_governing_body=data["issuer_name"],
                letter_issuer=COUNCIL_NAME,
                letter_number=number,
                sender=f"{COUNCIL_NAME} {data['issuer_name']}",
                request="xem xét, quyết định khen thưởng",
                signer_authority="TM. HỘI ĐỒNG",
                signer_title="CHỦ TỊCH",
                signer_name=chair,
                recipients=["Như trên", "Các thành viên Hội đồng"],
            )
        else:
            number = pdf.document_number(None, "TTr", issuer.short_code)
            signer = signer_context(
                award_round.letter_signer,
                default_title=SIGNER_TITLES.get(issuer.kind, DEFAULT_SIGNER_TITLE),
            )
            if award_round.letter_signer is None:
                signer["signer_authority"] = LETTER_AUTHORITY.get(issuer.kind, "")
            letter.update(
                letter_governing_body=data["governing_body"],
                letter_issuer=data["issuer_name"],
                letter_number=number,
                sender=data["issuer_name"],
                request="xem xét, khen thưởng hoặc trình cấp có thẩm quyền khen thưởng",
                recipients=["Như trên", f"Lãnh đạo {data['issuer_name']}"],
                **signer,
            )
        letter["letter_number_short"] = number.replace("Số:", "số")
        letter["list_attached_to"] = (
            f"(Kèm theo Tờ trình {letter['letter_number_short']} ngày "
            f"{data['letter_date_words']} của {letter['sender']})"
        )
        if letter["within"]:
            letter["decision"] = decision_data(data, group, collectives, individuals)
        letters.append(letter)
    return letters


def decision_data(data: dict, group: list[dict], collectives: int, individuals: int) -> dict:
    """The draft Quyết định khen thưởng of the head (Nghị định 30/2020/NĐ-CP, Phụ lục III,
    the quyết định cá biệt form): its number and date once recorded on the round."""
    award_round, issuer = data["round"], data["issuer"]
    if award_round.decision_number:
        number = f"Số: {award_round.decision_number}"
    else:
        number = pdf.document_number(None, "QĐ", issuer.short_code)
    date = award_round.decision_date
    head = routing.head_addressee(issuer)
    signer = signer_context(
        award_round.decision_signer,
        default_title=SIGNER_TITLES.get(issuer.kind, DEFAULT_SIGNER_TITLE),
    )
    short = number.replace("Số:", "số").replace("  ", " ")
    date_words = pdf.place_date_line("", date, year=data["date"].year).removeprefix(", ngày ")
    return {
        "decision_number": number,
        "decision_place_date": pdf.place_date_line(data["place"], date, year=data["date"].year),
        "decision_summary": f"Về việc khen thưởng {data['round_words']} {award_round.year}",
        "decision_maker": head.upper(),
        "decision_articles": [
            {
                "words": _award_words(entry["form"]),
                "counts": _count_words(len(entry["collectives"]), len(entry["individuals"])),
            }
            for entry in group
        ],
        "decision_counts": _count_words(collectives, individuals),
        "proposed_by": f"Chủ tịch {COUNCIL_NAME} {data['issuer_name']}",
        "executors": EXECUTORS.get(issuer.kind, DEFAULT_EXECUTORS),
        "decision_attached_to": (f"(Kèm theo Quyết định {short} ngày {date_words} của {head})"),
        **{f"decision_{key}": value for key, value in signer.items()},
    }


def dossier_fingerprint(award_round: AwardRound) -> dict:
    """What the dossier shows: a change to any of it makes a new version."""
    proposals = approved_proposals(award_round)
    return {
        "round": [
            award_round.kind,
            award_round.year,
            award_round.status,
            award_round.decision_authority,
            award_round.decision_number,
            str(award_round.decision_date),
            str(award_round.finalised_at),
            str(award_round.letter_signer) if award_round.letter_signer_id else "",
            str(award_round.decision_signer) if award_round.decision_signer_id else "",
        ],
        "issuer": [
            award_round.campaign.issuing_unit.header_governing_body,
            award_round.campaign.issuing_unit.header_name,
            award_round.campaign.issuing_unit.proposes_to,
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
                p.award_form.decided_by,
                p.award_form.authority,
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


def _evidence_files(proposals, folder: Path) -> tuple[list[Path], list[str]]:
    """The uploaded evidence PDFs, copied one by one into ``folder`` (storage may be remote)."""
    paths, labels = [], []
    for proposal in proposals:
        for item in proposal.evidence.all():
            if item.kind != EvidenceKind.FILE or not item.file:
                continue
            path = folder / f"minh-chung-{len(paths) + 1:05d}.pdf"
            with item.file.open("rb") as source:
                if source.read(4) != b"%PDF":
                    continue  # images and office files travel beside the dossier
                source.seek(0)
                with path.open("wb") as target:
                    shutil.copyfileobj(source, target)
            paths.append(path)
            labels.append(f"{proposal.nominee_name} — {item.file_name}")
    return paths, labels


# Documents laid out before their pages are written to a file on disk: the layout of a
# nominee's documents takes about 1.2 MiB until it is written, so memory stays flat in the
# number of nominees; each file embeds its fonts once (about 20 KiB for a batch).
BATCH_DOCUMENTS = 25


def _documents_pdf(parts, count: int, folder: Path, progress, start: int, end: int) -> list[Path]:
    """Lay out each document on its own (so each keeps its own header and page numbers from
    its page 2) and write the pages of every ``BATCH_DOCUMENTS`` documents as one PDF file in
    ``folder``, as soon as they are laid out. ``parts`` yields (template, context) pairs;
    the stylesheet of the layout is parsed once for all of them."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    fetcher = pdf.LocalFilesOnly([Path(settings.BASE_DIR) / "static", Path(settings.MEDIA_ROOT)])
    font_config = FontConfiguration()
    stylesheet = pdf.document_stylesheet(font_config)
    paths, batch = [], []

    def write():
        path = folder / f"van-ban-{len(paths) + 1:05d}.pdf"
        pages = [page for document in batch for page in document.pages]
        batch[0].copy(pages).write_pdf(path)
        paths.append(path)
        batch.clear()

    for index, (template_name, context) in enumerate(parts, start=1):
        html = pdf.render_html(template_name, context, shared_stylesheet=True)
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        batch.append(document.render(font_config=font_config, stylesheets=[stylesheet]))
        if len(batch) == BATCH_DOCUMENTS:
            write()
        progress(start + (end - start) * index // count)
    if batch:
        write()
    return paths


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


def dossier_parts(data: dict):
    """The documents of the dossier in order, as (template, context): each tờ trình with its
    draft quyết định (within the head's authority) and its danh sách, each nominee's báo cáo
    thành tích, the biên bản of each meeting. Contexts are made as they are laid out."""
    for letter in round_letters(data):
        context = {**data, **letter}
        yield "awards/documents/cover_letter.html", context
        if letter["within"]:
            yield "awards/documents/decision.html", {**context, **letter["decision"]}
        # The danh sách is an annex: a document of its own, numbered on its own.
        yield "awards/documents/nominee_list.html", nominee_list_context(data, letter)
    for proposal in data["proposals"]:
        context = achievement_report_context(data, proposal)
        yield context["report_template"], context
    for meeting in data["meetings"]:
        yield "awards/documents/minutes.html", minutes_context(data, meeting)


def render_dossier(award_round: AwardRound, progress=lambda percent: None, *, out=None):
    """The dossier as one PDF: its bytes, or written to ``out`` (a binary file) when given.

    Documents are written to a temporary folder as they are laid out and the evidence
    files copied there; the final file is assembled from that folder."""
    data = dossier_data(award_round)
    if not data["proposals"]:
        # Without an approved proposal there is no tờ trình to write: say so, in the file's
        # status, instead of an empty or broken file.
        raise files.NothingToRender(
            gettext("The round has no approved proposal yet: there is no dossier.")
        )
    progress(5)
    letters = round_letters(data)
    count = sum(3 if letter["within"] else 2 for letter in letters)
    count += len(data["proposals"]) + len(data["meetings"])
    with tempfile.TemporaryDirectory(prefix="ho-so-") as folder:
        folder = Path(folder)
        documents = _documents_pdf(dossier_parts(data), count, folder, progress, 5, 85)
        evidence, labels = _evidence_files(data["proposals"], folder)
        progress(90)
        # One bookmark for the documents (on the first file), one for each evidence file.
        document_labels = ["Hồ sơ"] + [""] * (len(documents) - 1)
        labels = [*document_labels, *labels]
        merged = pdf.merge_pdfs([*documents, *evidence], labels=labels, out=out)
    progress(98)
    return merged


# File names in Vietnamese words without diacritics: "ho-so-khen-thuong-hang-nam-2026-lan-1".
ROUND_SLUGS = {
    RoundKind.YEARLY: "hang-nam",
    RoundKind.INTERIM: "so-ket",
    RoundKind.FINAL: "tong-ket",
}


def dossier_filename(award_round: AwardRound, version: int) -> str:
    slug = ROUND_SLUGS.get(award_round.kind, "hang-nam")
    return f"ho-so-khen-thuong-{slug}-{award_round.year}-lan-{version}.pdf"


def _render_file(generated: GeneratedFile, progress) -> tuple[str, bytes]:
    award_round = AwardRound.objects.select_related(
        "campaign",
        "campaign__issuing_unit",
        "campaign__issuing_unit__parent",
        "letter_signer",
        "decision_signer",
    ).get(pk=generated.object_id)
    # Written to an anonymous temporary file, stored from there (portal.files closes it).
    out = tempfile.TemporaryFile(prefix="ho-so-")  # noqa: SIM115 (closed by portal.files)
    try:
        render_dossier(award_round, progress, out=out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    filename = dossier_filename(award_round, generated.version)
    return filename, File(out, name=filename)


def dossier_signer(award_round: AwardRound, **_params):
    """Who signs the dossier, for the digital signature: the round's signer of the tờ trình,
    else of the quyết định; None until the office has chosen one."""
    signer = award_round.letter_signer or award_round.decision_signer
    if signer is None:
        return None
    from portal.signatures import SignerOf

    return SignerOf(
        name=signer.full_name,
        organisation=award_round.campaign.issuing_unit.name,
        reason=gettext("Proposal letter and award dossier of %(round)s") % {"round": award_round},
    )


def register_files() -> None:
    files.register(
        KIND,
        can_view=can_view_dossier,
        render=_render_file,
        fingerprint=dossier_fingerprint,
        audit_kind=DownloadRecord.Kind.DOSSIER,
        unit_of=lambda award_round: award_round.campaign.issuing_unit,
        signer_of=dossier_signer,
        can_sign=rules.can_sign_dossier,
    )


register_files()


# --- Services -------------------------------------------------------------------------------


def dossier_request(*, round: AwardRound, by) -> GeneratedFile:  # noqa: A002 (agreed name)
    """The round's dossier: the current file, or a new version queued if the data changed."""
    return files.generated_file_request(subject=round, kind=KIND, by=by)


def dossier_latest(*, round: AwardRound) -> GeneratedFile | None:  # noqa: A002
    return files.latest_file(subject=round, kind=KIND)
