"""Two-factor sign-in: after the password, office reviewers, leaders and administrators
give a code from an authenticator app (set up on first login) or a single-use recovery
code before any page opens; other users may turn it on for themselves."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import HistoryEntry
from tests.signin import authenticator_for, pending_authenticator, totp_code

PASSWORD = "matkhau-Demo-2025"


def _password(client, username):
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _enrol(client, user):
    """Set up an authenticator through the pages; returns the recovery codes shown."""
    client.get("/two-factor/setup/")
    device = pending_authenticator(client, user)
    response = client.post("/two-factor/setup/", {"code": totp_code(device)})
    assert response.status_code == 200
    return response.context["codes"]


@pytest.mark.parametrize("who", ["office", "leader", "admin"])
def test_required_roles_without_an_authenticator_are_sent_to_set_one_up(client, users, who):
    _password(client, who)
    for path in ("/", "/campaigns/", "/units/", "/notifications/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/two-factor/setup/?next="), path


def test_a_superuser_without_roles_must_set_one_up_too(client, users, django_user_model):
    django_user_model.objects.create_superuser("goc", "goc@example.vn", PASSWORD)
    _password(client, "goc")
    assert client.get("/admin/").url.startswith("/two-factor/setup/")


def test_set_up_shows_a_qr_code_and_the_key_then_ten_recovery_codes(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code is retried at once
    _password(client, "office")
    page = client.get("/two-factor/setup/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = pending_authenticator(client, users["office"])
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", page).group(1)
    assert secret.replace(" ", "") in device.config_url
    assert "Cài đặt xác thực hai lớp" in page

    wrong = client.post("/two-factor/setup/", {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get("/").status_code == 302

    codes = _enrol(client, users["office"])
    assert len(set(codes)) == 10
    assert client.get("/").status_code == 200
    history = HistoryEntry.objects.get(action="two_factor_enabled")
    assert history.actor == users["office"]


@pytest.fixture
def enrolled_office(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _password(client, "office")
    codes = _enrol(client, users["office"])
    client.post("/logout/")
    return codes


def test_with_an_authenticator_the_code_is_asked_before_any_page(client, users, enrolled_office):
    _password(client, "office")
    response = client.get("/campaigns/")
    assert response.url == "/two-factor/verify/?next=%2Fcampaigns%2F"
    # Only logging out, the code page and the language switch are open.
    assert client.get("/two-factor/verify/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "vi"}).status_code == 302
    assert client.get("/notifications/").status_code == 302
    htmx = client.get("/campaigns/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith("/two-factor/verify/")

    wrong = client.post("/two-factor/verify/", {"code": "123456"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get("/").status_code == 302

    device = TOTPDevice.objects.get(user=users["office"], confirmed=True)
    response = client.post(
        "/two-factor/verify/?next=/campaigns/", {"code": totp_code(device), "next": "/campaigns/"}
    )
    assert response.url == "/campaigns/"
    assert client.get("/campaigns/").status_code == 200


def test_a_recovery_code_works_once(client, users, enrolled_office):
    code = enrolled_office[0]
    _password(client, "office")
    response = client.post("/two-factor/verify/", {"code": code.upper()}, follow=True)
    assert "Bạn vừa dùng một mã dự phòng" in response.content.decode()
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=users["office"]).count() == 9

    client.post("/logout/")
    _password(client, "office")
    response = client.post("/two-factor/verify/", {"code": code})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_code_cannot_be_used_twice(client, users, enrolled_office):
    device = TOTPDevice.objects.get(user=users["office"], confirmed=True)
    code = totp_code(device)
    _password(client, "office")
    client.post("/two-factor/verify/", {"code": code})
    assert client.get("/").status_code == 200
    client.post("/logout/")
    _password(client, "office")
    client.post("/two-factor/verify/", {"code": code})
    assert client.get("/").status_code == 302


def test_required_roles_cannot_turn_it_off(client, users, enrolled_office):
    device = TOTPDevice.objects.get(user=users["office"], confirmed=True)
    _password(client, "office")
    client.post("/two-factor/verify/", {"code": totp_code(device)})
    response = client.post("/two-factor/off/", {"code": totp_code(device)}, follow=True)
    assert "không thể tắt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=users["office"], confirmed=True).exists()


def test_other_users_are_not_asked_but_may_turn_it_on_and_off(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _password(client, "staff_a")
    assert client.get("/").status_code == 200
    assert "Bật xác thực hai lớp" in client.get("/two-factor/").content.decode()
    codes = _enrol(client, users["staff_a"])
    assert len(codes) == 10
    client.post("/logout/")

    # Once on, the code is asked at every login.
    _password(client, "staff_a")
    assert client.get("/").url.startswith("/two-factor/verify/")
    device = TOTPDevice.objects.get(user=users["staff_a"], confirmed=True)
    client.post("/two-factor/verify/", {"code": totp_code(device)})

    wrong = client.post("/two-factor/off/", {"code": "000000"}, follow=True)
    assert "Mã không đúng" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=users["staff_a"]).exists()
    client.post("/two-factor/off/", {"code": totp_code(device)})
    assert not TOTPDevice.objects.filter(user=users["staff_a"]).exists()
    assert HistoryEntry.objects.filter(action="two_factor_disabled").count() == 1
    client.post("/logout/")
    _password(client, "staff_a")
    assert client.get("/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, users, enrolled_office):
    device = authenticator_for(users["office"])
    _password(client, "office")
    client.post("/two-factor/verify/", {"code": totp_code(device)})
    response = client.post("/two-factor/recovery-codes/", {"code": totp_code(device)})
    fresh = response.context["codes"]
    assert len(fresh) == 10
    tokens = set(
        StaticToken.objects.filter(device__user=users["office"]).values_list("token", flat=True)
    )
    assert tokens == set(fresh)
    assert not tokens & set(enrolled_office)


def test_the_password_alone_cannot_replace_the_authenticator(client, users, enrolled_office):
    _password(client, "office")
    response = client.get("/two-factor/setup/")
    assert response.url == "/two-factor/verify/?next=%2Ftwo-factor%2Fsetup%2F"
    response = client.post("/two-factor/setup/", {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=users["office"], confirmed=False).count() == 0


def test_after_a_recovery_code_the_user_moves_to_a_new_phone(client, users, enrolled_office):
    old = TOTPDevice.objects.get(user=users["office"], confirmed=True)
    _password(client, "office")
    client.post("/two-factor/verify/", {"code": enrolled_office[0]})
    page = client.get("/two-factor/setup/").content.decode()
    assert "Điện thoại mới?" in page
    codes = _enrol(client, users["office"])
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not set(codes) & set(enrolled_office)


def test_the_key_and_the_recovery_codes_are_never_cached(client, users):
    _password(client, "office")
    response = client.get("/two-factor/setup/")
    assert "no-store" in response["Cache-Control"]
    device = pending_authenticator(client, users["office"])
    response = client.post("/two-factor/setup/", {"code": totp_code(device)})
    assert response.context["codes"]
    assert "no-store" in response["Cache-Control"]
