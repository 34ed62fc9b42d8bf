"""Routing by authority: each award form of a plan goes to the one who decides it, through
the documents the law asks for (Luật Thi đua, khen thưởng 2022, Điều 80 and 83)."""

import io

import pytest

from awards import routing
from campaigns.models import AwardForm, Campaign, DecidingAuthority
from devtools.demo import campaigns as campaigns_demo
from devtools.demo import units as units_demo
from tests.factories import AwardFormFactory, CampaignFactory, UnitFactory
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

HP_CHAIR = "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"


def _organisation(code, office_code, kind):
    name = next(o[1] for o in units_demo.ORGANISATIONS if o[0] == code)
    place = next(o[4] for o in units_demo.ORGANISATIONS if o[0] == code)
    governing_body, document_name, proposes_to = units_demo.HEADERS[code]
    root = UnitFactory(
        code=code,
        name=name,
        kind=kind,
        place=place,
        governing_body=governing_body,
        document_name=document_name,
        proposes_to=proposes_to,
    )
    UnitFactory(code=office_code, name="Văn phòng", kind=UnitKind.OTHER, parent=root)
    return root


@pytest.fixture
def demo_plans(db):
    """The Hải Phòng Sở's and the Tứ Kỳ commune's plans as the demo loads them."""
    _organisation("HP-SGD", "HP-VP", UnitKind.DEPARTMENT)
    _organisation("TK-UBND", "TK-VHXH", UnitKind.COMMUNE)
    campaigns_demo.seed(io.StringIO())
    return {code: Campaign.objects.get(issuing_unit__code=code) for code in ("HP-SGD", "TK-UBND")}


def _table(campaign):
    forms = AwardForm.objects.filter(campaign=campaign).order_by("order", "id")
    return [
        (form.name, route.decider, route.channel, route.addressee, route.documents)
        for form, route in routing.routing_table(forms, campaign.issuing_unit)
    ]


WITHIN_DOCS = (routing.DOC_LETTER, routing.DOC_DECISION, routing.DOC_LIST)
UPWARD_DOCS = (routing.DOC_LETTER, routing.DOC_LIST)


def test_routing_table_of_a_department(demo_plans):
    head = "Giám đốc Sở Giáo dục và Đào tạo"
    assert _table(demo_plans["HP-SGD"]) == [
        (
            "Khen thưởng hằng năm theo thẩm quyền của cơ quan, đơn vị",
            DecidingAuthority.HEAD,
            routing.WITHIN,
            head,
            WITHIN_DOCS,
        ),
        ("Huân chương Lao động", "president", routing.PROPOSE, HP_CHAIR, UPWARD_DOCS),
        (
            "Bằng khen của Thủ tướng Chính phủ",
            "prime_minister",
            routing.PROPOSE,
            HP_CHAIR,
            UPWARD_DOCS,
        ),
        (
            "Bằng khen của Chủ tịch UBND thành phố",
            "province_chair",
            routing.PROPOSE,
            HP_CHAIR,
            UPWARD_DOCS,
        ),
        ("Chiến sĩ thi đua cơ sở", "head", routing.WITHIN, head, WITHIN_DOCS),
        ("Chiến sĩ thi đua thành phố", "province_chair", routing.PROPOSE, HP_CHAIR, UPWARD_DOCS),
    ]


def test_routing_table_of_a_commune(demo_plans):
    assert _table(demo_plans["TK-UBND"]) == [
        (
            "Bằng khen của Chủ tịch UBND thành phố",
            "province_chair",
            routing.PROPOSE,
            HP_CHAIR,
            UPWARD_DOCS,
        ),
        (
            "Giấy khen của Chủ tịch UBND xã",
            "commune_chair",
            routing.WITHIN,
            "Chủ tịch Ủy ban nhân dân xã Tứ Kỳ",
            WITHIN_DOCS,
        ),
    ]


def test_one_letter_per_authority_and_never_straight_to_the_prime_minister(demo_plans):
    campaign = demo_plans["HP-SGD"]
    letters = routing.letters_by_addressee(
        AwardForm.objects.filter(campaign=campaign).order_by("order", "id"), campaign.issuing_unit
    )

    assert [(route.channel, route.addressee, len(forms)) for route, forms in letters] == [
        (routing.WITHIN, "Giám đốc Sở Giáo dục và Đào tạo", 2),
        (routing.PROPOSE, HP_CHAIR, 4),
    ]


def test_a_head_form_of_a_commune_is_decided_by_its_chairman(db):
    commune = UnitFactory(code="XA", name="UBND xã Tứ Kỳ", kind=UnitKind.COMMUNE, document_name="")
    form = AwardFormFactory(
        campaign=CampaignFactory(issuing_unit=commune), authority="Thủ trưởng cơ quan, đơn vị"
    )

    route = routing.award_route(form, commune)

    assert (route.decider, route.channel, route.addressee) == (
        "commune_chair",
        routing.WITHIN,
        "Chủ tịch Ủy ban nhân dân xã Tứ Kỳ",
    )
    assert route.source.startswith("Luật Thi đua, khen thưởng 2022, Điều 80")


def test_the_chosen_decider_outranks_the_text(db):
    department = UnitFactory(code="S", name="Sở Y tế", kind=UnitKind.DEPARTMENT)
    form = AwardFormFactory(
        campaign=CampaignFactory(issuing_unit=department),
        authority="Giám đốc Sở Y tế",
        decided_by=DecidingAuthority.PROVINCE_CHAIR,
    )

    route = routing.award_route(form, Unit.objects.get(pk=department.pk))

    assert (route.channel, route.addressee) == (
        routing.PROPOSE,
        "Chủ tịch Ủy ban nhân dân tỉnh, thành phố",
    )
