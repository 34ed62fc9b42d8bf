import datetime

import pytest

from campaigns.models import Campaign, Phase
from tests.factories import (
    AwardFormFactory,
    AwardQuotaFactory,
    CampaignFactory,
    CriterionFactory,
    PhaseFactory,
    RubricCriterionFactory,
    ThemeFactory,
)


@pytest.fixture
def campaign(org):
    """A campaign of the department, joined by the whole department, with every kind of row."""
    campaign = CampaignFactory(
        title="Phát huy sáng kiến ngành Giáo dục",
        issuing_unit=org["department"],
        managing_unit=org["office"],
        document_number="1536/KH-SGDĐT",
        document_date=datetime.date(2024, 12, 2),
        basis_text="Kế hoạch số 206/KH-UBND ngày 27/8/2024",
        kind=Campaign.Kind.THEMATIC,
        recognition_threshold=25,  # within the rubric's 30 points
    )
    campaign.participants.set([org["department"]])
    ThemeFactory(campaign=campaign, title="Nghiên cứu khoa học")
    PhaseFactory(
        campaign=campaign,
        kind=Phase.Kind.LAUNCH,
        start_date=datetime.date(2024, 12, 2),
        end_date=datetime.date(2027, 5, 17),
    )
    PhaseFactory(
        campaign=campaign,
        kind=Phase.Kind.INTERIM,
        start_date=datetime.date(2027, 5, 18),
        conference_date=datetime.date(2027, 5, 18),
        conference_venue="Nhà hát thành phố",
        conference_delegates=60,
    )
    form = AwardFormFactory(campaign=campaign, name="Giấy khen của Giám đốc Sở")
    AwardQuotaFactory(award_form=form, applies_to="collective", maximum=5)
    AwardQuotaFactory(award_form=form, applies_to="individual", maximum=10)
    CriterionFactory(campaign=campaign)
    RubricCriterionFactory(campaign=campaign, name="Tính mới", max_points=30)
    return campaign


@pytest.fixture
def other_campaign(org):
    """A campaign of another organisation."""
    campaign = CampaignFactory(issuing_unit=org["other"], document_number="29/KH-SKHCN")
    campaign.participants.set([org["other"]])
    return campaign
