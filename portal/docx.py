"""Word (.docx) copies of the printed documents, built from the same HTML as the PDF.

A document offered in Word is the PDF's HTML (a template extending documents/base.html,
rendered by ``portal.pdf.render_html`` with the same context) turned into Word paragraphs and
tables, so its text is the PDF's text and follows every change of the template. The layout
is Nghị định 30/2020/NĐ-CP's, with the sizes of ``portal.pdf.LAYOUT``: A4, the margins, the
header as a fixed two-column table wide enough for the Quốc hiệu on one line, the short rules
under the issuing body and the title and the full one under the Tiêu ngữ, page numbers
centred in the top margin from page 2 ("different first page"), an annex on its own section
with its own numbering.
"""

from __future__ import annotations

import io
import re
from functools import cache

import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from fontTools.ttLib import TTFont

from .pdf import FONT_DIR, LAYOUT

# Word has Times New Roman everywhere; the PDF's Liberation Serif has the same metrics, so
# its advance widths measure the Word text too.
FONT = "Times New Roman"
A4_MM = (210, 297)
HEADER_COLUMNS = (0.4, 0.6)  # as documents/document.css: issuing body, Quốc hiệu
CLOSING_COLUMNS = (0.45, 0.55)  # Nơi nhận, signature
RULE_PT = 0.75  # the rules' thickness, as document.css draws them
UPPER = {"governing-body", "issuer", "kind", "signer-authority", "signer-title", "annex-name"}
# class -> (size, bold, italic, alignment)
CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
STYLES = {
    "governing-body": (LAYOUT.governing_body_pt, False, False, CENTER),
    "issuer": (LAYOUT.issuer_pt, True, False, CENTER),
    "national-title": (LAYOUT.national_title_pt, True, False, CENTER),
    "motto": (LAYOUT.motto_pt, True, False, CENTER),
    "number": (LAYOUT.number_pt, False, False, CENTER),
    "place-date": (LAYOUT.place_date_pt, False, True, CENTER),
    "kind": (LAYOUT.kind_pt, True, False, CENTER),
    "summary": (LAYOUT.summary_pt, True, False, CENTER),
    "addressee": (LAYOUT.body_pt, False, False, CENTER),
    "recipients-label": (LAYOUT.recipients_label_pt, True, True, LEFT),
    "signer-authority": (LAYOUT.signer_pt, True, False, CENTER),
    "signer-title": (LAYOUT.signer_pt, True, False, CENTER),
    "signer-name": (LAYOUT.signer_pt, True, False, CENTER),
    "annex-title": (LAYOUT.body_pt, True, False, CENTER),
    # awards/documents/decision.html: the deciding authority and "QUYẾT ĐỊNH:" centred, bold.
    "decision-maker": (LAYOUT.body_pt, True, False, CENTER),
    "decides": (LAYOUT.body_pt, True, False, CENTER),
    # documents/annex.html: "Phụ lục", the title, "(Kèm theo ...)" with a short rule under it.
    "annex-label": (LAYOUT.body_pt, True, False, CENTER),
    "annex-name": (LAYOUT.body_pt, True, False, CENTER),
    "annex-attached-to": (LAYOUT.body_pt, False, True, CENTER),
}


@cache
def _font(bold: bool) -> tuple[dict, int]:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    font = TTFont(FONT_DIR / name)
    widths = {code: font["hmtx"][glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """The width of one line of ``text`` in Times New Roman (Liberation Serif metrics)."""
    widths, units = _font(bold)
    return sum(widths.get(ord(c), units // 2) for c in text) * size / units


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _set_cell_margins(table, left_right_twips: int = 0):
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(left_right_twips))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    table._tbl.tblPr.append(margins)


def _fixed_table(container, rows: int, widths: list[int], *, borders: bool = False):
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: Word keeps the widths below
    if borders:
        table.style = "Table Grid"
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths) // 635))  # EMU -> twips
    width.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(width)
    for column, value in zip(table.columns, widths, strict=True):
        column.width = Emu(value)
    for row in table.rows:
        for cell, value in zip(row.cells, widths, strict=True):
            cell.width = Emu(value)
    return table


_COLUMN_WIDTH = re.compile(r"col\.([\w-]+)\s*\{\s*width:\s*([\d.]+)%")


def _column_shares(table, count: int) -> list[float]:
    """The columns' shares of the width, as the PDF's stylesheet sets them
    (``table.list col.c-name { width: 17%; }`` for a ``<col class="c-name">``); columns without
    one share what is left equally."""
    style = " ".join(node.text or "" for node in table.getroottree().iter("style"))
    percent = {name: float(value) for name, value in _COLUMN_WIDTH.findall(style)}
    cols = table.findall("colgroup/col")
    given = [next((percent[c] for c in _classes(col) if c in percent), None) for col in cols]
    given = (given + [None] * count)[:count]
    rest = max(100 - sum(g for g in given if g), 0)
    blanks = given.count(None)
    shares = [(g if g is not None else rest / blanks) / 100 for g in given]
    total = sum(shares)
    return [share / total for share in shares] if total else [1 / count] * count


class Builder:
    def __init__(self, *, landscape: bool):
        self.document = Document()
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(LAYOUT.body_pt)
        fonts = normal.element.rPr.rFonts
        for attr in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
            fonts.set(qn(attr), FONT)
        normal.paragraph_format.space_after = Pt(LAYOUT.paragraph_spacing_pt)
        normal.paragraph_format.line_spacing = LAYOUT.line_height
        self._layout(self.document.sections[0], landscape=landscape)
        self._page_numbers(self.document.sections[0])

    # -- sections ------------------------------------------------------------------------

    def _layout(self, section, *, landscape: bool):
        width, height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.top_margin = Mm(LAYOUT.margin_top_mm)
        section.bottom_margin = Mm(LAYOUT.margin_bottom_mm)
        section.left_margin = Mm(LAYOUT.margin_left_mm)
        section.right_margin = Mm(LAYOUT.margin_right_mm)
        section.header_distance = Mm(LAYOUT.margin_top_mm / 2)
        section.different_first_page_header_footer = True  # no number on page 1

    def _page_numbers(self, section):
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = CENTER
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
            run = paragraph.add_run()
            run.font.size = Pt(LAYOUT.page_number_pt)
            if kind:
                node = OxmlElement("w:fldChar")
                node.set(qn("w:fldCharType"), kind)
            else:
                node = OxmlElement("w:instrText")
                node.set(qn("xml:space"), "preserve")
                node.text = text
            run._r.append(node)

    def new_section(self, *, landscape: bool):
        """An annex: a new page, its own orientation, its pages numbered from 1 again."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._layout(section, landscape=landscape)
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), "1")
        section._sectPr.append(number_type)

    @property
    def text_width(self) -> int:
        section = self.document.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    # -- paragraphs ----------------------------------------------------------------------

    def paragraph(self, container, *, align=JUSTIFY, indent=False):
        """A new paragraph; a table cell's first one is the empty paragraph it comes with."""
        existing = container.paragraphs
        if (
            container is not self.document
            and len(existing) == 1
            and not existing[0].runs
            and not container.tables
        ):
            paragraph = existing[0]
        else:
            paragraph = container.add_paragraph()
        paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(LAYOUT.first_line_indent_cm)
        return paragraph

    def runs(self, paragraph, element, *, size=None, bold=False, italic=False, upper=False):
        """The element's text with <b>, <i>, <br> and uppercase classes, as Word runs."""

        def add(text, bold, italic, upper):
            if not text:
                return
            # Collapse HTML white space, but keep no-break spaces (a blank left for a number).
            text = re.sub(r"[ \t\r\n]+", " ", text)
            run = paragraph.add_run(text.upper() if upper else text)
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)

        def walk(node, bold, italic, upper):
            classes = _classes(node)
            bold = bold or node.tag in ("b", "strong") or "issuer" in classes
            italic = italic or node.tag in ("i", "em") or "annex-subtitle" in classes
            if "annex-subtitle" in classes:
                bold = False
            upper = upper or bool(classes & UPPER)
            if node.tag == "br":
                paragraph.add_run().add_break(WD_BREAK.LINE)
            else:
                add(node.text, bold, italic, upper)
                for child in node:
                    walk(child, bold, italic, upper)
            add(node.tail if node is not element else None, bold, italic, upper)

        walk(element, bold, italic, upper)
        runs = paragraph.runs
        if runs and runs[0].text.startswith(" "):
            runs[0].text = runs[0].text.lstrip()
        if runs and runs[-1].text.endswith(" "):
            runs[-1].text = runs[-1].text.rstrip()
        return paragraph

    def styled(self, container, element, name: str, *, width: int):
        size, bold, italic, align = STYLES[name]
        paragraph = self.paragraph(container, align=align)
        paragraph.paragraph_format.space_after = Pt(0)
        self.runs(paragraph, element, size=size, bold=bold, italic=italic, upper=name in UPPER)
        if "signature-space" in name:
            return paragraph
        ruled = element.find(".//span[@class]")
        kinds = _classes(ruled) if ruled is not None else set()
        if kinds & {"ruled-short", "ruled-full"}:
            text = paragraph.text
            line = min(text_width_pt(text, size, bold=bold), width / 12700)
            length = line if "ruled-full" in kinds else line * LAYOUT.short_rule_ratio
            self.rule(container, length_pt=length, width=width)
        return paragraph

    def rule(self, container, *, length_pt: float, width: int):
        """A short horizontal line, centred: the bottom border of an empty, narrow paragraph."""
        paragraph = container.add_paragraph()
        paragraph.alignment = CENTER
        side = Emu(max(int((width - Pt(length_pt)) / 2), 0))
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = side
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(3)
        run_properties = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), str(int(RULE_PT * 8)))
        bottom.set(qn("w:space"), "1")
        bottom.set(qn("w:color"), "000000")
        borders.append(bottom)
        run_properties.append(borders)
        return paragraph

    # -- blocks --------------------------------------------------------------------------

    def cell_content(self, cell, td, *, width: int):
        for child in td:
            name = next((c for c in _classes(child) if c in STYLES), None)
            if name:
                self.styled(cell, child, name, width=width)
            elif "signature-space" in _classes(child):
                space = self.paragraph(cell, align=CENTER)
                space.paragraph_format.space_after = Mm(LAYOUT.signature_space_mm - 6)
            elif child.tag == "ul":
                for item in child.iter("li"):
                    paragraph = self.paragraph(cell, align=LEFT)
                    paragraph.paragraph_format.space_after = Pt(0)
                    self.runs(paragraph, item, size=LAYOUT.recipients_pt)
            else:
                self.block(cell, child)
        if not td.getchildren() and (td.text or "").strip():
            name = next((c for c in _classes(td) if c in STYLES), None)
            if name:
                self.styled(cell, td, name, width=width)

    def two_columns(self, element, shares):
        rows = element.findall(".//tr")
        width = self.text_width
        widths = [int(width * share) for share in shares]
        table = _fixed_table(self.document, len(rows), widths)
        _set_cell_margins(table)
        for row, tr in zip(table.rows, rows, strict=True):
            for cell, td, cell_width in zip(row.cells, tr.findall("td"), widths, strict=False):
                self.cell_content(cell, td, width=cell_width)
        return table

    def list_table(self, container, element):
        rows = element.findall(".//tr")
        if not rows:
            return
        count = max(len(tr.findall("th")) + len(tr.findall("td")) for tr in rows)
        width = self.text_width
        shares = _column_shares(element, count)
        table = _fixed_table(
            self.document, 0, [int(width * share) for share in shares], borders=True
        )
        for tr in rows:
            cells = table.add_row().cells
            for cell, td in zip(cells, [c for c in tr if c.tag in ("th", "td")], strict=False):
                header = td.tag == "th"
                align = CENTER if header or _classes(td) & {"num", "center"} else LEFT
                paragraph = self.paragraph(cell, align=align)
                paragraph.paragraph_format.space_after = Pt(0)
                self.runs(paragraph, td, size=12, bold=header)

    def block(self, container, element):
        classes = _classes(element)
        tag = element.tag
        if tag == "table" and "list" in classes:
            self.list_table(container, element)
        elif tag in ("h2", "h3"):
            paragraph = self.paragraph(container, align=JUSTIFY, indent=True)
            self.runs(paragraph, element, bold=True, italic=tag == "h3" and None)
        elif tag == "p" or (tag == "div" and not element.getchildren()):
            style = next((c for c in classes if c in STYLES), None)
            if style:
                self.styled(container, element, style, width=self.text_width)
            else:
                align = LEFT if container is not self.document else JUSTIFY
                self.runs(self.paragraph(container, align=align, indent=align == JUSTIFY), element)
        elif tag in ("ul", "ol"):
            for item in element.findall("li"):
                self.runs(self.paragraph(container, indent=True), item)
        elif tag == "div" and classes & set(STYLES):
            self.styled(
                container, element, next(c for c in classes if c in STYLES), width=self.text_width
            )
        else:
            for child in element:
                self.block(container, child)

    def content(self, body, *, annexes: bool):
        for element in body:
            classes = _classes(element)
            if "annex" in classes:
                if annexes:
                    self.annex(element)
            elif element.tag == "table" and "doc-header" in classes:
                self.two_columns(element, HEADER_COLUMNS)
            elif element.tag == "table" and "doc-closing" in classes:
                self.two_columns(element, CLOSING_COLUMNS)
            elif "doc-title" in classes:
                for child in element:
                    name = next(c for c in _classes(child) if c in STYLES)
                    paragraph = self.styled(self.document, child, name, width=self.text_width)
                    if name == "kind":
                        paragraph.paragraph_format.space_before = Pt(18)
            elif "addressee" in classes:
                paragraph = self.styled(self.document, element, "addressee", width=self.text_width)
                paragraph.paragraph_format.space_before = Pt(12)
                paragraph.paragraph_format.space_after = Pt(12)
            else:
                self.block(self.document, element)

    def annex(self, section):
        if self.document.paragraphs or self.document.tables:  # not the first thing
            self.new_section(landscape="landscape" in _classes(section))
        for element in section:
            if "annex-title" in _classes(element):
                self.styled(self.document, element, "annex-title", width=self.text_width)
            else:
                self.block(self.document, element)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def html_to_docx(html: str, *, part: str = "document") -> bytes:
    """The Word copy of a rendered document: ``part="document"`` without its annexes,
    ``"annexes"`` only its annexes (each on a section of its own), ``"all"`` both."""
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    landscape = "landscape" in _classes(body)
    if part == "annexes":
        sections = [e for e in body if "annex" in _classes(e)]
        landscape = bool(sections) and "landscape" in _classes(sections[0])
        builder = Builder(landscape=landscape)
        for section in sections:
            builder.annex(section)
        return builder.save()
    builder = Builder(landscape=landscape)
    builder.content(body, annexes=part == "all")
    return builder.save()
