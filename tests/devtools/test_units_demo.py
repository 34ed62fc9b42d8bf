"""The demo data: stable unit codes, one login per role, idempotent."""

import io

from django.contrib.auth import authenticate
from django.core.management.base import OutputWrapper
from django.test import RequestFactory

from devtools.demo import units as demo
from units import access
from units.models import Person, Role, Unit, UnitKind, User


def _seed():
    out = io.StringIO()
    demo.seed(OutputWrapper(out))
    return out.getvalue()


def test_seed_is_idempotent_and_builds_the_four_trees(db):
    _seed()
    counts = (Unit.objects.count(), Person.objects.count(), User.objects.count())
    _seed()
    assert (Unit.objects.count(), Person.objects.count(), User.objects.count()) == counts
    hp = Unit.objects.get(code="HP-SGD")
    assert (hp.name, hp.place, hp.short_code, hp.parent) == (
        "Sở Giáo dục và Đào tạo Hải Phòng",
        "Hải Phòng",
        "SGDĐT",
        None,
    )
    schools = Unit.objects.filter(path__startswith=hp.path, kind__in=[
        UnitKind.PRESCHOOL, UnitKind.PRIMARY_SCHOOL, UnitKind.LOWER_SECONDARY,
        UnitKind.UPPER_SECONDARY, UnitKind.CONTINUING_EDUCATION,
    ])  # fmt: skip
    assert schools.count() == 31
    assert all(25 <= s.headcount <= 150 for s in schools)
    for code, place in [("HN-SGD", "Hà Nội"), ("HY-SKHCN", "Hưng Yên"), ("TK-UBND", "Tứ Kỳ")]:
        assert Unit.objects.get(code=code).place == place
    assert Unit.objects.get(code="HY-SKHCN").short_code == "SKHCN"
    assert Unit.objects.filter(code__startswith="TK-THON-", kind=UnitKind.VILLAGE).count() == 8
    assert Unit.objects.filter(code__startswith="TK-DN-", kind=UnitKind.ENTERPRISE).count() == 4
    assert Unit.objects.get(code="HP-THPT-TRANPHU").parent == hp
    assert not Unit.objects.filter(people__isnull=True).exists()
    assert Person.objects.filter(completed_digital_skills__isnull=False).count() > 50


def test_every_demo_login_works_with_its_role(db):
    _seed()
    expected = {
        "vanphong": (Role.OFFICE, "HP-SGD"),
        "lanhdao": (Role.LEADER, "HP-SGD"),
        "quantri": (Role.ADMIN, "HP-SGD"),
        "hoidong1": (Role.COUNCIL, "HP-SGD"),
        "hoidong2": (Role.COUNCIL, "HP-SGD"),
        "canbo": (Role.UNIT_STAFF, "HP-THPT-TRANPHU"),
        "thutruong": (Role.UNIT_HEAD, "HP-THPT-TRANPHU"),
        "canbo2": (Role.UNIT_STAFF, "HP-THPT-LEQUYDON"),
        "txvanphong": (Role.OFFICE, "TK-UBND"),
        "tpvanphong": (Role.OFFICE, "HP-UBND"),
    }
    request = RequestFactory().post("/login/")
    for username, (role, code) in expected.items():
        user = authenticate(request, username=username, password="ThiDua@2025")
        assert user is not None, username
        assert [(a.role, a.unit.code) for a in access.assignments(user)] == [(role, code)]
    assert User.objects.get(username="quantri").is_superuser is False
    hoidong = [User.objects.get(username=u).person.unit.code for u in ("hoidong1", "hoidong2")]
    assert hoidong == ["HP-THPT-NGOQUYEN", "HP-THPT-THAIPHIEN"]


def test_print_logins_prints_a_vietnamese_table(db):
    _seed()
    out = io.StringIO()
    demo.print_logins(OutputWrapper(out))
    text = out.getvalue()
    assert "Tên đăng nhập | Mật khẩu" in text
    assert "canbo " in text
    assert "Cán bộ đơn vị" in text
    assert "Trường THPT chuyên Trần Phú" in text
    assert "Ủy ban nhân dân xã Tứ Kỳ" in text


def test_the_demo_administrator_manages_its_organisation_only_and_is_no_superuser(db):
    _seed()
    # A database seeded when "quantri" was a superuser is corrected by the next run.
    User.objects.filter(username="quantri").update(is_superuser=True, is_staff=True)
    _seed()
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()
    quantri = User.objects.get(username="quantri")
    hai_phong = Unit.objects.get(code="HP-SGD")
    assert {u.organisation_path for u in access.units_visible_to(quantri)} == {hai_phong.path}
    changeable = set(access.accounts_changeable_by(quantri).values_list("username", flat=True))
    others = {"vanphong", "lanhdao", "hoidong1", "hoidong2", "canbo", "thutruong", "canbo2"}
    assert changeable == others
