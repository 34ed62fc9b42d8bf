"""Each role × each units view: allowed, or 404 when outside the user's scope."""

import pytest
from django.urls import reverse

from units.models import Role, RoleAssignment

EVERYONE = {"staff_a", "head_a", "staff_b", "office", "leader", "admin", "council", "outsider"}
SCHOOL_A = {"staff_a", "head_a", "office", "leader", "admin"}
MANAGERS_HERE = {"office", "admin"}
ANY_MANAGER = {"office", "admin", "outsider"}


def _targets(org, users, person_a):
    return {
        "tree": (reverse("units:tree"), EVERYONE),
        "people": (reverse("units:people"), EVERYONE),
        "export_units": (reverse("units:export_units"), EVERYONE),
        "export_people": (reverse("units:export_people"), EVERYONE),
        "detail": (reverse("units:detail", args=[org["school_a"].pk]), SCHOOL_A),
        "detail_branch": (reverse("units:detail", args=[org["school_a_branch"].pk]), SCHOOL_A),
        "person": (reverse("units:person", args=[person_a.pk]), SCHOOL_A),
        "create": (reverse("units:create"), ANY_MANAGER),
        "edit": (reverse("units:edit", args=[org["school_a"].pk]), MANAGERS_HERE),
        "person_create": (reverse("units:person_create"), ANY_MANAGER),
        "person_edit": (reverse("units:person_edit", args=[person_a.pk]), MANAGERS_HERE),
        "accounts": (reverse("units:accounts"), ANY_MANAGER),
        "account": (reverse("units:account", args=[users["staff_a"].pk]), MANAGERS_HERE),
        "account_create": (reverse("units:account_create", args=[person_a.pk]), MANAGERS_HERE),
        "import_units": (reverse("units:import_units"), ANY_MANAGER),
        "import_people": (reverse("units:import_people"), ANY_MANAGER),
        "template_units": (reverse("units:template_units"), ANY_MANAGER),
        "template_people": (reverse("units:template_people"), ANY_MANAGER),
    }


VIEWS = [
    "tree", "people", "export_units", "export_people", "detail", "detail_branch", "person",
    "create", "edit", "person_create", "person_edit", "accounts", "account", "account_create",
    "import_units", "import_people", "template_units", "template_people",
]  # fmt: skip
USERS = sorted(EVERYONE)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("username", USERS)
def test_get_permission_matrix(client, org, users, person_a, view, username):
    url, allowed = _targets(org, users, person_a)[view]
    client.force_login(users[username])
    response = client.get(url)
    assert response.status_code == (200 if username in allowed else 404)


@pytest.mark.parametrize("view", ["tree", "detail", "people", "accounts", "import_units"])
def test_anonymous_is_sent_to_login(client, org, users, person_a, view):
    url, _allowed = _targets(org, users, person_a)[view]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("username", USERS)
def test_deactivate_permission(client, users, username):
    target = users["staff_a"]
    client.force_login(users[username])
    response = client.post(reverse("units:account_deactivate", args=[target.pk]))
    target.refresh_from_db()
    if username in MANAGERS_HERE:
        assert response.status_code == 302
        assert target.is_active is False
    else:
        assert response.status_code == 404
        assert target.is_active is True


@pytest.mark.parametrize("username", USERS)
def test_role_add_permission(client, org, users, username):
    target = users["staff_b"]
    client.force_login(users[username])
    response = client.post(
        reverse("units:role_add", args=[target.pk]),
        {"role": Role.UNIT_HEAD, "unit": org["school_b"].code},
    )
    granted = RoleAssignment.objects.filter(user=target, role=Role.UNIT_HEAD).exists()
    if username in MANAGERS_HERE:
        assert response.status_code == 302
        assert granted is True
    else:
        assert response.status_code == 404
        assert granted is False


@pytest.mark.parametrize("username", USERS)
def test_role_remove_permission(client, users, username):
    assignment = users["staff_b"].role_assignments.get()
    client.force_login(users[username])
    response = client.post(reverse("units:role_remove", args=[assignment.pk]))
    still = RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert response.status_code == (302 if username in MANAGERS_HERE else 404)
    assert still is (username not in MANAGERS_HERE)


def test_a_manager_cannot_grant_a_role_outside_their_scope(client, org, users):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:role_add", args=[users["staff_b"].pk]),
        {"role": Role.OFFICE, "unit": org["other"].code},
        follow=True,
    )
    assert not RoleAssignment.objects.filter(unit=org["other"], user=users["staff_b"]).exists()
    assert "Chưa cấp vai trò: hãy chọn một vai trò và một đơn vị trong phạm vi của bạn." in (
        response.content.decode()
    )


def test_office_cannot_grant_the_administrator_role(client, org, users):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:role_add", args=[users["staff_b"].pk]),
        {"role": Role.ADMIN, "unit": org["school_b"].code},
        follow=True,
    )
    assert not RoleAssignment.objects.filter(user=users["staff_b"], role=Role.ADMIN).exists()
    assert (
        "Bạn không được cấp vai trò “Quản trị”: chỉ người có cấp cao hơn vai trò đó mới được cấp."
        in response.content.decode()
    )


def test_office_cannot_move_a_unit_to_another_organisation(client, org, users):
    client.force_login(users["office"])
    school = org["school_a"]
    response = client.post(
        reverse("units:edit", args=[school.pk]),
        {"code": school.code, "name": school.name, "kind": school.kind,
         "parent": org["other"].code, "headcount": 90, "active": "on"},
    )  # fmt: skip
    school.refresh_from_db()
    assert response.status_code == 200
    assert school.parent == org["department"]
