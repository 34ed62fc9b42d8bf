"""The organisation of the level above is set on the unit edit page of an organisation, by
its administrator: another organisation, never itself nor one below it (no cycle), recorded
in the unit's history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.services import history_for
from tests.factories import RoleAssignmentFactory, UnitFactory, UserFactory
from units import services
from units.models import Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    return UnitFactory(code="HP-UBND", name="Ủy ban nhân dân thành phố Hải Phòng", kind="other")


def _form(unit, **extra):
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "headcount": unit.headcount,
        "place": unit.place,
        "short_code": unit.short_code,
        "active": "on",
    }
    data.update(extra)
    return data


def test_the_administrator_sets_the_level_above_and_it_is_recorded(client, org, users, city):
    department = org["department"]
    client.force_login(users["admin"])
    url = reverse("units:edit", args=[department.pk])
    page = client.get(url).content.decode()
    assert "Cơ quan cấp trên" in page
    assert f'<option value="{city.pk}">Ủy ban nhân dân thành phố Hải Phòng (HP-UBND)' in page
    # Only organisations are offered: no unit of a tree, never the organisation itself.
    offered = set(client.get(url).context["form"].fields["upper_organisation"].queryset)
    assert offered == {city, org["other"]}

    response = client.post(url, _form(department, upper_organisation=city.pk))

    assert response.status_code == 302
    department.refresh_from_db()
    assert department.upper_organisation == city
    entry = list(history_for(department))[-1]
    assert entry.actor == users["admin"]
    assert entry.changes == {"upper_organisation": ["", "Ủy ban nhân dân thành phố Hải Phòng"]}
    detail = client.get(reverse("units:detail", args=[department.pk])).content.decode()
    assert "Cơ quan cấp trên" in detail


def test_a_cycle_is_refused_with_its_reason(client, org, users, city):
    """The city is above the Sở: the Sở cannot be above the city, nor above a unit above it."""
    department = org["department"]
    department.upper_organisation = city
    department.save(update_fields=["upper_organisation"])
    province = UnitFactory(code="TW", name="Bộ Nội vụ", kind="other")
    city.upper_organisation = province
    city.save(update_fields=["upper_organisation"])
    admin = UserFactory(username="city_admin", person__unit=city)
    RoleAssignmentFactory(user=admin, role=Role.ADMIN, unit=city)
    client.force_login(admin)

    response = client.post(
        reverse("units:edit", args=[city.pk]), _form(city, upper_organisation=department.pk)
    )

    assert response.status_code == 200
    assert (
        "Sở Giáo dục và Đào tạo là cấp dưới của cơ quan này (trực tiếp hoặc qua các cấp khác)"
        in response.content.decode()
    )
    city.refresh_from_db()
    assert city.upper_organisation == province

    # Through two levels, and by the service itself (the Django admin runs the same rule).
    province_admin = UserFactory(username="province_admin", person__unit=province)
    RoleAssignmentFactory(user=province_admin, role=Role.ADMIN, unit=province)
    with pytest.raises(ValidationError) as error:
        services.unit_update(unit=province, by=province_admin, upper_organisation=department)
    assert "là cấp dưới của cơ quan này" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        services.unit_update(unit=province, by=province_admin, upper_organisation=province)
    assert error.value.messages == ["Một cơ quan không thể là cấp trên của chính nó."]
    province.refresh_from_db()
    assert province.upper_organisation is None


def test_only_an_organisation_names_a_level_above(org, users, city):
    with pytest.raises(ValidationError):
        services.unit_update(unit=org["school_a"], by=users["admin"], upper_organisation=city)
    with pytest.raises(ValidationError):
        services.unit_update(
            unit=org["department"], by=users["admin"], upper_organisation=org["school_b"]
        )
    assert not Unit.objects.filter(upper_organisation__isnull=False).exists()


def test_the_office_edits_the_unit_but_not_its_level_above(client, org, users, city):
    department = org["department"]
    client.force_login(users["office"])
    url = reverse("units:edit", args=[department.pk])
    assert "upper_organisation" not in client.get(url).context["form"].fields

    response = client.post(url, _form(department, upper_organisation=city.pk, headcount=81))

    assert response.status_code == 302
    department.refresh_from_db()
    assert department.headcount == 81
    assert department.upper_organisation is None
    with pytest.raises(PermissionDenied):
        services.unit_update(unit=department, by=users["office"], upper_organisation=city)


def test_an_outsider_gets_404(client, org, users, city):
    department = org["department"]
    other_admin = UserFactory(username="other_admin", person__unit=org["other"])
    RoleAssignmentFactory(user=other_admin, role=Role.ADMIN, unit=org["other"])
    for user in (users["outsider"], other_admin, users["staff_a"]):
        client.force_login(user)
        url = reverse("units:edit", args=[department.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, _form(department, upper_organisation=city.pk)).status_code == 404
    department.refresh_from_db()
    assert department.upper_organisation is None


def test_a_linked_organisation_is_not_put_under_a_parent_unit(org, users, city):
    department = org["department"]
    department.upper_organisation = city
    department.save(update_fields=["upper_organisation"])
    with pytest.raises(ValidationError):
        services.unit_move(unit=department, parent=org["other"], by=UserFactory(is_superuser=True))
    department.refresh_from_db()
    assert department.parent is None
