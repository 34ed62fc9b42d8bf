"""The office records three years of a teacher's emulation titles in the browser, and the
proposal of a city emulation fighter shows the years it rests on."""

from awards.models import EmulationRecord
from campaigns.models import EmulationTitle
from tests.awards.conftest import award  # noqa: F401 (fixture)
from tests.awards.factories import AwardProposalFactory
from tests.factories import AwardFormFactory
from tests.initiatives.factories import AuthorFactory, InitiativeFactory, RecognitionFactory


def test_office_records_years_and_sees_them_on_the_proposal(
    page,
    browser_login,
    screenshot,
    users,
    org,
    award,  # noqa: F811
):
    base, teacher = page.base_url, award["teacher"]
    browser_login(page, "office")
    for year in (2023, 2024, 2025):
        page.goto(f"{base}/awards/people/{teacher.pk}/")
        page.click("text=Thêm một năm")
        page.fill("#id_year", str(year))
        page.select_option("#id_classification", "excellent")
        for index, title in enumerate((EmulationTitle.LABOUR, EmulationTitle.BASE_FIGHTER)):
            page.select_option(f"#id_titles-{index}-title", title)
            page.fill(f"#id_titles-{index}-decision_number", f"{year - 2000}{index}/QĐ-SGDĐT")
            page.fill(f"#id_titles-{index}-decision_date", f"20/12/{year}")
            page.fill(f"#id_titles-{index}-issuer", "Giám đốc Sở GDĐT")
        if year == 2025:
            screenshot(page, "titles_record_form")
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{base}/awards/people/{teacher.pk}/")
    assert EmulationRecord.objects.filter(person=teacher).count() == 3
    screenshot(page, "titles_history")

    initiative = InitiativeFactory(campaign=award["campaign"], unit=org["school_a"])
    AuthorFactory(initiative=initiative, person=teacher, full_name=teacher.full_name)
    RecognitionFactory(initiative=initiative, level="province")
    form = AwardFormFactory(
        campaign=award["campaign"],
        name="Chiến sĩ thi đua thành phố",
        recipients="individual",
        title=EmulationTitle.PROVINCE_FIGHTER,
    )
    proposal = AwardProposalFactory(
        round=award["round"], award_form=form, nominee_person=teacher, status="submitted"
    )
    page.goto(f"{base}/awards/proposals/{proposal.pk}/check/")
    text = page.inner_text("main")
    screenshot(page, "titles_proposal_check")
    assert "Tiêu chuẩn danh hiệu “Chiến sĩ thi đua cấp tỉnh”" in text
    assert "Chiến sĩ thi đua cơ sở 2023 — Quyết định số 231/QĐ-SGDĐT ngày 20/12/2023" in text
