"""Production (DEBUG=0) refuses to start on a key anyone can know or on any host name.

Each case imports config.settings in a fresh interpreter with only the given environment;
the checkout's .env is not read there."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

STRONG_KEY = secrets.token_urlsafe(50)
IMPORT_SETTINGS = (
    "import environ\n"
    "environ.Env.read_env = staticmethod(lambda *args, **kwargs: None)\n"
    "import config.settings as s\n"
    "print(s.SECRET_KEY)\n"
)


def _load_settings(**environment):
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", IMPORT_SETTINGS],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({}, "SECRET_KEY is not set"),
        ({"DEBUG": "0", "SECRET_KEY": ""}, "SECRET_KEY is not set"),
        (
            {"SECRET_KEY": "insecure-development-key-change-me-" + "x" * 20},
            "SECRET_KEY is the published development key",
        ),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY}, "published development key"),
        ({"SECRET_KEY": STRONG_KEY[:49]}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY is too weak"),
        (
            {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "congthidua.example.gov.vn,*"},
            "ALLOWED_HOSTS contains '*'",
        ),
    ],
)
def test_production_refuses_to_start(environment, message):
    result = _load_settings(**environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_its_own_key():
    result = _load_settings(SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="congthidua.example.gov.vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == STRONG_KEY


def test_development_uses_the_development_key_without_configuration():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == settings.DEVELOPMENT_SECRET_KEY
