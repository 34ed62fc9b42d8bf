"""List views keep the same number of queries at 1 and at many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, RoleAssignmentFactory, UnitFactory, UserFactory
from units.models import Role


def _count(client, url):
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_units(org, n):
    for i in range(n):
        parent = UnitFactory(parent=org["school_b"], name=f"Tổ chuyên môn {i}")
        PersonFactory(unit=parent)


def _grow_people(org, n):
    for _ in range(n):
        PersonFactory(unit=org["school_b"])


def _grow_accounts(org, n):
    for _ in range(n):
        user = UserFactory(person__unit=org["school_b"])
        RoleAssignmentFactory(user=user, role=Role.UNIT_STAFF, unit=org["school_b"])


@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        ("units:tree", _grow_units),
        ("units:people", _grow_people),
        ("units:accounts", _grow_accounts),
        ("units:export_units", _grow_units),
        ("units:export_people", _grow_people),
    ],
)
def test_list_query_count_does_not_grow(client, org, users, url_name, grow):
    client.force_login(users["office"])
    url = reverse(url_name)
    grow(org, 1)
    one = _count(client, url)
    grow(org, 30)
    many = _count(client, url)
    assert one == many


def test_unit_detail_query_count_does_not_grow(client, org, users):
    client.force_login(users["office"])
    url = reverse("units:detail", args=[org["school_b"].pk])
    _grow_units(org, 1)
    one = _count(client, url)
    _grow_units(org, 20)
    _grow_people(org, 20)
    many = _count(client, url)
    assert one == many


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [("units:tree", 10), ("units:people", 10), ("units:accounts", 11)],
)
def test_list_query_counts_exactly(
    client, org, users, url_name, expected, django_assert_num_queries
):
    client.force_login(users["office"])
    url = reverse(url_name)
    _grow_accounts(org, 3)
    _grow_units(org, 3)
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
