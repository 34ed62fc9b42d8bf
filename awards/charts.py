"""A round's proposals by award form, drawn by `portal.charts` from the round's overview
(the proposals the user sees): how many are proposed and how many approved or awarded, and
where each stands against the criteria (its stored eligibility, `AwardProposal.eligibility`).
"""

from django.utils.translation import gettext as _

from portal.charts import Bar, Series, Stack, bars_chart, stacked_chart

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


# Eligibility outcomes, in the order drawn: the office's stored check (awards.eligibility),
# an approval despite it (override_reason) first, since that is what the approver decided.
OUTCOMES = ("met", "not_met", "overridden", "unevaluated")


def eligibility_outcome(proposal) -> str:
    """met: every criterion proven; not_met: some criterion fails or awaits judgement;
    overridden: approved despite the check (with a written reason); unevaluated: not
    checked yet."""
    if proposal.override_reason:
        return "overridden"
    overall = (proposal.eligibility or {}).get("overall")
    if not overall:
        return "unevaluated"
    return "met" if overall == "met" else "not_met"


def eligibility_by_form(overview: list[dict]) -> list[Stack]:
    stacks = []
    for item in overview:
        counts = dict.fromkeys(OUTCOMES, 0)
        for proposal in item["proposals"]:
            counts[eligibility_outcome(proposal)] += 1
        stacks.append(Stack(item["form"].name, tuple(counts[key] for key in OUTCOMES)))
    return stacks


def eligibility_chart(overview: list[dict]):
    """Eligibility at a glance: each award form's proposals by outcome of the check."""
    if not any(item["proposals"] for item in overview):
        return ""
    labels = {
        "met": _("Meets every criterion"),
        "not_met": _("Not every criterion met"),
        "overridden": _("Approved despite the criteria"),
        "unevaluated": _("Not yet checked"),
    }
    return stacked_chart(
        title=_("Eligibility at a glance, by award form"),
        series=[Series(key, labels[key]) for key in OUTCOMES],
        stacks=eligibility_by_form(overview),
        label_heading=_("Award form"),
        total_heading=_("Proposals"),
    )
