"""Load the demo: the five plans of DESIGN.md §7, their unit trees, people, one login per
role, and some work in progress. Idempotent: a second run keeps what is there."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

# Each app's demo seeds its part, in this order: `devtools.demo.<app>.seed(stdout)`.
DEMO_MODULES = [
    f"devtools.demo.{app}"
    for app in (
        "units",
        "campaigns",
        "initiatives",
        "reports",
        "awards",
        # Before the levels: the package forwarded there is signed with the demo certificate.
        "signing",
        "levels",
        "api",
    )
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        # The demo's own workflow steps notify in the portal; their emails are not sent.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                module.seed(self.stdout)
        from devtools.demo.units import print_logins

        print_logins(self.stdout)
