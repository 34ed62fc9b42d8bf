"""Biểu 0601.N, 0602.N and 0603.N of an organisation, rolled up over its unit tree."""

import datetime
import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.models import NomineeKind, ProposalStatus
from campaigns.models import Campaign, CampaignScope, LaunchLevel, StatisticsGroup
from reports import statistics
from reports.statistics import (
    FIVE_AND_MORE,
    ONE,
    ONE_TO_THREE,
    THREE_TO_FIVE,
    UNDER_ONE,
    duration_bucket,
)
from tests.awards.factories import AwardProposalFactory, AwardRoundFactory
from tests.factories import (
    AwardFormFactory,
    CampaignFactory,
    PersonFactory,
    PhaseFactory,
    UnitFactory,
)
from units.models import UnitKind

D = datetime.date


# --- 0601.N ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "bucket"),
    [
        (D(2025, 1, 1), D(2025, 12, 30), UNDER_ONE),
        (D(2025, 1, 1), D(2025, 12, 31), ONE),
        (D(2025, 1, 1), D(2026, 1, 1), ONE_TO_THREE),
        (D(2025, 1, 1), D(2027, 12, 30), ONE_TO_THREE),
        (D(2025, 1, 1), D(2027, 12, 31), THREE_TO_FIVE),
        (D(2025, 1, 1), D(2029, 12, 30), THREE_TO_FIVE),
        (D(2025, 1, 1), D(2029, 12, 31), FIVE_AND_MORE),
        (D(2024, 2, 29), D(2025, 2, 27), ONE),
    ],
)
def test_duration_buckets_at_their_boundaries(start, end, bucket):
    assert duration_bucket(start, end) == bucket


def _campaign(unit, **values):
    return CampaignFactory(issuing_unit=unit, **values)


@pytest.fixture
def campaigns(org):
    """Four campaigns in the department's tree and one of another department."""
    sector = _campaign(
        org["department"],
        start_year=2024,
        end_year=2030,
        kind=Campaign.Kind.THEMATIC,
        launch_level=LaunchLevel.AGENCY,
        scope=CampaignScope.SECTOR_LOCALITY,
    )
    # Phases decide the span: 02/12/2024 to 31/12/2030 is six years and more.
    PhaseFactory(campaign=sector, start_date=D(2024, 12, 2), end_date=D(2025, 12, 31))
    PhaseFactory(campaign=sector, start_date=D(2027, 1, 1), end_date=D(2030, 12, 31))
    school_year = _campaign(
        org["school_a"], start_year=2025, end_year=2025, kind=Campaign.Kind.REGULAR
    )
    three_years = _campaign(
        org["school_a_branch"],
        start_year=2025,
        end_year=2027,
        kind=Campaign.Kind.THEMATIC,
        launch_level=LaunchLevel.MINISTRY_PROVINCE,
    )
    # Ended before the 2025 period began (01/12/2024): not counted in 2025.
    _campaign(org["school_b"], start_year=2023, end_year=2023)
    _campaign(org["other"], start_year=2025, end_year=2025)
    return {"sector": sector, "school_year": school_year, "three_years": three_years}


def test_0601_counts_each_campaign_of_the_tree_once(org, campaigns):
    table = statistics.statistics_0601(organisation=org["department"], year=2025)
    # Total, central, ministry/province, agency.
    assert table.value("01") == [3, 0, 1, 2]
    assert table.value("03") == [1, 0, 0, 1]  # sector/locality scope
    assert table.value("05") == [2, 0, 1, 1]  # agency scope (the default)
    assert table.value("07") == [1, 0, 0, 1]  # one year: 2025
    assert table.value("09") == [1, 0, 1, 0]  # three years: 2025-2027
    assert table.value("10") == [1, 0, 0, 1]  # phases from 2024 to 2030
    assert table.value("06") == table.value("08") == [0, 0, 0, 0]
    assert table.value("11") == [2, 0, 1, 1]  # chuyên đề
    assert table.value("12") == [1, 0, 0, 1]  # thường xuyên

    school = statistics.statistics_0601(organisation=org["school_a"], year=2025)
    assert school.value("01") == [2, 0, 1, 1]


# --- 0602.N and 0603.N ----------------------------------------------------------------------


def _decided(form, *, round, on, person=None, unit=None, **values):
    kind = NomineeKind.COLLECTIVE if unit else NomineeKind.INDIVIDUAL
    return AwardProposalFactory(
        round=round,
        award_form=form,
        nominee_kind=kind,
        nominee_unit=unit,
        nominee_person=person,
        status=values.pop("status", ProposalStatus.DECIDED),
        decision_number="15/QĐ-UBND",
        decision_date=on,
        **values,
    )


@pytest.fixture
def awards(org):
    campaign = CampaignFactory(issuing_unit=org["department"], kind=Campaign.Kind.THEMATIC)
    rounds = {}

    def round_of(year):
        if year not in rounds:
            rounds[year] = AwardRoundFactory(campaign=campaign, year=year)
        return rounds[year]

    order = AwardFormFactory(
        campaign=campaign, name="Huân chương Lao động hạng Ba", statistics_group="order"
    )
    pm = AwardFormFactory(
        campaign=campaign,
        name="Bằng khen của Thủ tướng Chính phủ",
        statistics_group=StatisticsGroup.PRIME_MINISTER_CERTIFICATE,
    )
    city = AwardFormFactory(
        campaign=campaign,
        name="Bằng khen của Chủ tịch UBND thành phố",
        statistics_group=StatisticsGroup.PROVINCE_CERTIFICATE,
    )
    own = AwardFormFactory(campaign=campaign, name="Giấy khen của Giám đốc Sở")
    enterprise = UnitFactory(name="Công ty Phần mềm An Lão", kind=UnitKind.ENTERPRISE)
    enterprise.parent = org["school_a"]
    enterprise.save()
    director = PersonFactory(unit=org["department"], position="Giám đốc Sở")
    head = PersonFactory(unit=org["school_a"], position="Phó Hiệu trưởng")
    teacher = PersonFactory(unit=org["school_a_branch"], position="Giáo viên")
    outsider = PersonFactory(unit=org["other"], position="Giáo viên")

    def decided(form, **kw):
        on = kw.pop("on", D(2025, 6, 1))
        return _decided(form, on=on, round=round_of(kw.pop("year", on.year)), **kw)

    decided(order, person=director)
    decided(pm, unit=org["school_b"])
    decided(pm, person=teacher)
    decided(city, unit=enterprise)
    decided(city, person=head)
    decided(city, person=teacher, on=D(2024, 12, 1))  # first day of the 2025 period
    # Not counted in 2025:
    decided(city, person=head, on=D(2025, 12, 1), year=2026)  # in the 2026 period
    decided(city, person=director, status=ProposalStatus.APPROVED)  # no decision yet
    decided(city, person=outsider)  # another organisation
    decided(own, person=teacher)  # the Sở's own Giấy khen: in neither form


def test_0602_counts_state_awards_by_recipient(org, awards):
    table = statistics.statistics_0602(organisation=org["department"], year=2025)
    # Total; Huân chương T, CN; Huy chương T, CN; GT HCM; GT NN; danh hiệu T, CN; Cờ CP;
    # Bằng khen TTg T, CN; CSTĐ toàn quốc; khác T, CN.
    assert table.value("01") == [3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0]
    assert table.value("03") == table.value("01")  # through the province's tờ trình
    assert table.value("06")[0] == 1  # collectives
    assert table.value("09")[0] == 2  # individuals
    assert table.value("11")[0] == 1  # the Giám đốc Sở
    assert table.value("14")[0] == 1  # the teacher
    assert table.value("16")[0] == 3  # a thematic campaign: chuyên đề

    school = statistics.statistics_0602(organisation=org["school_a"], year=2025)
    assert school.value("01")[0] == 1  # the teacher of the branch


def test_0603_counts_province_awards_by_recipient(org, awards):
    table = statistics.statistics_0603(organisation=org["department"], year=2025)
    # Total; Bằng khen; CSTĐ cấp tỉnh; Cờ thi đua; Huy hiệu.
    assert table.value("01") == [3, 3, 0, 0, 0]
    assert table.value("02")[0] == 1  # collective
    assert table.value("03")[0] == 1  # of which an enterprise
    assert table.value("05")[0] == 2  # individuals
    assert table.value("09")[0] == 1  # the Phó Hiệu trưởng: a leader from phó phòng up
    assert table.value("10")[0] == 1  # the teacher


# --- Files and scope ------------------------------------------------------------------------


def _url(unit, form, fmt, year=2025):
    return reverse("reports:statistics_download", args=[unit.pk, form, year, fmt])


def _pdf_text(content, tmp_path):
    path = tmp_path / "bieu.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("form", ["0601", "0602", "0603"])
def test_pdf_is_landscape_a4_with_the_form_header(
    org, users, login, campaigns, form, tmp_path, job_file
):
    response = job_file(login(users["office"]), _url(org["department"], form, "pdf"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = _pdf_text(content, tmp_path)
    assert f"Biểu số: {form}.N/BNV-TĐKT" in text
    assert "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023" in text
    assert "Đơn vị báo cáo: Sở Giáo dục và Đào tạo" in text
    assert "Đơn vị nhận báo cáo: Cơ quan cấp trên" in text
    assert "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo" in text
    assert "Kỳ báo cáo: năm 2025 (từ 01/12/2024 đến 30/11/2025)" in text


def test_pdf_names_the_level_above_as_receiver(org, users, login, tmp_path, job_file):
    response = job_file(login(users["office"]), _url(org["school_a"], "0601", "pdf"))
    content = b"".join(response.streaming_content)
    assert "Đơn vị nhận báo cáo: Sở Giáo dục và Đào tạo" in _pdf_text(content, tmp_path)


def test_xlsx_holds_the_header_and_the_figures(org, users, login, campaigns, job_file):
    response = job_file(login(users["leader"]), _url(org["department"], "0601", "xlsx"))
    assert response.status_code == 200
    assert 'filename="bieu-so-0601-n-sgddt-nam-2025.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Biểu số: 0601.N/BNV-TĐKT"
    assert rows[0][3] == "Đơn vị báo cáo: Sở Giáo dục và Đào tạo"
    assert rows[3][0] == "Ngày 15 tháng 12 năm báo cáo"
    assert rows[4][0] == "SỐ PHONG TRÀO THI ĐUA"
    by_code = {row[1]: row[2:6] for row in rows if row[1]}
    assert by_code["01"] == (3, 0, 1, 2)
    assert by_code["10"] == (1, 0, 0, 1)


@pytest.mark.parametrize("who", ["office", "leader"])
def test_office_and_leader_get_their_organisation(org, users, login, who):
    client = login(users[who])
    assert client.get(_url(org["department"], "0602", "xlsx")).status_code == 200
    assert client.get(_url(org["school_b"], "0603", "xlsx")).status_code == 200
    page = client.get(reverse("reports:statistics"), {"year": 2025})
    assert org["department"].name in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "staff_a", "head_a", "council"])
def test_others_get_404(org, users, login, who):
    client = login(users[who])
    assert client.get(_url(org["department"], "0601", "pdf")).status_code == 404
    assert client.get(_url(org["school_a"], "0601", "xlsx")).status_code == 404


def test_unknown_form_is_404(org, users, login):
    assert login(users["office"]).get(_url(org["department"], "0604", "pdf")).status_code == 404


def test_a_yearly_reports_awards_figure_counts_what_the_unit_and_its_people_received(org, awards):
    """The awards app hands its decided awards to the reports through `reports.sources`."""
    from reports.figures import figures_compute
    from reports.models import FigureKey

    # The Phó Hiệu trưởng's two decisions dated in 2025; the branch teacher's and the
    # enterprise's belong to their own units.
    assert figures_compute(unit=org["school_a"], year=2025)[FigureKey.AWARDS] == 2
    # The Giám đốc's order; the proposal only approved does not count.
    assert figures_compute(unit=org["department"], year=2025)[FigureKey.AWARDS] == 1
