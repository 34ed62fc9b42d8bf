"""Settings for the test suite: production settings (DEBUG=0) with a throwaway key.

pytest-django imports this module (pyproject.toml) before any conftest, so the key is in
the environment before config.settings checks it, and a worker or server started by a test
inherits it. A SECRET_KEY already in the environment is kept.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from config.settings import *  # noqa: E402, F403

# The cache (Redis when REDIS_URL is set) outlives a run, while a new test database numbers
# its rows from 1 again: a run's keys carry a prefix of their own, so what an earlier run
# kept (home panels, report figures, API counters) is never read as this run's. A worker or
# server started by a test inherits the prefix.
os.environ.setdefault("TEST_CACHE_PREFIX", f"test-{secrets.token_hex(4)}")
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = os.environ["TEST_CACHE_PREFIX"]

# The demo data and the scale seeding are test fixtures too.
if "devtools" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405

# Jobs run by Celery: eagerly inside the test without Redis (a test of the in-process
# runner sets "threads" itself).
JOB_RUNNER = "celery"
