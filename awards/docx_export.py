"""The dossier's cover letter (tờ trình) and list of nominees as .docx, for editing.

Same headings and wording as the PDF (awards/templates/awards/documents/), laid out after
Nghị định 30/2020/NĐ-CP with the sizes of portal.pdf.LAYOUT; Times New Roman, which Word
has everywhere (LibreOffice substitutes the metric-compatible Liberation Serif).
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from portal.pdf import LAYOUT, MOTTO, NATIONAL_TITLE

from .dossier import dossier_data

FONT = "Times New Roman"


def _new_document(*, landscape: bool = False):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(LAYOUT.body_pt)
    # East-Asian and complex-script slots too, or Word falls back for Vietnamese letters.
    fonts = normal.element.rPr.rFonts
    for attr in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(LAYOUT.paragraph_spacing_pt)
    normal.paragraph_format.line_spacing = LAYOUT.line_height
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = Mm(LAYOUT.margin_top_mm)
    section.bottom_margin = Mm(LAYOUT.margin_bottom_mm)
    section.left_margin = Mm(LAYOUT.margin_left_mm)
    section.right_margin = Mm(LAYOUT.margin_right_mm)
    return document


def _line(
    cell_or_doc,
    text,
    *,
    size,
    bold=False,
    italic=False,
    underline=False,
    upper=False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first=False,
):
    existing = cell_or_doc.paragraphs
    paragraph = existing[0] if first and existing else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text.upper() if upper else text)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _header(document, data, *, number: str, place_date: str):
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    if data["governing_body"]:
        _line(left, data["governing_body"], size=LAYOUT.governing_body_pt, upper=True, first=True)
        _line(left, data["issuer"].name, size=LAYOUT.issuer_pt, bold=True, upper=True)
    else:
        _line(left, data["issuer"].name, size=LAYOUT.issuer_pt, bold=True, upper=True, first=True)
    _line(right, NATIONAL_TITLE, size=LAYOUT.national_title_pt, bold=True, first=True)
    _line(right, MOTTO, size=LAYOUT.motto_pt, bold=True, underline=True)
    left, right = table.rows[1].cells
    _line(left, number, size=LAYOUT.number_pt, first=True)
    _line(right, place_date, size=LAYOUT.place_date_pt, italic=True, first=True)
    return table


def _title(document, kind: str, summary: str):
    paragraph = _line(document, kind, size=LAYOUT.kind_pt, bold=True)
    paragraph.paragraph_format.space_before = Pt(18)
    _line(document, summary, size=LAYOUT.summary_pt, bold=True)


def _body(document, text: str):
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(LAYOUT.first_line_indent_cm)
    return paragraph


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _filename(data, part: str) -> str:
    award_round = data["round"]
    from .dossier import ROUND_SLUGS

    return f"{part}-{ROUND_SLUGS.get(award_round.kind, 'hang-nam')}-{award_round.year}.docx"


def cover_letter_docx(award_round) -> tuple[str, bytes]:
    data = dossier_data(award_round)
    document = _new_document()
    _header(document, data, number=data["letter_number"], place_date=data["place_date"])
    _title(document, "TỜ TRÌNH", data["summary"])
    _line(
        document, f"Kính gửi: {data['addressee']}", size=LAYOUT.body_pt
    ).paragraph_format.space_before = Pt(12)
    campaign = data["campaign"]
    plan_date = f" ngày {campaign.document_date:%d/%m/%Y}" if campaign.document_date else ""
    _body(document, f"Căn cứ {data['law']};")
    _body(document, f"Căn cứ {data['decree']};")
    _body(
        document,
        f"Căn cứ Kế hoạch số {campaign.document_number}{plan_date} của "
        f"{campaign.issuing_unit.name} về việc {campaign.title};",
    )
    for m in data["meetings"]:
        _body(
            document,
            f"Căn cứ Biên bản họp {data['council_name']} ngày {m['meeting'].held_on:%d/%m/%Y};",
        )
    award_round = data["round"]
    _body(
        document,
        f"{data['issuer'].name} kính trình {data['addressee']} xem xét, khen thưởng cho "
        f"{data['collective_count']} tập thể và {data['individual_count']} cá nhân đã có thành "
        "tích xuất sắc trong phong trào thi đua (thành tích từ ngày "
        f"{award_round.period_start:%d/%m/%Y} đến ngày {award_round.period_end:%d/%m/%Y}), "
        "cụ thể như sau:",
    )
    for index, entry in enumerate(data["forms"], start=1):
        counts = []
        if entry["collectives"]:
            counts.append(f"{len(entry['collectives'])} tập thể")
        if entry["individuals"]:
            counts.append(f"{len(entry['individuals'])} cá nhân")
        _body(document, f"{index}. {entry['form'].name}: {' và '.join(counts)}.")
    _body(
        document,
        "(Có danh sách, báo cáo thành tích, biên bản họp Hội đồng và các minh chứng kèm theo.)",
    )
    _body(document, f"Kính trình {data['addressee']} xem xét, quyết định./.")

    closing = document.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    label = _line(
        left,
        "Nơi nhận:",
        size=LAYOUT.recipients_label_pt,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=True,
    )
    label.paragraph_format.space_before = Pt(12)
    for entry in (
        "- Như trên;",
        f"- Lãnh đạo {data['issuer'].name};",
        f"- Lưu: VT, {data['council_archive']}.",
    ):
        _line(left, entry, size=LAYOUT.recipients_pt, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, data["signer_title"], size=LAYOUT.signer_pt, bold=True, first=True)
    return _filename(data, "to-trinh"), _save(document)


def nominee_list_docx(award_round) -> tuple[str, bytes]:
    data = dossier_data(award_round)
    document = _new_document(landscape=True)
    _line(document, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", size=LAYOUT.kind_pt, bold=True, first=True)
    _line(
        document,
        f"(Kèm theo Tờ trình {data['letter_number_short']} ngày {data['letter_date_words']} "
        f"của {data['issuer'].name})",
        size=LAYOUT.body_pt,
        italic=True,
    )
    for entry in data["forms"]:
        heading = _line(
            document,
            f"{entry['roman']}. {entry['form'].name.upper()}",
            size=13,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        heading.paragraph_format.space_before = Pt(10)
        if entry["collectives"]:
            _line(
                document,
                f"{entry['collective_index']}. Tập thể ({len(entry['collectives'])})",
                size=LAYOUT.body_pt,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
            _table(
                document,
                ["TT", "Tên tập thể", "Trực thuộc", "Đơn vị đề nghị"],
                [[r["name"], r["workplace"], r["proposing_unit"]] for r in entry["collectives"]],
            )
        if entry["individuals"]:
            _line(
                document,
                f"{entry['individual_index']}. Cá nhân ({len(entry['individuals'])})",
                size=LAYOUT.body_pt,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
            _table(
                document,
                ["TT", "Họ và tên", "Chức vụ", "Đơn vị công tác"],
                [[r["name"], r["position"], r["workplace"]] for r in entry["individuals"]],
            )
        for override in entry["overrides"]:
            _line(
                document,
                f"Ghi chú: {override['name']} được duyệt khi chưa đáp ứng "
                f"{override['criteria']}; lý do: {override['reason']}",
                size=12,
                italic=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
    return _filename(data, "danh-sach"), _save(document)


def _table(document, columns, rows):
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        _line(cell, text, size=12, bold=True, first=True)
    for index, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        _line(cells[0], str(index), size=12, first=True)
        for cell, text in zip(cells[1:], row, strict=True):
            _line(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    return table
