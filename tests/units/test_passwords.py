"""A password like the user name or the person's name is refused, accents or not."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.services import history_for
from tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from units import services
from units.models import Role, User

TOO_SIMILAR = "Mật khẩu quá giống"


@pytest.fixture
def an(org):
    return PersonFactory(full_name="Nguyễn Văn An", unit=org["school_b"], email="an@example.vn")


@pytest.mark.parametrize(
    "password",
    ["NguyenVanAn2025", "nguyen.van.an", "Nguyễn Văn An 2025", "AnNguyenVan@1"],
)
def test_account_creation_refuses_the_persons_name(org, users, an, password):
    with pytest.raises(ValidationError) as refused:
        services.account_create(person=an, username="annv", password=password, by=users["office"])
    assert any(TOO_SIMILAR in message for message in refused.value.messages)
    assert not User.objects.filter(person=an).exists()


def test_account_creation_refuses_the_user_name(org, users, an):
    with pytest.raises(ValidationError):
        services.account_create(
            person=an, username="thiduatruong", password="ThiDuaTruong#7", by=users["office"]
        )
    assert not User.objects.filter(person=an).exists()


def test_a_password_unlike_the_name_is_accepted(org, users, an):
    account = services.account_create(
        person=an, username="annv", password="Hoa-Phuong-Do-1975", by=users["office"]
    )
    assert account.check_password("Hoa-Phuong-Do-1975")


def test_the_create_page_says_why_in_vietnamese(client, users, an):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:account_create", args=[an.pk]),
        {"username": "annv", "email": "", "password": "NguyenVanAn2025"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(person=an).exists()
    assert (
        "Mật khẩu quá giống họ và tên của tài khoản: hãy chọn mật khẩu không chứa tên."
        in response.content.decode()
    )


@pytest.fixture
def an_account(org, an):
    user = UserFactory(username="annv", email="an@example.vn", person=an)
    RoleAssignmentFactory(user=user, role=Role.UNIT_STAFF, unit=org["school_b"])
    return user


def test_a_manager_cannot_set_a_password_like_the_name(client, users, an_account):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:account_password", args=[an_account.pk]),
        {"new_password1": "NguyenVanAn2025", "new_password2": "NguyenVanAn2025"},
    )
    an_account.refresh_from_db()
    assert response.status_code == 200
    assert TOO_SIMILAR in response.content.decode()
    assert an_account.check_password("matkhau-Demo-2025")
    with pytest.raises(ValidationError):
        services.account_password_set(
            account=an_account, password="nguyenvanan", by=users["office"]
        )


def test_the_person_cannot_change_to_a_password_like_their_name(client, an_account):
    client.force_login(an_account)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "matkhau-Demo-2025",
            "new_password1": "NguyenVanAn2025",
            "new_password2": "NguyenVanAn2025",
        },
    )
    an_account.refresh_from_db()
    assert response.status_code == 200
    assert TOO_SIMILAR in response.content.decode()
    assert an_account.check_password("matkhau-Demo-2025")


def test_a_manager_sets_a_new_password_and_history_keeps_who_not_what(client, users, an_account):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:account_password", args=[an_account.pk]),
        {"new_password1": "Hoa-Phuong-Do-1975", "new_password2": "Hoa-Phuong-Do-1975"},
        follow=True,
    )
    an_account.refresh_from_db()
    assert an_account.check_password("Hoa-Phuong-Do-1975")
    page = response.content.decode()
    assert "Đã đặt mật khẩu mới." in page
    assert ": đặt mật khẩu mới" in page
    entry = history_for(an_account).last()
    assert (entry.actor, entry.action, entry.changes) == (users["office"], "password_set", {})
    assert "Hoa-Phuong-Do-1975" not in page
