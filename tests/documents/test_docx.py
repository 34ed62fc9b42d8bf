"""Word copies of the dossier documents: the PDF's text, Nghị định 30's header and numbers."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from awards import docx_export
from portal.docx import text_width_pt
from portal.pdf import LAYOUT, render_pdf

from .layout import MOTTO, NATIONAL_TITLE, read_pdf

NOMINEES = ["Nguyễn Thị Hồng Nhung", "Trần Đức Thắng"]


@pytest.fixture
def letter(award_round):
    return Document(io.BytesIO(docx_export.cover_letter_docx(award_round)[1]))


@pytest.fixture
def nominee_list(award_round):
    return Document(io.BytesIO(docx_export.nominee_list_docx(award_round)[1]))


def words(text: str) -> list[str]:
    return sorted(text.split())


def docx_text(document) -> str:
    body = document.element.body
    return " ".join(node.text or "" for node in body.iter(qn("w:t")))


def test_header_fits_each_line_in_a_fixed_column(letter):
    header = letter.tables[0]
    grid = [int(col.get(qn("w:w"))) for col in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [cell.width for cell in header.rows[0].cells]
    layout = header._tbl.tblPr.find(qn("w:tblLayout"))

    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    assert [g * 635 for g in grid] == cells  # twips and EMU agree: Word keeps them
    section = letter.sections[0]
    assert sum(cells) == section.page_width - section.left_margin - section.right_margin
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    assert right == [NATIONAL_TITLE, MOTTO]
    title_pt = text_width_pt(NATIONAL_TITLE, LAYOUT.national_title_pt, bold=True)
    assert title_pt * 12700 < cells[1]  # no cell margin: the whole column holds the line
    margins = header._tbl.tblPr.find(qn("w:tblCellMar"))
    assert [int(side.get(qn("w:w"))) for side in margins] == [0, 0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    # The first tờ trình is the council's to its head: the Sở above the council, the last two
    # words of each joined by a no-break space as in the PDF (no "…KHEN / THƯỞNG" in Word).
    assert left == ["SỞ GIÁO DỤC VÀ ĐÀO\u00a0TẠO", "HỘI ĐỒNG THI ĐUA - KHEN\u00a0THƯỞNG"]


def rules(cell_or_document) -> list[tuple[int, int]]:
    """(left indent, right indent) of each paragraph drawn as a rule (a bottom border)."""
    found = []
    for paragraph in cell_or_document.paragraphs:
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.find(qn("w:pBdr")) is not None and not paragraph.text:
            fmt = paragraph.paragraph_format
            found.append((fmt.left_indent, fmt.right_indent))
    return found


def test_rules_under_the_issuer_the_motto_and_the_title(letter):
    left, right = letter.tables[0].rows[0].cells
    width = left.width
    (issuer_rule,) = rules(left)
    issuer_text = (
        text_width_pt("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", LAYOUT.issuer_pt, bold=True) * 12700
    )
    short = min(issuer_text, width) * LAYOUT.short_rule_ratio  # a name wider than its column
    assert width - sum(issuer_rule) == pytest.approx(short, abs=2 * 635)
    (motto_rule,) = rules(right)
    motto_text = text_width_pt(MOTTO, LAYOUT.motto_pt, bold=True) * 12700
    assert right.width - sum(motto_rule) == pytest.approx(motto_text, abs=2 * 635)
    (title_rule,) = rules(letter)  # under the trích yếu
    assert title_rule[0] == title_rule[1] > Mm(40)


def test_page_numbers_from_page_two(letter):
    section = letter.sections[0]
    instructions = [n.text for n in section.header._element.iter(qn("w:instrText"))]

    assert section.different_first_page_header_footer is True
    assert instructions == [" PAGE "]
    first = section.first_page_header
    assert list(first._element.iter(qn("w:instrText"))) == []


def test_a4_and_the_decree_margins(letter, nominee_list):
    for document, (width, height) in ((letter, (210, 297)), (nominee_list, (297, 210))):
        section = document.sections[0]
        mm = [
            round(value.mm, 1)
            for value in (
                section.page_width,
                section.page_height,
                section.top_margin,
                section.bottom_margin,
                section.left_margin,
                section.right_margin,
            )
        ]
        assert mm == [width, height, 20, 20, 30, 15]


def pdf_words(template: str, context: dict) -> list[str]:
    """The words of a document's PDF, page numbers left out."""
    pages, _text, _fonts = read_pdf(render_pdf(template, context))
    return sorted(w.text for page in pages for w in page.words if not page.in_top_margin(w))


def test_the_letter_has_the_pdfs_text(award_round, letter):
    from awards.dossier import dossier_data, first_letter_context

    pdf = pdf_words(docx_export.COVER_LETTER, first_letter_context(dossier_data(award_round)))
    assert words(docx_text(letter)) == pdf
    assert "TỜ TRÌNH" in docx_text(letter)


def test_the_list_has_the_pdfs_text(award_round, nominee_list):
    """The danh sách is the tờ trình's annex, a document of its own in PDF and in Word."""
    from awards.dossier import dossier_data, nominee_list_context

    pdf = pdf_words(docx_export.NOMINEE_LIST, nominee_list_context(dossier_data(award_round)))
    assert words(docx_text(nominee_list)) == pdf
    for name in NOMINEES:
        assert name in docx_text(nominee_list)
