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
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
