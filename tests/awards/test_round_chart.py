"""A round's page draws its proposals by award form: approved over proposed, and (for the
office and the leader) by outcome of the eligibility check."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from awards.models import ProposalStatus
from tests.awards.factories import AwardProposalFactory
from tests.factories import AwardFormFactory, PersonFactory
from tests.portal.test_charts import SVG, bars_of, svg_of


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


def stacks_of(html: str) -> dict:
    """The eligibility chart's rows: {award form: {outcome: (value, width)}}."""
    charts = re.findall(r"<svg class=\"chart-svg\".*?</svg>", html, re.S)
    stacks = {}
    for chart in charts:
        svg = ET.fromstring(chart.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
        for group in svg.iter(f"{SVG}g"):
            if group.get("class") == "chart-stack":
                stacks[group.get("data-label")] = {
                    rect.get("data-series"): (int(rect.get("data-value")), float(rect.get("width")))
                    for rect in group.iter(f"{SVG}rect")
                }
    return stacks


def _proposal(award, form, outcome, **extra):
    eligibility = {"overall": outcome} if outcome else {}
    return AwardProposalFactory(
        round=award["round"],
        award_form=form,
        nominee_person=PersonFactory(unit=award["teacher"].unit),
        eligibility=eligibility,
        **{"status": ProposalStatus.CHECKED, **extra},
    )


def test_round_page_draws_the_proposals_by_eligibility_outcome_per_form(award, users, login):
    second = AwardFormFactory(campaign=award["campaign"], name="Bằng khen của UBND thành phố")
    for outcome in ("met", "met", "not_met", "judgement", ""):
        _proposal(award, award["form"], outcome)
    _proposal(award, second, "not_met", status=ProposalStatus.APPROVED, override_reason="Lý do")
    _proposal(award, second, "met")

    url = reverse("awards:round_detail", args=[award["round"].pk])
    html = login(users["leader"]).get(url).content.decode()
    stacks = stacks_of(html)
    first = stacks["Giấy khen của Giám đốc Sở"]
    assert {key: value for key, (value, _w) in first.items()} == {
        "met": 2,
        "not_met": 2,
        "unevaluated": 1,
    }
    assert {key: value for key, (value, _w) in stacks["Bằng khen của UBND thành phố"].items()} == {
        "met": 1,
        "overridden": 1,
    }
    # Drawn to one scale: two proposals are twice as wide as one.
    assert first["met"][1] == pytest.approx(2 * first["unevaluated"][1])
    assert first["met"][1] == pytest.approx(stacks["Bằng khen của UBND thành phố"]["met"][1] * 2)
    # The same figures as a table, for those who read rather than look.
    assert '<th scope="row">Giấy khen của Giám đốc Sở</th>' in html
    assert "Chưa kiểm tra" in html


def test_unit_staff_see_no_eligibility_chart(award, users, login):
    _proposal(award, award["form"], "met")
    url = reverse("awards:round_detail", args=[award["round"].pk])
    html = login(users["staff_a"]).get(url).content.decode()
    assert stacks_of(html) == {}
