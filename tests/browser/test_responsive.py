"""Every key page fits the screen from a phone (390 px) to a laptop (1366 px): no sideways
scrolling of the page (wide tables scroll inside their card), a menu that is one line on a
laptop and folded on a phone. Screenshots are kept under test-artifacts/screenshots."""

import pytest

from reports.models import YearlyReport
from tests.awards.conftest import award  # noqa: F401 (fixture)
from tests.awards.factories import AwardProposalFactory
from tests.initiatives.factories import InitiativeFactory
from tests.reports.conftest import campaign, cycle  # noqa: F401 (fixtures)

WIDTHS = (360, 390, 1366)


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def menu_height(page):
    """The height of what the menu takes on screen: the full menu, else its folded button."""
    return page.evaluate(
        """() => {
          const shown = [...document.querySelectorAll('.mainnav, .navcompact')]
            .filter(el => getComputedStyle(el).display !== 'none');
          return shown.length ? Math.max(...shown.map(el => el.getBoundingClientRect().height)) : 0;
        }"""
    )


def check(page, screenshot, path, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}{path}")
    assert page.locator("main h1").count() >= 1, f"{path} did not render a page"
    screenshot(page, f"responsive_{name}_{width}")
    assert fits(page), f"{name} is wider than {width} px: " + str(
        page.evaluate("document.documentElement.scrollWidth")
    )
    height = menu_height(page)
    # One line of menu at 1366 px; a single folded button on a phone.
    assert 0 < height <= 48, f"{name} at {width} px: the menu is {height} px tall"
    if width < 800:
        assert page.is_visible(".navcompact > summary")
        assert not page.is_visible(".mainnav")
    else:
        assert page.is_visible(".mainnav") and not page.is_visible(".navcompact")


@pytest.mark.parametrize("width", WIDTHS)
def test_key_pages_fit_the_screen(page, browser_login, screenshot, users, org, cycle, award, width):  # noqa: F811
    initiative = InitiativeFactory(
        campaign=cycle.campaign,
        unit=org["school_a"],
        title="Ứng dụng bảng tính trong quản lý điểm số của học sinh toàn trường "
        "với biểu mẫu dùng chung cho tất cả các tổ chuyên môn",
    )
    proposal = AwardProposalFactory(
        round=award["round"], award_form=award["form"], nominee_person=award["teacher"]
    )
    report = YearlyReport.objects.get(cycle=cycle, unit=org["school_a"])

    browser_login(page, "office")
    for path, name in [
        ("/", "home_office"),
        ("/initiatives/", "initiative_list"),
        (f"/reports/cycles/{cycle.pk}/", "report_cycle"),
        (f"/campaigns/{cycle.campaign.pk}/edit/", "campaign_form"),
        (f"/awards/rounds/{award['round'].pk}/", "award_round"),
    ]:
        check(page, screenshot, path, name, width)

    page.context.clear_cookies()
    browser_login(page, "staff_a")
    for path, name in [
        ("/", "home_staff"),
        (f"/initiatives/{initiative.pk}/", "initiative_detail"),
        (f"/reports/{report.pk}/edit/", "report_form"),
        (f"/awards/proposals/{proposal.pk}/", "proposal"),
    ]:
        check(page, screenshot, path, name, width)


def test_the_folded_menu_opens_without_a_script(page, browser_login, users, org):
    page.set_viewport_size({"width": 390, "height": 800})
    browser_login(page, "office")
    assert not page.is_visible(".navcompact nav a[href='/campaigns/']")
    page.click(".navcompact > summary")
    assert page.is_visible(".navcompact nav a[href='/campaigns/']")
    page.click(".navcompact nav a[href='/campaigns/']")
    page.wait_for_url(f"{page.base_url}/campaigns/")
