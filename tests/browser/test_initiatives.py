"""Unit staff submit an initiative with an attachment, the office returns it, the unit
resubmits, two council members score it and the office recognises it."""

from pathlib import Path

from initiatives.models import Initiative, Status
from tests.initiatives import conftest as initiative_fixtures

campaign = initiative_fixtures.campaign
council_members = initiative_fixtures.council_members

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _switch(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(page, username)


def _fill_application(page, campaign):
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_title", "Số hóa sổ điểm và theo dõi tiến bộ học sinh bằng bảng tính trực tuyến")
    page.select_option("#id_field", "management")
    page.fill("#id_school_year", "2024-2025")
    page.fill("#id_first_applied_on", "05/09/2024")
    page.fill("#id_problem", "Tổng hợp điểm thủ công mất nhiều thời gian, dễ sai sót.")
    page.fill(
        "#id_essence", "Bảng tính trực tuyến tự động tổng hợp điểm, cảnh báo học sinh sa sút."
    )
    page.fill("#id_novelty", "Lần đầu áp dụng tại trường.")
    page.fill("#id_applicability", "Mọi tổ chuyên môn của trường.")
    page.fill("#id_conditions", "Máy tính có kết nối Internet.")
    page.fill("#id_benefits_authors", "Tiết kiệm 40 giờ công mỗi học kỳ.")
    page.fill("#id_benefits_appliers", "Giáo viên chủ nhiệm nắm tình hình học sinh kịp thời.")
    page.fill("#id_first_appliers", "Tổ Toán – Tin.")
    page.fill("#id_authors-0-full_name", "Nguyễn Thị Hương")
    page.fill("#id_authors-0-contribution", "60")
    page.fill("#id_authors-1-full_name", "Trần Văn Đức")
    page.fill("#id_authors-1-contribution", "40")


def test_initiative_journey(
    page, browser_login, screenshot, users, campaign, council_members, tmp_path
):
    base = page.base_url
    attachment = Path(tmp_path) / "thuyet-minh.pdf"
    attachment.write_bytes(PDF)

    # Unit staff fill in the application, attach a file and submit.
    browser_login(page, "staff_a")
    page.goto(f"{base}/initiatives/new/")
    _fill_application(page, campaign)
    page.set_input_files("#id_new_attachment", str(attachment))
    screenshot(page, "initiatives_01_application")
    page.click("button[value=submit]")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "Đã nộp"
    assert "thuyet-minh.pdf" in page.content()
    initiative = Initiative.objects.get()
    screenshot(page, "initiatives_02_submitted")

    # The office returns it with reasons.
    _switch(page, browser_login, "office")
    page.goto(f"{base}/initiatives/")
    screenshot(page, "initiatives_03_office_list")
    page.click(f"text={initiative.title}")
    page.fill("#review textarea[name=reason]", "Đề nghị bổ sung số liệu minh chứng hiệu quả.")
    page.click("#review button:has-text('Trả lại đơn vị')")
    page.wait_for_selector("text=Hồ sơ đã được trả lại đơn vị.")
    assert page.inner_text("#status") == "Trả lại để chỉnh sửa"

    # The unit revises and resubmits.
    _switch(page, browser_login, "staff_a")
    page.goto(f"{base}/initiatives/{initiative.pk}/edit/")
    assert "Đề nghị bổ sung số liệu minh chứng hiệu quả." in page.content()
    page.fill("#id_benefits_authors", "Tiết kiệm 45 giờ công mỗi học kỳ; sai sót giảm còn 0.")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Hồ sơ đã được nộp.")

    # The office sees what changed, sends it to the council and assigns two members.
    _switch(page, browser_login, "office")
    page.goto(f"{base}/initiatives/{initiative.pk}/")
    assert "Những thay đổi kể từ khi hồ sơ bị trả lại" in page.content()
    screenshot(page, "initiatives_04_changes_since_return")
    page.click("#review button:has-text('Chuyển hội đồng')")
    page.wait_for_selector("text=Hồ sơ đã được chuyển hội đồng.")
    for member in council_members:
        page.check(f"#council input[value='{member.pk}']")
    page.click("#council button:has-text('Phân công')")
    page.wait_for_selector("text=Đã phân công thành viên hội đồng.")

    # Two council members score it.
    rubric = list(campaign.rubric.all())
    for member, points in zip(
        council_members, (("35", "25", "25"), ("30", "25", "20")), strict=True
    ):
        _switch(page, browser_login, member.username)
        page.goto(f"{base}/initiatives/{initiative.pk}/")
        for criterion, value in zip(rubric, points, strict=True):
            page.fill(f"#id_points_{criterion.pk}", value)
        page.fill(f"#id_comment_{rubric[0].pk}", "Có tính mới trong phạm vi trường.")
        screenshot(page, f"initiatives_05_score_{member.username}")
        page.click("#score button[type=submit]")
        page.wait_for_selector("text=Điểm của bạn đã được lưu.")

    # The office sees the mean against the threshold and recognises it.
    _switch(page, browser_login, "office")
    page.goto(f"{base}/initiatives/{initiative.pk}/")
    assert "Điểm tổng trung bình 80 từ 2 thành viên; ngưỡng công nhận 60." in page.inner_text(
        "#mean"
    )
    assert "Đề xuất công nhận" in page.inner_text("#mean")
    screenshot(page, "initiatives_06_council_scores")
    page.fill("#decide input[name=decision_number]", "245/QĐ-SGDĐT")
    page.fill("#decide input[name=decision_date]", "20/06/2025")
    page.click("#decide button:has-text('Ghi nhận quyết định công nhận')")
    page.wait_for_selector("text=Quyết định công nhận đã được ghi nhận.")
    assert page.inner_text("#status") == "Được công nhận"
    screenshot(page, "initiatives_07_recognised")
    initiative.refresh_from_db()
    assert initiative.status == Status.RECOGNISED
    assert initiative.recognitions.get().decision_number == "245/QĐ-SGDĐT"
