"""Services: moving a unit rewrites its subtree, edits leave history, accounts and roles."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.services import history_for
from tests.factories import PersonFactory, UnitFactory
from units import access, services
from units.models import Role, RoleAssignment, Unit, User


def _tree(root):
    return {u.code: (u.path, u.depth) for u in Unit.objects.filter(path__startswith=root.path)}


def test_unit_move_rewrites_path_and_depth_of_the_whole_subtree(org, users):
    school_a, branch = org["school_a"], org["school_a_branch"]
    team = UnitFactory(code="THA2-1", parent=branch)
    services.unit_move(unit=school_a, parent=org["office"], by=users["admin"])
    for unit in (school_a, branch, team):
        unit.refresh_from_db()
    assert school_a.parent == org["office"]
    assert school_a.path == org["office"].path + school_a.path[-7:]
    assert school_a.depth == 2
    assert branch.path == school_a.path + branch.path[-7:]
    assert branch.depth == 3
    assert team.path == branch.path + team.path[-7:]
    assert team.depth == 4
    assert [u.code for u in Unit.objects.filter(path__startswith=org["office"].path)] == [
        "VP", "THA", "THA2", "THA2-1",
    ]  # fmt: skip
    entry = history_for(school_a).get()
    assert (entry.action, entry.changes) == (
        "moved",
        {"parent": ["Sở Giáo dục và Đào tạo", "Văn phòng Sở"]},
    )


def test_a_moved_subtree_changes_who_sees_it(org, users):
    services.unit_move(unit=org["school_a_branch"], parent=org["school_b"], by=users["office"])
    users["staff_b"]._role_assignments = None
    users["staff_a"]._role_assignments = None
    assert access.units_visible_to(users["staff_b"]).filter(code="THA2").exists()
    assert not access.units_visible_to(users["staff_a"]).filter(code="THA2").exists()


def test_a_unit_cannot_move_under_its_own_descendant(org, users):
    before = _tree(org["department"])
    with pytest.raises(ValidationError):
        services.unit_move(unit=org["school_a"], parent=org["school_a_branch"], by=users["admin"])
    with pytest.raises(ValidationError):
        services.unit_move(unit=org["school_a"], parent=org["school_a"], by=users["admin"])
    assert _tree(org["department"]) == before


def test_a_unit_cannot_move_outside_the_managers_scope(org, users):
    with pytest.raises(PermissionDenied):
        services.unit_move(unit=org["school_a"], parent=org["other"], by=users["office"])
    with pytest.raises(PermissionDenied):
        services.unit_move(unit=org["school_a"], parent=org["school_b"], by=users["staff_a"])


def test_unit_update_records_changes_and_moves(org, users):
    school = org["school_a"]
    services.unit_update(
        unit=school, by=users["office"], name="Trường THPT An Lão (mới)", headcount=95,
        parent=org["school_b"],
    )  # fmt: skip
    school.refresh_from_db()
    assert (school.name, school.headcount, school.parent, school.depth) == (
        "Trường THPT An Lão (mới)",
        95,
        org["school_b"],
        2,
    )
    assert school.name_folded == "truong thpt an lao (moi)"
    actions = [(e.action, e.changes) for e in history_for(school)]
    assert actions == [
        ("moved", {"parent": ["Sở Giáo dục và Đào tạo", "Trường THPT Bạch Đằng"]}),
        ("edited", {"name": ["Trường THPT An Lão", "Trường THPT An Lão (mới)"],
                    "headcount": ["90", "95"]}),
    ]  # fmt: skip


def test_person_update_records_changes(org, users):
    person = PersonFactory(full_name="Đỗ Minh Đức", unit=org["school_a"])
    services.person_update(person=person, by=users["office"], position="Tổ trưởng")
    entry = history_for(person).get()
    assert entry.changes == {"position": ["Giáo viên", "Tổ trưởng"]}


def test_person_cannot_be_moved_out_of_scope(org, users):
    person = PersonFactory(unit=org["school_a"])
    with pytest.raises(PermissionDenied):
        services.person_update(person=person, by=users["office"], unit=org["other"])


def test_account_create_role_assign_and_deactivate(org, users):
    person = PersonFactory(full_name="Lương Thị Oanh", unit=org["school_b"])
    account = services.account_create(
        person=person, username="oanh", password="mat-khau-Dai-2025", by=users["office"]
    )
    assert account.check_password("mat-khau-Dai-2025")
    assert account.email == person.email
    services.role_assign(
        account=account, role=Role.UNIT_HEAD, unit=org["school_b"], by=users["office"]
    )
    assert access.has_role(User.objects.get(pk=account.pk), Role.UNIT_HEAD, unit=org["school_b"])
    with pytest.raises(ValidationError):
        services.account_create(person=person, username="oanh2", password="x", by=users["office"])
    services.account_deactivate(account=account, by=users["office"])
    account.refresh_from_db()
    assert account.is_active is False
    assert [e.action for e in history_for(account)] == ["created", "role_granted", "edited"]


def test_role_assign_refuses_units_outside_scope_and_admin_role(org, users):
    account = users["staff_b"]
    with pytest.raises(PermissionDenied):
        services.role_assign(
            account=account, role=Role.OFFICE, unit=org["other"], by=users["office"]
        )
    with pytest.raises(PermissionDenied):
        services.role_assign(
            account=account, role=Role.ADMIN, unit=org["school_b"], by=users["office"]
        )
    assert list(RoleAssignment.objects.filter(user=account).values_list("role", flat=True)) == [
        Role.UNIT_STAFF
    ]


def test_no_one_deactivates_themselves(users):
    with pytest.raises(ValidationError):
        services.account_deactivate(account=users["office"], by=users["office"])
