from decimal import Decimal

import pytest

from initiatives.models import CouncilMember
from tests.factories import (
    CampaignFactory,
    RoleAssignmentFactory,
    RubricCriterionFactory,
    UserFactory,
)
from tests.initiatives.factories import AuthorFactory, InitiativeFactory
from units.models import Role


@pytest.fixture
def campaign(org):
    campaign = CampaignFactory(
        issuing_unit=org["department"],
        managing_unit=org["office"],
        recognition_threshold=Decimal(60),
    )
    campaign.participants.add(org["department"])
    RubricCriterionFactory(campaign=campaign, name="Tính mới", max_points=40, order=1)
    RubricCriterionFactory(campaign=campaign, name="Khả năng áp dụng", max_points=30, order=2)
    RubricCriterionFactory(campaign=campaign, name="Hiệu quả", max_points=30, order=3)
    return campaign


@pytest.fixture
def make_initiative(campaign, org, users):
    """make_initiative(unit=..., status=..., **fields): a complete application."""

    def _make(unit=None, authors=1, **fields):
        initiative = InitiativeFactory(
            campaign=campaign, unit=unit or org["school_a"], created_by=users["staff_a"], **fields
        )
        share = Decimal(100) / authors if authors else 0
        for index in range(authors):
            AuthorFactory(
                initiative=initiative,
                full_name=f"Tác giả {index + 1}",
                contribution=share,
                order=index,
            )
        return initiative

    return _make


@pytest.fixture
def initiative(make_initiative):
    return make_initiative()


@pytest.fixture
def council_members(org, users, campaign):
    """Two council members at school_b's neighbour units plus the fixture's `council` (school_b)."""
    first = UserFactory(
        username="council_1", person__unit=org["office"], person__full_name="Lê Văn Hội"
    )
    second = UserFactory(
        username="council_2", person__unit=org["school_b"], person__full_name="Phạm Thị Đồng"
    )
    for user in (first, second):
        RoleAssignmentFactory(user=user, role=Role.COUNCIL, unit=org["department"])
        CouncilMember.objects.create(campaign=campaign, user=user)
    CouncilMember.objects.create(campaign=campaign, user=users["council"])
    return [first, second]
