"""No page sends a user to another site through `next=`: a link such as
/login/?next=https://evil.example/ would otherwise lend the portal's name to a look-alike
page asking for the password again."""

import pytest

from portal.http import safe_next
from tests.signin import authenticator_for, pending_authenticator, totp_code

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example"]
PASSWORD = "matkhau-Demo-2025"


def _password(client, username):
    return client.post("/login/", {"username": username, "password": PASSWORD})


@pytest.mark.parametrize("target", EVIL)
def test_login_refuses_a_next_on_another_site(client, users, target):
    response = client.post("/login/", {"username": "staff_a", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", EVIL)
def test_logout_refuses_a_next_on_another_site(client, users, target):
    client.force_login(users["staff_a"])
    response = client.post("/logout/", {"next": target})
    assert response.url == "/login/"


@pytest.mark.parametrize("target", EVIL)
def test_language_switch_refuses_a_next_on_another_site(client, users, target):
    client.force_login(users["staff_a"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.url == "/"


@pytest.mark.parametrize("target", EVIL)
def test_two_factor_code_page_refuses_a_next_on_another_site(client, users, target):
    device = authenticator_for(users["office"])
    _password(client, "office")
    response = client.post(
        f"/two-factor/verify/?next={target}", {"code": totp_code(device), "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", EVIL)
def test_two_factor_set_up_refuses_a_next_on_another_site(client, users, target):
    _password(client, "office")
    assert client.get(f"/two-factor/setup/?next={target}").context["next"] == ""
    device = pending_authenticator(client, users["office"])
    response = client.post("/two-factor/setup/", {"code": totp_code(device), "next": target})
    # The recovery codes page continues to the home page, not to the other site.
    assert response.context["codes"]
    assert response.context["next"] == "/"


def test_a_next_on_this_site_is_followed(rf):
    request = rf.post("/x/", {"next": "/reports/?page=2"})
    assert safe_next(request, "/") == "/reports/?page=2"


def test_a_plain_http_next_is_refused_when_the_portal_runs_over_https(rf):
    request = rf.post("/x/", {"next": "http://testserver/reports/"}, secure=True)
    assert safe_next(request, "/") == "/"
    request = rf.post("/x/", {"next": "https://testserver/reports/"}, secure=True)
    assert safe_next(request, "/") == "https://testserver/reports/"
