"""The compiled report of a cycle for the level above: totals, units, narratives, and the
statistics table of Thông tư 02/2023/TT-BNV biểu 0601.N. Rendered as .xlsx and PDF by the
generated-files job (portal.files)."""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from units.models import UnitKind

from .models import IN_STATUSES, FigureKey, ReportingCycle, YearlyReport

XLSX = "reports_compiled_xlsx"
PDF = "reports_compiled_pdf"
COMPILED_KINDS = (XLSX, PDF)
EXCERPT_LENGTH = 400

# Biểu 0601.N groups campaigns by launching level, scope, duration and kind.
LAUNCH_LEVELS = {
    UnitKind.DEPARTMENT: gettext_lazy("Department level (Sở, ngành)"),
    UnitKind.COMMUNE: gettext_lazy("Commune level (UBND xã)"),
}
OTHER_LEVEL = gettext_lazy("Agencies and units")


def launch_level(unit) -> str:
    return str(LAUNCH_LEVELS.get(unit.kind, OTHER_LEVEL))


def statistics_0601(cycle: ReportingCycle) -> dict:
    """Campaigns the issuing body launched that run in the cycle's year, counted by
    launching level, scope (whole body or some units), duration and regular/thematic."""
    body = cycle.campaign.issuing_unit
    campaigns = (
        Campaign.objects.filter(
            issuing_unit__path__startswith=body.path,
            start_year__lte=cycle.year,
            end_year__gte=cycle.year,
        )
        .select_related("issuing_unit")
        .prefetch_related("participants")
        .order_by("issuing_unit__path", "document_date", "pk")
    )
    columns = [
        ("total", _("Total")),
        ("whole", _("Scope: the whole body")),
        ("part", _("Scope: some units")),
        ("multi_year", _("Duration: several years")),
        ("one_year", _("Duration: within the year")),
        ("regular", _("Regular")),
        ("thematic", _("Thematic (chuyên đề)")),
    ]
    rows: dict[str, dict] = {}
    listed = []
    for campaign in campaigns:
        level = launch_level(campaign.issuing_unit)
        row = rows.setdefault(level, {key: 0 for key, _label in columns})
        participants = list(campaign.participants.all())
        whole = any(campaign.issuing_unit.path.startswith(p.path) for p in participants)
        row["total"] += 1
        row["whole" if whole else "part"] += 1
        row["multi_year" if campaign.end_year > campaign.start_year else "one_year"] += 1
        row["regular" if campaign.kind == Campaign.Kind.REGULAR else "thematic"] += 1
        listed.append(campaign)
    total = {key: sum(r[key] for r in rows.values()) for key, _label in columns}
    return {
        "columns": columns,
        "rows": [
            {"level": level, "values": [r[k] for k, _l in columns]} for level, r in rows.items()
        ],
        "total": [total[k] for k, _l in columns],
        "campaigns": listed,
    }


def compiled_data(cycle: ReportingCycle) -> dict:
    """Everything the compiled report shows, in a handful of queries."""
    reports = list(
        YearlyReport.objects.filter(cycle=cycle)
        .select_related("unit")
        .prefetch_related("figures", "narratives__theme")
        .order_by("unit__path")
    )
    keys = list(FigureKey)
    themes = list(cycle.campaign.themes.all())
    by_kind: dict[str, dict] = {}
    unit_rows = []
    excerpts = defaultdict(list)
    theme_counts = {t.pk: 0 for t in themes}
    for report in reports:
        handed_in = report.status in IN_STATUSES
        values = {f.key: f.value for f in report.figures.all()}
        kind_label = report.unit.get_kind_display()
        bucket = by_kind.setdefault(
            kind_label, {"units": 0, "handed_in": 0, "figures": dict.fromkeys(keys, 0)}
        )
        bucket["units"] += 1
        unit_rows.append(
            {
                "report": report,
                "unit": report.unit,
                "handed_in": handed_in,
                "values": [values.get(k) if handed_in else None for k in keys],
            }
        )
        if not handed_in:
            continue
        bucket["handed_in"] += 1
        for key in keys:
            bucket["figures"][key] += values.get(key) or 0
        for narrative in report.narratives.all():
            if not narrative.text:
                continue
            if narrative.theme_id in theme_counts:
                theme_counts[narrative.theme_id] += 1
            text = narrative.text
            excerpt = (
                text
                if len(text) <= EXCERPT_LENGTH
                else text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"
            )
            excerpts[narrative.theme_id].append({"unit": report.unit.name, "text": excerpt})
    kind_rows = [
        {
            "kind": kind,
            "units": b["units"],
            "handed_in": b["handed_in"],
            "values": [b["figures"][k] for k in keys],
        }
        for kind, b in sorted(by_kind.items())
    ]
    totals = [sum(r["values"][i] for r in kind_rows) for i in range(len(keys))]
    theme_rows = [
        {"theme": t, "reports": theme_counts[t.pk], "excerpts": excerpts.get(t.pk, [])}
        for t in themes
    ]
    return {
        "cycle": cycle,
        "campaign": cycle.campaign,
        "generated_on": timezone.localdate(),
        "keys": keys,
        "key_labels": [str(k.label) for k in keys],
        "kind_rows": kind_rows,
        "totals": totals,
        "units_total": len(reports),
        "handed_in_total": sum(r["handed_in"] for r in kind_rows),
        "unit_rows": unit_rows,
        "theme_rows": theme_rows,
        "general_excerpts": excerpts.get(None, []),
        "statistics": statistics_0601(cycle),
    }


def compiled_fingerprint(cycle: ReportingCycle):
    """Re-render when any report of the cycle changed."""
    latest = (
        YearlyReport.objects.filter(cycle=cycle)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    count = YearlyReport.objects.filter(cycle=cycle).filter(Q(status__in=IN_STATUSES)).count()
    return [str(latest), count, timezone.localdate().isoformat()]


def _filename(cycle, ext):
    return f"bao-cao-tong-hop-{cycle.year}-{cycle.pk}.{ext}"


def render_xlsx(generated, progress) -> tuple[str, bytes]:
    from portal import xlsx

    cycle = generated.subject
    data = compiled_data(cycle)
    progress(30)
    book = xlsx.Book()

    sheet = book.sheet(_("Totals"), widths=[36])
    sheet.row([cycle.campaign.title])
    sheet.row(
        [
            _("Year %(year)s, deadline %(deadline)s")
            % {"year": cycle.year, "deadline": cycle.deadline.strftime("%d/%m/%Y")}
        ]
    )
    sheet.row([])
    headers = [_("Unit kind"), _("Units"), _("Handed in"), *data["key_labels"]]
    sheet.row(headers, bold=True, wrap=True)
    for row in data["kind_rows"]:
        sheet.row([row["kind"], row["units"], row["handed_in"], *row["values"]])
    sheet.row(
        [_("Total"), data["units_total"], data["handed_in_total"], *data["totals"]], bold=True
    )

    units = book.sheet(_("Units"), widths=[40, 0, 0, 18], freeze_header=True)
    units.row([_("Unit"), _("Kind"), _("State"), _("Submitted at"), *data["key_labels"]], bold=True)
    for row in data["unit_rows"]:
        report = row["report"]
        state = report.get_status_display() + (f" ({_('late')})" if report.late else "")
        units.row(
            [
                row["unit"].name,
                row["unit"].get_kind_display(),
                state,
                report.submitted_at,
                *row["values"],
            ]
        )
    progress(60)

    themes = book.sheet(_("Themes"), widths=[40, 0, 0, 80], freeze_header=True)
    themes.row([_("Theme"), _("Reports"), _("Unit"), _("Excerpt")], bold=True)
    for row in data["theme_rows"]:
        themes.row([row["theme"].title, row["reports"]])
        for excerpt in row["excerpts"]:
            themes.row(["", "", excerpt["unit"], excerpt["text"]])
    for excerpt in data["general_excerpts"]:
        themes.row([_("General assessment"), "", excerpt["unit"], excerpt["text"]])

    stats = book.sheet("0601.N", widths=[36])
    stats.row([_("Form 0601.N (Circular 02/2023/TT-BNV): emulation campaigns launched")])
    stats.row(
        [_("Launching level"), *[label for _k, label in data["statistics"]["columns"]]], bold=True
    )
    for row in data["statistics"]["rows"]:
        stats.row([row["level"], *row["values"]])
    stats.row([_("Total"), *data["statistics"]["total"]])
    progress(90)

    return _filename(cycle, "xlsx"), book.content()


SIGNER_TITLES = {UnitKind.DEPARTMENT: "GIÁM ĐỐC", UnitKind.COMMUNE: "CHỦ TỊCH"}


def render_pdf_file(generated, progress) -> tuple[str, bytes]:
    """The compiled report as an administrative document (Báo cáo, ND30 layout)."""
    from portal.documents import unit_header
    from portal.pdf import document_number, place_date_line, render_pdf

    cycle = generated.subject
    data = compiled_data(cycle)
    progress(40)
    issuing = cycle.campaign.issuing_unit
    with translation.override("vi"):
        content = render_pdf(
            "reports/documents/compiled.html",
            {
                **data,
                "issuing_unit": issuing,
                **unit_header(issuing),
                "number": document_number(None, "BC", issuing.short_code),
                "place_date": place_date_line(issuing.place or "", timezone.localdate()),
                "kind": "BÁO CÁO",
                "summary": f"Kết quả thực hiện phong trào thi đua năm {cycle.year}",
                "recipients": ["Cơ quan cấp trên", "Các đơn vị tham gia phong trào"],
                "archive": "VT, TĐKT",
                "signer_title": SIGNER_TITLES.get(issuing.kind, "THỦ TRƯỞNG CƠ QUAN"),
                "signer_name": "",
            },
        )
    progress(95)
    return _filename(cycle, "pdf"), content


def register_files() -> None:
    from portal import files
    from portal.models import DownloadRecord

    from .rules import can_view_cycle

    for kind, render in ((XLSX, render_xlsx), (PDF, render_pdf_file)):
        files.register(
            kind,
            can_view=can_view_cycle,
            render=render,
            fingerprint=compiled_fingerprint,
            audit_kind=DownloadRecord.Kind.REPORT,
            unit_of=lambda cycle: cycle.campaign.issuing_unit,
        )
