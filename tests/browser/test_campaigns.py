"""An office user sets up a campaign with two phases and an award form in the browser."""

import datetime
import re

from campaigns.models import Campaign


def test_office_creates_a_campaign(page, browser_login, screenshot, users, org):
    browser_login(page, "office")
    page.goto(f"{page.base_url}/campaigns/")
    page.click("text=Phong trào thi đua mới")
    page.wait_for_url(f"{page.base_url}/campaigns/new/")

    page.fill("#id_title", "Thi đua đổi mới sáng tạo và chuyển đổi số năm 2026")
    page.select_option("#id_issuing_unit", str(org["department"].pk))
    page.select_option("#id_managing_unit", str(org["office"].pk))
    page.fill("#id_document_number", "15/KH-SGDĐT")
    page.fill("#id_document_date", "05/01/2026")
    page.fill("#id_basis_text", "Kế hoạch số 150/KH-UBND ngày 16/6/2025")
    page.fill("#id_start_year", "2026")
    page.fill("#id_end_year", "2030")
    page.select_option("#id_participants", [str(org["school_a"].pk), str(org["school_b"].pk)])

    page.fill("#id_themes-0-title", "Ứng dụng trí tuệ nhân tạo trong dạy học")
    # Step 1 of 5; the later steps open once the campaign exists.
    assert page.get_attribute("nav.setup-steps [aria-current=step]", "aria-current") == "step"
    screenshot(page, "campaign_step_facts")
    page.click("button[value=next]")
    page.wait_for_url(re.compile(r"/campaigns/\d+/edit/phases/$"))
    assert "Đã tạo phong trào thi đua." in page.content()

    page.select_option("#id_phases-0-kind", "launch")
    page.fill("#id_phases-0-start_date", "05/01/2026")
    page.fill("#id_phases-0-end_date", "31/12/2029")
    page.select_option("#id_phases-1-kind", "final")
    page.fill("#id_phases-1-start_date", "01/01/2030")
    page.fill("#id_phases-1-conference_date", "18/05/2030")
    page.fill("#id_phases-1-conference_venue", "Hội trường Sở")
    page.fill("#id_phases-1-conference_delegates", "60")
    # A wrong date first: the page names the error and keeps what was typed.
    page.fill("#id_phases-1-end_date", "31/12/2029")
    page.click("button[value=next]")
    page.wait_for_selector("div.errors[role=alert]")
    assert page.input_value("#id_phases-1-conference_venue") == "Hội trường Sở"
    assert "Giai đoạn không được kết thúc trước khi bắt đầu." in page.content()
    screenshot(page, "campaign_step_errors")
    page.fill("#id_phases-1-end_date", "31/12/2030")
    page.click("button[value=next]")
    page.wait_for_url(re.compile(r"/edit/awards/$"))

    page.fill("#id_award_forms-0-name", "Giấy khen của Giám đốc Sở")
    page.select_option("#id_award_forms-0-recipients", "both")
    page.check("#id_award_forms-0-at_yearly")
    page.fill("#id_award_forms-0-collective_max", "5")
    page.fill("#id_award_forms-0-individual_max", "10")
    screenshot(page, "campaign_step_awards")
    page.click("button[value=next]")
    page.wait_for_url(re.compile(r"/edit/criteria/$"))
    page.click("button[value=next]")
    page.wait_for_url(re.compile(r"/edit/rubric/$"))
    page.click("button[value=next]")
    page.wait_for_url(re.compile(r"/edit/summary/$"))
    campaign = Campaign.objects.get(document_number="15/KH-SGDĐT")
    assert campaign.document_date == datetime.date(2026, 1, 5)
    assert campaign.phases.count() == 2
    assert campaign.award_forms.get().quotas.count() == 2
    assert page.locator("ol.timeline li").count() == 2
    assert page.locator("a.section-edit").count() == 7
    screenshot(page, "campaign_setup_summary")


def test_office_browses_the_demo_plans(page, browser_login, screenshot, users, org):
    """The five plans load on top of the fixture tree; the office of Hải Phòng browses them."""
    import io

    from devtools.demo import campaigns as demo
    from tests.factories import RoleAssignmentFactory, UnitFactory
    from units.models import Role, UnitKind

    roots = {}
    for code, name, kind in [
        ("HP-SGD", "Sở Giáo dục và Đào tạo Hải Phòng", UnitKind.DEPARTMENT),
        ("HN-SGD", "Sở Giáo dục và Đào tạo Hà Nội", UnitKind.DEPARTMENT),
        ("HY-SKHCN", "Sở Khoa học và Công nghệ Hưng Yên", UnitKind.DEPARTMENT),
        ("TK-UBND", "UBND xã Tứ Kỳ", UnitKind.COMMUNE),
    ]:
        roots[code] = UnitFactory(code=code, name=name, kind=kind)
    for code, parent, name in [
        ("HP-VP", "HP-SGD", "Văn phòng Sở"),
        ("HN-VP", "HN-SGD", "Văn phòng Sở"),
        ("HY-VP", "HY-SKHCN", "Văn phòng Sở"),
        ("TK-VHXH", "TK-UBND", "Phòng Văn hóa - Xã hội"),
    ]:
        UnitFactory(code=code, name=name, kind=UnitKind.COMMUNE_BODY, parent=roots[parent])
    demo.seed(io.StringIO())
    RoleAssignmentFactory(user=users["office"], role=Role.OFFICE, unit=roots["HP-SGD"])

    browser_login(page, "office")
    page.goto(f"{page.base_url}/campaigns/")
    assert page.locator("table tbody tr").count() == 1
    page.fill("input[name=q]", "nghien cuu khoa hoc")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("text=1536/KH-SGDĐT")
    screenshot(page, "campaign_list")
    page.click("text=Phát động phong trào thi đua “Nghiên cứu khoa học")
    page.wait_for_selector("ol.timeline")
    assert page.locator("ol.timeline li.current").count() == 1
    assert "Huân chương Lao động" in page.content()
    screenshot(page, "campaign_detail_hai_phong")
    page.click("a.button.primary:has-text('Sửa')")
    page.wait_for_selector("form.campaign-form")
    assert page.input_value("#id_document_number") == "1536/KH-SGDĐT"
    assert page.input_value("#id_document_date") == "02/12/2024"
    screenshot(page, "campaign_edit_hai_phong")
