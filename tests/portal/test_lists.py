"""The shared list shape: htmx partials, keyset pages in every order, honest counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.filters import SORTS
from initiatives.models import Field, Initiative, Status
from portal import paging
from portal.paging import _beyond, keyset_page
from tests.factories import CampaignFactory
from tests.initiatives.factories import InitiativeFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def campaign(org):
    campaign = CampaignFactory(issuing_unit=org["department"], managing_unit=org["office"])
    campaign.participants.add(org["department"])
    return campaign


@pytest.mark.parametrize(
    "url_name, who, partial_id",
    [
        ("initiatives:list", "office", "initiative-rows"),
        ("units:people", "office", "person-rows"),
        ("units:accounts", "office", "account-rows"),
        ("campaigns:list", "office", "campaign-rows"),
        ("awards:proposal_list", "office", "proposal-rows"),
        ("awards:research_list", "office", "research-rows"),
        ("awards:list", "office", "round-rows"),
        ("downloads", "admin", "download-rows"),
    ],
)
def test_htmx_request_gets_the_table_only_and_a_plain_one_the_page(
    login, users, campaign, url_name, who, partial_id
):
    client = login(users[who])
    url = reverse(url_name)
    full = client.get(url)
    partial = client.get(url, **HTMX)
    assert full.status_code == partial.status_code == 200
    full_html, partial_html = full.content.decode(), partial.content.decode()
    assert "<html" in full_html and f'id="{partial_id}"' in full_html
    assert "<html" not in partial_html and "<form" not in partial_html.split("<table")[0]
    assert partial_html.lstrip().startswith(f'<div id="{partial_id}"')
    if full.context["filter"] is not None:
        # The filter form asks for the partial and keeps the address in the history.
        assert f'hx-target="#{partial_id}"' in full_html and 'hx-push-url="true"' in full_html
    assert "HX-Request" in partial["Vary"]


@pytest.fixture
def tied(org, campaign):
    """Eleven initiatives with ties on every sort column."""
    titles = ["Bảng tính", "Bảng tính", "Ứng dụng", "An toàn", "Bảng tính", "An toàn"]
    rows = []
    for n in range(11):
        rows.append(
            InitiativeFactory(
                campaign=campaign,
                unit=org["school_a"],
                title=titles[n % len(titles)],
                year=2024 + n % 2,
                field=[Field.MANAGEMENT, Field.TECHNICAL][n % 3 == 0],
                status=[Status.SUBMITTED, Status.DRAFT, Status.RECOGNISED][n % 3],
            )
        )
    return rows


@pytest.mark.parametrize("sort", list(SORTS))
def test_keyset_pages_return_every_row_once_in_every_order(tied, sort):
    ordering = SORTS[sort]
    queryset = Initiative.objects.filter(pk__in=[r.pk for r in tied])
    expected = list(queryset.order_by(*ordering).values_list("pk", flat=True))
    assert len(set(Initiative.objects.filter(pk__in=expected).values_list("title_sort"))) < 11

    seen, after, pages = [], "", 0
    while True:
        page = keyset_page(queryset, ordering=ordering, per_page=3, after=after)
        seen += [row.pk for row in page]
        pages += 1
        if not page.has_next:
            break
        after = page.next_cursor
    assert seen == expected
    assert pages == 4

    # And back from the last page to the first.
    page = keyset_page(queryset, ordering=ordering, per_page=3, after=after)
    back = [row.pk for row in page]
    while page.has_previous:
        page = keyset_page(queryset, ordering=ordering, per_page=3, before=page.previous_cursor)
        back = [row.pk for row in page] + back
    assert back == expected


@pytest.mark.skipif(
    not connection.features.supports_tuple_lookups,
    reason="this database writes a row comparison as an OR chain",
)
def test_a_page_after_a_row_is_one_row_comparison_the_index_can_range_over(tied):
    queryset = Initiative.objects.filter(_beyond(("-title_sort", "-id"), ["b", 5]))
    sql = str(queryset.query)
    table = '"initiatives_initiative"'
    assert f'({table}."title_sort", {table}."id") < ' in sql
    assert " OR " not in sql


def test_an_ordering_of_mixed_directions_is_refused():
    with pytest.raises(ValueError):
        paging.check_ordering(("title_sort", "-id"))


def test_the_count_is_exact_up_to_the_cap_and_says_more_than_beyond(
    login, users, org, campaign, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    client = login(users["staff_a"])
    for _ in range(3):
        InitiativeFactory(campaign=campaign, unit=org["school_a"])
    url = reverse("initiatives:list")
    response = client.get(url)
    assert (response.context["count"], response.context["count_exact"]) == (3, True)
    assert "3 sáng kiến" in response.content.decode()
    InitiativeFactory(campaign=campaign, unit=org["school_a"])
    response = client.get(url)
    assert (response.context["count"], response.context["count_exact"]) == (3, False)
    text = response.content.decode()
    assert "Hơn 3 sáng kiến" in text and "khoảng" not in text.lower()


def test_people_list_query_count_is_constant_in_rows(login, users, org):
    from tests.factories import PersonFactory

    client = login(users["office"])
    url = reverse("units:people")
    PersonFactory(unit=org["school_a"])
    with CaptureQueriesContext(connection) as one:
        client.get(url, **HTMX)
    for _ in range(20):
        PersonFactory(unit=org["school_a"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, **HTMX)
    assert len(response.context["page"]) >= 21
    assert len(one.captured_queries) == len(many.captured_queries)


def test_rows_written_in_python_escape_what_users_typed(login, users, org, campaign):
    InitiativeFactory(campaign=campaign, unit=org["school_a"], title='<script>x()</script> & "q"')
    html = login(users["staff_a"]).get(reverse("initiatives:list"), **HTMX).content.decode()
    assert "<script>x()" not in html
    assert "&lt;script&gt;x()&lt;/script&gt; &amp; &quot;q&quot;" in html


def test_a_column_header_sorts_and_the_filter_form_keeps_that_order(login, users, org):
    client = login(users["office"])
    html = client.get(reverse("units:people"), {"sort": "-name"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert '<input type="hidden" name="sort" value="-name">' in html
    # The header now offers the other direction.
    assert "sort=name" in html
