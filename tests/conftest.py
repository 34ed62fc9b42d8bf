"""Fixtures every test package uses: a small organisation and one user per role.

department (Sở)            <- office, leader, admin, council assigned here
├── office (Văn phòng Sở)
├── school_a               <- staff_a, head_a
│   └── school_a_branch
└── school_b               <- staff_b
other_department           <- outsider_office (another organisation)
"""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory
from tests.signin import authenticator_for, needs_second_factor
from units.models import Role, UnitKind


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """Tests read the translations as they are in the .po files."""
    call_command("compilecatalogs", verbosity=0)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _in_process_cache_forgotten():
    """On SQLite a rolled-back test's row numbers are given again to the next test's rows:
    what a test kept in the in-process cache (home panels, report figures) is forgotten
    before the next one reads it. (Redis is shared by several processes and is left alone:
    PostgreSQL never numbers a row twice in a run, and each run has its own key prefix.)"""
    from django.core.cache import caches

    for alias, options in django_settings.CACHES.items():
        if options["BACKEND"].endswith("LocMemCache"):
            caches[alias].clear()


@pytest.fixture(autouse=True)
def _deliveries_in_process(request, monkeypatch):
    """Emails of the delivery outbox leave in-process once the change commits, even when
    REDIS_URL is set, so `mail.outbox` shows them; tests marked `worker` use a real one."""
    if request.node.get_closest_marker("worker"):
        return
    from portal.tasks import deliver

    monkeypatch.setattr(deliver, "delay", lambda ids: deliver.apply(args=(ids,)))


class SignedInClient(Client):
    """`force_login` stands for a whole login: a user who must (or chose to) give a code
    from an authenticator app after the password gets a session verified with that
    authenticator, as the code page leaves it (django_otp.login stores the same key).
    The two-factor check itself stays on: tests of it log in through the pages."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
            session.save()


@pytest.fixture
def client():
    return SignedInClient()


@pytest.fixture
def org(db):
    """The unit tree of one department and one unrelated department."""
    department = UnitFactory(
        code="SGD",
        name="Sở Giáo dục và Đào tạo",
        kind=UnitKind.DEPARTMENT,
        headcount=80,
        place="Hải Phòng",
        short_code="SGDĐT",
    )
    office = UnitFactory(
        code="VP",
        name="Văn phòng Sở",
        kind=UnitKind.DEPARTMENT_OFFICE,
        parent=department,
        headcount=20,
    )
    school_a = UnitFactory(
        code="THA",
        name="Trường THPT An Lão",
        kind=UnitKind.UPPER_SECONDARY,
        parent=department,
        headcount=90,
    )
    school_a_branch = UnitFactory(
        code="THA2", name="Tổ Toán – Tin", kind=UnitKind.OTHER, parent=school_a, headcount=12
    )
    school_b = UnitFactory(
        code="THB",
        name="Trường THPT Bạch Đằng",
        kind=UnitKind.UPPER_SECONDARY,
        parent=department,
        headcount=70,
    )
    other = UnitFactory(
        code="SKHCN", name="Sở Khoa học và Công nghệ", kind=UnitKind.DEPARTMENT, headcount=60
    )
    return {
        "department": department,
        "office": office,
        "school_a": school_a,
        "school_a_branch": school_a_branch,
        "school_b": school_b,
        "other": other,
    }


def _user_with_role(username, role, unit, person_unit=None):
    user = UserFactory(username=username, person__unit=person_unit or unit)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def users(org):
    """One account per role; `outsider` is office staff of another department."""
    return {
        "staff_a": _user_with_role("staff_a", Role.UNIT_STAFF, org["school_a"]),
        "head_a": _user_with_role("head_a", Role.UNIT_HEAD, org["school_a"]),
        "staff_b": _user_with_role("staff_b", Role.UNIT_STAFF, org["school_b"]),
        "office": _user_with_role("office", Role.OFFICE, org["department"], org["office"]),
        "leader": _user_with_role("leader", Role.LEADER, org["department"], org["office"]),
        "admin": _user_with_role("admin", Role.ADMIN, org["department"], org["office"]),
        "council": _user_with_role("council", Role.COUNCIL, org["department"], org["school_b"]),
        "outsider": _user_with_role("outsider", Role.OFFICE, org["other"]),
    }


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def eager_tasks():
    """Celery tasks run inside the test, even when REDIS_URL names a broker."""
    from config import celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def job_file(eager_tasks, django_capture_on_commit_callbacks):
    """job_file(client, url) -> the download of the file a POST to `url` asks for, once its
    job ran (the POST answers with a redirect to the page that shows its progress)."""
    from portal.models import GeneratedFile

    def _make(client, url):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302, response.content[:500]
        generated = GeneratedFile.objects.latest("id")
        generated.refresh_from_db()
        assert generated.status == GeneratedFile.Status.DONE, generated.error or generated.notice
        return client.get(f"/files/{generated.pk}/?download=1")

    return _make
