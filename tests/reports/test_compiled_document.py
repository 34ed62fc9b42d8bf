"""The compiled yearly report as a document the level above receives: addressed to the
campaign's upper level, the plan cited by its number, signed as the issuing body signs, and
its phụ lục a document of its own, numbered from its own first page."""

import datetime
import io
import subprocess

import pytest
from pypdf import PdfReader

from reports.compiled import compiled_pdf
from reports.services import cycle_open
from tests.factories import CampaignFactory, UnitFactory
from units.models import UnitKind

CITY = "Ủy ban nhân dân thành phố Hải Phòng"


def _pages(content: bytes, tmp_path) -> list[str]:
    """Each page's text, as pdftotext gives it (lines kept)."""
    path = tmp_path / "compiled.pdf"
    path.write_bytes(content)
    count = len(PdfReader(io.BytesIO(content)).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _has_words(region: str, phrase: str) -> bool:
    """Each word of ``phrase`` in order in ``region``: the Nơi nhận and signature columns
    may come out of pdftotext interleaved line by line."""
    words, at = region.split(), 0
    for word in phrase.split():
        try:
            at = words.index(word, at) + 1
        except ValueError:
            return False
    return True


def _first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


@pytest.fixture
def department_cycle(org):
    """A Sở whose campaign reports to the city, with enough units for a two-page annex."""
    for n in range(45):
        UnitFactory(parent=org["department"], name=f"Trường THCS thí điểm số {n + 1}")
    campaign = CampaignFactory(
        issuing_unit=org["department"],
        managing_unit=org["office"],
        title="Phát động phong trào thi đua “Nghiên cứu khoa học và phát triển công nghệ”",
        document_number="1536/KH-SGDĐT",
        document_date=datetime.date(2024, 12, 2),
        report_to=CITY,
    )
    org["office"].short_code = "VP"
    org["office"].save()
    campaign.participants.add(org["department"])
    return cycle_open(campaign=campaign, year=2026)[0]


@pytest.fixture
def commune(db):
    commune = UnitFactory(
        code="TK",
        name="Ủy ban nhân dân xã Tứ Kỳ",
        kind=UnitKind.COMMUNE,
        place="Tứ Kỳ",
        short_code="UBND",
    )
    for name in ("Phòng Văn hóa - Xã hội", "Thôn Đông", "Công ty TNHH Minh Phát"):
        UnitFactory(parent=commune, name=name, kind=UnitKind.COMMUNE_BODY)
    return commune


def _commune_cycle(commune, **values):
    campaign = CampaignFactory(
        issuing_unit=commune,
        title="Phát động phong trào thi đua đột phá chuyển đổi số trên địa bàn xã Tứ Kỳ",
        start_year=2025,
        **values,
    )
    campaign.participants.add(commune)
    return cycle_open(campaign=campaign, year=2026)[0]


def test_department_report_is_addressed_and_sent_to_the_upper_level(department_cycle, tmp_path):
    pages = _pages(compiled_pdf(department_cycle), tmp_path)
    report = _flat(pages[0])
    text = _flat(" ".join(pages))

    assert f"Kính gửi: {CITY}." in report
    assert (
        "Thực hiện Kế hoạch số 1536/KH-SGDĐT ngày 02/12/2024 của Sở Giáo dục và Đào tạo về "
        "việc phát động phong trào thi đua"
    ) in report
    assert "Cơ quan cấp trên" not in text
    closing = text[text.index("Nơi nhận:") :]
    assert _has_words(closing, f"- {CITY} (để báo cáo);")
    assert _has_words(closing, "- Lưu: VT, VP.")
    assert _has_words(closing, "GIÁM ĐỐC")
    assert "TM." not in closing


def test_department_annex_numbers_its_own_pages(department_cycle, tmp_path):
    pages = _pages(compiled_pdf(department_cycle), tmp_path)
    starts = [i for i, page in enumerate(pages) if _first_line(page) == "Phụ lục"]

    assert len(starts) == 1
    annex = starts[0]
    assert annex >= 2  # the report itself runs over two pages before it
    heading = _flat(pages[annex])
    assert "Phụ lục SỐ LIỆU BÁO CÁO CỦA CÁC ĐƠN VỊ NĂM 2026" in heading
    assert "(Kèm theo Báo cáo số" in heading
    assert "/BC-SGDĐT ngày" in heading and "của Sở Giáo dục và Đào tạo)" in heading
    # The report's page 2 is numbered; the annex starts again: no number on its first page,
    # "2" on its second.
    assert _first_line(pages[1]) == "2"
    assert len(pages) > annex + 1
    assert _first_line(pages[annex + 1]) == "2"
    assert "Trường THCS thí điểm số 45" in _flat(" ".join(pages[annex:]))


def test_commune_report_is_signed_on_behalf_of_the_committee(commune, tmp_path):
    cycle = _commune_cycle(commune, document_number="25/KH-UBND", report_to=CITY)

    text = _flat(" ".join(_pages(compiled_pdf(cycle), tmp_path)))

    assert f"Kính gửi: {CITY}." in text
    assert "Thực hiện Kế hoạch số 25/KH-UBND ngày" in text
    closing = text[text.index("Nơi nhận:") :]
    assert _has_words(closing, f"- {CITY} (để báo cáo);")
    assert _has_words(closing, "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")


def test_a_plan_issued_without_a_number_is_cited_without_a_blank(commune, tmp_path):
    cycle = _commune_cycle(commune, document_number="/KH-UBND", document_date=None, report_to=CITY)

    text = _flat(" ".join(_pages(compiled_pdf(cycle), tmp_path)))

    assert "Thực hiện Kế hoạch của Ủy ban nhân dân xã Tứ Kỳ về việc phát động" in text
    assert "số /KH" not in text


def test_upper_level_comes_from_the_implemented_campaign_or_the_unit_tree(org, commune):
    city = UnitFactory(name="Ủy ban nhân dân thành phố Hà Nội", kind=UnitKind.OTHER)
    department = UnitFactory(name="Sở Giáo dục và Đào tạo Hà Nội", parent=city)
    city_plan = CampaignFactory(issuing_unit=city)

    assert CampaignFactory(issuing_unit=department).upper_level == city.name
    assert CampaignFactory(issuing_unit=commune, basis=city_plan).upper_level == city.name
    assert CampaignFactory(issuing_unit=commune).upper_level == ""
    set_by_hand = CampaignFactory(issuing_unit=department, report_to=CITY)
    assert set_by_hand.upper_level == CITY
