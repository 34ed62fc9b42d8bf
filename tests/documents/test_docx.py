"""Word copies of the dossier documents, one set per tờ trình: the PDF's text line by line,
Nghị định 30's header on one line each, the rules, page numbers from page 2."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from awards import docx_export
from portal.docx import text_width_pt
from portal.pdf import LAYOUT, render_pdf

from .layout import DATE_LINE, MOTTO, NATIONAL_TITLE, NUMBER_LINE, read_pdf

NOMINEES = ["Nguyễn Thị Hồng Nhung", "Trần Đức Thắng"]
# The test round (tests.awards.test_dossier.award_round): a Giấy khen within the Giám đốc's
# authority, a Bằng khen of the Chủ tịch UBND thành phố.
OFFERED = [
    (1, "to-trinh"),
    (1, "quyet-dinh"),
    (1, "danh-sach"),
    (2, "to-trinh"),
    (2, "danh-sach"),
]
EMU_PER_PT = 12700


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def docx_text(document) -> str:
    return " ".join(node.text or "" for node in document.element.body.iter(qn("w:t")))


def is_list_table(table) -> bool:
    return table.style is not None and table.style.name == "Table Grid"


def docx_lines(document) -> list[str]:
    """The Word file's paragraphs in order, those of the header and closing tables included;
    the cells of the danh sách's bordered tables are compared word by word instead."""
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            table = next(t for t in document.tables if t._tbl is child)
            if is_list_table(table):
                continue
            for row in table.rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
    return [flat(line) for line in lines if flat(line)]


def pdf_flow(pages) -> str:
    """The PDF's text as pdftotext reads it, line after line, page numbers left out."""
    return flat(
        " ".join(line.text for page in pages for line in page.lines if not page.in_top_margin(line))
    )


def rules(container) -> list[tuple[int, int]]:
    """(left indent, right indent) of each paragraph drawn as a rule (a bottom border)."""
    found = []
    for paragraph in container.paragraphs:
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.find(qn("w:pBdr")) is not None and not paragraph.text:
            fmt = paragraph.paragraph_format
            found.append((fmt.left_indent or 0, fmt.right_indent or 0))
    return found


_offered: dict = {}


@pytest.fixture
def offered(award_round):
    """Each document offered in Word: (file name, Word document, PDF pages), made once for
    the module (the round's data are the same in every test)."""
    if _offered:
        return _offered
    produced = _offered
    for document in docx_export.word_documents(award_round):
        filename, content = docx_export.dossier_docx(award_round, document.letter, document.part)
        pages, _text, _fonts = read_pdf(render_pdf(document.template, document.context))
        produced[(document.letter, document.part)] = (
            filename,
            Document(io.BytesIO(content)),
            pages,
        )
    return produced


def test_one_word_set_per_cover_letter(offered):
    assert sorted(offered) == sorted(OFFERED)
    names = [filename for filename, _document, _pages in offered.values()]
    assert len(set(names)) == len(names)
    for name in names:  # Vietnamese words, no English, no diacritics
        assert re.fullmatch(r"(to-trinh|quyet-dinh|danh-sach)-gui-[a-z0-9-]+-2025\.docx", name)


def test_every_word_document_has_the_pdfs_text(offered):
    for key, (_filename, document, pages) in offered.items():
        flow = pdf_flow(pages)
        lines = docx_lines(document)
        missing = [line for line in lines if line not in flow]
        assert missing == [], key
        # And nothing more or less: the same words, tables included.
        pdf_words = sorted(flow.split())
        assert sorted(flat(docx_text(document)).split()) == pdf_words, key


def test_the_meaningful_lines_are_there(offered):
    """Header lines, Số, date line, title, Kính gửi, Nơi nhận, signer (the danh sách: its
    label, title and "(Kèm theo …)" line)."""
    for (letter, part), (_filename, document, _pages) in offered.items():
        lines = docx_lines(document)
        if part == "danh-sach":
            assert lines[0] == "Phụ lục"
            assert lines[1].startswith("DANH SÁCH")
            assert re.fullmatch(r"\(Kèm theo (Tờ trình|Quyết định) .+\)", lines[2])
            continue
        assert NATIONAL_TITLE in lines and MOTTO in lines
        assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in lines
        assert any(NUMBER_LINE.match(line) for line in lines), (letter, part)
        assert any(DATE_LINE.match(line) for line in lines), (letter, part)
        kind = "QUYẾT ĐỊNH" if part == "quyet-dinh" else "TỜ TRÌNH"
        assert kind in lines
        assert "Nơi nhận:" in lines
        if part == "to-trinh":
            assert any(line.startswith("Kính gửi: ") for line in lines)
    letter_1 = docx_lines(offered[(1, "to-trinh")][1])
    assert "Kính gửi: Giám đốc Sở Giáo dục và Đào tạo." in letter_1
    assert "CHỦ TỊCH" in letter_1  # the council's chair signs its tờ trình
    letter_2 = docx_lines(offered[(2, "to-trinh")][1])
    assert "GIÁM ĐỐC" in letter_2  # the Sở's tờ trình to the Chủ tịch UBND
    decision = docx_lines(offered[(1, "quyet-dinh")][1])
    assert "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO" in decision
    for name in NOMINEES[:1]:
        assert name in docx_text(offered[(1, "danh-sach")][1])
    assert NOMINEES[1] in docx_text(offered[(2, "danh-sach")][1])


def test_header_lines_fit_their_columns(offered):
    """The governing body, the Quốc hiệu and the Tiêu ngữ each on one line in Word: a fixed
    table whose columns are wider than each line, no cell margins."""
    for key, (_filename, document, _pages) in offered.items():
        if key[1] == "danh-sach":
            assert not [t for t in document.tables if not is_list_table(t)]  # an annex
            continue
        header = document.tables[0]
        layout = header._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
        left, right = header.rows[0].cells
        assert [g * 635 for g in grid] == [left.width, right.width]
        section = document.sections[0]
        assert left.width + right.width == (
            section.page_width - section.left_margin - section.right_margin
        )
        margins = header._tbl.tblPr.find(qn("w:tblCellMar"))
        assert [int(side.get(qn("w:w"))) for side in margins] == [0, 0]
        assert [p.text for p in right.paragraphs if p.text] == [NATIONAL_TITLE, MOTTO]
        for text, size in ((NATIONAL_TITLE, LAYOUT.national_title_pt), (MOTTO, LAYOUT.motto_pt)):
            assert text_width_pt(text, size, bold=True) * EMU_PER_PT < right.width, key
        governing = [p.text for p in left.paragraphs if p.text][0]
        assert governing == "SỞ GIÁO DỤC VÀ ĐÀO\u00a0TẠO"
        width = text_width_pt(governing, LAYOUT.governing_body_pt) * EMU_PER_PT
        assert width < left.width, key


def test_rules_under_the_issuer_and_the_title(offered):
    for key, (_filename, document, _pages) in offered.items():
        if key[1] == "danh-sach":
            # Under the "(Kèm theo …)" line, a short rule.
            (rule,) = rules(document)
        else:
            left, right = document.tables[0].rows[0].cells
            (issuer_rule,) = rules(left)
            assert left.width - sum(issuer_rule) > Mm(15)
            (motto_rule,) = rules(right)
            motto = text_width_pt(MOTTO, LAYOUT.motto_pt, bold=True) * EMU_PER_PT
            assert right.width - sum(motto_rule) == pytest.approx(motto, abs=2 * 635)
            (rule,) = rules(document)  # under the trích yếu
        assert rule[0] == rule[1] > Mm(40), key


def test_page_numbers_from_page_two(offered):
    for key, (_filename, document, _pages) in offered.items():
        for section in document.sections:
            instructions = [n.text for n in section.header._element.iter(qn("w:instrText"))]
            assert section.different_first_page_header_footer is True, key
            assert instructions == [" PAGE "], key
            assert list(section.first_page_header._element.iter(qn("w:instrText"))) == []


def test_a4_and_the_decree_margins(offered):
    for (_letter, part), (_filename, document, _pages) in offered.items():
        width, height = (297, 210) if part == "danh-sach" else (210, 297)
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


def test_the_list_columns_have_the_pdfs_widths(offered):
    """The danh sách's columns share the width as the PDF's do: a narrow TT, a wide summary."""
    _filename, document, _pages = offered[(1, "danh-sach")]
    individuals = [t for t in document.tables if "Họ và tên" in t.rows[0].cells[1].text][0]
    widths = [cell.width for cell in individuals.rows[0].cells]
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    shares = [round(w / text_width, 2) for w in widths]
    assert shares == [0.05, 0.17, 0.07, 0.07, 0.13, 0.19, 0.32]
