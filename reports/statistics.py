"""The yearly statistics of emulation and commendation (thi đua, khen thưởng) of an
organisation, rolled up over its unit tree: biểu 0601.N (campaigns), 0602.N (state awards)
and 0603.N (awards of a ministry or province), as PDF on landscape A4 and as .xlsx.

Source: Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ quy định chế độ báo cáo
thống kê ngành Nội vụ, lĩnh vực thi đua, khen thưởng (biểu 0601.N, 0602.N, 0603.N). It was
replaced by Thông tư số 18/2025/TT-BNV ngày 08/10/2025 (same title); the annex of the 2025
circular could not be read here, so the rows and columns below are those of the 2023 forms and
`FORM_SOURCE` names the circular whose layout they follow. When the 2025 layouts are checked,
only the tables below change.
"""

import datetime
from dataclasses import dataclass, field

from campaigns.models import Campaign, CampaignScope, LaunchLevel, StatisticsGroup
from portal.text import fold
from units.models import UnitKind

from . import sources

FORM_SOURCE = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
REPLACED_BY = "Thông tư số 18/2025/TT-BNV ngày 08/10/2025"
ISSUER_SUFFIX = "BNV-TĐKT"
# TT 02/2023/TT-BNV (the article not read; its biểu and a Sở Nội vụ summary say so): the yearly
# report of the field is received on 15/12 ("Ngày 15
# tháng 12 năm báo cáo") and covers 01/12 of the year before to 30/11 of the report's year.
RECEIVING_DAY = (15, 12)
PERIOD_START = (1, 12)  # of the year before
PERIOD_END = (30, 11)

FORMS = ("0601", "0602", "0603")


def reporting_period(year: int) -> tuple[datetime.date, datetime.date]:
    """The statistical period of thi đua, khen thưởng for `year`: 01/12/(year-1)–30/11/year."""
    return (
        datetime.date(year - 1, PERIOD_START[1], PERIOD_START[0]),
        datetime.date(year, PERIOD_END[1], PERIOD_END[0]),
    )


# --- The tables ------------------------------------------------------------------------------


@dataclass
class Column:
    label: str
    group: str = ""  # the header over several columns ("Chia ra")
    number: str = ""  # the column's number in the form (1, 2, ...)


@dataclass
class Row:
    label: str
    code: str = ""  # mã số
    measure: str = ""  # đơn vị tính
    values: list = field(default_factory=list)
    heading: bool = False  # a section line without figures
    total: bool = False


@dataclass
class Table:
    form: str  # "0601"
    title: str
    subtitle: str
    measure: str  # "Đơn vị tính: Phong trào"
    organisation: object
    receiver: str
    year: int
    columns: list
    rows: list
    has_measure: bool = False

    @property
    def code(self) -> str:
        return f"{self.form}.N/{ISSUER_SUFFIX}"

    @property
    def circular(self) -> str:
        return FORM_SOURCE

    @property
    def source(self) -> str:
        return f"Ban hành theo {FORM_SOURCE}"

    @property
    def receiving_day(self) -> str:
        day, month = RECEIVING_DAY
        return f"Ngày {day} tháng {month} năm báo cáo"

    @property
    def period(self) -> str:
        start, end = reporting_period(self.year)
        return f"Kỳ báo cáo: năm {self.year} (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y})"

    @property
    def column_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns under one group header, as (header, span)."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and column.group and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
        return groups

    def value(self, code: str) -> list:
        """The figures of the row with mã số `code`."""
        return next(row.values for row in self.rows if row.code == code)


def receiver_of(organisation) -> str:
    """Đơn vị nhận báo cáo: the level above the organisation, from the unit tree."""
    if organisation.parent_id:
        return organisation.parent.name
    return "Cơ quan cấp trên"


# --- 0601.N: campaigns ----------------------------------------------------------------------

# The columns: the level that launched the campaign (TT 02/2023, biểu 0601.N).
LAUNCH_COLUMNS = (
    (LaunchLevel.CENTRAL, "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"),
    (
        LaunchLevel.MINISTRY_PROVINCE,
        "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    ),
    (LaunchLevel.AGENCY, "Cơ quan, tổ chức, đơn vị"),
)
SCOPE_ROWS = (
    ("02", CampaignScope.NATIONAL, "- Toàn quốc"),
    ("03", CampaignScope.SECTOR_LOCALITY, "- Bộ, ban, ngành, đoàn thể, địa phương"),
    (
        "04",
        CampaignScope.CLUSTER,
        "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
    ),
    ("05", CampaignScope.AGENCY, "- Cơ quan, tổ chức, đơn vị"),
)
# Duration (thời hạn thi đua): the bucket is the first whose bound the campaign stays under;
# exactly one year is its own row, exactly 3 years opens "3 to under 5", 5 years "5 and more".
UNDER_ONE, ONE, ONE_TO_THREE, THREE_TO_FIVE, FIVE_AND_MORE = "lt1", "1", "1-3", "3-5", "ge5"
DURATION_ROWS = (
    ("06", UNDER_ONE, "- Dưới 1 năm"),
    ("07", ONE, "- 1 năm"),
    ("08", ONE_TO_THREE, "- Từ 1 năm đến dưới 3 năm"),
    ("09", THREE_TO_FIVE, "- Từ 3 năm đến dưới 5 năm"),
    ("10", FIVE_AND_MORE, "- Từ 5 năm trở lên"),
)
KIND_ROWS = (
    ("11", Campaign.Kind.THEMATIC, "- Thi đua theo chuyên đề"),
    ("12", Campaign.Kind.REGULAR, "- Thi đua thường xuyên hằng năm"),
)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 in a year that has none
        return day.replace(year=day.year + years, day=28)


def campaign_span(campaign) -> tuple[datetime.date, datetime.date]:
    """First and last day of a campaign: from its phases (the first phase's start, the
    latest end date of a phase), else 01/01 of its first year to 31/12 of its last."""
    phases = list(campaign.phases.all())
    start = min((p.start_date for p in phases), default=datetime.date(campaign.start_year, 1, 1))
    ends = [p.end_date for p in phases if p.end_date]
    end = max(ends) if ends else datetime.date(campaign.end_year, 12, 31)
    return start, max(start, end)


def duration_bucket(start: datetime.date, end: datetime.date) -> str:
    """The 0601.N duration row of a campaign running from `start` to `end`, both included
    (01/01/2025–31/12/2025 is exactly one year)."""
    after = end + datetime.timedelta(days=1)
    if after < _add_years(start, 1):
        return UNDER_ONE
    if after == _add_years(start, 1):
        return ONE
    if after < _add_years(start, 3):
        return ONE_TO_THREE
    if after < _add_years(start, 5):
        return THREE_TO_FIVE
    return FIVE_AND_MORE


def campaigns_in(*, organisation, year: int) -> list:
    """Campaigns launched by the organisation or any unit under it that run during the
    year's reporting period, each once."""
    start, end = reporting_period(year)
    campaigns = (
        Campaign.objects.filter(
            issuing_unit__path__startswith=organisation.path,
            start_year__lte=end.year,
            end_year__gte=start.year,
        )
        .prefetch_related("phases")
        .order_by("pk")
    )
    found = []
    for campaign in campaigns:
        first, last = campaign_span(campaign)
        if first <= end and last >= start:
            found.append(campaign)
    return found


def statistics_0601(*, organisation, year: int) -> Table:
    campaigns = campaigns_in(organisation=organisation, year=year)
    levels = [level for level, _label in LAUNCH_COLUMNS]

    def figures(matching) -> list[int]:
        counts = [sum(1 for c in matching if c.launch_level == level) for level in levels]
        return [sum(counts), *counts]

    buckets = {c.pk: duration_bucket(*campaign_span(c)) for c in campaigns}
    rows = [Row("Tổng số", "01", values=figures(campaigns), total=True)]
    rows.append(Row("1. Chia theo phạm vi tổ chức thi đua", heading=True))
    for code, scope, label in SCOPE_ROWS:
        rows.append(Row(label, code, values=figures([c for c in campaigns if c.scope == scope])))
    rows.append(Row("2. Chia theo thời hạn thi đua", heading=True))
    for code, bucket, label in DURATION_ROWS:
        rows.append(
            Row(label, code, values=figures([c for c in campaigns if buckets[c.pk] == bucket]))
        )
    rows.append(Row("3. Chia theo phương thức tổ chức phong trào thi đua", heading=True))
    for code, kind, label in KIND_ROWS:
        rows.append(Row(label, code, values=figures([c for c in campaigns if c.kind == kind])))
    group = "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua"
    columns = [Column("Tổng số", number="1=(2+3+4)")] + [
        Column(label, group=group, number=str(i)) for i, (_l, label) in enumerate(LAUNCH_COLUMNS, 2)
    ]
    return Table(
        form="0601",
        title="SỐ PHONG TRÀO THI ĐUA",
        subtitle=f"Năm {year}",
        measure="Đơn vị tính: Phong trào",
        organisation=organisation,
        receiver=receiver_of(organisation),
        year=year,
        columns=columns,
        rows=rows,
    )


# --- 0602.N and 0603.N: awards ----------------------------------------------------------------

C, I = sources.COLLECTIVE, sources.INDIVIDUAL  # noqa: E741
# Columns of biểu 0602.N: (group, the form's header, the kinds of recipient it splits into).
STATE_COLUMNS = (
    (StatisticsGroup.ORDER, "Huân chương", (C, I)),
    (StatisticsGroup.MEDAL, "Huy chương", (C, I)),
    (StatisticsGroup.HO_CHI_MINH_PRIZE, "Giải thưởng Hồ Chí Minh", (I,)),
    (StatisticsGroup.STATE_PRIZE, "Giải thưởng Nhà nước", (I,)),
    (StatisticsGroup.HONOUR_TITLE, "Danh hiệu vinh dự nhà nước", (C, I)),
    (StatisticsGroup.GOVERNMENT_FLAG, "Cờ thi đua của Chính phủ", (C,)),
    (StatisticsGroup.PRIME_MINISTER_CERTIFICATE, "Bằng khen của Thủ tướng Chính phủ", (C, I)),
    (StatisticsGroup.NATIONAL_FIGHTER, "Danh hiệu “Chiến sĩ thi đua toàn quốc”", (I,)),
    (StatisticsGroup.STATE_OTHER, "Các hình thức khen thưởng khác", (C, I)),
)
# Columns of biểu 0603.N.
PROVINCE_COLUMNS = (
    (StatisticsGroup.PROVINCE_CERTIFICATE, "Bằng khen", ()),
    (StatisticsGroup.PROVINCE_FIGHTER, "Chiến sĩ thi đua cấp bộ, cấp tỉnh", ()),
    (
        StatisticsGroup.PROVINCE_FLAG,
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        (),
    ),
    (
        StatisticsGroup.PROVINCE_BADGE,
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố "
        "trực thuộc Trung ương",
        (),
    ),
)
RECIPIENT_LABELS = {C: "Tập thể", I: "Cá nhân"}

# Individuals by the post they hold (the rows "+ Lãnh đạo ..." of 0602.N and 0603.N), read
# from the person's position; the first rule that matches wins. Phrases are folded (no
# diacritics, lower case).
TOP_LEADER, DEPARTMENT_LEADER, BUSINESS, OTHER_LEADER, DIRECT = (
    "top_leader",
    "department_leader",
    "business",
    "other_leader",
    "direct",
)
TOP_LEADER_PHRASES = (
    "bo truong",
    "thu truong",
    "chu tich ubnd tinh",
    "chu tich ubnd thanh pho",
    "chu tich uy ban nhan dan tinh",
    "bi thu tinh uy",
    "bi thu thanh uy",
)
DEPARTMENT_LEADER_PHRASES = ("giam doc so", "pho giam doc so", "vu truong", "pho vu truong")
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.DEPARTMENT_OFFICE)
LEADER_PHRASES = ("truong", "pho ", "giam doc", "chu tich", "bi thu", "chanh van phong")


def person_category(person) -> str:
    position = fold(person.position)
    if any(p in position for p in TOP_LEADER_PHRASES):
        return TOP_LEADER
    if any(p in position for p in DEPARTMENT_LEADER_PHRASES) or (
        person.unit.kind in DEPARTMENT_KINDS and position.startswith(("giam doc", "pho giam doc"))
    ):
        return DEPARTMENT_LEADER
    if person.unit.kind == UnitKind.ENTERPRISE and (
        "giam doc" in position or "chu tich" in position
    ):
        return BUSINESS
    if any(p in position for p in LEADER_PHRASES):
        return OTHER_LEADER
    return DIRECT


def awards_in(*, organisation, year: int, groups) -> list:
    """Awards decided in the year's reporting period to the organisation's units and people
    (the organisation itself and every unit under it), each award once."""
    start, end = reporting_period(year)
    return sources.awards().decided(
        organisation=organisation, start=start, end=end, year=year, groups=groups
    )


def _award_rows(awards, figures, codes) -> list[Row]:
    collective = [a for a in awards if a.nominee_kind == C]
    individual = [a for a in awards if a.nominee_kind == I]
    categories = {a.pk: person_category(a.nominee_person) for a in individual}

    def people(category):
        return [a for a in individual if categories[a.pk] == category]

    def row(label, key, measure, matching):
        return Row(label, codes[key], measure, values=figures(matching))

    return [
        row("- Tập thể", "collective", "Tập thể", collective),
        row(
            "Trong đó: Doanh nghiệp",
            "enterprise",
            "Doanh nghiệp",
            [a for a in collective if a.nominee_unit.kind == UnitKind.ENTERPRISE],
        ),
        row("- Hộ gia đình", "household", "Hộ", []),
        row("- Cá nhân", "individual", "Người", individual),
        row(
            "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên",
            TOP_LEADER,
            "Người",
            people(TOP_LEADER),
        ),
        row(
            "+ Lãnh đạo cấp vụ, sở, ngành và tương đương",
            DEPARTMENT_LEADER,
            "Người",
            people(DEPARTMENT_LEADER),
        ),
        row("+ Doanh nhân", BUSINESS, "Người", people(BUSINESS)),
        row(
            "+ Các cấp lãnh đạo khác từ phó phòng trở lên",
            OTHER_LEADER,
            "Người",
            people(OTHER_LEADER),
        ),
        row(
            "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
            "(công nhân, nông dân, ...)",
            DIRECT,
            "Người",
            people(DIRECT),
        ),
    ]


METHOD_LABELS = (
    ("regular", "- Thường xuyên"),
    ("thematic", "- Chuyên đề"),
    ("sudden", "- Đột xuất"),
    ("foreign", "- Đối ngoại"),
    ("dedication", "- Cống hiến"),
    ("seniority", "- Niên hạn"),
    ("resistance", "- Kháng chiến"),
)


def _method_rows(awards, figures, codes) -> list[Row]:
    """By the way the award was given: a campaign's regular yearly round counts as thường
    xuyên, any round of a thematic campaign as chuyên đề; the portal gives no other kind."""
    method = {
        a.pk: "regular" if a.round.campaign.kind == Campaign.Kind.REGULAR else "thematic"
        for a in awards
    }
    return [
        Row(label, codes[key], values=figures([a for a in awards if method[a.pk] == key]))
        for key, label in METHOD_LABELS
    ]


def _award_figures(columns):
    def figures(matching) -> list[int]:
        values = []
        for group, _label, kinds in columns:
            for kind in kinds or (None,):
                values.append(
                    sum(
                        1
                        for a in matching
                        if a.award_form.statistics_group == group
                        and (kind is None or a.nominee_kind == kind)
                    )
                )
        return [sum(values), *values]

    return figures


def _award_columns(columns) -> list[Column]:
    leaves = [Column("Tổng số", number="1")]
    for number, (_group, label, kinds) in enumerate(columns, 2):
        if kinds:
            leaves += [Column(RECIPIENT_LABELS[k], group=label, number=str(number)) for k in kinds]
        else:
            leaves.append(Column(label, group="Chia ra", number=str(number)))
    return leaves


CODES_0602 = {
    "collective": "06",
    "enterprise": "07",
    "household": "08",
    "individual": "09",
    TOP_LEADER: "10",
    DEPARTMENT_LEADER: "11",
    BUSINESS: "12",
    OTHER_LEADER: "13",
    DIRECT: "14",
    "regular": "15",
    "thematic": "16",
    "sudden": "17",
    "foreign": "18",
    "dedication": "19",
    "seniority": "20",
    "resistance": "21",
}
CODES_0603 = {key: f"{int(code) - 4:02d}" for key, code in CODES_0602.items()}


def statistics_0602(*, organisation, year: int) -> Table:
    groups = [group for group, _l, _k in STATE_COLUMNS]
    awards = awards_in(organisation=organisation, year=year, groups=groups)
    figures = _award_figures(STATE_COLUMNS)
    # Luật Thi đua, khen thưởng 2022, Điều 83: the Chủ tịch UBND cấp tỉnh proposes the state
    # awards of every unit of the province, so all of them come through a province's tờ trình.
    rows = [
        Row("Tổng số", "01", values=figures(awards), total=True),
        Row(
            "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng",
            heading=True,
        ),
        Row("- Bộ, ban, ngành, đoàn thể Trung ương", "02", "Bộ, ngành", figures([])),
        Row("- Tỉnh, thành phố trực thuộc Trung ương", "03", "Tỉnh, TP", figures(awards)),
        Row("2. Chia theo đối tượng khen thưởng", heading=True),
        *_award_rows(awards, figures, CODES_0602),
        Row("3. Chia theo phương thức khen thưởng", heading=True),
        *_method_rows(awards, figures, CODES_0602),
    ]
    return Table(
        form="0602",
        title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
        subtitle=f"Năm {year}",
        measure="",
        organisation=organisation,
        receiver=receiver_of(organisation),
        year=year,
        columns=_award_columns(STATE_COLUMNS),
        rows=rows,
        has_measure=True,
    )


def statistics_0603(*, organisation, year: int) -> Table:
    groups = [group for group, _l, _k in PROVINCE_COLUMNS]
    awards = awards_in(organisation=organisation, year=year, groups=groups)
    figures = _award_figures(PROVINCE_COLUMNS)
    rows = [
        Row("Tổng số", "01", values=figures(awards), total=True),
        Row("1. Chia theo đối tượng khen thưởng", heading=True),
        *_award_rows(awards, figures, CODES_0603),
        Row("2. Chia theo phương thức khen thưởng", heading=True),
        *_method_rows(awards, figures, CODES_0603),
    ]
    return Table(
        form="0603",
        title="SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, "
        "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
        subtitle=f"Năm {year}",
        measure="",
        organisation=organisation,
        receiver=receiver_of(organisation),
        year=year,
        columns=_award_columns(PROVINCE_COLUMNS),
        rows=rows,
        has_measure=True,
    )


BUILDERS = {"0601": statistics_0601, "0602": statistics_0602, "0603": statistics_0603}


def statistics_table(*, form: str, organisation, year: int) -> Table:
    return BUILDERS[form](organisation=organisation, year=year)


# --- Files ------------------------------------------------------------------------------------


def filename(table: Table, ext: str) -> str:
    code = fold(table.organisation.short_code or str(table.organisation.pk)).replace(" ", "-")
    return f"bieu-so-{table.form}-n-{code}-nam-{table.year}.{ext}"


def render_pdf(table: Table) -> bytes:
    from django.utils import translation

    from portal import pdf

    with translation.override("vi"):
        return pdf.render_pdf("reports/documents/statistics.html", {"table": table})


def render_xlsx(table: Table) -> bytes:
    from portal import xlsx

    book = xlsx.Book()
    lead = 3 if table.has_measure else 2
    sheet = book.sheet(f"Biểu {table.form}.N", widths=[48, 8, *([12] * (lead - 2)), 12])
    sheet.row([f"Biểu số: {table.code}", "", "", f"Đơn vị báo cáo: {table.organisation.name}"])
    sheet.row([table.source, "", "", f"Đơn vị nhận báo cáo: {table.receiver}"])
    sheet.row(["Ngày nhận báo cáo:", "", "", table.period])
    sheet.row([table.receiving_day])
    sheet.row([table.title], bold=True)
    sheet.row([table.subtitle])
    if table.measure:
        sheet.row([table.measure])
    head = ["", "Mã số", *(["Đơn vị tính"] if table.has_measure else [])]
    sheet.row([*head, *[c.group for c in table.columns]], bold=True, wrap=True)
    sheet.row([*head, *[c.label for c in table.columns]], bold=True, wrap=True)
    sheet.row(
        ["A", "B", *(["C"] if table.has_measure else []), *[c.number for c in table.columns]],
        bold=True,
    )
    for row in table.rows:
        cells = [row.label, row.code, *([row.measure] if table.has_measure else [])]
        sheet.row([*cells, *row.values], bold=row.total or row.heading)
    return book.content()


# --- The job -----------------------------------------------------------------------------------

KIND = "statistics"


def statistics_params(*, form: str, year: int, fmt: str) -> dict:
    return {"form": form, "year": year, "fmt": fmt}


def _render_file(generated, progress) -> tuple[str, bytes]:
    """One biểu of one organisation (the file's subject) and year, as PDF or .xlsx."""
    params = generated.params
    progress(5)
    table = statistics_table(
        form=params["form"], organisation=generated.subject, year=params["year"]
    )
    progress(50)
    content = render_pdf(table) if params["fmt"] == "pdf" else render_xlsx(table)
    progress(95)
    return filename(table, params["fmt"]), content


def register_files() -> None:
    from django.utils.translation import gettext_lazy

    from portal import files
    from portal.models import DownloadRecord

    from .selectors import statistics_units_visible_to

    files.register(
        KIND,
        can_view=lambda user, unit: statistics_units_visible_to(user).filter(pk=unit.pk).exists(),
        render=_render_file,
        audit_kind=DownloadRecord.Kind.REPORT,
        unit_of=lambda unit: unit,
        title=gettext_lazy("Statistics form"),
    )
