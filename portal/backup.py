"""One consistent snapshot of the database and the stored files, and its restore.

A backup is a folder:

    manifest.json          what is in it, with the SHA-256 of every other file
    database.pgdump        PostgreSQL: pg_dump --format=custom of one exported snapshot
    database.sqlite3       SQLite: a copy made by SQLite's online backup API
    files/<name>           every file of the default storage (local folder or S3), by name

The database is read in one repeatable-read transaction; the files are copied after its
snapshot was taken. Files are stored under generated names and never rewritten, so every
file a row of the snapshot refers to is in the backup, unless it was deleted while the
backup ran: that is reported and written in the manifest.

A restore first checks that the folder holds exactly the files of the manifest with their
hashes, and refuses a folder that differs, before it changes anything.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.postgresql.client import DatabaseClient

MANIFEST = "manifest.json"
FORMAT = 1
FILES_FOLDER = "files"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be made, or the folder is not a backup this portal may restore."""


def backup_create(*, target: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a snapshot of the database and of every stored file into `target` (a new or
    empty folder) and return its manifest."""
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    if connection.in_atomic_block:
        raise BackupError("A backup must start outside a transaction.")
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty folder.")
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _write_backup(target, connection, using)
    except BaseException:
        # Nothing half-written is left to be mistaken for a backup.
        shutil.rmtree(target, ignore_errors=True)
        raise


def _write_backup(target: Path, connection, using: str) -> dict:
    database_file = target / DATABASE_FILES[connection.vendor]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            referenced = _referenced_files(using)
            # pg_dump reads the very snapshot this transaction holds open.
            _run_pg(
                "pg_dump",
                connection.settings_dict,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={database_file}",
            )
        else:
            referenced = _referenced_files(using)  # opens the read transaction
            destination = sqlite3.connect(database_file)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()

    files = {}
    for name in _stored_names():
        path = target / FILES_FOLDER / _safe_relative(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        files[f"{FILES_FOLDER}/{name}"] = _sha256(path)
    missing = sorted(referenced - {name.removeprefix(f"{FILES_FOLDER}/") for name in files})

    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": database_file.name},
        "storage": f"{type(default_storage).__module__}.{type(default_storage).__name__}",
        "missing_files": missing,
        "sha256": {database_file.name: _sha256(database_file), **files},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def manifest_sha256(*, source: Path) -> str:
    """The hash of the manifest itself: kept apart from the backup (printed by the backup
    command), it shows that the manifest was not rewritten to match changed files."""
    return _sha256(Path(source) / MANIFEST)


def backup_verify(*, source: Path, expected_manifest_sha256: str = "") -> dict:
    """The manifest of the backup in `source`, once every file matches its hash and no file
    was added or removed (and the manifest has the expected hash, when given); BackupError
    listing the differences otherwise."""
    source = Path(source)
    if expected_manifest_sha256 and (
        not (source / MANIFEST).is_file()
        or manifest_sha256(source=source) != expected_manifest_sha256.strip().lower()
    ):
        raise BackupError(
            f"{source / MANIFEST} is not the manifest the backup wrote (its SHA-256 differs); "
            "nothing was restored."
        )
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        hashes = manifest["sha256"]
        database = manifest["database"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT or database.get("file") not in hashes:
        raise BackupError(f"{source / MANIFEST} is not a manifest this portal writes.")
    for name in hashes:
        _safe_relative(name)
    present = {
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.is_file() and path != source / MANIFEST
    }
    problems = [f"missing: {name}" for name in sorted(hashes.keys() - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - hashes.keys())]
    problems += [
        f"changed: {name}"
        for name in sorted(hashes.keys() & present)
        if _sha256(source / name) != hashes[name]
    ]
    if problems:
        raise BackupError(
            "The backup does not match its manifest; nothing was restored.\n  "
            + "\n  ".join(problems)
        )
    return manifest


def backup_restore(
    *, source: Path, expected_manifest_sha256: str = "", using: str = DEFAULT_DB_ALIAS
) -> dict:
    """Replace the database and the stored files with the backup in `source`, after
    backup_verify passed. Files of the storage that are not in the backup are deleted."""
    source = Path(source)
    manifest = backup_verify(source=source, expected_manifest_sha256=expected_manifest_sha256)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database, this one is {connection.vendor}.")
    if connection.in_atomic_block:
        raise BackupError("A restore must start outside a transaction.")
    database_file = source / manifest["database"]["file"]

    if vendor == "postgresql":
        connection.close()
        _run_pg(
            "pg_restore",
            connection.settings_dict,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database_file),
        )
    else:
        connection.ensure_connection()
        backup = sqlite3.connect(database_file)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()

    wanted = {
        name.removeprefix(f"{FILES_FOLDER}/")
        for name in manifest["sha256"]
        if name.startswith(f"{FILES_FOLDER}/")
    }
    for name in sorted(set(_stored_names()) - wanted):
        default_storage.delete(name)
    for name in sorted(wanted):
        if default_storage.exists(name):
            default_storage.delete(name)
        with (source / FILES_FOLDER / name).open("rb") as content:
            saved = default_storage.save(name, File(content, name=PurePosixPath(name).name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}.")
    return manifest


def _referenced_files(using: str) -> set[str]:
    """Names of the stored files that rows of the database refer to."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.using(using)
                    .exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                )
    return names


def _stored_names(folder: str = ""):
    """Every file name of the default storage (local folder or S3), recursively."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_names(f"{folder}/{sub}" if folder else sub)


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(f"Unsafe file name in the backup: {name!r}.")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as content:
        while chunk := content.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _run_pg(program: str, settings_dict: dict, *arguments: str) -> None:
    """Run pg_dump or pg_restore against the connection's database (its NAME as the
    settings say now: under pytest, the test database)."""
    _, environment = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(environment or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    environment["PGDATABASE"] = settings_dict["NAME"]
    try:
        subprocess.run(
            [program, *arguments], env=environment, check=True, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise BackupError(f"{program} is not installed (Debian: postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{program} failed: {error.stderr.strip()}") from error
