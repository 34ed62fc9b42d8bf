"""The upper level's roll-up of a campaign: how each lower organisation implements it.

A campaign of UBND thành phố Hải Phòng (Kế hoạch 206/KH-UBND) is the basis (`Campaign.basis`)
of the campaigns the Sở GD&ĐT and UBND xã Tứ Kỳ launch to implement it. The city office
sees, per lower organisation (`Unit.upper_organisation`), its implementing campaigns, their
initiatives, the completion and figures of their yearly reports for a year, their proposals,
awards and what they forwarded up: read-only counts, a fixed number of indexed queries
whatever the number of organisations and campaigns.
"""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from campaigns.models import Campaign
from initiatives.models import Initiative
from reports.models import IN_STATUSES, FigureKey, ReportFigure, YearlyReport
from units import access

from . import rules
from .models import AwardProposal, ForwardedPackage, ProposalStatus

# The figures of the yearly reports the roll-up adds up (reports.FigureKey).
ROLLUP_FIGURES = (
    FigureKey.INITIATIVES_BASE,
    FigureKey.INITIATIVES_PROVINCE,
    FigureKey.RESEARCH_TASKS,
    FigureKey.DIGITAL_SKILLS,
)


def _by_campaign(queryset, **annotations) -> dict[int, dict]:
    return {row.pop("campaign"): row for row in queryset.values("campaign").annotate(**annotations)}


def report_years(campaign_ids) -> list[int]:
    return sorted(
        YearlyReport.objects.filter(cycle__campaign__in=campaign_ids)
        .values_list("cycle__year", flat=True)
        .distinct(),
        reverse=True,
    )


def campaign_rollup(*, campaign: Campaign, by, year: int | None = None) -> dict:
    """Per lower organisation of the campaign's issuer, its implementing campaigns with their
    counts; `year` picks the reporting cycle (the latest one when None)."""
    root_path = campaign.issuing_unit.organisation_path
    lowers = list(
        access.lower_organisations_of(by)
        .filter(upper_organisation__path=root_path)
        .order_by("name_sort")
    )
    q = access.NOTHING
    for lower in lowers:
        q |= Q(issuing_unit__path__startswith=lower.path)
    implementing = list(
        Campaign.objects.filter(basis=campaign).filter(q).select_related("issuing_unit")
    )
    ids = [c.pk for c in implementing]
    years = report_years(ids)
    if year is None or year not in years:
        year = years[0] if years else None
    initiatives = _by_campaign(Initiative.objects.filter(campaign__in=ids), count=Count("pk"))
    proposals = _by_campaign(
        AwardProposal.objects.filter(round__campaign__in=ids)
        .exclude(status=ProposalStatus.DRAFT)
        .annotate(campaign=F("round__campaign")),
        proposals=Count("pk"),
        awards=Count("pk", filter=Q(status__in=rules.AWARDED_STATES)),
    )
    reports = _by_campaign(
        YearlyReport.objects.filter(cycle__campaign__in=ids, cycle__year=year).annotate(
            campaign=F("cycle__campaign")
        ),
        total=Count("pk"),
        handed_in=Count("pk", filter=Q(status__in=IN_STATUSES)),
    )
    figures: dict[int, dict[str, int]] = {}
    for row in (
        ReportFigure.objects.filter(
            report__cycle__campaign__in=ids,
            report__cycle__year=year,
            report__status__in=IN_STATUSES,
            key__in=ROLLUP_FIGURES,
        )
        .values("report__cycle__campaign", "key")
        .annotate(total=Sum(Coalesce("value", "computed")))
    ):
        figures.setdefault(row["report__cycle__campaign"], {})[row["key"]] = row["total"] or 0
    packages = _by_campaign(
        ForwardedPackage.objects.filter(round__campaign__in=ids).annotate(
            campaign=F("round__campaign")
        ),
        packages=Count("pk"),
    )
    rows = []
    for lower in lowers:
        campaigns = []
        for item in implementing:
            if not item.issuing_unit.path.startswith(lower.path):
                continue
            report = reports.get(item.pk, {"total": 0, "handed_in": 0})
            total = report["total"]
            campaigns.append(
                {
                    "campaign": item,
                    "initiatives": initiatives.get(item.pk, {}).get("count", 0),
                    "proposals": proposals.get(item.pk, {}).get("proposals", 0),
                    "awards": proposals.get(item.pk, {}).get("awards", 0),
                    "reports_total": total,
                    "reports_in": report["handed_in"],
                    "reports_percent": round(100 * report["handed_in"] / total) if total else 0,
                    "figures": [
                        (key.label, figures.get(item.pk, {}).get(key.value, 0))
                        for key in ROLLUP_FIGURES
                    ],
                    "packages": packages.get(item.pk, {}).get("packages", 0),
                }
            )
        rows.append({"organisation": lower, "campaigns": campaigns})
    return {
        "rows": rows,
        "year": year,
        "years": years,
        "figure_labels": [key.label for key in ROLLUP_FIGURES],
    }
