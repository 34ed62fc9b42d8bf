import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns import rules
from campaigns.services import (
    CampaignPlan,
    campaign_create,
    criterion_errors,
    participants_roots,
    phase_errors,
    phases_order_errors,
    quota_errors,
    rubric_errors,
)

D = datetime.date


@pytest.mark.parametrize(
    ("criterion", "fields"),
    [
        ({"kind": "initiative_ratio", "applies_to": "collective"}, {"percent", "level"}),
        (
            {
                "kind": "initiative_ratio",
                "applies_to": "collective",
                "percent": 10,
                "level": "base",
            },
            set(),
        ),
        ({"kind": "agency_initiatives", "applies_to": "collective"}, {"count", "level"}),
        ({"kind": "collective_research", "applies_to": "collective"}, {"level", "min_rating"}),
        ({"kind": "individual_initiatives", "applies_to": "individual"}, {"count"}),
        (
            {"kind": "individual_research", "applies_to": "individual"},
            {"percent", "level", "min_rating"},
        ),
        ({"kind": "digital_skills", "applies_to": "individual"}, set()),
        ({"kind": "digital_skills", "applies_to": "collective"}, {"applies_to"}),
        ({"kind": "qualitative", "applies_to": "collective"}, {"description"}),
        ({"kind": "qualitative", "applies_to": "individual", "description": "Gương mẫu"}, set()),
    ],
)
def test_each_kind_of_criterion_needs_its_parameters(criterion, fields):
    assert set(criterion_errors(criterion)) == fields


@pytest.mark.parametrize(
    ("recipients", "quotas", "wrong"),
    [
        ("both", {"collective": (5, 10), "individual": (5, 10)}, set()),
        ("both", {"combined": (None, 10)}, set()),
        ("collective", {"collective": (None, 5)}, set()),
        ("collective", {"individual": (None, 5)}, {"individual"}),
        ("collective", {"combined": (None, 5)}, {"combined"}),
        ("individual", {"collective": (1, None)}, {"collective"}),
        ("both", {"collective": (11, 10)}, {"collective"}),
        ("both", {"collective": (None, None)}, set()),
    ],
)
def test_quota_kinds_fit_the_recipients_and_min_is_at_most_max(recipients, quotas, wrong):
    assert set(quota_errors(recipients, quotas)) == wrong


def test_phase_rules():
    assert phase_errors({"start_date": D(2025, 1, 1), "end_date": D(2024, 1, 1)}) == {
        "end_date": "Giai đoạn không được kết thúc trước khi bắt đầu."
    }
    assert set(phase_errors({"start_date": D(2031, 1, 1)}, 2024, 2030)) == {"start_date"}
    assert set(
        phase_errors(
            {
                "start_date": D(2025, 1, 1),
                "end_date": D(2025, 6, 30),
                "conference_date": D(2025, 7, 1),
            }
        )
    ) == {"conference_date"}
    ordered = [
        {"kind": "launch", "start_date": D(2024, 12, 2), "end_date": D(2027, 5, 17)},
        {"kind": "interim", "start_date": D(2027, 5, 18)},
        {"kind": "final", "start_date": D(2030, 1, 1)},
    ]
    assert phases_order_errors(ordered) == []
    swapped = [{**ordered[0], "kind": "final"}, {**ordered[2], "kind": "launch"}]
    assert len(phases_order_errors(swapped)) == 1
    overlapping = [{**ordered[0], "end_date": D(2028, 1, 1)}, ordered[1]]
    assert len(phases_order_errors(overlapping)) == 1
    assert phases_order_errors([ordered[2], {**ordered[2], "start_date": D(2030, 6, 1)}]) == [
        "Mỗi phong trào chỉ có một lần tổng kết."
    ]


def test_rubric_threshold_within_total():
    rubric = [{"max_points": Decimal(30)}, {"max_points": Decimal(30)}, {"max_points": 40}]
    assert rubric_errors(rubric, Decimal(70)) == []
    assert rubric_errors(rubric, Decimal("100.5")) == [
        "Ngưỡng công nhận (100,5) cao hơn tổng điểm 100 của thang điểm."
    ]


def test_participants_keep_only_subtree_roots(org):
    roots = participants_roots(
        [org["school_a_branch"], org["school_a"], org["school_b"], org["school_a"]]
    )
    assert roots == sorted([org["school_a"], org["school_b"]], key=lambda u: u.path)
    assert participants_roots([org["department"], org["school_b"]]) == [org["department"]]


def test_service_refuses_an_inconsistent_plan(org):
    plan = CampaignPlan(
        values={
            "title": "Kế hoạch thử",
            "issuing_unit": org["department"],
            "document_number": "1/KH",
            "start_year": 2026,
            "end_year": 2025,
            "recognition_threshold": Decimal(50),
        },
        criteria=[{"kind": "initiative_ratio", "applies_to": "collective"}],
    )
    with pytest.raises(ValidationError) as error:
        campaign_create(plan=plan, by=None)
    assert len(error.value.messages) == 3


@pytest.mark.parametrize(
    ("who", "create", "edit_own", "edit_other"),
    [
        ("staff_a", False, False, False),
        ("head_a", False, False, False),
        ("staff_b", False, False, False),
        ("office", True, True, False),
        ("leader", False, False, False),
        ("admin", True, True, False),
        ("council", False, False, False),
        ("outsider", True, False, True),
    ],
)
def test_predicates(users, campaign, other_campaign, who, create, edit_own, edit_other):
    user = users[who]
    assert rules.can_create_campaign(user) is create
    assert rules.can_edit_campaign(user, campaign) is edit_own
    assert rules.can_edit_campaign(user, other_campaign) is edit_other
