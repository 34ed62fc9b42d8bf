"""A round's page draws its proposals by award form: approved over proposed."""

from django.urls import reverse

from awards.models import ProposalStatus
from tests.awards.factories import AwardProposalFactory
from tests.factories import AwardFormFactory, PersonFactory
from tests.portal.test_charts import bars_of, svg_of


def test_round_page_draws_approved_over_proposed_per_form(award, users, login):
    second = AwardFormFactory(campaign=award["campaign"], name="Bằng khen của UBND thành phố")
    for status in (ProposalStatus.APPROVED, ProposalStatus.SUBMITTED, ProposalStatus.DECIDED):
        AwardProposalFactory(
            round=award["round"],
            award_form=award["form"],
            nominee_person=PersonFactory(unit=award["teacher"].unit),
            status=status,
        )
    AwardProposalFactory(
        round=award["round"],
        award_form=second,
        nominee_person=award["other_teacher"],
        status=ProposalStatus.SUBMITTED,
    )
    url = reverse("awards:round_detail", args=[award["round"].pk])
    html = login(users["office"]).get(url).content.decode()
    bars = {bar["label"]: bar for bar in bars_of(svg_of(html))}
    assert bars["Giấy khen của Giám đốc Sở"]["title"] == "Giấy khen của Giám đốc Sở: 2/3"
    assert bars["Bằng khen của UBND thành phố"]["title"] == "Bằng khen của UBND thành phố: 0/1"


def test_a_round_without_proposals_draws_nothing(award, users, login):
    url = reverse("awards:round_detail", args=[award["round"].pk])
    assert 'class="chart-svg"' not in login(users["office"]).get(url).content.decode()
