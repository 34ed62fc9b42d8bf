"""Every export leaves a row (who, when, what, from where) that administrators read within
their organisation; a superuser reads all; nobody changes them."""

import pytest
from django.urls import reverse

from portal.models import DownloadRecord, GeneratedFile
from tests.conftest import _user_with_role
from tests.factories import UserFactory
from units.models import Role


@pytest.mark.parametrize(
    "url, name", [("units:export_units", "don-vi-"), ("units:export_people", "ca-nhan-")]
)
def test_unit_and_people_exports_are_recorded_when_they_leave(client, users, url, name, job_file):
    client.force_login(users["office"])
    client.defaults["REMOTE_ADDR"] = "203.0.113.7"
    assert client.get(reverse(url), {"q": "THA"}).status_code == 200
    assert not DownloadRecord.objects.exists()  # the page shows the export, nothing leaves
    response = job_file(client, reverse(url) + "?q=THA")
    assert response.status_code == 200
    generated = GeneratedFile.objects.get()
    [row] = DownloadRecord.objects.all()
    assert (row.user, row.username, row.ip, row.kind) == (
        users["office"],
        "office",
        "203.0.113.7",
        DownloadRecord.Kind.EXPORT,
    )
    assert row.what.startswith(name) and row.what.endswith(".xlsx")
    assert row.path == f"/files/{generated.pk}/?download=1"
    assert generated.params == {"query": "q=THA"}
    assert row.at is not None


@pytest.fixture
def rows(org, users):
    other_admin = _user_with_role("other_admin", Role.ADMIN, org["other"])
    make = DownloadRecord.objects.create
    return {
        "school_a_file": make(kind="attachment", what="a.pdf", unit=org["school_a"]),
        "staff_export": make(kind="export", what="ca-nhan.xlsx", user=users["staff_a"]),
        "other_file": make(kind="attachment", what="b.pdf", unit=org["other"]),
        "other_export": make(kind="export", what="don-vi.xlsx", user=other_admin),
        "other_admin": other_admin,
    }


def test_an_administrator_reads_only_their_organisations_rows(client, users, rows):
    client.force_login(users["admin"])
    response = client.get(reverse("downloads"))
    assert response.status_code == 200
    assert {r.what for r in response.context["page"]} == {"a.pdf", "ca-nhan.xlsx"}
    client.force_login(rows["other_admin"])
    response = client.get(reverse("downloads"))
    assert {r.what for r in response.context["page"]} == {"b.pdf", "don-vi.xlsx"}


def test_a_superuser_reads_every_row(client, rows):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(reverse("downloads"))
    assert len(response.context["page"].object_list) == 4


@pytest.mark.parametrize("who", ["staff_a", "head_a", "office", "leader", "council", "outsider"])
def test_other_roles_do_not_see_the_list(client, users, rows, who):
    client.force_login(users[who])
    assert client.get(reverse("downloads")).status_code == 404


def test_the_list_cannot_be_changed(client, users, rows):
    client.force_login(users["admin"])
    assert client.post(reverse("downloads"), {"id": rows["school_a_file"].pk}).status_code == 405
    assert DownloadRecord.objects.count() == 4


def test_the_menu_offers_the_list_to_administrators_only(client, users):
    client.force_login(users["admin"])
    assert reverse("downloads") in client.get(reverse("home")).content.decode()
    client.force_login(users["office"])
    assert reverse("downloads") not in client.get(reverse("home")).content.decode()
