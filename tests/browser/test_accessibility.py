"""axe-core in the browser: the key pages have no serious or critical accessibility violation.

The demo is loaded once; each main role opens its key pages in headless Chromium (home, the
initiative list, an initiative, the initiative form, the yearly report form, the reporting
cycle dashboard, an award proposal, the campaign form) and the sign-in page is opened
signed out. axe-core (vendored from the npm registry under `tests/browser/vendor/`, never
served by the portal) is added to every page by the browser context: the portal's CSP
allows no inline or foreign script, so this test's context alone bypasses it.
A violation of impact "serious" or "critical" fails the test with the page and the rule.
The keyboard's skip link is checked on the home page: it is the first focusable element
and moves the focus to the main content.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.selectors import proposals_visible_to
from campaigns.rules import can_create_campaign
from initiatives.selectors import initiatives_visible_to
from reports.rules import can_edit_report
from reports.selectors import cycles_visible_to, reports_visible_to
from tests.conftest import SignedInClient
from units import access
from units.models import User

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}
ROLES = ["vanphong", "canbo", "thutruong", "hoidong1", "lanhdao"]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + n.failureSummary)
  }));
}"""


def _key_pages(user) -> list[tuple[str, str]]:
    """(kind, path) of the key pages the user may open."""
    pages = [("home", reverse("home")), ("initiative list", reverse("initiatives:list"))]
    initiative = initiatives_visible_to(user).order_by("pk").first()
    if initiative:
        pages.append(("initiative", reverse("initiatives:detail", args=[initiative.pk])))
    if access.has_role(user, *access.UNIT_ROLES):
        pages.append(("initiative form", reverse("initiatives:create")))
    report = next(
        (r for r in reports_visible_to(user).order_by("pk") if can_edit_report(user, r)), None
    )
    if report:
        pages.append(("report form", reverse("reports:edit", args=[report.pk])))
    cycle = cycles_visible_to(user).order_by("-pk").first()
    if cycle and access.is_organisation_user(user):
        pages.append(("cycle dashboard", reverse("reports:cycle", args=[cycle.pk])))
    proposal = proposals_visible_to(user).order_by("pk").first()
    if proposal:
        pages.append(("proposal", reverse("awards:proposal_detail", args=[proposal.pk])))
    if can_create_campaign(user):
        pages.append(("campaign form", reverse("campaigns:create")))
    return pages


def _violations(page) -> list[str]:
    found = []
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] in BLOCKING:
            found.append(
                f"{page.url}: {violation['id']} ({violation['impact']}) {violation['help']}: "
                + " | ".join(violation["nodes"])
            )
    return found


@pytest.fixture
def axe_context(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", bypass_csp=True)
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(20000)
    yield context
    context.close()


def _sign_in(context, live_server, user):
    client = SignedInClient()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.clear_cookies()
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_key_pages_have_no_serious_violation(axe_context, live_server, transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    page = axe_context.new_page()
    found = []
    kinds = set()

    page.goto(f"{live_server.url}{reverse('login')}")
    found += _violations(page)

    for username in ROLES:
        user = User.objects.get(username=username)
        _sign_in(axe_context, live_server, user)
        for kind, path in _key_pages(user):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, f"{username}: {path} answered {response.status}"
            assert "/login/" not in page.url, f"{username}: {path} asked for a sign-in"
            kinds.add(kind)
            found += [f"{username} {v}" for v in _violations(page)]

    # A form sent with errors: the errors are tied to their fields and axe finds nothing.
    _sign_in(axe_context, live_server, User.objects.get(username="canbo"))
    page.goto(f"{live_server.url}{reverse('initiatives:create')}")
    page.evaluate("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.click("button[value=submit]")
    page.wait_for_selector(".field-errors")
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() > 0
    for i in range(invalid.count()):
        refs = (invalid.nth(i).get_attribute("aria-describedby") or "").split()
        assert any(ref.endswith("_error") for ref in refs)
        for ref in refs:
            assert page.locator(f"#{ref}").count() == 1, ref
    found += [f"canbo (form with errors) {v}" for v in _violations(page)]

    assert not found, "Serious or critical violations:\n" + "\n".join(found)
    # Every kind of key page was checked by at least one role.
    assert kinds == {
        "home",
        "initiative list",
        "initiative",
        "initiative form",
        "report form",
        "cycle dashboard",
        "proposal",
        "campaign form",
    }


def test_the_skip_link_moves_to_the_main_content(axe_context, live_server, users):
    page = axe_context.new_page()
    _sign_in(axe_context, live_server, users["office"])
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    active = "document.activeElement"
    focused = page.evaluate(f"() => [{active}.textContent.trim(), {active}.getAttribute('href')]")
    assert focused == ["Bỏ qua đến nội dung chính", "#main"]
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
