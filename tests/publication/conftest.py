"""The awards test organisation, its campaign made public, and proposals on its round."""

import datetime

import pytest
from django.core.cache import cache

from awards.models import NomineeKind, ProposalStatus
from tests.awards.conftest import award  # noqa: F401  (the fixture, shared)
from tests.awards.factories import AwardProposalFactory
from tests.factories import PersonFactory

PRIVATE = ("14/03/1986", "1986-03-14", "huong.nguyen@example.vn", "0912345678", "Tổ trưởng")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public(award, org):  # noqa: F811
    """The campaign made public, a proposed individual (with private details that must never
    show) and a collective already awarded by a decision."""
    award["campaign"].public = True
    award["campaign"].save(update_fields=["public"])
    teacher = award["teacher"]
    teacher.date_of_birth = datetime.date(1986, 3, 14)
    teacher.email = "huong.nguyen@example.vn"
    teacher.phone = "0912345678"
    teacher.position = "Tổ trưởng"
    teacher.save()
    proposed = AwardProposalFactory(
        round=award["round"],
        award_form=award["form"],
        nominee_person=teacher,
        status=ProposalStatus.SUBMITTED,
    )
    decided = AwardProposalFactory(
        round=award["round"],
        award_form=award["form"],
        nominee_kind=NomineeKind.COLLECTIVE,
        nominee_person=None,
        nominee_unit=org["school_b"],
        status=ProposalStatus.DECIDED,
        decision_number="15/QĐ-SGDĐT",
        decision_date=datetime.date(2026, 1, 20),
        decision_authority="Giám đốc Sở Giáo dục và Đào tạo",
    )
    draft = AwardProposalFactory(
        round=award["round"],
        award_form=award["form"],
        nominee_person=PersonFactory(full_name="Phạm Văn Nháp", unit=org["school_a"]),
        status=ProposalStatus.DRAFT,
    )
    return {**award, "proposed": proposed, "decided": decided, "draft": draft}
