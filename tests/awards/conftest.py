"""A campaign of the test organisation with one award form, its quotas and an open round."""

from decimal import Decimal

import pytest

from campaigns.models import AwardQuota, RecipientKind
from tests.factories import AwardFormFactory, AwardQuotaFactory, CampaignFactory, PersonFactory

from .factories import AwardRoundFactory


@pytest.fixture
def award(org, users):
    campaign = CampaignFactory(
        issuing_unit=org["department"],
        managing_unit=org["office"],
        title="Nghiên cứu khoa học và phát triển công nghệ, phát huy sáng kiến",
        document_number="1536/KH-SGDĐT",
    )
    campaign.participants.set([org["school_a"], org["school_b"]])
    form = AwardFormFactory(
        campaign=campaign,
        name="Giấy khen của Giám đốc Sở",
        recipients=RecipientKind.BOTH,
        authority="Giám đốc Sở Giáo dục và Đào tạo",
        vote_threshold=Decimal("80"),
    )
    AwardQuotaFactory(award_form=form, applies_to=AwardQuota.AppliesTo.COLLECTIVE, maximum=5)
    AwardQuotaFactory(
        award_form=form, applies_to=AwardQuota.AppliesTo.INDIVIDUAL, minimum=2, maximum=10
    )
    award_round = AwardRoundFactory(campaign=campaign)
    teacher = PersonFactory(full_name="Nguyễn Thị Hương", unit=org["school_a"])
    branch_teacher = PersonFactory(full_name="Trần Văn Bình", unit=org["school_a_branch"])
    other_teacher = PersonFactory(full_name="Lê Thu Trang", unit=org["school_b"])
    return {
        "campaign": campaign,
        "form": form,
        "round": award_round,
        "teacher": teacher,
        "branch_teacher": branch_teacher,
        "other_teacher": other_teacher,
    }


@pytest.fixture
def english():
    """Messages compared in English (the portal speaks Vietnamese by default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
