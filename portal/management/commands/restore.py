"""manage.py restore <folder>: check a backup's hashes, then restore it (portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Check that a backup folder matches its manifest, then replace the database and the "
        "stored files with it. Files that are not in the backup are deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by manage.py backup")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )
        parser.add_argument(
            "--manifest-sha256",
            default="",
            help="the manifest hash the backup printed: refuses a manifest rewritten since",
        )

    def handle(self, *args, folder, interactive, manifest_sha256, **options):
        try:
            manifest = backup_verify(source=folder, expected_manifest_sha256=manifest_sha256)
            if interactive:
                answer = input(
                    f"The backup of {manifest['created']} will replace the database and every "
                    "stored file. Type 'yes' to continue: "
                )
                if answer != "yes":
                    raise CommandError("Restore cancelled.")
            backup_restore(source=folder, expected_manifest_sha256=manifest_sha256)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {folder} ({manifest['created']})")
