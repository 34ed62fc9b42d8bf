"""A unit proposes a teacher, its head confirms, the office checks, the council's vote is
recorded, the office approves and finalises, and a leader downloads the dossier."""

import datetime

from awards.models import AwardProposal, AwardRound, ProposalStatus, RoundStatus
from tests.awards.conftest import award  # noqa: F401 (fixture)
from tests.factories import CriterionFactory
from tests.initiatives.factories import AuthorFactory, InitiativeFactory, RecognitionFactory


def _switch(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(page, username)


def test_award_round_journey(page, browser_login, screenshot, users, org, award):  # noqa: F811
    base = page.base_url
    award_round, teacher = award["round"], award["teacher"]
    initiative = InitiativeFactory(
        campaign=award["campaign"],
        unit=org["school_a"],
        title="Ứng dụng bảng tính tự động tổng hợp điểm học kỳ",
    )
    AuthorFactory(initiative=initiative, person=teacher, full_name=teacher.full_name)
    RecognitionFactory(
        initiative=initiative,
        decision_number="112/QĐ-SGDĐT",
        decision_date=datetime.date(2025, 6, 2),
    )
    CriterionFactory(
        campaign=award["campaign"],
        applies_to="individual",
        description="Có nhiều thành tích trong công tác tuyên truyền, chuyển đổi số",
    )

    # The unit's staff proposes a teacher with the recognised initiative as evidence.
    browser_login(page, "staff_a")
    page.goto(f"{base}/awards/")
    screenshot(page, "awards_round_list")
    page.click(f"a[href='/awards/rounds/{award_round.pk}/']")
    page.click(f"a[href='/awards/rounds/{award_round.pk}/propose/']")
    page.select_option("#id_award_form", str(award["form"].pk))
    page.check("input[name=nominee_kind][value=individual]")
    page.select_option("#id_nominee_person", str(teacher.pk))
    page.fill("#id_report_summary", "Giáo viên Toán, tổ trưởng tổ Toán – Tin.")
    page.fill("#id_report_achievements", "Sáng kiến được công nhận cấp cơ sở năm 2025.")
    page.fill("#id_report_measures", "Ứng dụng bảng tính và học liệu số trong dạy học.")
    page.check("input[name=recognitions]")
    screenshot(page, "awards_proposal_form")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/awards/proposals/*/")
    proposal = AwardProposal.objects.get()
    assert proposal.evidence.count() == 1
    assert "Đã lưu." in page.content()

    # The unit head confirms it.
    _switch(page, browser_login, "head_a")
    page.goto(f"{base}/awards/proposals/{proposal.pk}/")
    page.click("text=Xác nhận và gửi")
    page.wait_for_selector("text=Đã xác nhận và gửi Văn phòng.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    # The office judges the qualitative criterion and records the check.
    _switch(page, browser_login, "office")
    page.goto(f"{base}/awards/proposals/{proposal.pk}/check/")
    page.check("input[type=radio][value='1']")
    page.fill(
        "textarea[name$='-note']", "Có 3 bài viết tuyên truyền trên cổng thông tin của trường."
    )
    page.click("text=Ghi nhận đánh giá")
    page.wait_for_selector("text=Đã lưu")
    screenshot(page, "awards_check")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/awards/proposals/{proposal.pk}/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHECKED
    assert proposal.eligibility["overall"] == "met"

    # The council of 4 meets with 3 members (the quorum), the leader in the chair; the
    # absent member votes in writing: 4 of 4 members in favour.
    page.goto(f"{base}/awards/rounds/{award_round.pk}/meetings/new/")
    page.fill("#id_held_on", "12/01/2026")
    page.fill("#id_started_at", "08:00")
    page.fill("#id_ended_at", "10:30")
    page.fill("#id_location", "Phòng họp tầng 2, Sở Giáo dục và Đào tạo")
    page.fill("#id_members_total", "4")
    for member in ("council", "leader", "office"):
        page.check(f"input[name=members_present][value='{users[member].pk}']")
    page.select_option("#id_chair", str(users["leader"].pk))
    page.select_option("#id_secretary", str(users["office"].pk))
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/awards/meetings/*/")
    page.fill(f"#id_p{proposal.pk}-yes", "4")
    page.fill(f"#id_p{proposal.pk}-no", "0")
    page.fill(f"#id_p{proposal.pk}-abstain", "0")
    page.fill(f"#id_p{proposal.pk}-absent_written", "1")
    page.click("form.votes button[type=submit]")
    page.wait_for_selector("text=Đạt tỷ lệ")
    screenshot(page, "awards_meeting")

    # The office approves and finalises the round.
    page.goto(f"{base}/awards/proposals/{proposal.pk}/")
    page.click("button:has-text('Duyệt')")
    page.wait_for_selector("text=Đã duyệt.")
    screenshot(page, "awards_proposal_approved")
    page.goto(f"{base}/awards/rounds/{award_round.pk}/")
    page.click("button:has-text('Chốt đợt')")
    page.wait_for_selector("text=Đã chốt đợt.")
    # Finalising leads to the dossier page, which shows the file as it is.
    assert AwardRound.objects.get(pk=award_round.pk).status == RoundStatus.FINALISED
    screenshot(page, "awards_round_finalised")

    # A leader opens the dossier page and downloads the PDF.
    _switch(page, browser_login, "leader")
    page.goto(f"{base}/awards/rounds/{award_round.pk}/")
    page.click(f"a[href='/awards/rounds/{award_round.pk}/dossier/']")
    page.wait_for_selector("a[href*='download=1']", timeout=60000)
    screenshot(page, "awards_dossier")
    with page.expect_download() as download:
        page.click("a[href*='download=1']")
    assert download.value.suggested_filename.endswith(".pdf")
