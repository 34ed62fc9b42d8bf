"""Every string a user sees is translated: the catalogs are complete and hold every string
the code marks for translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from portal.management.commands.compilecatalogs import catalog_paths

BASE = Path(settings.BASE_DIR)
APPS = ["units", "campaigns", "initiatives", "reports", "awards"]
CATALOG = Path("locale/vi/LC_MESSAGES/django.po")


def _gettext_tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext's {name} is needed to check the catalogs (Debian: gettext)")
    return path


def test_there_is_a_vietnamese_catalog_for_the_project_and_every_app():
    expected = {BASE / CATALOG} | {BASE / app / CATALOG for app in APPS}
    assert expected <= set(catalog_paths())


@pytest.mark.parametrize("po_path", catalog_paths(), ids=lambda p: str(p.relative_to(BASE)))
def test_catalog_has_no_untranslated_or_fuzzy_entry(po_path):
    catalog = polib.pofile(str(po_path))
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", catalog_paths(), ids=lambda p: str(p.relative_to(BASE)))
def test_catalog_placeholders_match(po_path):
    result = subprocess.run(
        [_gettext_tool("msgfmt"), "--check-format", "-o", "/dev/null", str(po_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _msgids(root: Path) -> dict[str, set[str]]:
    return {
        str(path.relative_to(root)): {e.msgid for e in polib.pofile(str(path)) if not e.obsolete}
        for path in sorted(root.rglob("locale/vi/LC_MESSAGES/django.po"))
    }


def test_catalogs_hold_every_string_marked_in_the_code(tmp_path):
    """Extract the strings again from a copy of the code: nothing may be missing."""
    _gettext_tool("xgettext")
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "test-artifacts", "var", "staticfiles", "*.mo", "__pycache__", "static"
    )
    shutil.copytree(BASE, copy, ignore=ignore)
    django_admin = [str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "vi"]
    django_admin.append("--no-obsolete")
    env = {"PATH": shutil.os.environ["PATH"]}
    ignores = [f"--ignore={name}" for name in [*APPS, "tests", "static"]]
    runs = [(copy / app, django_admin) for app in APPS] + [(copy, django_admin + ignores)]
    for folder, command in runs:
        (folder / "locale").mkdir(exist_ok=True)
        result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    committed, extracted = _msgids(BASE), _msgids(copy)
    missing = {
        path: sorted(ids - committed.get(path, set()))
        for path, ids in extracted.items()
        if ids - committed.get(path, set())
    }
    assert missing == {}, "run `make messages` and translate the new strings"


def test_pages_are_vietnamese_by_default_and_english_on_request(client, users):
    client.force_login(users["staff_a"])
    page = client.get("/").content.decode()
    assert "Trang chủ" in page
    assert "Phong trào" in page

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Campaigns" in page
    assert "Phong trào" not in page


def test_an_english_browser_still_gets_vietnamese_pages(client, users):
    client.force_login(users["staff_a"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Trang chủ" in page
    assert "Campaigns" not in page
