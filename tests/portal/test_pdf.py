"""The document renderer: Nghị định 30 layout, embedded fonts, text that reads back, merging."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from django.utils import translation
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter

from portal import pdf
from portal.documents import header_context, sample_context
from portal.pdf import (
    LAYOUT,
    MOTTO,
    NATIONAL_TITLE,
    SkippedPart,
    document_number,
    merge_pdfs,
    page_count,
    place_date_line,
    render_html,
    render_pdf,
)

MM = 72 / 25.4
A4 = (595.28, 841.89)


def poppler(tool, *args):
    """Run a poppler-utils tool; the tests need it and fail (not skip) when it is missing."""
    if shutil.which(tool) is None:
        pytest.fail(f"`{tool}` is not installed: install poppler-utils to test the PDFs.")
    result = subprocess.run([tool, *args], capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render_pdf("documents/sample.html", sample_context()))
    return path


def text_lines(path, *args):
    return [line.strip() for line in poppler("pdftotext", *args, str(path), "-").splitlines()]


def test_sample_text_reads_back_exactly(sample):
    lines = text_lines(sample)

    assert NATIONAL_TITLE == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    assert "Số: 05/TTr-SGDĐT" in lines
    assert "Hải Phòng, ngày 05 tháng 01 năm 2027" in lines
    assert "TỜ TRÌNH" in lines
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in lines
    assert "UBND THÀNH PHỐ HẢI PHÒNG" in lines
    assert "Nguyễn Thị Hương" in lines
    assert "Nơi nhận:" in lines
    assert "- Như trên;" in lines
    assert "- Lưu: VT, VP." in lines
    assert "KT. GIÁM ĐỐC" in lines
    assert "PHÓ GIÁM ĐỐC" in lines
    assert "Nguyễn Văn Thành" in lines


def test_only_shipped_liberation_serif_is_embedded(sample):
    rows = poppler("pdffonts", str(sample)).splitlines()[2:]

    fonts = {}
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        fonts[name.split("+", 1)[1]] = emb
    assert fonts == {
        "Liberation-Serif-Portal": "yes",
        "Liberation-Serif-Portal-Bold": "yes",
        "Liberation-Serif-Portal-Italic": "yes",
        "Liberation-Serif-Portal-Bold-Italic": "yes",
    }


def test_embedded_font_programs_are_liberation_serif_2(sample):
    reader = PdfReader(sample)
    programs = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            programs.append(descriptor["/FontFile2"].get_object().get_data())

    names = set()
    for data in programs:
        font = TTFont(io.BytesIO(data))
        names.add((font["name"].getDebugName(1), font["name"].getDebugName(5).split(";")[0]))
    assert names == {("Liberation Serif", "Version 2.1.5")}


def test_shipped_fonts_cover_vietnamese():
    letters = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    letters += letters.upper()
    for name, _weight, _style in pdf.FONT_FILES:
        cmap = TTFont(pdf.FONT_DIR / name).getBestCmap()
        assert [c for c in letters if ord(c) not in cmap] == [], name
    assert (pdf.FONT_DIR / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1


def test_pages_are_a4_portrait_and_the_annex_landscape(sample):
    sizes = [
        (float(page.mediabox.width), float(page.mediabox.height))
        for page in PdfReader(sample).pages
    ]

    assert len(sizes) == 3
    for width, height in sizes[:2]:
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1
    width, height = sizes[2]
    assert abs(width - A4[1]) <= 1 and abs(height - A4[0]) <= 1


def top_margin_text(path, page):
    height = int(LAYOUT.margin_top_mm * MM)
    args = ["-f", str(page), "-l", str(page), "-x", "0", "-y", "0", "-W", "842", "-H"]
    return poppler("pdftotext", *args, str(height), str(path), "-").strip()


def test_page_number_in_top_margin_from_page_two(sample):
    assert top_margin_text(sample, 1) == ""
    assert top_margin_text(sample, 2) == "2"
    assert top_margin_text(sample, 3) == "3"


def word_boxes(path, page):
    html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    boxes = []
    for line in html.splitlines():
        if "<word " in line:
            attrs = dict(part.split("=") for part in line.split(">")[0].split()[1:] if "=" in part)
            word = line.split(">")[1].split("<")[0]
            boxes.append(
                (word, *(float(attrs[k].strip('"')) for k in ("xMin", "yMin", "xMax", "yMax")))
            )
    return boxes


def test_text_stays_inside_the_margins(sample):
    left = LAYOUT.margin_left_mm * MM
    right = A4[0] - LAYOUT.margin_right_mm * MM
    top = LAYOUT.margin_top_mm * MM
    bottom = A4[1] - LAYOUT.margin_bottom_mm * MM
    for page in (1, 2):
        words = [box for box in word_boxes(sample, page) if box[2] > top]
        assert words
        assert min(box[1] for box in words) >= left - 0.5
        assert max(box[3] for box in words) <= right + 0.5
        assert max(box[4] for box in words) <= bottom + 0.5
    # The header starts at the top margin and uses the whole width between the margins.
    first = word_boxes(sample, 1)
    assert min(box[2] for box in first) == pytest.approx(top, abs=4)
    assert min(box[1] for box in first) < left + 20 * MM


def test_layout_figures_are_within_the_decree_ranges():
    assert 20 <= LAYOUT.margin_top_mm <= 25 and 20 <= LAYOUT.margin_bottom_mm <= 25
    assert 30 <= LAYOUT.margin_left_mm <= 35 and 15 <= LAYOUT.margin_right_mm <= 20
    assert 13 <= LAYOUT.body_pt <= 14 and 1 <= LAYOUT.first_line_indent_cm <= 1.27
    assert 12 <= LAYOUT.issuer_pt <= 13 and 13 <= LAYOUT.kind_pt <= 14
    sizes = (LAYOUT.national_title_pt, LAYOUT.motto_pt, LAYOUT.place_date_pt)
    assert sizes in {(13, 14, 14), (12, 13, 13)}
    assert (LAYOUT.recipients_label_pt, LAYOUT.recipients_pt) == (12, 11)
    assert 1 / 3 <= LAYOUT.short_rule_ratio <= 1 / 2


def test_layout_figures_survive_vietnamese_number_formatting():
    with translation.override("vi"):
        html = render_html("documents/sample.html", sample_context())

    assert f"text-indent: {LAYOUT.first_line_indent_cm}cm;" in html
    assert "margin: 20mm 15mm 20mm 30mm;" in html
    assert html.count("@font-face") == 4
    assert (pdf.FONT_DIR / "LiberationSerif-Regular.ttf").as_uri() in html


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (5, "Số: 05/TTr-SGDĐT"),
        (1, "Số: 01/TTr-SGDĐT"),
        (9, "Số: 09/TTr-SGDĐT"),
        (10, "Số: 10/TTr-SGDĐT"),
        (15, "Số: 15/TTr-SGDĐT"),
        (1536, "Số: 1536/TTr-SGDĐT"),
    ],
)
def test_document_number_pads_numbers_under_ten(number, expected):
    assert document_number(number, "TTr", "SGDĐT") == expected


def test_document_number_blank_for_a_draft_and_never_zero():
    assert (
        document_number(None, "BC", "SGDĐT") == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SGDĐT"
    )
    assert document_number(3, "", "HĐTĐKT") == "Số: 03/HĐTĐKT"
    with pytest.raises(ValueError):
        document_number(0, "TTr", "SGDĐT")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 5), "Hải Phòng, ngày 05 tháng 01 năm 2027"),
        (date(2027, 2, 9), "Hải Phòng, ngày 09 tháng 02 năm 2027"),
        (date(2027, 3, 1), "Hải Phòng, ngày 01 tháng 3 năm 2027"),
        (date(2026, 9, 10), "Hải Phòng, ngày 10 tháng 9 năm 2026"),
        (date(2026, 10, 31), "Hải Phòng, ngày 31 tháng 10 năm 2026"),
        (date(2026, 12, 15), "Hải Phòng, ngày 15 tháng 12 năm 2026"),
    ],
)
def test_place_date_line_pads_days_under_ten_and_months_one_and_two(day, expected):
    assert place_date_line("Hải Phòng", day) == expected


def test_place_date_line_blank_for_a_draft():
    blank = "\u00a0" * 6
    assert place_date_line("Hải Phòng", None, year=2027) == (
        f"Hải Phòng, ngày {blank} tháng {blank} năm 2027"
    )


def test_header_context_formats_number_date_and_recipients():
    context = header_context(
        kind="BÁO CÁO",
        issuer="Trường THPT Ngô Quyền",
        issuer_symbol="THPTNQ",
        number=7,
        place="Hải Phòng",
        date=date(2026, 2, 3),
        recipients=["- Sở GDĐT;", "Như trên"],
    )

    assert context["number"] == "Số: 07/BC-THPTNQ"
    assert context["place_date"] == "Hải Phòng, ngày 03 tháng 02 năm 2026"
    assert context["recipients"] == ["Sở GDĐT", "Như trên"]


def blank_pdf(pages):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(user_password="secret", algorithm="RC4-128"):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_merge_pdfs_appends_parts_in_order(sample):
    dossier = sample.read_bytes()

    merged = merge_pdfs([dossier, blank_pdf(2), blank_pdf(1)])

    assert page_count(dossier) == 3
    assert page_count(merged) == 6
    assert PdfReader(io.BytesIO(merged)).outline == []
    assert "Nguyễn Thị Hương" in PdfReader(io.BytesIO(merged)).pages[0].extract_text()


def test_merge_pdfs_replaces_unreadable_parts_by_a_notice(tmp_path):
    skipped = []

    merged = merge_pdfs(
        [blank_pdf(2), b"%PDF-1.7 broken", b"", encrypted_pdf(), b"\x89PNG\r\n", blank_pdf(1)],
        labels=["to-trinh.pdf", "hong.pdf", "rong.pdf", "mat-khau.pdf", "anh.png", "bb.pdf"],
        skipped=skipped,
    )

    assert [(part.index, part.label, part.reason) for part in skipped] == [
        (1, "hong.pdf", "damaged"),
        (2, "rong.pdf", "empty"),
        (3, "mat-khau.pdf", "encrypted"),
        (4, "anh.png", "damaged"),
    ]
    assert page_count(merged) == 2 + 4 + 1
    path = tmp_path / "merged.pdf"
    path.write_bytes(merged)
    notice = poppler("pdftotext", "-f", "3", "-l", "3", str(path), "-")
    assert "hong.pdf" in notice
    assert "Tệp bị hỏng hoặc không phải là tệp PDF." in notice
    password = poppler("pdftotext", "-f", "5", "-l", "5", str(path), "-")
    assert "Tệp được đặt mật khẩu nên không đọc được." in password
    outline = PdfReader(path).outline
    assert [item.title for item in outline] == [
        "to-trinh.pdf",
        "hong.pdf",
        "rong.pdf",
        "mat-khau.pdf",
        "anh.png",
        "bb.pdf",
    ]


def test_merge_pdfs_opens_files_locked_only_against_editing():
    skipped = []

    merged = merge_pdfs([blank_pdf(1), encrypted_pdf("", "AES-256")], skipped=skipped)

    assert skipped == []
    assert page_count(merged) == 2


def test_merge_pdfs_without_notice_only_skips():
    skipped = []

    merged = merge_pdfs([blank_pdf(1), b"not a pdf"], skipped=skipped, notice=False)

    assert page_count(merged) == 1
    assert skipped == [SkippedPart(1, "#2", "damaged", skipped[0].detail)]


def test_merge_pdfs_labels_parts_without_a_label_by_position():
    skipped = []

    merged = merge_pdfs([blank_pdf(1), blank_pdf(1), b""], labels=["to-trinh.pdf"], skipped=skipped)

    assert page_count(merged) == 3
    assert [item.title for item in PdfReader(io.BytesIO(merged)).outline] == ["to-trinh.pdf"]
    assert [part.label for part in skipped] == ["#3"]


def test_documents_read_no_file_outside_static_or_media(settings):
    fetcher = pdf.LocalFilesOnly(pdf._allowed_roots(None))

    with pytest.raises(ValueError, match="may not read"):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.org/logo.png")
    with pytest.raises(ValueError, match="may not read"):
        fetcher.fetch((pdf.FONT_DIR / ".." / ".." / "manage.py").as_uri())
    response = fetcher.fetch((pdf.FONT_DIR / "OFL.txt").as_uri())
    try:
        assert response.read().startswith(b"Liberation Serif 2.1.5")
    finally:
        response.close()


def test_a_missing_poppler_tool_fails_the_tests(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)

    with pytest.raises(pytest.fail.Exception, match="`pdftotext` is not installed"):
        poppler("pdftotext", "-v")


def test_a_list_document_is_landscape_from_its_first_page(tmp_path):
    context = {**sample_context(people=40), "kind": "DANH SÁCH", "number": ""}
    path = tmp_path / "list.pdf"
    path.write_bytes(render_pdf("documents/sample_list.html", context))

    pages = PdfReader(path).pages
    assert len(pages) > 1
    for page in pages:
        assert abs(float(page.mediabox.width) - A4[1]) <= 1
        assert abs(float(page.mediabox.height) - A4[0]) <= 1
    assert top_margin_text(path, 1) == ""
    assert top_margin_text(path, 2) == "2"
    assert "DANH SÁCH" in text_lines(path, "-f", "1", "-l", "1")
