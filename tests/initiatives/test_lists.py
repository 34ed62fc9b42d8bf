import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import services
from initiatives.models import CouncilAssignment, Initiative, Status
from tests.initiatives.factories import AuthorFactory, InitiativeFactory, RecognitionFactory


def make_rows(campaign, unit, count, *, status=Status.SUBMITTED, **fields):
    rows = []
    for _ in range(count):
        initiative = InitiativeFactory(campaign=campaign, unit=unit, status=status, **fields)
        AuthorFactory(initiative=initiative)
        AuthorFactory(initiative=initiative, full_name="Đặng Văn Bình", contribution=0)
        RecognitionFactory(initiative=initiative)
        services.initiative_refresh_search(initiative)
        rows.append(initiative)
    return rows


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize(
    "who, unit_key, url_suffix",
    [
        ("office", "school_b", ""),
        ("staff_a", "school_a", ""),
        ("leader", "school_b", "?status=submitted&q=sang"),
    ],
)
def test_list_query_count_does_not_grow(login, users, org, campaign, who, unit_key, url_suffix):
    client = login(users[who])
    url = reverse("initiatives:list") + url_suffix
    make_rows(campaign, org[unit_key], 1)
    one, response = count_queries(client, url)
    assert response.content.decode().count('href="/initiatives/') >= 1
    make_rows(campaign, org[unit_key], 49)
    many, response = count_queries(client, url)
    assert (one, many) == (one, one)
    # session, user, second factor, roles, person, the units of the scope, rows, authors,
    # recognitions, capped count, notifications, campaign choices of the filter, plus two
    # savepoints.
    assert one == 14
    assert len(response.context["page"].rows) == 50


def test_council_list_query_count(login, users, org, campaign, council_members):
    member = council_members[0]
    client = login(member)
    url = reverse("initiatives:list") + "?scope=assigned"
    rows = make_rows(campaign, org["school_a"], 1, status=Status.IN_COUNCIL)
    CouncilAssignment.objects.create(initiative=rows[0], member=member)
    one, _ = count_queries(client, url)
    for row in make_rows(campaign, org["school_a"], 49, status=Status.IN_COUNCIL):
        CouncilAssignment.objects.create(initiative=row, member=member)
    many, response = count_queries(client, url)
    assert one == many
    assert len(response.context["page"].rows) == 50


def test_public_and_ten_percent_query_counts(client, login, users, org, campaign):
    campaign.public = True
    campaign.save()
    make_rows(campaign, org["school_a"], 1, status=Status.RECOGNISED)
    one_public, _ = count_queries(client, reverse("initiatives:public"))
    office = login(users["office"])
    one_table, _ = count_queries(office, reverse("initiatives:ten_percent") + "?year=2025")
    make_rows(campaign, org["school_a"], 49, status=Status.RECOGNISED)
    office.logout()
    many_public, response = count_queries(client, reverse("initiatives:public"))
    assert one_public == many_public
    assert len(response.context["page"].rows) == 50
    office = login(users["office"])
    many_table, response = count_queries(office, reverse("initiatives:ten_percent") + "?year=2025")
    assert one_table == many_table


def test_search_is_accent_insensitive(login, users, org, campaign):
    make_rows(campaign, org["school_b"], 1, title="Sáng kiến đổi mới phương pháp dạy học")
    make_rows(campaign, org["school_b"], 1, title="Ứng dụng bảng tính")
    client = login(users["office"])
    for query in ("sang kien", "SÁNG KIẾN", "doi moi", "đổi mới"):
        response = client.get(reverse("initiatives:list"), {"q": query})
        titles = [i.title for i in response.context["page"].rows]
        assert titles == ["Sáng kiến đổi mới phương pháp dạy học"], query
    response = client.get(reverse("initiatives:list"), {"author": "dang van"})
    assert len(response.context["page"].rows) == 2


def test_filters(login, users, org, campaign):
    make_rows(campaign, org["school_a_branch"], 1, year=2024, field="technical")
    make_rows(campaign, org["school_b"], 2, year=2025)
    client = login(users["office"])

    def titles(**params):
        return len(client.get(reverse("initiatives:list"), params).context["page"].rows)

    assert titles(unit=org["school_a"].code) == 1
    assert titles(unit=org["school_b"].code) == 2
    assert titles(unit="SKHCN") == 0
    assert titles(year=2025) == 2
    assert titles(field="technical") == 1
    assert titles(status="submitted") == 3
    assert titles(status="recognised") == 0
    assert titles(level="base") == 3
    assert titles(level="province") == 0
    assert titles(campaign=campaign.pk) == 3


def test_keyset_pagination_walks_all_rows_both_ways(login, users, org, campaign):
    make_rows(campaign, org["school_b"], 120)
    client = login(users["office"])
    seen = []
    response = client.get(reverse("initiatives:list"), {"sort": "title"})
    pages = [response.context["page"]]
    while pages[-1].has_next:
        response = client.get(
            reverse("initiatives:list"), {"sort": "title", "after": pages[-1].next_cursor}
        )
        pages.append(response.context["page"])
    for page in pages:
        seen.extend(i.pk for i in page.rows)
    assert [len(p.rows) for p in pages] == [50, 50, 20]
    expected = list(Initiative.objects.order_by("title_sort", "id").values_list("pk", flat=True))
    assert seen == expected
    back = client.get(
        reverse("initiatives:list"), {"sort": "title", "before": pages[2].previous_cursor}
    ).context["page"]
    assert [i.pk for i in back.rows] == [i.pk for i in pages[1].rows]
    assert response.context["count"] == 120 and response.context["count_exact"] is True


def test_export_xlsx_follows_filters(login, users, org, campaign, job_file):
    make_rows(campaign, org["school_a"], 2, year=2024)
    make_rows(campaign, org["school_b"], 1, year=2025, title="Sổ điểm điện tử")
    client = login(users["office"])
    response = job_file(client, reverse("initiatives:export") + "?year=2025")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0] == (
        "STT",
        "Tên sáng kiến",
        "Phong trào",
        "Đơn vị",
        "Năm",
        "Lĩnh vực",
        "Trạng thái",
        "Tác giả",
        "Công nhận",
    )
    assert len(rows) == 2
    assert rows[1][1] == "Sổ điểm điện tử"
    assert rows[1][3] == "Trường THPT Bạch Đằng"


def test_staff_sees_only_own_subtree(login, users, org, campaign):
    make_rows(campaign, org["school_a_branch"], 1)
    make_rows(campaign, org["school_b"], 2)
    response = login(users["staff_a"]).get(reverse("initiatives:list"))
    assert {i.unit_id for i in response.context["page"].rows} == {org["school_a_branch"].pk}
    response = login(users["outsider"]).get(reverse("initiatives:list"))
    assert response.context["page"].rows == []


def _row_queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("initiatives:list"))
    rows = [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].startswith('SELECT "initiatives_initiative"."id"')
    ]
    return response, rows


def test_a_small_subtree_is_listed_by_its_unit_ids(login, users, org, campaign, monkeypatch):
    """A school's rows are picked by its units' ids (read through the unit index), not by
    a path prefix joined in (which PostgreSQL answers by walking the whole table)."""
    from units import access

    make_rows(campaign, org["school_a"], 1)
    make_rows(campaign, org["school_a_branch"], 1)
    make_rows(campaign, org["school_b"], 1)
    client = login(users["staff_a"])
    response, rows = _row_queries(client)
    expected = {org["school_a"].pk, org["school_a_branch"].pk}
    assert {i.unit_id for i in response.context["page"].rows} == expected
    assert rows and all('"unit_id" IN (' in sql and "LIKE" not in sql for sql in rows)
    # A subtree of more units than that keeps the path condition, and the same rows.
    monkeypatch.setattr(access, "FEW_UNITS", 1)
    response, rows = _row_queries(client)
    assert {i.unit_id for i in response.context["page"].rows} == expected
    assert rows and all("LIKE" in sql for sql in rows)


def test_near_copy_is_flagged_on_submit(make_initiative, users, org, settings):
    settings.SIMILARITY_THRESHOLD = 0.6
    earlier = make_initiative(
        unit=org["school_b"],
        title="Ứng dụng Google Sheets trong quản lý điểm học sinh",
        essence="Dùng bảng tính trực tuyến để tổng hợp điểm, tính điểm trung bình tự động.",
    )
    Initiative.objects.filter(pk=earlier.pk).update(status=Status.RECOGNISED)
    services.initiative_refresh_search(earlier)
    make_initiative(
        unit=org["school_b"], title="Xây dựng vườn trường sinh thái", essence="Trồng rau sạch."
    )
    Initiative.objects.filter(title="Xây dựng vườn trường sinh thái").update(
        status=Status.SUBMITTED
    )
    copy = make_initiative(
        title="Ung dung Google Sheet trong quan ly diem hoc sinh",
        essence="Dùng bảng tính trực tuyến để tổng hợp điểm và tính điểm trung bình tự động.",
    )
    services.initiative_submit(initiative=copy, by=users["staff_a"])
    copy.refresh_from_db()
    assert [m["id"] for m in copy.similar_matches] == [earlier.pk]
    assert copy.similar_matches[0]["similarity"] >= 0.8
    assert copy.similar_matches[0]["unit"] == "Trường THPT Bạch Đằng"


def test_similarity_measure():
    assert services.similarity("sang kien", "sang kien") == 1.0
    assert services.similarity("sang kien", "vuon truong") < 0.1
    assert services.similarity("", "abc") == 0.0


def test_ten_percent_table(login, users, org, campaign):
    org["school_a"].headcount = 20
    org["school_a"].save()
    for initiative in make_rows(campaign, org["school_a"], 2, status=Status.RECOGNISED):
        initiative.recognitions.update(decision_date=datetime.date(2025, 5, 1))
    make_rows(campaign, org["school_b"], 1, status=Status.RECOGNISED)
    Initiative.objects.filter(unit=org["school_b"]).first().recognitions.update(
        decision_date=datetime.date(2024, 5, 1)
    )
    response = login(users["office"]).get(
        reverse("initiatives:ten_percent"), {"year": 2025, "sort": "recognised"}
    )
    rows = {r["code"]: r for r in response.context["rows"]}
    assert (rows["THA"]["recognised"], rows["THA"]["target"], rows["THA"]["met"]) == (2, 2.0, True)
    assert (rows["THB"]["recognised"], rows["THB"]["met"]) == (0, False)
    assert response.context["rows"][0]["code"] == "THA"
    assert "SKHCN" not in rows


def test_public_page_without_login(client, org, campaign):
    make_rows(campaign, org["school_a"], 1, status=Status.RECOGNISED, title="Sổ tay điện tử")
    make_rows(campaign, org["school_a"], 1, status=Status.SUBMITTED, title="Chưa công nhận")
    assert client.get(reverse("initiatives:public")).context["page"].rows == []
    campaign.public = True
    campaign.save()
    page = client.get(reverse("initiatives:public")).content.decode()
    assert "Sổ tay điện tử" in page
    assert "Chưa công nhận" not in page
    assert "Nguyễn Thị Hương" in page and "Trường THPT An Lão" in page


def test_home_panels(login, users, initiative, council_members):
    from initiatives.home import panels

    [staff_panel] = panels(users["staff_a"])
    assert staff_panel["count"] == 1
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    [office_panel, _glance] = panels(users["office"])
    assert office_panel["items"][0]["label"] == initiative.title
    services.initiative_send_to_council(
        initiative=initiative, by=users["office"], members=council_members
    )
    [council_panel] = panels(council_members[0])
    assert council_panel["count"] == 1
    assert login(users["staff_a"]).get("/").status_code == 200


def test_trigram_index_only_on_postgresql(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "initiatives_initiative")
    if connection.vendor == "postgresql":
        assert indexes["initiatives_search_trgm"]["type"] == "gin"
    else:
        assert "initiatives_search_trgm" not in indexes


def test_a_search_shorter_than_three_characters_is_explained_not_run(login, users, org, campaign):
    make_rows(campaign, org["school_b"], 2, title="Sáng kiến đổi mới phương pháp dạy học")
    client = login(users["office"])
    response = client.get(reverse("initiatives:list"), {"q": "qz"})
    assert "Nhập ít nhất 3 ký tự để tìm kiếm." in response.content.decode()
    assert len(response.context["page"].rows) == 0
    response = client.get(reverse("initiatives:list"), {"q": "dạy"})
    assert len(response.context["page"].rows) == 2
