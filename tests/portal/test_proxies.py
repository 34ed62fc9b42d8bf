"""The client's address and scheme come from proxy headers only when the portal is told
it runs behind that many proxies (TRUSTED_PROXY_COUNT); otherwise the client wrote them."""

import runpy
from pathlib import Path

import pytest

from portal.http import client_ip

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"


def _request(rf, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return rf.get("/", REMOTE_ADDR="10.0.0.5", **headers)


def test_without_proxies_a_forwarded_for_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(rf, "203.0.113.9")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # One proxy: it appended the address it saw; what the client wrote is left of it.
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # Two proxies: the outer one's entry is second from the right.
        (2, "6.6.6.6, 203.0.113.9, 172.16.0.2", "203.0.113.9"),
        (1, None, "10.0.0.5"),
    ],
)
def test_behind_proxies_the_client_is_the_nth_entry_from_the_right(
    rf, settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(rf, forwarded)) == expected


def test_spoofed_forwarded_for_does_not_escape_the_login_lock(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        response = client.post(
            "/login/",
            {"username": "staff_a", "password": "sai"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    assert response.status_code == 429


def test_behind_a_proxy_the_lock_follows_the_client_address(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/login/",
            {"username": "staff_a", "password": "sai"},
            REMOTE_ADDR="172.16.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Another client behind the same proxy is not locked out.
    response = client.post(
        "/login/",
        {"username": "staff_a", "password": "matkhau-Demo-2025"},
        REMOTE_ADDR="172.16.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert response.status_code == 302


def _settings_with(monkeypatch, **environ):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_forwarded_proto_is_believed_only_behind_a_proxy(monkeypatch):
    direct = _settings_with(monkeypatch, HTTPS="1", TRUSTED_PROXY_COUNT="0")
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    proxied = _settings_with(monkeypatch, HTTPS="1", TRUSTED_PROXY_COUNT="1")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
