"""Damaged page links and impossible years answer 400 with a Vietnamese message, never a
server error, on the office's list and on the anonymous public page alike."""

import base64
import json

import pytest
from django.urls import reverse

from initiatives.paging import _encode
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory

DAMAGED = "Liên kết trang bị hỏng"


def token(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


BAD_CURSORS = {
    "not base64": "%%%***",
    "not json": base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "an object": token({"id": 1}),
    "too many values": token([1, 2, 3]),
    "a word for the id": token(["abc"]),
    "an id past bigint": token([10**23]),
    "a negative id past bigint": token([-(10**23)]),
    "a null": token([None]),
    "a nested list": token([[1]]),
}
BAD_TITLE_CURSORS = {
    "a NUL in the title": token(["a\x00b", 1]),
    "a word for the id after the title": token(["abc", "x"]),
    "a float that is infinite": "WyJhIiwgMWU5OTk5XQ",
}


@pytest.mark.parametrize("direction", ["after", "before"])
@pytest.mark.parametrize("cursor", BAD_CURSORS.values(), ids=BAD_CURSORS.keys())
def test_a_damaged_cursor_on_the_office_list_is_a_400(login, users, campaign, cursor, direction):
    response = login(users["office"]).get(reverse("initiatives:list"), {direction: cursor})
    assert response.status_code == 400
    assert DAMAGED in response.content.decode()


@pytest.mark.parametrize("cursor", BAD_TITLE_CURSORS.values(), ids=BAD_TITLE_CURSORS.keys())
def test_a_damaged_title_cursor_is_a_400(login, users, campaign, cursor):
    response = login(users["office"]).get(
        reverse("initiatives:list"), {"sort": "title", "after": cursor}
    )
    assert response.status_code == 400


ALL_BAD = {**BAD_CURSORS, **BAD_TITLE_CURSORS}


@pytest.mark.parametrize("cursor", ALL_BAD.values(), ids=ALL_BAD.keys())
def test_a_damaged_cursor_on_the_anonymous_public_page_is_a_400(client, campaign, cursor):
    campaign.public = True
    campaign.save()
    response = client.get(reverse("initiatives:public"), {"after": cursor})
    assert response.status_code == 400
    assert DAMAGED in response.content.decode()


def test_a_good_cursor_on_the_public_page_still_turns_the_page(client, org, campaign):
    campaign.public = True
    campaign.save()
    first, second = (
        InitiativeFactory(campaign=campaign, unit=org["school_a"], title=t, status="recognised")
        for t in "AB"
    )
    for row in (first, second):
        RecognitionFactory(initiative=row)
    first.refresh_from_db()
    response = client.get(
        reverse("initiatives:public"), {"after": _encode([first.title_sort, first.pk])}
    )
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].rows] == [second.pk]


@pytest.mark.parametrize("value", ["abc", "²", "1" * 30, "-5", "99999999999999999999999"])
def test_a_campaign_that_is_not_a_number_on_the_public_page_is_a_400(client, db, value):
    assert client.get(reverse("initiatives:public"), {"campaign": value}).status_code == 400


@pytest.mark.parametrize("year", ["-1", "100000000000000000000000", "1e23", "abc", "1999"])
def test_an_impossible_year_on_the_ten_percent_table_is_a_400(login, users, year):
    response = login(users["office"]).get(reverse("initiatives:ten_percent"), {"year": year})
    assert response.status_code == 400
    assert "Năm phải nằm trong khoảng từ 2000 đến 2100." in response.content.decode()


@pytest.mark.parametrize("year", ["-1", "100000000000000000000000"])
def test_an_impossible_year_in_the_list_filter_is_a_form_error(login, users, campaign, year):
    InitiativeFactory(campaign=campaign, unit=users["staff_a"].person.unit)
    response = login(users["office"]).get(reverse("initiatives:list"), {"year": year})
    assert response.status_code == 200
    assert response.context["filter"].errors["year"]
    assert response.context["page"].rows == []
