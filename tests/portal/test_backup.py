"""manage.py backup / restore: one snapshot of the rows and the files comes back exactly,
and a backup that was changed after it was written is refused before anything is touched.

The data is committed (transactional tests): the commands read and write the database the
connection uses, here the test database."""

import hashlib
import io
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from portal.backup import _stored_names
from portal.models import GeneratedFile
from tests.factories import UserFactory
from units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://..."
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def _rows():
    """Every row of every table, as plain values."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


def _files():
    return {name: default_storage.open(name).read() for name in _stored_names()}


@pytest.fixture
def portal_data(users, org):
    """The org and its accounts, a rendered file a row points at, and an upload."""
    dossier = GeneratedFile.objects.create(
        kind="dossier",
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=org["school_a"].pk,
        status=GeneratedFile.Status.DONE,
    )
    dossier.file.save("ho-so-khen-thuong.pdf", ContentFile(b"%PDF-1.7 ho so"), save=True)
    default_storage.save("reports/2025/Báo cáo năm 2025.docx", ContentFile(b"PK\x03\x04 bao cao"))
    return dossier


def _round_trip(tmp_path, portal_data, org):
    rows, files = _rows(), _files()
    assert len(files) == 2
    call_command("backup", str(tmp_path / "backup"))

    # Everything changes afterwards: rows edited, added, deleted; files rewritten,
    # deleted, added.
    Unit.objects.filter(pk=org["school_b"].pk).update(name="Đã đổi tên")
    UserFactory(username="created_after_backup")
    GeneratedFile.objects.all().delete()
    default_storage.delete(portal_data.file.name)
    default_storage.delete("reports/2025/Báo cáo năm 2025.docx")
    default_storage.save("reports/2025/Báo cáo năm 2025.docx", ContentFile(b"other content"))
    default_storage.save("reports/2026/new.pdf", ContentFile(b"%PDF new"))
    assert _rows() != rows

    call_command("restore", str(tmp_path / "backup"), "--noinput")

    assert _rows() == rows
    assert _files() == files
    restored = GeneratedFile.objects.get()
    assert restored.file.read() == b"%PDF-1.7 ho so"
    # The restored database keeps working: new rows get fresh keys.
    assert UserFactory(username="after_restore").pk > max(row["id"] for row in rows["units.User"])


@on_postgresql
def test_postgresql_round_trip(tmp_path, portal_data, org):
    _round_trip(tmp_path, portal_data, org)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.pgdump"}


@on_sqlite
def test_sqlite_round_trip(tmp_path, portal_data, org):
    _round_trip(tmp_path, portal_data, org)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}


def test_manifest_holds_the_hash_of_every_file(tmp_path, portal_data):
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    database = manifest["database"]["file"]
    assert set(manifest["sha256"]) == {
        database,
        f"files/{portal_data.file.name}",
        "files/reports/2025/Báo cáo năm 2025.docx",
    }
    assert manifest["sha256"]["files/reports/2025/Báo cáo năm 2025.docx"] == (
        hashlib.sha256(b"PK\x03\x04 bao cao").hexdigest()
    )


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (
            lambda backup: (backup / "files/reports/2025/Báo cáo năm 2025.docx").write_bytes(b"x"),
            "changed: files/reports/2025/Báo cáo năm 2025.docx",
        ),
        (
            lambda backup: (backup / "files/reports/2025/extra.pdf").write_bytes(b"%PDF"),
            "not in the manifest: files/reports/2025/extra.pdf",
        ),
        (
            lambda backup: (backup / "files/reports/2025/Báo cáo năm 2025.docx").unlink(),
            "missing: files/reports/2025/Báo cáo năm 2025.docx",
        ),
    ],
    ids=["changed", "added", "removed"],
)
def test_a_tampered_backup_is_refused_before_anything_changes(
    tmp_path, portal_data, org, tamper, problem
):
    call_command("backup", str(tmp_path / "backup"))
    tamper(tmp_path / "backup")
    Unit.objects.filter(pk=org["school_b"].pk).update(name="Sửa sau sao lưu")
    files = _files()

    with pytest.raises(CommandError, match="does not match its manifest") as refused:
        call_command("restore", str(tmp_path / "backup"), "--noinput")

    assert problem in str(refused.value)
    assert Unit.objects.get(pk=org["school_b"].pk).name == "Sửa sau sao lưu"
    assert _files() == files


def test_a_changed_database_dump_is_refused(tmp_path, portal_data, org):
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    dump = tmp_path / "backup" / manifest["database"]["file"]
    content = bytearray(dump.read_bytes())
    content[len(content) // 2] ^= 0xFF
    dump.write_bytes(bytes(content))
    UserFactory(username="kept")

    with pytest.raises(CommandError, match=f"changed: {manifest['database']['file']}"):
        call_command("restore", str(tmp_path / "backup"), "--noinput")
    assert UserFactory._meta.model.objects.filter(username="kept").exists()


def test_backup_never_writes_into_a_folder_in_use(tmp_path, portal_data):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("keep")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / "notes.txt").read_text() == "keep"


def test_a_rewritten_manifest_is_refused_given_the_printed_hash(tmp_path, portal_data, org):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backup"), stdout=out)
    printed = out.getvalue().split()[-1]
    # Someone changes a file and writes its new hash into the manifest.
    backup = tmp_path / "backup"
    changed = backup / "files/reports/2025/Báo cáo năm 2025.docx"
    changed.write_bytes(b"forged")
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["sha256"]["files/reports/2025/Báo cáo năm 2025.docx"] = hashlib.sha256(
        b"forged"
    ).hexdigest()
    (backup / "manifest.json").write_text(json.dumps(manifest))
    Unit.objects.filter(pk=org["school_b"].pk).update(name="Sửa sau sao lưu")

    with pytest.raises(CommandError, match="not the manifest the backup wrote"):
        call_command("restore", str(backup), "--noinput", "--manifest-sha256", printed)
    assert Unit.objects.get(pk=org["school_b"].pk).name == "Sửa sau sao lưu"


def test_a_file_a_row_needs_but_the_storage_lost_is_named(tmp_path, portal_data):
    default_storage.delete(portal_data.file.name)
    err = io.StringIO()
    call_command("backup", str(tmp_path / "backup"), stderr=err)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["missing_files"] == [portal_data.file.name]
    assert portal_data.file.name in err.getvalue()
