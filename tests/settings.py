"""Settings for the test suite: production settings (DEBUG=0) with a throwaway key.

pytest-django imports this module (pyproject.toml) before any conftest, so the key is in
the environment before config.settings checks it, and a worker or server started by a test
inherits it. A SECRET_KEY already in the environment is kept.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from config.settings import *  # noqa: E402, F403

# The demo data and the scale seeding are test fixtures too.
if "devtools" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405

# Jobs run by Celery: eagerly inside the test without Redis (a test of the in-process
# runner sets "threads" itself).
JOB_RUNNER = "celery"
