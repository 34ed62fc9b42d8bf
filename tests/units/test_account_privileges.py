"""The privilege ceiling on account management: acting role × target role × action.

A user changes the email, password, active flag or roles only of an account whose every role
is within their scope and below their own rank (office < leader < administrator); a
superuser account only if they are a superuser; never their own. Checked through the
services and through the pages, because the takeover went through the pages: an office
reviewer put their address on the superuser account and reset its password by email.
"""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from tests.factories import RoleAssignmentFactory, UserFactory
from units import access, services
from units.models import Role, RoleAssignment, User

NEW_EMAIL = "hop-thu-rieng@example.vn"
NEW_PASSWORD = "Kiem-Tra-Mat-Khau-7319"

TARGETS = ["staff", "head", "council", "office", "leader", "admin", "superuser"]
ACTIONS = ["edit_email", "set_password", "activate", "deactivate", "grant_role", "remove_role"]
ACTORS = ["office", "admin", "superuser", "leader", "staff_a", "head_a", "council", "outsider"]

# Whom each acting role may change; every other pair is refused.
CHANGEABLE = {
    "office": {"staff", "head", "council"},
    "admin": {"staff", "head", "council", "office", "leader"},
    "superuser": set(TARGETS),
}
# Who sees the accounts of the organisation at all (others get 404 on the pages).
ACCOUNT_MANAGERS = {"office", "admin", "superuser"}


@pytest.fixture
def actors(users):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, person=None)
    return {**users, "superuser": root}


@pytest.fixture
def targets(org):
    """One account per role in the department; the superuser holds only a low role, so that
    nothing but the superuser flag protects it."""

    def make(name, role, unit, person_unit):
        user = UserFactory(
            username=f"t_{name}", email=f"{name}@sgd.example.vn", person__unit=person_unit
        )
        RoleAssignmentFactory(user=user, role=role, unit=unit)
        return user

    out = {
        "staff": make("staff", Role.UNIT_STAFF, org["school_b"], org["school_b"]),
        "head": make("head", Role.UNIT_HEAD, org["school_b"], org["school_b"]),
        "council": make("council", Role.COUNCIL, org["department"], org["school_b"]),
        "office": make("office", Role.OFFICE, org["department"], org["office"]),
        "leader": make("leader", Role.LEADER, org["department"], org["office"]),
        "admin": make("admin", Role.ADMIN, org["department"], org["office"]),
        "superuser": make("superuser", Role.UNIT_STAFF, org["school_b"], org["office"]),
    }
    User.objects.filter(pk=out["superuser"].pk).update(is_superuser=True, is_staff=True)
    return out


class _Undo(Exception):
    """Raised to roll an action back so the next one starts from the same accounts."""


def _isolated(run):
    try:
        with transaction.atomic():
            raise _Undo(run())
    except _Undo as undo:
        return undo.args[0]


def _effect(action, target_pk, role_pk) -> bool:
    """Whether `action` took effect on the target account."""
    account = User.objects.get(pk=target_pk)
    return {
        "edit_email": account.email == NEW_EMAIL,
        "set_password": account.check_password(NEW_PASSWORD),
        "activate": account.is_active,
        "deactivate": not account.is_active,
        "grant_role": account.role_assignments.filter(unit__code="THA").exists(),
        "remove_role": not RoleAssignment.objects.filter(pk=role_pk).exists(),
    }[action]


def _prepare(action, target):
    if action == "activate":
        User.objects.filter(pk=target.pk).update(is_active=False)
    return User.objects.select_related("person__unit").get(pk=target.pk)


def _service_outcome(action, actor, target, org) -> str:
    role = target.role_assignments.get()

    def run():
        account = _prepare(action, target)
        calls = {
            "edit_email": lambda: services.account_update(
                account=account, by=actor, email=NEW_EMAIL
            ),
            "set_password": lambda: services.account_password_set(
                account=account, password=NEW_PASSWORD, by=actor
            ),
            "activate": lambda: services.account_update(account=account, by=actor, is_active=True),
            "deactivate": lambda: services.account_deactivate(account=account, by=actor),
            "grant_role": lambda: services.role_assign(
                account=account, role=Role.UNIT_STAFF, unit=org["school_a"], by=actor
            ),
            "remove_role": lambda: services.role_remove(
                assignment=RoleAssignment.objects.get(pk=role.pk), by=actor
            ),
        }
        try:
            calls[action]()
        except PermissionDenied:
            return "changed anyway" if _effect(action, target.pk, role.pk) else "refused"
        return "done" if _effect(action, target.pk, role.pk) else "no effect"

    return _isolated(run)


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_services_refuse_every_change_above_the_ceiling(
    org, actors, targets, actor_name, target_name
):
    actor, target = actors[actor_name], targets[target_name]
    allowed = target_name in CHANGEABLE.get(actor_name, set())
    outcomes = {action: _service_outcome(action, actor, target, org) for action in ACTIONS}
    assert outcomes == dict.fromkeys(ACTIONS, "done" if allowed else "refused")


REFUSAL_TEXT = {
    "superuser": "Chỉ siêu quản trị (superuser) mới được thay đổi tài khoản siêu quản trị.",
    "ranked": "không thấp hơn cấp của bạn trong phạm vi của bạn: chỉ người có cấp cao hơn "
    "mới được thay đổi tài khoản này.",
}


def _view_outcome(client, action, target, org) -> str:
    role = target.role_assignments.get()

    def run():
        account = _prepare(action, target)
        form = {"username": account.username, "email": account.email, "language": "vi"}
        if account.is_active:
            form["is_active"] = "on"
        requests = {
            "edit_email": (
                reverse("units:account", args=[account.pk]),
                {**form, "email": NEW_EMAIL},
            ),
            "set_password": (
                reverse("units:account_password", args=[account.pk]),
                {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            ),
            "activate": (reverse("units:account", args=[account.pk]), {**form, "is_active": "on"}),
            "deactivate": (reverse("units:account_deactivate", args=[account.pk]), {}),
            "grant_role": (
                reverse("units:role_add", args=[account.pk]),
                {"role": Role.UNIT_STAFF, "unit": org["school_a"].code},
            ),
            "remove_role": (reverse("units:role_remove", args=[role.pk]), {}),
        }
        url, data = requests[action]
        response = client.post(url, data, follow=True)
        changed = _effect(action, target.pk, role.pk)
        if response.status_code == 404:
            return "changed anyway" if changed else "hidden"
        if changed:
            return "done"
        expected = REFUSAL_TEXT["superuser" if account.is_superuser else "ranked"]
        errors = re.findall(r'<li class="msg-error">([^<]*)</li>', response.content.decode())
        return "refused" if any(expected in e for e in errors) else f"no effect: {errors}"

    return _isolated(run)


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_pages_refuse_every_change_above_the_ceiling(
    client, org, actors, targets, actor_name, target_name
):
    client.force_login(actors[actor_name])
    target = targets[target_name]
    if target_name in CHANGEABLE.get(actor_name, set()):
        expected = "done"
    elif actor_name in ACCOUNT_MANAGERS:
        expected = "refused"
    else:
        expected = "hidden"
    outcomes = {action: _view_outcome(client, action, target, org) for action in ACTIONS}
    assert outcomes == dict.fromkeys(ACTIONS, expected)


# --- granting: never a role at or above one's own rank, never outside one's scope ----------

GRANTABLE = {
    "office": {Role.UNIT_STAFF, Role.UNIT_HEAD, Role.COUNCIL},
    "admin": {Role.UNIT_STAFF, Role.UNIT_HEAD, Role.COUNCIL, Role.OFFICE, Role.LEADER},
    "superuser": set(Role.values),
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("actor_name", ["office", "admin", "superuser"])
def test_a_role_is_granted_only_below_the_granters_rank(
    client, org, actors, targets, actor_name, role
):
    target = targets["staff"]
    client.force_login(actors[actor_name])
    response = client.post(
        reverse("units:role_add", args=[target.pk]),
        {"role": role, "unit": org["school_b"].code},
        follow=True,
    )
    granted = RoleAssignment.objects.filter(user=target, role=role).exists()
    if role in GRANTABLE[actor_name]:
        assert granted is True
        assert "Đã cấp vai trò." in response.content.decode()
    else:
        assert granted is False
        assert "chỉ người có cấp cao hơn vai trò đó mới được cấp." in response.content.decode()
        with pytest.raises(PermissionDenied):
            services.role_assign(
                account=target, role=role, unit=org["school_b"], by=actors[actor_name]
            )


def test_the_grant_form_offers_only_the_roles_one_may_grant(client, actors, targets):
    client.force_login(actors["office"])
    page = client.get(reverse("units:account", args=[targets["staff"].pk]))
    choices = [value for value, _label in page.context["role_form"].fields["role"].choices]
    assert choices == [Role.UNIT_STAFF, Role.UNIT_HEAD, Role.COUNCIL]


def test_no_role_is_granted_over_a_unit_outside_ones_scope(org, actors, targets):
    with pytest.raises(PermissionDenied):
        services.role_assign(
            account=targets["staff"], role=Role.UNIT_STAFF, unit=org["other"], by=actors["admin"]
        )
    assert (
        not RoleAssignment.objects.filter(unit=org["other"])
        .exclude(user=actors["outsider"])
        .exists()
    )


def test_an_account_with_a_role_in_another_organisation_is_out_of_reach(org, actors, targets):
    RoleAssignmentFactory(user=targets["staff"], role=Role.UNIT_STAFF, unit=org["other"])
    with pytest.raises(PermissionDenied):
        services.account_update(account=targets["staff"], by=actors["admin"], email=NEW_EMAIL)


@pytest.mark.parametrize("actor_name", ["office", "admin", "superuser"])
def test_nobody_changes_their_own_roles(org, actors, actor_name):
    actor = actors[actor_name]
    own = list(actor.role_assignments.all())
    with pytest.raises(PermissionDenied):
        services.role_assign(account=actor, role=Role.COUNCIL, unit=org["school_b"], by=actor)
    for assignment in own:
        with pytest.raises(PermissionDenied):
            services.role_remove(assignment=assignment, by=actor)
    assert list(actor.role_assignments.all()) == own


# --- the takeover path, end to end --------------------------------------------------------


def test_an_office_reviewer_cannot_take_over_a_higher_account_by_email_reset(
    client, org, actors, targets
):
    office = actors["office"]
    office.email = "vanphong@sgd.example.vn"
    office.save(update_fields=["email"])
    client.force_login(office)
    for name in ("superuser", "admin", "leader"):
        target = targets[name]
        client.post(
            reverse("units:account", args=[target.pk]),
            {"username": target.username, "email": office.email, "is_active": "on"},
        )
        assert User.objects.get(pk=target.pk).email == f"{name}@sgd.example.vn"
    client.logout()
    client.post(reverse("password_reset"), {"email": office.email})
    assert [message.to for message in mail.outbox] == [[office.email]]
    assert targets["admin"].username not in mail.outbox[0].body


# --- what the pages offer ----------------------------------------------------------------


def test_a_higher_account_is_shown_read_only(client, actors, targets):
    client.force_login(actors["office"])
    leader = targets["leader"]
    page = client.get(reverse("units:account", args=[leader.pk])).content.decode()
    assert REFUSAL_TEXT["ranked"] in page
    for action in (
        reverse("units:account_deactivate", args=[leader.pk]),
        reverse("units:account_password", args=[leader.pk]),
        reverse("units:role_add", args=[leader.pk]),
        reverse("units:role_remove", args=[leader.role_assignments.get().pk]),
    ):
        assert action not in page
    assert '<input type="email" name="email"' not in page


def test_a_lower_account_offers_every_action(client, actors, targets):
    client.force_login(actors["office"])
    staff = targets["staff"]
    page = client.get(reverse("units:account", args=[staff.pk])).content.decode()
    for action in (
        reverse("units:account_deactivate", args=[staff.pk]),
        reverse("units:account_password", args=[staff.pk]),
        reverse("units:role_add", args=[staff.pk]),
        reverse("units:role_remove", args=[staff.role_assignments.get().pk]),
    ):
        assert action in page
    assert 'name="email"' in page


def test_the_account_list_marks_what_one_may_only_view(client, actors, targets):
    client.force_login(actors["office"])
    page = client.get(reverse("units:accounts"))
    marked = {account.username: account.can_change for account in page.context["page"]}
    assert {name: marked[f"t_{name}"] for name in TARGETS} == {
        name: name in CHANGEABLE["office"] for name in TARGETS
    }
    assert marked["office"] is False


@pytest.mark.parametrize("actor_name", ACTORS)
def test_the_queryset_form_agrees_with_the_object_form(actors, targets, actor_name):
    actor = actors[actor_name]
    by_object = {
        account.pk
        for account in access.accounts_visible_to(actor).prefetch_related("role_assignments__unit")
        if access.can_change_account(actor, account)
    }
    by_queryset = set(access.accounts_changeable_by(actor).values_list("pk", flat=True))
    assert by_queryset == by_object
    expected = {targets[name].pk for name in CHANGEABLE.get(actor_name, set())}
    assert expected <= by_queryset
