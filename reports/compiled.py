"""The compiled report of a cycle for the level above: totals, units, narratives, and the
statistics table biểu 0601.N (reports.statistics). Rendered as .xlsx and PDF by the
generated-files job (portal.files)."""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from units.models import UnitKind

from .models import IN_STATUSES, FigureKey, ReportingCycle, YearlyReport
from .statistics import FORM_SOURCE, statistics_0601

XLSX = "reports_compiled_xlsx"
PDF = "reports_compiled_pdf"
COMPILED_KINDS = (XLSX, PDF)
EXCERPT_LENGTH = 400


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
        "statistics": statistics_0601(organisation=cycle.campaign.issuing_unit, year=cycle.year),
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

    table = data["statistics"]
    stats = book.sheet(f"{table.form}.N", widths=[48])
    stats.row([f"Biểu số: {table.code} ({FORM_SOURCE})"])
    stats.row([table.title, table.subtitle])
    stats.row(["", "Mã số", *[c.label for c in table.columns]], bold=True, wrap=True)
    for row in table.rows:
        stats.row([row.label, row.code, *row.values], bold=row.total or row.heading)
    progress(90)

    return _filename(cycle, "xlsx"), book.content()


# Who signs the report (Nghị định 30/2020/NĐ-CP, Phụ lục I, "Quyền hạn, chức vụ của người
# ký"): a body run collectively, as the Ủy ban nhân dân xã, signs "TM." (thay mặt) the body
# with the Chủ tịch's title; the head of a body run by its head, as a Sở, signs under his own
# title (a deputy would sign "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC").
SIGNERS = {
    UnitKind.DEPARTMENT: ("", "GIÁM ĐỐC"),
    UnitKind.COMMUNE: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
}
DEFAULT_SIGNER = ("", "THỦ TRƯỞNG CƠ QUAN")
# The body the report goes to when the campaign names none: a blank the văn thư fills in.
UNKNOWN_UPPER_LEVEL = "…………………………"
PARTICIPANTS_RECIPIENT = "Các đơn vị tham gia phong trào"
ANNEX_LABEL = "Phụ lục"
# "về việc phát động …": a plan's title after "về việc" starts in lower case when it starts
# with one of these verbs (a proper name such as "Hải Phòng thi đua …" keeps its capital).
LOWERED_FIRST_WORDS = ("Phát động", "Triển khai", "Tổ chức", "Thực hiện", "Đẩy mạnh")


def subject_words(title: str) -> str:
    """The plan's title as it reads after "về việc"."""
    title = title.strip()
    if title.startswith(LOWERED_FIRST_WORDS):
        return title[0].lower() + title[1:]
    return title


def compiled_pdf_context(cycle: ReportingCycle, date=None) -> dict:
    """The compiled report's header, addressee, recipients and signer, with its data."""
    from portal.documents import annex_context, unit_header
    from portal.pdf import document_number, place_date_line

    data = compiled_data(cycle)
    campaign = cycle.campaign
    issuing = campaign.issuing_unit
    upper = campaign.upper_level
    authority, title = SIGNERS.get(issuing.kind, DEFAULT_SIGNER)
    managing = campaign.managing_unit
    date = date or timezone.localdate()
    number = document_number(None, "BC", issuing.short_code)
    place_date = place_date_line(issuing.place or "", date)
    date_words = place_date_line("", date).removeprefix(", ")
    attached_to = (
        f"(Kèm theo Báo cáo {number.replace('Số:', 'số')} {date_words} của {issuing.name})"
    )
    return {
        **data,
        "issuing_unit": issuing,
        **unit_header(issuing),  # governing body above the issuer (NĐ 30/2020, Phụ lục I)
        "number": number,
        "place_date": place_date,
        "kind": "BÁO CÁO",
        "summary": f"Kết quả thực hiện phong trào thi đua năm {cycle.year}",
        "plan_reference": campaign.plan_reference(),
        "plan_subject": subject_words(campaign.title),
        "addressee": upper or UNKNOWN_UPPER_LEVEL,
        "recipients": [
            f"{upper or UNKNOWN_UPPER_LEVEL} (để báo cáo)",
            PARTICIPANTS_RECIPIENT,
        ],
        "archive": f"VT, {managing.short_code}" if managing and managing.short_code else "VT",
        "signer_authority": authority,
        "signer_title": title,
        "signer_name": "",
        "annex": annex_context(
            ANNEX_LABEL, f"Số liệu báo cáo của các đơn vị năm {cycle.year}", attached_to
        ),
    }


def compiled_pdf(cycle: ReportingCycle) -> bytes:
    """The report and its phụ lục, each laid out on its own (the annex numbers its pages
    from its own first page, Nghị định 30/2020/NĐ-CP Phụ lục I), joined into one file."""
    from portal.pdf import merge_pdfs, render_pdf

    with translation.override("vi"):
        context = compiled_pdf_context(cycle)
        report = render_pdf("reports/documents/compiled.html", context)
        annex = render_pdf("reports/documents/compiled_annex.html", {**context, **context["annex"]})
    return merge_pdfs([report, annex])


def render_pdf_file(generated, progress) -> tuple[str, bytes]:
    """The compiled report as an administrative document (Báo cáo, ND30 layout)."""
    progress(40)
    content = compiled_pdf(generated.subject)
    progress(95)
    return _filename(generated.subject, "pdf"), content


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
