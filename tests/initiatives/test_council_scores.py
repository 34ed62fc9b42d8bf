"""The office's council view (z-scores, outliers), bulk recognition, near copies in scope
and the side-by-side comparison."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative, Recognition, Status
from portal.services import history_for
from tests.factories import CampaignFactory
from tests.initiatives.factories import AuthorFactory, InitiativeFactory

NOTE = "Đã đối chiếu: nội dung khác nhau."


def to_council(initiative, users, members):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    services.initiative_send_to_council(
        initiative=initiative, by=users["office"], similarity_note=NOTE
    )
    services.council_assign(initiative=initiative, members=members, by=users["office"])
    initiative.refresh_from_db()
    return initiative


def score(initiative, member, points):
    rubric = list(initiative.campaign.rubric.all())
    services.initiative_score(
        initiative=initiative,
        by=member,
        scores={c.pk: (p, "") for c, p in zip(rubric, points, strict=True)},
    )


@pytest.fixture
def scored(make_initiative, users, council_members):
    """Three initiatives; A gives 60, 70, 80 and B gives 50, 50, 10."""
    a, b = council_members
    items = [to_council(make_initiative(), users, council_members) for _ in range(3)]
    for initiative, pa, pb in zip(
        items,
        ([20, 20, 20], [30, 20, 20], [30, 25, 25]),
        ([20, 20, 10], [20, 20, 10], [5, 3, 2]),
        strict=True,
    ):
        score(initiative, a, pa)
        score(initiative, b, pb)
    return items


def test_z_scores_over_each_members_own_totals(scored, users, council_members):
    table = services.council_normalised(campaign=scored[0].campaign, by=users["office"])
    a, b = council_members
    assert [m.pk for m in table["members"]] == sorted(
        [a.pk, b.pk], key=lambda pk: {a.pk: a.display_name, b.pk: b.display_name}[pk]
    )
    column = {m.pk: i for i, m in enumerate(table["members"])}
    rows = {r["initiative"].pk: r for r in table["rows"]}
    cells_a = [rows[i.pk]["cells"][column[a.pk]] for i in scored]
    cells_b = [rows[i.pk]["cells"][column[b.pk]] for i in scored]
    assert [c["total"] for c in cells_a] == [Decimal(60), Decimal(70), Decimal(80)]
    # A: mean 70, population deviation sqrt(200/3) = 8.165.
    assert [c["z"] for c in cells_a] == [-1.22, 0.0, 1.22]
    # B: mean 36.67, population deviation sqrt(3200/9) = 18.856.
    assert [c["z"] for c in cells_b] == [0.71, 0.71, -1.41]
    assert [rows[i.pk]["mean"] for i in scored] == [
        Decimal("55.00"),
        Decimal("60.00"),
        Decimal("45.00"),
    ]
    # On the third, B's 10 and A's 80 stand 70 points apart (threshold 20): both marked.
    assert [c["outlier"] for c in cells_a] == [False, False, True]
    assert [c["outlier"] for c in cells_b] == [False, False, True]
    assert cells_b[2]["deviation"] == Decimal(-70)


def test_council_scores_page_for_the_office_only(login, scored, users, council_members):
    url = reverse("initiatives:council_scores", args=[scored[0].campaign_id])
    page = login(users["office"]).get(url).content.decode()
    assert "10 <small>(z = -1,41)</small>" in page
    assert "bất thường" in page
    for who in ("staff_a", "council", "outsider"):
        assert login(users[who]).get(url).status_code == 404
    assert login(council_members[0]).get(url).status_code == 404


def test_bulk_recognition_one_decision_each_through_the_gate(
    make_initiative, scored, users, council_members
):
    a, _b = council_members
    waiting = to_council(make_initiative(), users, council_members)
    score(waiting, a, [40, 30, 30])  # mean 100 from A alone; B has not scored
    campaign = scored[0].campaign
    result = services.initiatives_recognise_bulk(
        campaign=campaign,
        by=users["office"],
        min_mean=Decimal(60),
        decision_number="300/QĐ-SGDĐT",
        decision_date=datetime.date(2025, 6, 30),
        issuer="Sở Giáo dục và Đào tạo Hải Phòng",
    )
    assert [i.pk for i in result["recognised"]] == [scored[1].pk]
    [(refused, reason)] = result["refused"]
    assert refused.pk == waiting.pk
    assert "Chưa chấm điểm:" in reason
    statuses = dict(Initiative.objects.values_list("pk", "status"))
    assert statuses[scored[1].pk] == Status.RECOGNISED
    assert statuses[waiting.pk] == Status.IN_COUNCIL
    assert statuses[scored[0].pk] == statuses[scored[2].pk] == Status.IN_COUNCIL
    [recognition] = Recognition.objects.all()
    assert (recognition.decision_number, recognition.initiative_id) == (
        "300/QĐ-SGDĐT",
        scored[1].pk,
    )
    assert [h.action for h in history_for(scored[1])][-1] == "recognised"
    assert [h.action for h in history_for(campaign)] == ["recognised_bulk"]


def test_bulk_recognition_below_the_threshold_is_refused(scored, users):
    with pytest.raises(services.InitiativeError) as error:
        services.initiatives_recognise_bulk(
            campaign=scored[0].campaign,
            by=users["office"],
            min_mean=Decimal(40),
            decision_number="301/QĐ-SGDĐT",
            decision_date=datetime.date(2025, 6, 30),
            issuer="Sở",
        )
    assert error.value.message == "Mức điểm không được thấp hơn ngưỡng công nhận 60 của phong trào."
    assert Recognition.objects.count() == 0


def test_bulk_recognition_refused_to_other_roles(scored, users):
    for who in ("staff_a", "council", "outsider", "leader"):
        with pytest.raises(services.InitiativeError):
            services.initiatives_recognise_bulk(
                campaign=scored[0].campaign,
                by=users[who],
                min_mean=Decimal(60),
                decision_number="302/QĐ-SGDĐT",
                decision_date=datetime.date(2025, 6, 30),
                issuer="Sở",
            )
    assert Recognition.objects.count() == 0


def test_bulk_recognition_through_the_page(login, scored, users):
    url = reverse("initiatives:council_scores", args=[scored[0].campaign_id])
    response = login(users["office"]).post(
        url,
        {
            "min_mean": "60",
            "decision_number": "303/QĐ-SGDĐT",
            "decision_date": "30/06/2025",
            "issuer": "Sở Giáo dục và Đào tạo",
        },
        follow=True,
    )
    assert "Đã công nhận 1 sáng kiến theo quyết định." in response.content.decode()
    assert Initiative.objects.get(pk=scored[1].pk).status == Status.RECOGNISED


# Near copies in scope --------------------------------------------------------------------

COPIED_TITLE = "Ứng dụng bảng tính tự động tổng hợp điểm học kỳ cho giáo viên chủ nhiệm"
COPIED_ESSENCE = "Dùng công thức bảng tính để tổng hợp điểm và xếp loại học sinh."


@pytest.fixture
def cross_org(make_initiative, org, users):
    """An initiative of another department and one of ours that nearly copies it."""
    from tests.factories import RoleAssignmentFactory, UserFactory
    from units.models import Role

    theirs_campaign = CampaignFactory(
        issuing_unit=org["other"], managing_unit=org["other"], document_number="77/KH-SKHCN"
    )
    theirs = InitiativeFactory(
        campaign=theirs_campaign,
        unit=org["other"],
        title=COPIED_TITLE + " <b>bên ngoài</b>",
        essence=COPIED_ESSENCE,
    )
    AuthorFactory(initiative=theirs, full_name="Lý Thị Ngoài Phạm Vi")
    their_staff = UserFactory(username="their_staff", person__unit=org["other"])
    RoleAssignmentFactory(user=their_staff, role=Role.UNIT_STAFF, unit=org["other"])
    services.initiative_submit(initiative=theirs, by=their_staff)
    ours_earlier = make_initiative(title=COPIED_TITLE + " năm 2023", essence=COPIED_ESSENCE)
    services.initiative_submit(initiative=ours_earlier, by=users["staff_a"])
    ours = make_initiative(title=COPIED_TITLE + " lớp", essence=COPIED_ESSENCE)
    services.initiative_submit(initiative=ours, by=users["staff_a"])
    ours.refresh_from_db()
    assert {m["id"] for m in ours.similar_matches} == {theirs.pk, ours_earlier.pk}
    return theirs, ours_earlier, ours


def test_similar_list_shows_only_matches_in_scope(login, cross_org, users):
    theirs, ours_earlier, ours = cross_org
    page = (
        login(users["office"]).get(reverse("initiatives:detail", args=[ours.pk])).content.decode()
    )
    assert reverse("initiatives:detail", args=[ours_earlier.pk]) in page
    [ours_match] = [m for m in ours.similar_matches if m["id"] == ours_earlier.pk]
    # The meter reads a machine number (0.9), the text beside it a Vietnamese one.
    assert f'<meter min="0" max="1" value="{ours_match["similarity"]}">' in page
    assert "bên ngoài" not in page
    assert "77/KH-SKHCN" not in page
    assert "Sở Khoa học và Công nghệ" not in page
    assert reverse("initiatives:detail", args=[theirs.pk]) not in page
    best = round([m for m in ours.similar_matches if m["id"] == theirs.pk][0]["similarity"] * 100)
    assert f"1 sáng kiến tương tự nằm ngoài phạm vi bạn được xem (gần nhất {best} %)." in page


def test_the_other_organisation_sees_only_its_own_initiative_among_the_matches(cross_org, users):
    theirs, ours_earlier, ours = cross_org
    summary = services.similar_matches_for(initiative=ours, user=users["outsider"])
    assert [m["id"] for m in summary["shown"]] == [theirs.pk]
    assert summary["elsewhere"] == 1
    [hidden] = [m for m in ours.similar_matches if m["id"] == ours_earlier.pk]
    assert summary["elsewhere_best"] == hidden["similarity"]


def test_comparison_marks_shared_passages_escaped(login, cross_org, users):
    _theirs, ours_earlier, ours = cross_org
    Initiative.objects.filter(pk=ours_earlier.pk).update(
        essence="<script>alert(1)</script> " + COPIED_ESSENCE
    )
    client = login(users["office"])
    page = client.get(
        reverse("initiatives:compare", args=[ours.pk, ours_earlier.pk])
    ).content.decode()
    assert "<mark>Dùng công thức bảng tính để tổng hợp điểm và xếp loại học sinh.</mark>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert " style=" not in page
    # An initiative outside the reviewer's scope cannot be compared.
    theirs = cross_org[0]
    assert client.get(reverse("initiatives:compare", args=[ours.pk, theirs.pk])).status_code == 404
    assert (
        login(users["staff_a"])
        .get(reverse("initiatives:compare", args=[ours.pk, ours_earlier.pk]))
        .status_code
        == 404
    )


def test_text_compare_ignores_accents_and_case():
    result = services.text_compare(
        "Ứng dụng BẢNG TÍNH tự động", "Bài này: ung dung bang tinh tu dong cho lớp"
    )
    assert result["left"] == [("Ứng dụng BẢNG TÍNH tự động", True)]
    assert result["right"] == [
        ("Bài này:", False),
        ("ung dung bang tinh tu dong", True),
        ("cho lớp", False),
    ]
    assert result["shared"] == 1.0


def test_council_scores_page_queries_do_not_grow_with_rows(
    login, make_initiative, users, council_members, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, b = council_members
    first = to_council(make_initiative(), users, council_members)
    score(first, a, [20, 20, 20])
    client = login(users["office"])
    url = reverse("initiatives:council_scores", args=[first.campaign_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(3):
        more = to_council(make_initiative(), users, council_members)
        score(more, a, [30, 20, 20])
        score(more, b, [10, 10, 10])
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
