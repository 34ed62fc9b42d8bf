"""Browser journey: a date is typed as dd/mm/yyyy or picked on a calendar in Vietnamese."""

import re


def test_a_date_is_picked_on_a_vietnamese_calendar(page, browser_login, users, org):
    browser_login(page, "office")
    page.goto(f"{page.base_url}/units/people/new/")
    box = page.locator("#id_date_of_birth")
    assert box.get_attribute("type") == "text"  # never the browser's mm/dd/yyyy picker
    box.fill("15/03/1985")
    opener = page.locator("#id_date_of_birth + button")
    assert opener.get_attribute("aria-label") == "Chọn ngày"
    opener.click()
    calendar = page.locator("#id_date_of_birth ~ [role=dialog]").first
    assert calendar.get_attribute("aria-label") == "Chọn ngày"
    text = calendar.inner_text()
    assert "Tháng 3/1985" in text
    assert re.search(r"T2\s+T3\s+T4\s+T5\s+T6\s+T7\s+CN", text)
    calendar.locator("[aria-label='Tháng sau']").click()
    assert "Tháng 4/1985" in calendar.inner_text()
    calendar.locator("[aria-label='20/04/1985']").click()
    assert box.input_value() == "20/04/1985"
    assert calendar.is_hidden()
