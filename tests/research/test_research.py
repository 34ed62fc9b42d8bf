"""Research task pages: scope, members formset, history, constant queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Level, Rating
from portal.services import history_for
from research.models import ResearchTask, ResearchTaskMember
from tests.factories import PersonFactory


def make_task(unit, *, title="Ứng dụng trí tuệ nhân tạo trong dạy học", members=()):
    task = ResearchTask.objects.create(
        code="ĐT.2025.01",
        title=title,
        level=Level.PROVINCE,
        unit=unit,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2025, 6, 30),
        accepted_on=datetime.date(2025, 9, 15),
        rating=Rating.GOOD,
    )
    for person, share, lead in members:
        ResearchTaskMember.objects.create(
            task=task, person=person, contribution=Decimal(share), is_lead=lead
        )
    return task


def post_data(unit, members, **overrides):
    data = {
        "code": "ĐT.2025.02",
        "title": "Chuyển đổi số trong quản lý trường học",
        "level": Level.PROVINCE,
        "unit": unit.pk,
        "start_date": "2024-01-01",
        "end_date": "2025-06-30",
        "accepted_on": "2025-09-01",
        "rating": Rating.PASSED,
        "members-TOTAL_FORMS": str(max(3, len(members))),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for index, (person, share, lead) in enumerate(members):
        data[f"members-{index}-person"] = person.pk
        data[f"members-{index}-contribution"] = share
        if lead:
            data[f"members-{index}-is_lead"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def people(org):
    return [PersonFactory(unit=org["school_a"]) for _ in range(3)]


def test_office_creates_task_with_members_summing_to_100(org, users, login, people):
    client = login(users["office"])
    data = post_data(org["school_a"], [(people[0], "60", True), (people[1], "40", False)])

    response = client.post(reverse("research:create"), data)

    task = ResearchTask.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("research:detail", args=[task.pk])
    assert [(m.person_id, m.contribution, m.is_lead) for m in task.members.order_by("id")] == [
        (people[0].pk, Decimal("60.00"), True),
        (people[1].pk, Decimal("40.00"), False),
    ]
    assert [h.action for h in history_for(task)] == ["created"]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([(0, "60", True), (1, "39", False)], "99 %"),
        ([(0, "60", True), (1, "41", False)], "101 %"),
        ([(0, "60", False), (1, "40", False)], "exactly one member as the lead"),
        ([(0, "60", True), (1, "40", True)], "exactly one member as the lead"),
        ([(0, "50", True), (0, "50", False)], "duplicate data for person"),
    ],
)
def test_members_must_sum_to_100_with_one_lead(org, users, login, people, members, message):
    client = login(users["office"])
    rows = [(people[i], share, lead) for i, share, lead in members]

    with_language = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("research:create"), post_data(org["school_a"], rows), **with_language
    )

    assert response.status_code == 200
    assert ResearchTask.objects.count() == 0
    errors = " ".join(str(e) for e in response.context["formset"].non_form_errors())
    assert message in errors


def test_edit_records_changes_in_history(org, users, login, people):
    task = make_task(org["school_a"], members=[(people[0], "100", True)])
    client = login(users["office"])
    client.cookies["django_language"] = "en"
    data = post_data(
        org["school_a"],
        [],
        title=task.title,
        code=task.code,
        rating=Rating.EXCELLENT,
        **{
            "members-TOTAL_FORMS": "2",
            "members-INITIAL_FORMS": "1",
            "members-0-id": task.members.get().pk,
            "members-0-task": task.pk,
            "members-0-person": people[0].pk,
            "members-0-contribution": "70",
            "members-0-is_lead": "on",
            "members-1-person": people[1].pk,
            "members-1-contribution": "30",
        },
    )

    response = client.post(reverse("research:edit", args=[task.pk]), data)

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.rating == Rating.EXCELLENT
    entries = list(history_for(task))
    assert [e.action for e in entries] == ["edited"]
    assert entries[0].actor == users["office"]
    assert entries[0].changes == {
        "start date": ["01/03/2024", "01/01/2024"],
        "accepted on": ["15/09/2025", "01/09/2025"],
        "acceptance rating": ["Good", "Excellent"],
        "members": [
            f"{people[0].full_name} *: 100 %",
            f"{people[0].full_name} *: 70 %; {people[1].full_name}: 30 %",
        ],
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("admin", 200),
        ("staff_a", 200),  # the lead unit's own staff read it
        ("head_a", 200),
        ("staff_b", 404),  # another unit
        ("outsider", 404),  # another organisation
    ],
)
def test_detail_scope(org, users, login, people, who, status):
    task = make_task(org["school_a_branch"], members=[(people[0], "100", True)])
    response = login(users[who]).get(reverse("research:detail", args=[task.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("admin", 200),
        ("leader", 404),  # reads, does not record
        ("staff_a", 404),
        ("staff_b", 404),
        ("outsider", 404),
    ],
)
def test_edit_scope(org, users, login, people, who, status):
    task = make_task(org["school_a"], members=[(people[0], "100", True)])
    response = login(users[who]).get(reverse("research:edit", args=[task.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("office", 200), ("staff_a", 404), ("leader", 404)])
def test_create_only_by_the_office(users, login, who, status):
    response = login(users[who]).get(reverse("research:create"))
    assert response.status_code == status


def test_office_cannot_record_for_another_organisation(org, users, login, people):
    client = login(users["outsider"])
    response = client.post(
        reverse("research:create"),
        post_data(org["school_a"], [(people[0], "100", True)]),
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert ResearchTask.objects.count() == 0


def test_list_scope(org, users, login, people):
    own = make_task(org["school_a"], title="Đề tài trường An Lão")
    make_task(org["school_b"], title="Đề tài trường Bạch Đằng")
    make_task(org["other"], title="Đề tài Sở KH&CN")

    def titles(user):
        response = login(user).get(reverse("research:list"))
        return sorted(t.title for t in response.context["page"])

    assert titles(users["staff_a"]) == [own.title]
    assert titles(users["office"]) == ["Đề tài trường An Lão", "Đề tài trường Bạch Đằng"]
    assert titles(users["outsider"]) == ["Đề tài Sở KH&CN"]


def test_list_filters(org, users, login, people):
    make_task(org["school_a"], title="Đề tài A", members=[(people[0], "100", True)])
    b = make_task(org["school_b"], title="Đề tài B")
    b.level = Level.BASE
    b.save()
    client = login(users["office"])

    def titles(**params):
        response = client.get(reverse("research:list"), params)
        return sorted(t.title for t in response.context["page"])

    assert titles(level=Level.BASE) == ["Đề tài B"]
    assert titles(unit=org["school_a"].pk) == ["Đề tài A"]
    assert titles(q=people[0].full_name.split()[-1].lower()) == ["Đề tài A"]
    assert titles(year=2025) == ["Đề tài A", "Đề tài B"]
    assert titles(year=2024) == []


def test_list_query_count_does_not_grow(org, users, login, django_assert_num_queries):
    client = login(users["office"])
    person = PersonFactory(unit=org["school_a"])
    make_task(org["school_a"], members=[(person, "100", True)])
    client.get(reverse("research:list"))  # warm the session and caches

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("research:list"))
    for index in range(12):
        others = [PersonFactory(unit=org["school_b"]) for _ in range(2)]
        make_task(
            org["school_b"],
            title=f"Đề tài {index}",
            members=[(others[0], "50", True), (others[1], "50", False)],
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("research:list"))
    assert len(response.context["page"]) == 13
