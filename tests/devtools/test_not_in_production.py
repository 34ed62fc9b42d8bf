"""The demo data, the scale seeding and the benchmarks are a development app: production
settings (DEBUG=0, no DEV_TOOLS) do not install it, so none of its commands exists there.

Each case loads config.settings in a fresh interpreter with only the given environment; the
checkout's .env is not read there."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

DEV_COMMANDS = [
    "bench_dossier",
    "bench_initiatives",
    "bench_reminders",
    "demo_code",
    "seed_demo",
    "seed_scale",
]
SCRIPT = (
    "import environ, json\n"
    "environ.Env.read_env = staticmethod(lambda *args, **kwargs: None)\n"
    "import django\n"
    "django.setup()\n"
    "from django.apps import apps\n"
    "from django.core.management import get_commands\n"
    "print(json.dumps([apps.is_installed('devtools'), sorted(get_commands())]))\n"
)


def _installed(**environment):
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    installed, commands = json.loads(result.stdout.strip().splitlines()[-1])
    return installed, [c for c in commands if c in DEV_COMMANDS]


@pytest.mark.parametrize("environment", [{}, {"DEBUG": "0"}, {"DEBUG": "0", "DEV_TOOLS": "0"}])
def test_production_settings_install_no_demo_seeding_or_benchmark(environment):
    assert _installed(**environment) == (False, [])


@pytest.mark.parametrize("environment", [{"DEBUG": "1"}, {"DEV_TOOLS": "1"}])
def test_debug_or_dev_tools_installs_them(environment):
    assert _installed(**environment) == (True, DEV_COMMANDS)
