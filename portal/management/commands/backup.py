"""manage.py backup <folder>: one snapshot of the database and the files (portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_create, manifest_sha256


class Command(BaseCommand):
    help = (
        "Write one consistent snapshot of the database and of every stored file, with a "
        "manifest of their SHA-256 hashes, into a new folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder that does not exist or is empty")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup_create(target=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in manifest["missing_files"]:
            self.stderr.write(f"deleted while the backup ran, not in it: {name}")
        self.stdout.write(
            f"{folder}: {manifest['database']['vendor']} database and "
            f"{len(manifest['sha256']) - 1} files\n"
            f"manifest SHA-256 (keep it apart, give it to restore --manifest-sha256): "
            f"{manifest_sha256(source=folder)}"
        )
