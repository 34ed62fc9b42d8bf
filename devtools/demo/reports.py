"""Demo: a reporting cycle for each of the five plans (2026, or the plan's last year when it
ended before), with a few reports submitted and a few drafts. Idempotent: a cycle that has
work in it is left alone."""

from django.core.files.base import ContentFile
from django.db.models import Q

from campaigns.models import Campaign
from devtools.demo.units import unit_actor
from reports.models import ReportStatus
from reports.services import cycle_open, report_save, report_start, report_submit
from units.models import Role

YEAR = 2026
CAMPAIGNS = [
    ("Hải Phòng", Q(document_number="1536/KH-SGDĐT")),
    (
        "Tứ Kỳ",
        Q(document_number__endswith="/KH-UBND", issuing_unit__code="TK-UBND")
        | Q(title__icontains="Tứ Kỳ"),
    ),
    ("Hà Nội", Q(document_number="4400/KH-SGDĐT")),
    ("Hưng Yên 29/KH-SKHCN", Q(document_number="29/KH-SKHCN")),
    ("Hưng Yên 2024", Q(issuing_unit__code="HY-SKHCN", start_year=2024)),
]
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
NARRATIVE = (
    "Đơn vị đã quán triệt kế hoạch tới toàn thể cán bộ, giáo viên, nhân viên; tổ chức "
    "tập huấn kỹ năng số cơ bản, triển khai hồ sơ điện tử và khuyến khích sáng kiến ứng "
    "dụng công nghệ thông tin trong công tác quản lý và giảng dạy."
)


def _scan(name: str) -> ContentFile:
    return ContentFile(DEMO_PDF, name=name)


def seed(stdout) -> None:
    opened = 0
    for label, query in CAMPAIGNS:
        campaign = Campaign.objects.filter(query).order_by("pk").first()
        if campaign is None:
            stdout.write(f"reports: the {label} campaign is missing, its cycle is skipped")
            continue
        year = min(max(YEAR, campaign.start_year), campaign.end_year)
        cycle, created = cycle_open(campaign=campaign, year=year)
        opened += 1
        reports = list(cycle.reports.select_related("unit").order_by("unit__path"))
        if any(r.status != ReportStatus.NOT_STARTED for r in reports):
            continue
        themes = list(campaign.themes.all()[:2])
        for index, report in enumerate(reports[1:6]):
            # The unit's own staff fill in and submit its report.
            staff = unit_actor(report.unit, Role.UNIT_STAFF, "canbo")
            report = report_start(report=report, by=staff)
            narratives = {None: NARRATIVE, **{t.pk: NARRATIVE for t in themes}}
            figures = {f.key: (f.value, "") for f in report.figures.all()}
            uploads = [("signed_scan", _scan(f"bao-cao-{report.unit.code}.pdf"))]
            report = report_save(
                report=report,
                by=staff,
                figures=figures,
                narratives=narratives,
                uploads=uploads if index < 3 else [],
            )
            if index < 3:
                report_submit(report=report, by=staff)
    stdout.write(f"reports: {opened} reporting cycles open")
