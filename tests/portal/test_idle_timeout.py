"""A login ends after SESSION_IDLE_MINUTES (30) without a page opened, and SESSION_HOURS (8)
after logging in whatever happens; a page polling on a timer keeps nothing alive."""

import time

from portal.signin import LAST_SEEN, SIGNED_IN_AT

MINUTE = 60


def _set_clock(client, *, signed_in_ago, last_seen_ago):
    now = int(time.time())
    session = client.session
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN] = now - last_seen_ago
    session.save()


def test_thirty_idle_minutes_end_the_login_with_a_vietnamese_message(client, users):
    client.force_login(users["staff_a"])
    _set_clock(client, signed_in_ago=40 * MINUTE, last_seen_ago=31 * MINUTE)
    response = client.get("/campaigns/")
    assert response.status_code == 302
    assert response.url == "/login/?next=%2Fcampaigns%2F"
    page = client.get(response.url).content.decode()
    assert "Bạn đã được đăng xuất sau 30 phút không thao tác" in page
    assert client.get("/").status_code == 302


def test_opening_a_page_keeps_the_login_alive(client, users):
    client.force_login(users["staff_a"])
    _set_clock(client, signed_in_ago=50 * MINUTE, last_seen_ago=29 * MINUTE)
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN] >= time.time() - MINUTE


def test_polling_does_not_count_as_activity(client, users):
    client.force_login(users["staff_a"])
    _set_clock(client, signed_in_ago=50 * MINUTE, last_seen_ago=20 * MINUTE)
    before = client.session[LAST_SEEN]
    client.get("/files/999999/", HTTP_HX_REQUEST="true")
    assert client.session[LAST_SEEN] == before


def test_an_idle_htmx_request_sends_the_whole_page_to_the_login(client, users):
    client.force_login(users["staff_a"])
    _set_clock(client, signed_in_ago=40 * MINUTE, last_seen_ago=31 * MINUTE)
    response = client.get("/files/999999/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/login/?next=%2Ffiles%2F999999%2F"


def test_a_login_ends_after_eight_hours_even_when_busy(client, users):
    client.force_login(users["staff_a"])
    _set_clock(client, signed_in_ago=8 * 60 * MINUTE + 1, last_seen_ago=0)
    response = client.get("/")
    assert response.url.startswith("/login/")
    page = client.get(response.url).content.decode()
    assert "Phiên đăng nhập đã hết sau 8 giờ" in page


def test_logging_in_starts_the_clock(client, users):
    before = int(time.time())
    client.post("/login/", {"username": "staff_a", "password": "matkhau-Demo-2025"})
    assert client.session[SIGNED_IN_AT] >= before
    assert client.session[LAST_SEEN] >= before
