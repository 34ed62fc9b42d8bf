import pytest
from django.utils import translation

from units.models import Role


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("staff_a", Role.UNIT_STAFF),
        ("head_a", Role.UNIT_HEAD),
        ("office", Role.OFFICE),
        ("council", Role.COUNCIL),
        ("leader", Role.LEADER),
        ("admin", Role.ADMIN),
    ],
)
def test_home_greets_the_user_and_shows_their_role(client, users, username, role):
    user = users[username]
    client.force_login(user)
    page = client.get("/").content.decode()
    with translation.override("vi"):
        label = str(Role(role).label)
    assert f"Xin chào, {user.person.full_name}" in page
    assert f"{label} — {user.role_assignments.get().unit.name}" in page


def test_a_user_without_role_is_told_to_ask_the_office(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert "Tài khoản của bạn chưa được phân vai trò" in page


def test_accounts_menu_only_for_managers(client, users):
    client.force_login(users["staff_a"])
    assert "Tài khoản</a>" not in client.get("/").content.decode()
    client.force_login(users["office"])
    assert "Tài khoản</a>" in client.get("/").content.decode()
