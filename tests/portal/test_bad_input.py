"""Input the database cannot hold (NUL in text, numbers past a column, impossible years) is
refused with 400 or a form error, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from tests.campaigns.test_views import ROWS, post_steps, valid_post
from units.models import Unit, UnitKind

NUL_REFUSED = "Yêu cầu chứa ký tự không được phép (NUL)."
HUGE = "100000000000000000000000"


@pytest.mark.parametrize(
    "url, params",
    [
        ("initiatives:list", {"q": "sáng\x00kiến"}),
        ("initiatives:list", {"q\x00": "x"}),
        ("units:tree", {"q": "THA\x00"}),
        ("units:people", {"q": "\x00"}),
        ("units:pick", {"code": "TH\x00A"}),
        ("campaigns:list", {"q": "a\x00"}),
        ("awards:proposal_list", {"q": "a\x00"}),
        ("research:list", {"q": "a\x00"}),
        ("reports:list", {"q": "a\x00"}),
    ],
)
def test_a_nul_in_the_query_string_is_a_400(login, users, url, params):
    response = login(users["office"]).get(reverse(url), params)
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()


def test_a_nul_on_the_anonymous_public_page_is_a_400(client, db):
    response = client.get(reverse("initiatives:public"), {"after": "\x00"})
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()


def test_a_nul_in_a_unit_code_is_refused_and_nothing_is_saved(login, users, org):
    response = login(users["office"]).post(
        reverse("units:create"),
        {"code": "TH\x00C", "name": "Trường THPT Cát Bi", "kind": UnitKind.UPPER_SECONDARY,
         "parent": org["department"].code, "headcount": 70, "active": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()
    assert not Unit.objects.filter(name="Trường THPT Cát Bi").exists()


@pytest.mark.parametrize("value", ["abc", "²", HUGE])
def test_a_parent_that_is_not_an_id_is_a_400(login, users, org, value):
    response = login(users["office"]).get(reverse("units:create"), {"parent": value})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url", ["campaigns:list", "awards:list", "awards:proposal_list", "research:list"]
)
@pytest.mark.parametrize("year", ["-1", HUGE])
def test_an_impossible_year_in_a_list_filter_is_a_form_error(login, users, org, url, year):
    response = login(users["office"]).get(reverse(url), {"year": year})
    assert response.status_code == 200
    assert response.context["filter"].errors["year"]


NUMBER_STEPS = {"award_forms-0-collective_max": "awards", "phases-1-conference_delegates": "phases"}
NUMBERS = [
    "start_year",
    "end_year",
    "award_forms-0-collective_max",
    "phases-1-conference_delegates",
]


@pytest.mark.parametrize("field", NUMBERS)
@pytest.mark.parametrize("value", ["-1", HUGE])
def test_a_number_past_its_column_in_the_campaign_form_is_a_form_error(
    login, users, org, field, value
):
    responses = post_steps(login(users["office"]), valid_post(org, **{field: value}))
    step, response = list(responses.items())[-1]
    assert response.status_code == 200
    assert step == NUMBER_STEPS.get(field, "facts")
    if step == "facts":
        assert not Campaign.objects.exists()
    else:
        assert not getattr(Campaign.objects.get(), ROWS[step]).exists()


@pytest.mark.parametrize("value", ["-1", HUGE])
def test_a_headcount_past_its_column_is_a_form_error(login, users, org, value):
    response = login(users["office"]).post(
        reverse("units:create"),
        {"code": "THC", "name": "Trường THPT Cát Bi", "kind": UnitKind.UPPER_SECONDARY,
         "parent": org["department"].code, "headcount": value, "active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["headcount"]
