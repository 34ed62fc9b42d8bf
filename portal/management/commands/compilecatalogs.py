"""Compile every gettext catalog (.po -> .mo) without needing GNU gettext installed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalog_paths() -> list[Path]:
    """The project's and every app's .po files."""
    base = Path(settings.BASE_DIR)
    skip = {".venv", "node_modules", ".git", "staticfiles"}
    return sorted(
        p for p in base.rglob("locale/*/LC_MESSAGES/*.po") if not skip.intersection(p.parts)
    )


class Command(BaseCommand):
    help = "Compile the gettext catalogs of the project and its apps."

    def handle(self, *args, **options):
        for po_path in catalog_paths():
            # Always compiled (a fraction of a second): a stale .mo is never served.
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
