import datetime

import pytest
from django.urls import reverse

from campaigns.models import AwardQuota, Campaign, CampaignScope, Phase
from portal.models import HistoryEntry
from tests.factories import CampaignFactory, PhaseFactory

ALL = ["staff_a", "head_a", "staff_b", "office", "leader", "admin", "council", "outsider"]
MANAGERS = {"office", "admin"}
PREFIXES = ["themes", "phases", "award_forms", "criteria", "rubric"]


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def valid_post(org, **overrides):
    """A complete submit: main form, two phases, a theme, an award form with quotas, two
    criteria (alternatives) and a rubric."""
    data = {
        "title": "Thi đua đổi mới sáng tạo năm học 2025-2026",
        "issuing_unit": str(org["department"].pk),
        "managing_unit": str(org["office"].pk),
        "document_number": "12/KH-SGDĐT",
        "document_date": "15/01/2025",
        "basis_text": "Kế hoạch số 150/KH-UBND ngày 16/6/2025",
        "summary": "Mục đích, yêu cầu",
        "kind": "thematic",
        "launch_level": "agency",
        "scope": "sector_locality",
        "start_year": "2025",
        "end_year": "2027",
        "participants": [str(org["school_a"].pk), str(org["school_a_branch"].pk)],
        "report_deadline_day": "15",
        "report_deadline_month": "12",
        "recognition_threshold": "70",
        "blind_review": "on",
        "council_quorum_present": "2",
        "council_quorum_of": "3",
        "council_rules_source": "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng Sở",
        **management("themes", 1),
        "themes-0-order": "1",
        "themes-0-title": "Chuyển đổi số trong dạy học",
        **management("phases", 2),
        "phases-0-kind": "launch",
        "phases-0-title": "Phát động",
        "phases-0-start_date": "15/01/2025",
        "phases-0-end_date": "31/12/2026",
        "phases-1-kind": "final",
        "phases-1-start_date": "01/01/2027",
        "phases-1-end_date": "31/12/2027",
        "phases-1-conference_date": "18/05/2027",
        "phases-1-conference_venue": "Hội trường Sở",
        "phases-1-conference_delegates": "60",
        "phases-1-conference_programme": "Khai mạc\nBáo cáo tổng kết",
        **management("award_forms", 1),
        "award_forms-0-order": "1",
        "award_forms-0-name": "Giấy khen của Giám đốc Sở",
        "award_forms-0-kind": "award",
        "award_forms-0-recipients": "both",
        "award_forms-0-at_yearly": "on",
        "award_forms-0-at_final": "on",
        "award_forms-0-vote_threshold": "50",
        "award_forms-0-collective_min": "5",
        "award_forms-0-collective_max": "10",
        "award_forms-0-individual_max": "10",
        **management("criteria", 2),
        "criteria-0-order": "1",
        "criteria-0-kind": "individual_initiatives",
        "criteria-0-applies_to": "individual",
        "criteria-0-count": "2",
        "criteria-0-group": "1",
        "criteria-1-order": "2",
        "criteria-1-kind": "individual_research",
        "criteria-1-applies_to": "individual",
        "criteria-1-percent": "40",
        "criteria-1-level": "province",
        "criteria-1-min_rating": "passed",
        "criteria-1-group": "1",
        **management("rubric", 3),
        "rubric-0-order": "1",
        "rubric-0-name": "Tính mới",
        "rubric-0-max_points": "30",
        "rubric-1-order": "2",
        "rubric-1-name": "Khả năng áp dụng",
        "rubric-1-max_points": "30",
        "rubric-2-order": "3",
        "rubric-2-name": "Hiệu quả",
        "rubric-2-max_points": "40",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Permission matrix -------------------------------------------------------------------


@pytest.mark.parametrize("who", ALL)
def test_detail_matrix(users, login, campaign, other_campaign, who):
    client = login(users[who])
    own = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    other = client.get(reverse("campaigns:detail", args=[other_campaign.pk]))
    if who == "outsider":
        assert (own.status_code, other.status_code) == (404, 200)
    else:
        assert (own.status_code, other.status_code) == (200, 404)


@pytest.mark.parametrize("who", ALL)
def test_list_matrix(users, login, campaign, other_campaign, who):
    response = login(users[who]).get(reverse("campaigns:list"))
    assert response.status_code == 200
    shown = [c.pk for c in response.context["page"].object_list]
    assert shown == ([other_campaign.pk] if who == "outsider" else [campaign.pk])


@pytest.mark.parametrize("who", ALL)
def test_create_matrix(users, login, who):
    response = login(users[who]).get(reverse("campaigns:create"))
    assert response.status_code == (200 if who in MANAGERS | {"outsider"} else 404)


@pytest.mark.parametrize("who", ALL)
def test_edit_matrix(users, login, campaign, who):
    response = login(users[who]).get(reverse("campaigns:edit", args=[campaign.pk]))
    assert response.status_code == (200 if who in MANAGERS else 404)


def test_unit_staff_cannot_post_a_campaign(users, login, org):
    response = login(users["staff_a"]).post(reverse("campaigns:create"), valid_post(org))
    assert response.status_code == 404
    assert Campaign.objects.count() == 0


def test_anonymous_is_sent_to_login(client, campaign):
    response = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_edit_link_only_for_managers(users, login, campaign):
    edit_url = reverse("campaigns:edit", args=[campaign.pk])
    assert edit_url in login(users["office"]).get(campaign_url(campaign)).content.decode()
    assert edit_url not in login(users["leader"]).get(campaign_url(campaign)).content.decode()


def campaign_url(campaign):
    return reverse("campaigns:detail", args=[campaign.pk])


# --- Create and edit, step by step ------------------------------------------------------

LATER_STEPS = ["phases", "awards", "criteria", "rubric"]


def step_url(campaign, step):
    if step == "facts":
        return reverse("campaigns:edit", args=[campaign.pk])
    return reverse("campaigns:setup", args=[campaign.pk, step])


def post_steps(client, data, campaign=None, until=None):
    """One submit sent through the set-up's steps, as a user pressing "Save and continue":
    the facts (creating the campaign when it is new), then each later step, stopping at the
    first step that refuses it. Returns the responses by step."""
    first = step_url(campaign, "facts") if campaign else reverse("campaigns:create")
    responses = {"facts": client.post(first, {**data, "go": "next"})}
    if responses["facts"].status_code != 302:
        return responses
    campaign = campaign or Campaign.objects.latest("pk")
    for step in LATER_STEPS:
        responses[step] = client.post(step_url(campaign, step), {**data, "go": "next"})
        if responses[step].status_code != 302 or step == until:
            break
    return responses


def test_create_step_by_step_with_every_part(users, login, org):
    responses = post_steps(login(users["office"]), valid_post(org))
    campaign = Campaign.objects.get()
    # Each step leads to the next, the last to the summary of the whole campaign.
    assert [r["Location"] for r in responses.values()] == [
        step_url(campaign, "phases"),
        step_url(campaign, "awards"),
        step_url(campaign, "criteria"),
        step_url(campaign, "rubric"),
        reverse("campaigns:setup_summary", args=[campaign.pk]),
    ]
    assert campaign.document_date == datetime.date(2025, 1, 15)
    assert campaign.scope == CampaignScope.SECTOR_LOCALITY
    assert campaign.title_folded == "thi dua doi moi sang tao nam hoc 2025-2026"
    assert campaign.created_by == users["office"]
    assert campaign.blind_review is True
    assert campaign.recognition_threshold == 70
    # The branch is inside school_a's subtree: only the subtree root is kept.
    assert list(campaign.participants.all()) == [org["school_a"]]
    assert list(campaign.themes.values_list("title", flat=True)) == ["Chuyển đổi số trong dạy học"]
    assert list(campaign.phases.values_list("kind", "start_date", "conference_delegates")) == [
        ("launch", datetime.date(2025, 1, 15), None),
        ("final", datetime.date(2027, 1, 1), 60),
    ]
    form = campaign.award_forms.get()
    assert sorted(form.quotas.values_list("applies_to", "minimum", "maximum")) == [
        ("collective", 5, 10),
        ("individual", None, 10),
    ]
    assert sorted(campaign.criteria.values_list("kind", "group")) == [
        ("individual_initiatives", 1),
        ("individual_research", 1),
    ]
    assert sum(campaign.rubric.values_list("max_points", flat=True)) == 100
    # Every step is recorded: who created it, then what each step changed.
    entries = list(HistoryEntry.objects.order_by("id"))
    assert [(e.action, e.actor) for e in entries] == [("created", users["office"])] + [
        ("updated", users["office"])
    ] * 4
    assert [sorted(e.changes) for e in entries[1:]] == [
        ["phases"],
        ["award_forms"],
        ["criteria"],
        ["blind_review", "recognition_threshold", "rubric"],
    ]


def test_back_and_save_lead_to_the_previous_step_and_the_same_one(users, login, campaign):
    client = login(users["office"])
    url = step_url(campaign, "criteria")
    back = client.post(url, {**management("criteria", 0), "go": "back"})
    assert back["Location"] == step_url(campaign, "awards")
    stay = client.post(url, {**management("criteria", 0), "go": "stay"})
    assert stay["Location"] == url
    assert campaign.criteria.count() == 1  # rows not shown on the page are left alone


def test_detail_shows_the_facts(users, login, campaign):
    html = login(users["staff_a"]).get(campaign_url(campaign)).content.decode()
    for text in [
        "1536/KH-SGDĐT",
        "02/12/2024",
        "Kế hoạch số 206/KH-UBND ngày 27/8/2024",
        "Văn phòng Sở",
        "Nghiên cứu khoa học",
        "Giấy khen của Giám đốc Sở",
        "15/12",
        "Nhà hát thành phố",
        "18/05/2027",
        "Tính mới",
    ]:
        assert text in html, text
    assert 'class="current"' in html


def test_edit_updates_rows_in_place_and_records_history(users, login, org, campaign):
    client = login(users["office"])
    phases = list(campaign.phases.all())
    award = campaign.award_forms.get()
    theme = campaign.themes.get()
    criterion = campaign.criteria.get()
    rubric = campaign.rubric.get()
    data = valid_post(
        org,
        title="Phát huy sáng kiến ngành Giáo dục (sửa đổi)",
        start_year="2024",
        end_year="2030",
        document_date="02/12/2024",
        recognition_threshold="20",
        **{
            **management("themes", 1, 1),
            "themes-0-id": str(theme.pk),
            "themes-0-title": theme.title,
            **management("phases", 2, 2),
            "phases-0-id": str(phases[0].pk),
            "phases-0-kind": "launch",
            "phases-0-title": "",
            "phases-0-start_date": "02/12/2024",
            "phases-0-end_date": "17/05/2027",
            "phases-1-id": str(phases[1].pk),
            "phases-1-kind": "interim",
            "phases-1-start_date": "18/05/2027",
            "phases-1-end_date": "",
            "phases-1-conference_date": "18/05/2027",
            "phases-1-conference_venue": "Nhà hát thành phố",
            "phases-1-conference_delegates": "80",
            "phases-1-conference_programme": "",
            **management("award_forms", 1, 1),
            "award_forms-0-id": str(award.pk),
            "award_forms-0-collective_min": "",
            "award_forms-0-collective_max": "6",
            "award_forms-0-individual_max": "",
            **management("criteria", 1, 1),
            "criteria-0-id": str(criterion.pk),
            "criteria-0-kind": "qualitative",
            "criteria-0-applies_to": "collective",
            "criteria-0-description": criterion.description,
            "criteria-0-group": "0",
            "criteria-0-count": "",
            "criteria-1-order": None,
            "criteria-1-kind": None,
            "criteria-1-applies_to": None,
            "criteria-1-percent": None,
            "criteria-1-level": None,
            "criteria-1-min_rating": None,
            "criteria-1-group": None,
            **management("rubric", 1, 1),
            "rubric-0-id": str(rubric.pk),
            "rubric-0-name": "Tính mới",
            "rubric-0-max_points": "30",
            "rubric-0-DELETE": "",
        },
    )
    responses = post_steps(client, data, campaign)
    assert [r.status_code for r in responses.values()] == [302] * 5, [
        r.context["error_summary"] for r in responses.values() if r.context
    ]
    campaign.refresh_from_db()
    assert campaign.title == "Phát huy sáng kiến ngành Giáo dục (sửa đổi)"
    assert list(campaign.phases.values_list("pk", flat=True)) == [p.pk for p in phases]
    assert campaign.phases.get(pk=phases[1].pk).conference_delegates == 80
    assert list(award.quotas.values_list("applies_to", "minimum", "maximum")) == [
        ("collective", None, 6)
    ]
    changes = {}
    for entry in HistoryEntry.objects.filter(action="updated").order_by("id"):
        changes.update(entry.changes)
    assert changes["title"] == [
        "Phát huy sáng kiến ngành Giáo dục",
        "Phát huy sáng kiến ngành Giáo dục (sửa đổi)",
    ]
    assert changes["phases"] == {"created": 0, "updated": 1, "removed": 0}
    assert changes["award_forms"] == {"created": 0, "updated": 1, "removed": 0}


def test_edit_removes_a_row(users, login, org, campaign):
    theme = campaign.themes.get()
    data = valid_post(
        org,
        start_year="2024",
        end_year="2030",
        **{
            **management("themes", 1, 1),
            "themes-0-id": str(theme.pk),
            "themes-0-title": theme.title,
            "themes-0-DELETE": "on",
            **management("phases", 0),
            **management("award_forms", 0),
            **management("criteria", 0),
            **management("rubric", 0),
        },
    )
    response = login(users["admin"]).post(reverse("campaigns:edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    assert campaign.themes.count() == 0
    assert campaign.phases.count() == 2  # rows not submitted are left alone


# --- Validation: each error is named and nothing typed is lost --------------------------


def _rejected(client, data):
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert Campaign.objects.count() == 0
    return response


# What each step shows again when it refuses a submit: what was typed on it.
TYPED = {
    "facts": ["Thi đua đổi mới sáng tạo năm học 2025-2026", "Chuyển đổi số trong dạy học"],
    "phases": ['value="Hội trường Sở"', "Báo cáo tổng kết"],
    "awards": ['value="Giấy khen của Giám đốc Sở"'],
    "criteria": ['<option value="province" selected>'],
    "rubric": ['value="Khả năng áp dụng"'],
}
ROWS = {
    "phases": "phases",
    "awards": "award_forms",
    "criteria": "criteria",
    "rubric": "rubric",
}


@pytest.mark.parametrize(
    ("overrides", "step", "message"),
    [
        (
            {"document_date": "2025/01/15"},
            "facts",
            "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 02/12/2024.",
        ),
        ({"end_year": "2024"}, "facts", "Năm cuối không được trước năm đầu."),
        (
            {
                "phases-1-start_date": "01/01/2025",
                "phases-1-end_date": "31/12/2025",
                "phases-1-conference_date": "",
            },
            "phases",
            "phải theo thứ tự",
        ),
        (
            {"phases-0-end_date": "01/01/2025"},
            "phases",
            "Giai đoạn không được kết thúc trước khi bắt đầu.",
        ),
        (
            {"award_forms-0-collective_min": "12"},
            "awards",
            "Số tối thiểu không được lớn hơn số tối đa.",
        ),
        (
            {"award_forms-0-recipients": "collective"},
            "awards",
            "không phù hợp với hình thức khen thưởng dành cho",
        ),
        ({"criteria-1-percent": ""}, "criteria", "cần có tỷ lệ phần trăm"),
        (
            {"criteria-0-kind": "qualitative", "criteria-0-count": ""},
            "criteria",
            "cần có nội dung tiêu chí trong kế hoạch",
        ),
        (
            {"criteria-0-applies_to": "collective"},
            "criteria",
            "Loại tiêu chí này áp dụng cho cá nhân.",
        ),
        ({"recognition_threshold": "120"}, "rubric", "cao hơn tổng điểm 100"),
        ({"managing_unit": None}, None, None),
    ],
)
def test_each_error_is_named_at_its_step_and_keeps_the_data(
    users, login, org, overrides, step, message
):
    client = login(users["office"])
    responses = post_steps(client, valid_post(org, **overrides))
    if message is None:  # the control case: the same submit is accepted by every step
        assert [r.status_code for r in responses.values()] == [302] * 5
        return
    assert list(responses)[-1] == step
    response = responses[step]
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # Nothing of the step was written, and the page says so.
    assert "Chưa có gì được lưu" in html
    if step == "facts":
        assert Campaign.objects.count() == 0
    else:
        assert getattr(Campaign.objects.get(), ROWS[step]).count() == 0
    # Everything typed on the step comes back, and the indicator marks the step.
    for typed in TYPED[step]:
        assert typed in html, typed
    assert response.context["error_summary"]
    current = next(s for s in response.context["steps"] if s["current"])
    assert (current["key"], current["state"]) == (step, "cần sửa")


def test_standing_body_outside_the_issuer_is_refused(users, login, org):
    response = _rejected(
        login(users["office"]),
        valid_post(org, issuing_unit=str(org["school_a"].pk), managing_unit=str(org["office"].pk)),
    )
    assert "Cơ quan thường trực phải là đơn vị ban hành hoặc một đơn vị trực thuộc." in (
        response.content.decode()
    )


def test_units_outside_scope_cannot_be_chosen(users, login, org):
    response = _rejected(login(users["office"]), valid_post(org, issuing_unit=str(org["other"].pk)))
    assert response.context["form"].errors["issuing_unit"]


# --- List: filters, sorting, query count -------------------------------------------------


def test_search_is_accent_insensitive(users, login, campaign, org):
    CampaignFactory(issuing_unit=org["department"], title="Bình dân học vụ số")
    client = login(users["office"])
    for query in ["sang kien", "SÁNG KIẾN", "Sáng kiến", "1536/KH"]:
        page = client.get(reverse("campaigns:list"), {"q": query}).context["page"]
        assert [c.pk for c in page.object_list] == [campaign.pk], query


def test_filters_kind_year_unit_and_phase(users, login, campaign, org):
    today = datetime.date.today()
    regular = CampaignFactory(
        issuing_unit=org["school_a"], kind=Campaign.Kind.REGULAR, start_year=2020, end_year=2021
    )
    PhaseFactory(campaign=regular, kind=Phase.Kind.FINAL, start_date=datetime.date(2021, 1, 1))
    client = login(users["office"])

    def shown(**params):
        page = client.get(reverse("campaigns:list"), params).context["page"]
        return [c.pk for c in page.object_list]

    assert shown(kind="regular") == [regular.pk]
    assert shown(kind="thematic") == [campaign.pk]
    assert shown(year="2021") == [regular.pk]
    assert shown(year="2026") == [campaign.pk]
    assert shown(issuing_unit=str(org["school_a"].pk)) == [regular.pk]
    assert shown(phase="final") == [regular.pk]
    expected_phase = "launch" if today < datetime.date(2027, 5, 18) else "interim"
    assert shown(phase=expected_phase) == [campaign.pk]
    assert shown(sort="title") == sorted(
        [campaign.pk, regular.pk], key=lambda pk: Campaign.objects.get(pk=pk).title_folded
    )
    assert shown(sort="-year") == [campaign.pk, regular.pk]


def test_list_paginates(users, login, org):
    for _ in range(25):
        CampaignFactory(issuing_unit=org["department"])
    client = login(users["office"])
    first = client.get(reverse("campaigns:list")).context["page"]
    second = client.get(reverse("campaigns:list"), {"after": first.next_cursor}).context["page"]
    assert (len(first.object_list), len(second.object_list)) == (20, 5)
    assert not {c.pk for c in first} & {c.pk for c in second}


def _make_campaigns(org, n):
    for i in range(n):
        c = CampaignFactory(issuing_unit=org["department"])
        c.participants.set([org["department"]])
        PhaseFactory(campaign=c, start_date=datetime.date(2024, 1, 1 + i % 28))


@pytest.mark.parametrize("who", ["office", "staff_a"])
def test_list_query_count_does_not_grow(users, login, org, django_assert_num_queries, who):
    client = login(users[who])
    _make_campaigns(org, 1)
    client.get(reverse("campaigns:list"))  # warm the session
    with django_assert_num_queries(LIST_QUERIES[who]) as one:
        client.get(reverse("campaigns:list"))
    _make_campaigns(org, 14)
    with django_assert_num_queries(LIST_QUERIES[who]) as many:
        response = client.get(reverse("campaigns:list"))
    assert len(response.context["page"].object_list) == 15
    assert len(one.captured_queries) == len(many.captured_queries)


LIST_QUERIES = {"office": 11, "staff_a": 11}


def test_detail_query_count_does_not_grow(users, login, campaign, django_assert_num_queries):
    client = login(users["office"])
    client.get(campaign_url(campaign))
    with django_assert_num_queries(DETAIL_QUERIES) as small:
        client.get(campaign_url(campaign))
    for i in range(5):
        form = campaign.award_forms.create(name=f"Hình thức {i}")
        AwardQuota.objects.create(award_form=form, applies_to="combined", maximum=3)
        PhaseFactory(campaign=campaign, kind="final", start_date=datetime.date(2030, 1, 1 + i))
    with django_assert_num_queries(DETAIL_QUERIES) as large:
        client.get(campaign_url(campaign))
    assert len(small.captured_queries) == len(large.captured_queries)


# One of them asks whether an organisation names the issuer as its upper level (roll-up).
DETAIL_QUERIES = 17


# --- Whom a criterion aims at ----------------------------------------------------------------


def test_setup_form_sets_whom_a_criterion_aims_at(users, login, org):
    data = valid_post(
        org,
        **{
            "criteria-TOTAL_FORMS": "3",
            "criteria-2-order": "3",
            "criteria-2-kind": "initiative_ratio",
            "criteria-2-applies_to": "collective",
            "criteria-2-percent": "10",
            "criteria-2-level": "base",
            "criteria-2-unit_kinds": ["upper_secondary", "department"],
            "criteria-2-ratio_scope": "subtree",
            "criteria-2-partial_year": "prorate",
            "criteria-2-group": "0",
        },
    )
    data["criteria-0-person_kinds"] = ["learner"]

    responses = post_steps(login(users["office"]), data)

    assert responses["criteria"].status_code == 302
    ratio, by_person = (
        Campaign.objects.get()
        .criteria.order_by("-kind")
        .filter(kind__in=["initiative_ratio", "individual_initiatives"])
    )
    assert (ratio.unit_kinds, ratio.ratio_scope, ratio.partial_year) == (
        ["department", "upper_secondary"],  # in the order of the kinds, whatever was ticked
        "subtree",
        "prorate",
    )
    assert by_person.person_kinds == ["learner"]


def test_setup_form_refuses_an_agency_criterion_for_individuals(users, login, org):
    data = valid_post(org, **{"criteria-0-agency_only": "on"})

    response = post_steps(login(users["office"]), data)["criteria"]

    assert response.status_code == 200
    assert not Campaign.objects.get().criteria.exists()
    assert "Chỉ tiêu chí dành cho tập thể mới có thể áp dụng riêng cho cơ quan." in (
        response.content.decode()
    )


def test_setup_form_refuses_an_individual_title_on_an_award_form_for_collectives(users, login, org):
    data = valid_post(
        org, **{"award_forms-0-recipients": "collective", "award_forms-0-title": "base_fighter"}
    )
    for kind in ("individual", "combined"):
        data.pop(f"award_forms-0-{kind}_min", None)
        data.pop(f"award_forms-0-{kind}_max", None)

    response = post_steps(login(users["office"]), data)["awards"]

    assert response.status_code == 200
    assert not Campaign.objects.get().award_forms.exists()
    assert "Danh hiệu thi đua này dành cho cá nhân" in response.content.decode()


def test_the_step_indicator_marks_the_current_step_and_what_is_done(users, login, campaign):
    client = login(users["office"])
    campaign.rubric.all().delete()
    html = client.get(step_url(campaign, "awards")).content.decode()
    # The current step is marked for screen readers; each step links to its page.
    assert html.count('aria-current="step"') == 1
    assert f'<a href="{step_url(campaign, "awards")}" aria-current="step">' in html
    for step in ["facts", *LATER_STEPS]:
        assert f'href="{step_url(campaign, step)}"' in html
    steps = {s["key"]: s for s in client.get(step_url(campaign, "awards")).context["steps"]}
    assert steps["phases"]["done"] and steps["phases"]["state"] == "2 dòng"
    assert not steps["rubric"]["done"] and steps["rubric"]["state"] == "chưa nhập"
    assert "Chưa hoàn thành: </span>chưa nhập" in html


def test_a_new_campaign_opens_its_later_steps_once_the_first_is_saved(users, login):
    html = login(users["office"]).get(reverse("campaigns:create")).content.decode()
    assert '<span aria-current="step">' in html
    assert "/edit/phases/" not in html
    assert "Lưu bước này sẽ tạo phong trào" in html


def test_the_summary_shows_the_whole_campaign_with_a_link_to_each_step(users, login, campaign):
    url = reverse("campaigns:setup_summary", args=[campaign.pk])
    html = login(users["office"]).get(url).content.decode()
    for text in ["1536/KH-SGDĐT", "Giấy khen của Giám đốc Sở", "Tính mới", "Nhà hát thành phố"]:
        assert text in html, text
    for step in ["facts", *LATER_STEPS]:
        assert f'class="section-edit" href="{step_url(campaign, step)}"' in html
    assert f'<a href="{url}" aria-current="step">' in html


@pytest.mark.parametrize("who", ALL)
def test_every_step_and_the_summary_are_for_the_campaign_s_managers_alone(
    users, login, campaign, who
):
    client = login(users[who])
    urls = [step_url(campaign, step) for step in LATER_STEPS]
    urls.append(reverse("campaigns:setup_summary", args=[campaign.pk]))
    expected = 200 if who in MANAGERS else 404
    assert [client.get(url).status_code for url in urls] == [expected] * 5
    assert client.post(urls[0], management("phases", 0)).status_code == (
        302 if who in MANAGERS else 404
    )


def test_an_unknown_step_is_404(users, login, campaign):
    client = login(users["office"])
    assert client.get(reverse("campaigns:setup", args=[campaign.pk, "facts"])).status_code == 404
    assert client.get(reverse("campaigns:setup", args=[campaign.pk, "other"])).status_code == 404
