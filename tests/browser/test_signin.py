"""Browser journey: an office reviewer logs in for the first time and must set up two-factor
sign-in: scans (reads) the key, confirms a code, is shown ten recovery codes once; logs out,
logs in again with a code; a recovery code works once."""

import base64
import time

from django_otp.oath import TOTP

PASSWORD = "matkhau-Demo-2025"


def _code(secret: str, ahead: int = 0) -> str:
    """The code an authenticator app holding `secret` shows, `ahead` steps from now."""
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = time.time() + ahead * totp.step
    return f"{totp.token():06d}"


def _password(page, username="office"):
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _logout(page):
    page.locator(".usermenu summary").click()
    page.locator(".usermenu button", has_text="Đăng xuất").click()
    page.wait_for_url(f"{page.base_url}/login/")


def test_office_sets_up_two_factor_then_logs_in_with_a_code(page, screenshot, users):
    _password(page)
    page.wait_for_url("**/two-factor/setup/**")
    assert "Cài đặt xác thực hai lớp" in page.locator("h1").inner_text()
    assert page.locator(".qr img").evaluate("img => img.complete && img.naturalWidth > 0")
    # No page is reachable before the set-up is finished.
    page.goto(f"{page.base_url}/campaigns/")
    page.wait_for_url("**/two-factor/setup/**")
    secret = page.locator("[data-secret]").inner_text()
    screenshot(page, "signin-two-factor-setup")

    page.fill("input[name=code]", _code(secret))
    page.click("button:has-text('Xác nhận')")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "signin-recovery-codes")
    page.click("text=Tôi đã lưu lại, tiếp tục")
    page.wait_for_url(f"{page.base_url}/campaigns/")
    _logout(page)

    # The next login asks for the code after the password.
    _password(page)
    page.wait_for_url("**/two-factor/verify/**")
    screenshot(page, "signin-two-factor-code")
    page.fill("input[name=code]", _code(secret, ahead=1))
    page.click("button:has-text('Tiếp tục')")
    page.wait_for_url(f"{page.base_url}/")
    _logout(page)

    # Without the phone: a recovery code, once.
    _password(page)
    page.wait_for_url("**/two-factor/verify/**")
    page.fill("input[name=code]", codes[0])
    page.click("button:has-text('Tiếp tục')")
    page.wait_for_url(f"{page.base_url}/")
    assert "Bạn vừa dùng một mã dự phòng" in page.locator(".messages").inner_text()
    _logout(page)

    _password(page)
    page.wait_for_url("**/two-factor/verify/**")
    page.fill("input[name=code]", codes[0])
    page.click("button:has-text('Tiếp tục')")
    assert "Mã không đúng" in page.locator(".field .error").inner_text()
    assert "/two-factor/verify/" in page.url
