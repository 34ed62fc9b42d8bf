"""The rule the pages use to show a link to a unit or a person is the rule of the page the
link opens: `viewable_by` agrees with `units_visible_to` / `people_visible_to`, and the unit
page of a school's staff names the department above without linking to it."""

import pytest
from django.template import Context, Template

from tests.factories import PersonFactory
from units import access
from units.models import Person, Unit

ROLES = ["staff_a", "head_a", "staff_b", "office", "leader", "admin", "council", "outsider"]


@pytest.mark.parametrize("username", ROLES)
def test_viewable_by_is_the_rule_of_the_pages(users, org, username):
    user = users[username]
    for unit in org.values():
        PersonFactory(unit=unit)
    template = Template("{% load unit_access %}{% if obj|viewable_by:user %}yes{% endif %}")
    visible_units = set(access.units_visible_to(user).values_list("pk", flat=True))
    visible_people = set(access.people_visible_to(user).values_list("pk", flat=True))
    for unit in Unit.objects.all():
        shown = template.render(Context({"obj": unit, "user": user})) == "yes"
        assert shown == (unit.pk in visible_units), unit.name
    for person in Person.objects.select_related("unit"):
        shown = template.render(Context({"obj": person, "user": user})) == "yes"
        assert shown == (person.pk in visible_people), person.full_name
    # Council members open no unit page; every other role here opens some.
    assert bool(visible_units) == (username != "council")


def test_unit_staff_see_the_parent_unit_named_not_linked(client, users, org):
    client.force_login(users["staff_a"])
    page = client.get(f"/units/{org['school_a'].pk}/").content.decode()
    assert org["department"].name in page
    assert f'href="/units/{org["department"].pk}/"' not in page
    client.force_login(users["office"])
    page = client.get(f"/units/{org['school_a'].pk}/").content.decode()
    assert f'href="/units/{org["department"].pk}/"' in page
