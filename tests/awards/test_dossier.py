"""The round dossier: the PDF as Nghị định 30/2020 lays it out, who downloads it, versions."""

import datetime
import io
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from awards import dossier
from awards.models import (
    AwardProposal,
    AwardRound,
    CouncilMeeting,
    EvidenceKind,
    NomineeKind,
    ProposalEvidence,
    ProposalStatus,
    RoundStatus,
    Vote,
    VoteResult,
)
from campaigns.models import AwardForm, RecipientKind, RoundKind
from config import celery_app
from portal.models import GeneratedFile
from portal.pdf import render_pdf
from tests.factories import AwardFormFactory, CampaignFactory, PersonFactory

NOMINEES = ["Nguyễn Thị Hồng Nhung", "Trần Đức Thắng"]


def evidence_pdf(text: str) -> bytes:
    """A one-page PDF, as a unit would upload it."""
    return render_pdf("documents/unreadable_part.html", {"part": {"label": text}})


@pytest.fixture
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def award_round(org, users):
    """A finalised yearly round: one collective and two individuals approved, one rejected."""
    campaign = CampaignFactory(
        issuing_unit=org["department"],
        managing_unit=org["office"],
        title="Phát động phong trào thi đua “Nghiên cứu khoa học và phát triển công nghệ, "
        "phát huy sáng kiến”",
        document_number="1536/KH-SGDĐT",
    )
    giay_khen = AwardFormFactory(
        campaign=campaign,
        name="Giấy khen của Giám đốc Sở",
        order=2,
        recipients=RecipientKind.BOTH,
        authority="Giám đốc Sở Giáo dục và Đào tạo",
        vote_threshold=80,
    )
    bang_khen = AwardFormFactory(
        campaign=campaign,
        name="Bằng khen của Chủ tịch UBND thành phố",
        order=1,
        kind=AwardForm.Kind.AWARD,
        authority="Chủ tịch UBND thành phố",
        vote_threshold=80,
    )
    award_round = AwardRound.objects.create(
        campaign=campaign,
        kind=RoundKind.YEARLY,
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=datetime.date(2025, 12, 15),
        status=RoundStatus.FINALISED,
        finalised_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
    )
    people = [
        PersonFactory(unit=org["school_a"], full_name=NOMINEES[0], position="Giáo viên"),
        PersonFactory(unit=org["school_b"], full_name=NOMINEES[1], position="Phó Hiệu trưởng"),
    ]
    proposals = [
        AwardProposal.objects.create(
            round=award_round,
            award_form=giay_khen,
            nominee_kind=NomineeKind.COLLECTIVE,
            nominee_unit=org["school_a"],
            proposing_unit=org["school_a"],
            status=ProposalStatus.APPROVED,
            report_summary="Trường có 90 cán bộ, giáo viên, nhân viên.",
            report_achievements="Năm 2025 có 9 sáng kiến được công nhận cấp cơ sở.",
            report_measures="Tổ chức hội thảo chuyên đề chuyển đổi số.",
        ),
        AwardProposal.objects.create(
            round=award_round,
            award_form=giay_khen,
            nominee_kind=NomineeKind.INDIVIDUAL,
            nominee_person=people[0],
            proposing_unit=org["school_a"],
            status=ProposalStatus.APPROVED,
            report_achievements="Chủ nhiệm nhiệm vụ KH&CN cấp thành phố, nghiệm thu loại Khá.",
        ),
        AwardProposal.objects.create(
            round=award_round,
            award_form=bang_khen,
            nominee_kind=NomineeKind.INDIVIDUAL,
            nominee_person=people[1],
            proposing_unit=org["school_b"],
            status=ProposalStatus.DECIDED,
            report_achievements="Có 2 sáng kiến được công nhận cấp thành phố.",
        ),
        AwardProposal.objects.create(
            round=award_round,
            award_form=giay_khen,
            nominee_kind=NomineeKind.COLLECTIVE,
            nominee_unit=org["school_b"],
            proposing_unit=org["school_b"],
            status=ProposalStatus.REJECTED,
        ),
    ]
    evidence = ProposalEvidence(proposal=proposals[1], kind=EvidenceKind.FILE, note="Quyết định")
    evidence.file.save("quyet-dinh.pdf", ContentFile(evidence_pdf("Minh chứng số 1")), save=False)
    evidence.save()
    meeting = CouncilMeeting.objects.create(
        round=award_round,
        held_on=datetime.date(2025, 12, 28),
        location="Phòng họp số 1",
        members_total=5,
        chair=users["leader"],
        secretary=users["office"],
    )
    meeting.members_present.set([users["leader"], users["office"], users["council"]])
    for proposal, yes in zip(proposals, [5, 4, 5, 2], strict=True):
        Vote.objects.create(
            meeting=meeting,
            proposal=proposal,
            yes=yes,
            no=5 - yes,
            result=VoteResult.PASSED if yes >= 4 else VoteResult.FAILED,
        )
    return award_round


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())  # lines wrap where the page ends them


def test_dossier_pdf_text_pages_and_fonts(award_round, tmp_path):
    content = dossier.render_dossier(award_round)

    text = pdf_text(content, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "TỜ TRÌNH" in text
    assert "Về việc đề nghị khen thưởng thành tích thực hiện phong trào thi đua năm 2025" in text
    assert "Số:" in text and "/TTr-SGDĐT" in text
    assert "Hải Phòng, ngày 05 tháng 01 năm 2026" in text
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text
    for name in [*NOMINEES, "Trường THPT An Lão"]:
        assert name in text
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "BIÊN BẢN" in text
    assert "80,0 %" in text  # 4 of 5 members
    assert "Minh chứng số 1" in text  # the evidence PDF is appended
    assert "Trường THPT Bạch Đằng" in text  # as a proposer and in the minutes
    reader = PdfReader(io.BytesIO(content))
    # cover letter 1 + list 1, 3 reports, minutes, evidence
    assert len(reader.pages) >= 7
    for page in reader.pages:
        width, height = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(width - 595) <= 1 and abs(height - 842) <= 1
    path = tmp_path / "dossier.pdf"
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        assert "Liberation-Serif" in line
        assert line.split()[-5] == "yes"  # emb


def test_dossier_lists_approved_only_in_order(award_round):
    data = dossier.dossier_data(award_round)

    names = [
        (entry["form"].name, [r["name"] for r in entry["collectives"]])
        + ([r["name"] for r in entry["individuals"]],)
        for entry in data["forms"]
    ]
    assert names == [
        ("Bằng khen của Chủ tịch UBND thành phố", [], [NOMINEES[1]]),
        ("Giấy khen của Giám đốc Sở", ["Trường THPT An Lão"], [NOMINEES[0]]),
    ]
    assert data["collective_count"] == 1
    assert data["individual_count"] == 2
    # One addressee, never a comma-joined list: the Sở proposes upwards to the Chủ tịch.
    assert data["addressee"] == "Chủ tịch UBND thành phố"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("admin", 200),
        ("staff_a", 404),  # the nominees' own unit
        ("head_a", 404),
        ("staff_b", 404),
        ("council", 404),
        ("outsider", 404),  # another organisation
    ],
)
def test_dossier_download_permissions(
    award_round, users, login, eager, django_capture_on_commit_callbacks, who, status
):
    with django_capture_on_commit_callbacks(execute=True):
        generated = dossier.dossier_request(round=award_round, by=users["office"])
    generated.refresh_from_db()
    assert generated.status == GeneratedFile.Status.DONE

    client = login(users[who])
    download = client.get(reverse("generated_file", args=[generated.pk]), {"download": "1"})
    panel = client.get(reverse("awards:dossier", args=[award_round.pk]))
    letter = client.get(reverse("awards:dossier_docx", args=[award_round.pk, 1, "to-trinh"]))

    assert download.status_code == status
    assert panel.status_code == status
    assert letter.status_code == status
    if status == 200:
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_dossier_not_before_the_round_is_finalised(award_round, users, login):
    AwardRound.objects.filter(pk=award_round.pk).update(status=RoundStatus.VOTING)
    response = login(users["office"]).get(reverse("awards:dossier", args=[award_round.pk]))
    assert response.status_code == 404


def test_data_change_makes_a_new_version(
    award_round, users, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = dossier.dossier_request(round=award_round, by=users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        same = dossier.dossier_request(round=award_round, by=users["leader"])
    assert same.pk == first.pk

    proposal = award_round.proposals.get(nominee_person__full_name=NOMINEES[0])
    proposal.report_achievements = "Thêm thành tích: giải Nhất hội thi giáo viên giỏi."
    proposal.save(update_fields=["report_achievements", "updated_at"])
    with django_capture_on_commit_callbacks(execute=True):
        second = dossier.dossier_request(round=award_round, by=users["office"])

    assert second.pk != first.pk
    assert second.version == first.version + 1
    second.refresh_from_db()
    assert second.status == GeneratedFile.Status.DONE
    assert second.filename == "ho-so-khen-thuong-hang-nam-2025-lan-2.pdf"


def test_person_rename_changes_the_fingerprint(award_round):
    before = dossier.dossier_fingerprint(award_round)
    person = award_round.proposals.get(nominee_person__full_name=NOMINEES[1]).nominee_person
    person.full_name = "Trần Đức Thắng Lợi"
    person.save(update_fields=["full_name"])
    assert dossier.dossier_fingerprint(award_round) != before


def test_progress_is_reported(award_round):
    seen = []
    dossier.render_dossier(award_round, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[0] == 5 and seen[-1] == 98
    assert len(seen) >= 6  # one step per nominee


def test_docx_one_set_per_cover_letter(award_round):
    """The council's tờ trình to the Giám đốc comes with the draft quyết định and the danh
    sách of the Giấy khen; the Sở's tờ trình to the Chủ tịch UBND with the Bằng khen's."""
    from docx import Document

    from awards import docx_export

    def read(letter, part):
        filename, content = docx_export.dossier_docx(award_round, letter, part)
        document = Document(io.BytesIO(content))
        text = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        return filename, document, text, cells

    filename, document, text, cells = read(1, "to-trinh")
    assert filename == "to-trinh-gui-giam-doc-so-giao-duc-va-dao-tao-hang-nam-2025.docx"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: Giám đốc Sở Giáo dục và Đào tạo." in text
    assert document.styles["Normal"].font.name == "Times New Roman"

    filename, _document, text, _cells = read(1, "quyet-dinh")
    assert filename == "quyet-dinh-gui-giam-doc-so-giao-duc-va-dao-tao-hang-nam-2025.docx"
    assert "QUYẾT ĐỊNH" in text and "Tặng “Giấy khen của Giám đốc Sở”" in text

    _filename, _document, _text, cells = read(1, "danh-sach")
    assert NOMINEES[0] in cells and NOMINEES[1] not in cells
    assert "Trường THPT Bạch Đằng" not in cells.split("Đơn vị công tác")[0]  # rejected

    filename, _document, text, _cells = read(2, "to-trinh")
    assert filename.startswith("to-trinh-gui-chu-tich-")
    assert "Kính gửi: Chủ tịch" in text
    _filename, _document, _text, cells = read(2, "danh-sach")
    assert NOMINEES[1] in cells and NOMINEES[0] not in cells
    # A tờ trình to an upper authority has no draft quyết định of the Sở.
    assert docx_export.dossier_docx(award_round, 2, "quyet-dinh") is None
    assert docx_export.dossier_docx(award_round, 3, "to-trinh") is None


def test_refresh_task_is_a_thin_door(award_round, users, eager, django_capture_on_commit_callbacks):
    from awards.tasks import dossier_refresh

    assert dossier_refresh.delay(award_round.pk + 1000).get() is None
    with django_capture_on_commit_callbacks(execute=True):
        generated_id = dossier_refresh.delay(award_round.pk, users["office"].pk).get()
    generated = GeneratedFile.objects.get(pk=generated_id)
    assert generated.status == GeneratedFile.Status.DONE
    assert generated.requested_by == users["office"]


def test_a_round_without_an_approved_proposal_says_so_instead_of_a_broken_file(
    award_round, users, login, eager, django_capture_on_commit_callbacks
):
    award_round.proposals.update(status=ProposalStatus.REJECTED)

    with django_capture_on_commit_callbacks(execute=True), translation.override("vi"):
        generated = dossier.dossier_request(round=award_round, by=users["office"])

    generated.refresh_from_db()
    assert generated.status == GeneratedFile.Status.FAILED
    assert (generated.status, generated.error) == (GeneratedFile.Status.FAILED, "")
    assert generated.notice == "Đợt chưa có đề nghị nào được thông qua: chưa có hồ sơ."
    page = login(users["office"]).get(reverse("awards:dossier", args=[award_round.pk]))
    assert "Đợt chưa có đề nghị nào được thông qua: chưa có hồ sơ." in page.content.decode()


def test_the_dossier_is_assembled_from_files_written_to_disk(award_round, monkeypatch):
    """Documents are written to files as they are laid out (two at a time here) and the
    final PDF is assembled from those files, every nominee's report in the list's order."""
    from pathlib import Path

    from portal import pdf

    monkeypatch.setattr(dossier, "BATCH_DOCUMENTS", 2)
    merged_from = []
    original = pdf.merge_pdfs

    def spy(parts, **kwargs):
        merged_from.extend(
            (Path(part).name, Path(part).is_file(), pdf.page_count(Path(part).read_bytes()))
            for part in parts
        )
        return original(parts, **kwargs)

    monkeypatch.setattr(pdf, "merge_pdfs", spy)
    out = io.BytesIO()
    assert dossier.render_dossier(award_round, out=out) is None

    # 2 tờ trình, 1 quyết định, 2 danh sách, 3 reports, 1 biên bản: 9 documents, 5 files.
    documents = [row for row in merged_from if row[0].startswith("van-ban-")]
    assert [name for name, _exists, _pages in documents] == [
        f"van-ban-{n:05d}.pdf" for n in range(1, 6)
    ]
    assert all(exists for _name, exists, _pages in merged_from)
    content = out.getvalue()
    assert pdf.page_count(content) == sum(pages for _name, _exists, pages in merged_from)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    reports = text.split("BÁO CÁO THÀNH TÍCH")[1:]
    expected = [p.nominee_name for p in dossier.approved_proposals(award_round)]
    assert len(reports) >= len(expected)
    firsts = []
    for report in reports:
        named = [(report.find(name), name) for name in expected if name in report]
        if named:
            firsts.append(min(named)[1])
    assert [name for i, name in enumerate(firsts) if i == 0 or firsts[i - 1] != name] == expected


def test_the_panel_offers_each_cover_letters_documents_in_word(award_round, users, login):
    page = login(users["office"]).get(reverse("awards:dossier", args=[award_round.pk]))
    html = page.content.decode()

    offered = [
        (letter, part)
        for letter in (1, 2, 3)
        for part in ("to-trinh", "quyet-dinh", "danh-sach")
        if reverse("awards:dossier_docx", args=[award_round.pk, letter, part]) in html
    ]
    assert offered == [
        (1, "to-trinh"),
        (1, "quyet-dinh"),
        (1, "danh-sach"),
        (2, "to-trinh"),
        (2, "danh-sach"),
    ]
    assert "Tờ trình gửi Giám đốc Sở Giáo dục và Đào tạo" in html
    assert "Dự thảo quyết định (.docx)" in html
