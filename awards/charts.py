"""A round's proposals by award form, drawn by `portal.charts` from the round's overview
(the proposals the user sees): how many are proposed and how many approved or awarded."""

from django.utils.translation import gettext as _

from portal.charts import Bar, bars_chart

from .models import ProposalStatus

APPROVED = {ProposalStatus.APPROVED, ProposalStatus.DECIDED}


def awards_by_form(overview: list[dict]) -> list[Bar]:
    bars = []
    for item in overview:
        proposals = item["proposals"]
        approved = sum(1 for p in proposals if p.status in APPROVED)
        bars.append(Bar(item["form"].name, approved, total=len(proposals)))
    return bars


def round_chart(overview: list[dict]):
    if not any(item["proposals"] for item in overview):
        return ""
    return bars_chart(
        title=_("Proposals approved, by award form"),
        bars=awards_by_form(overview),
        value_label=_("Approved / proposed"),
        label_heading=_("Award form"),
    )
