"""Printed documents: HTML templates laid out as Nghị định 30/2020/NĐ-CP asks, rendered to PDF.

Every PDF of the portal (compiled yearly reports, award dossiers: tờ trình, danh sách,
biên bản, báo cáo) extends ``templates/documents/base.html`` and goes through
:func:`render_pdf`; evidence files are appended with :func:`merge_pdfs`.

The legal figures (page margins, font sizes, number and date padding, abbreviations) live
here, once, next to the text they come from. The stylesheet ``documents/document.css``
reads them from :data:`LAYOUT`.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

ND30 = "Nghị định 30/2020/NĐ-CP về công tác văn thư, Phụ lục I"


@dataclass(frozen=True)
class AdministrativeLayout:
    """Thể thức và kỹ thuật trình bày văn bản hành chính (ND30); allowed range in comments."""

    reference: str = ND30
    # Khổ giấy A4, trình bày theo chiều dài.
    margin_top_mm: int = 20  # 20-25 mm
    margin_bottom_mm: int = 20  # 20-25 mm
    margin_left_mm: int = 30  # 30-35 mm
    margin_right_mm: int = 15  # 15-20 mm
    # Phông chữ tiếng Việt Times New Roman (or a metric-compatible face), màu đen.
    body_pt: int = 14  # nội dung: 13-14
    line_height: float = 1.2  # tối thiểu cách dòng đơn (single)
    paragraph_spacing_pt: int = 6  # khoảng cách giữa các đoạn: tối thiểu 6 pt
    first_line_indent_cm: float = 1.27  # lùi đầu dòng: 1-1.27 cm
    governing_body_pt: int = 12  # tên cơ quan chủ quản: in hoa, 12-13, đứng
    issuer_pt: int = 12  # tên cơ quan ban hành: in hoa, 12-13, đứng, đậm
    # "Cỡ chữ trong cùng một văn bản tăng, giảm phải thống nhất": Quốc hiệu 13, Tiêu ngữ 14,
    # địa danh và thời gian 14; or 12, 13, 13.
    national_title_pt: int = 13  # Quốc hiệu: in hoa, 12-13, đứng, đậm
    motto_pt: int = 14  # Tiêu ngữ: in thường, 13-14, đứng, đậm, gạch dưới bằng độ dài dòng
    place_date_pt: int = 14  # địa danh và thời gian: 13-14, nghiêng
    number_pt: int = 13  # "Số": 13, đứng
    kind_pt: int = 14  # tên loại văn bản: in hoa, 13-14, đứng, đậm
    summary_pt: int = 14  # trích yếu: in thường, 13-14, đứng, đậm
    page_number_pt: int = 13  # số trang: 13-14, giữa lề trên, không hiện ở trang 1
    recipients_label_pt: int = 12  # "Nơi nhận:": 12, nghiêng, đậm
    recipients_pt: int = 11  # các dòng nơi nhận: 11, đứng
    signer_pt: int = 14  # quyền hạn, chức vụ (in hoa) và họ tên người ký: 13-14, đậm
    signature_space_mm: int = 30  # chỗ ký và đóng dấu
    short_rule_ratio: float = 0.4  # đường kẻ dưới tên cơ quan, trích yếu: 1/3-1/2 dòng chữ


LAYOUT = AdministrativeLayout()

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu (ND30, Phụ lục I)
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ: gạch nối (-) có cách chữ (ND30, Phụ lục I)

# ND30 Phụ lục I, "Số, ký hiệu của văn bản": "với những số nhỏ hơn 10 phải ghi thêm số 0
# phía trước"; giữa số và ký hiệu là dấu gạch chéo (/), giữa các nhóm chữ của ký hiệu là
# dấu gạch nối (-), không cách chữ.
NUMBER_PADDED_BELOW = 10
# ND30 Phụ lục I, "Địa danh và thời gian ban hành văn bản": "đối với những số thể hiện
# ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước" (so "tháng 3", not "tháng 03").
DAY_PADDED_BELOW = 10
MONTHS_PADDED = frozenset({1, 2})
# ND30 Phụ lục III, chữ viết tắt tên loại văn bản hành chính.
KIND_ABBREVIATIONS = {
    "TỜ TRÌNH": "TTr",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "QUYẾT ĐỊNH": "QĐ",
    "KẾ HOẠCH": "KH",
}

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# A family name of our own, so the @font-face files are used and never a system copy of
# Liberation Serif (of whatever version); if a file were missing, the PDF would show another
# family and the tests would fail. The PDF names the embedded fonts after this family.
FONT_FAMILY = "Liberation Serif Portal"
FONT_FILES = (
    ("LiberationSerif-Regular.ttf", 400, "normal"),
    ("LiberationSerif-Bold.ttf", 700, "normal"),
    ("LiberationSerif-Italic.ttf", 400, "italic"),
    ("LiberationSerif-BoldItalic.ttf", 700, "italic"),
)

BLANK = "\u00a0" * 6  # room left for a number or a date written in by the văn thư


def document_number(number: int | None, kind_abbr: str, issuer_symbol: str) -> str:
    """``document_number(5, "TTr", "SGDĐT")`` -> ``"Số: 05/TTr-SGDĐT"``.

    ``number=None`` leaves the number blank (a draft the văn thư numbers on issue).
    """
    if number is None:
        shown = BLANK
    elif number < 1:
        raise ValueError(f"A document number starts at 1, got {number}.")
    elif number < NUMBER_PADDED_BELOW:
        shown = f"0{number}"
    else:
        shown = str(number)
    symbol = "-".join(part for part in (kind_abbr, issuer_symbol) if part)
    return f"Số: {shown}/{symbol}"


def _day(value: int) -> str:
    return f"0{value}" if value < DAY_PADDED_BELOW else str(value)


def _month(value: int) -> str:
    return f"0{value}" if value in MONTHS_PADDED else str(value)


def place_date_line(place: str, date: Date | None, *, year: int | None = None) -> str:
    """``place_date_line("Hải Phòng", date(2027, 1, 5))`` ->
    ``"Hải Phòng, ngày 05 tháng 01 năm 2027"``; March gives ``"tháng 3"``.

    ``date=None`` leaves day and month blank (``year`` may still be given) for a draft.
    """
    if date is None:
        shown_year = str(year) if year else BLANK
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {shown_year}"
    return f"{place}, ngày {_day(date.day)} tháng {_month(date.month)} năm {date.year}"


def font_faces() -> list[dict]:
    """The @font-face sources, as file URIs of the fonts shipped in static/fonts."""
    return [
        {"uri": (FONT_DIR / name).as_uri(), "weight": weight, "style": style}
        for name, weight, style in FONT_FILES
    ]


def document_context(context: dict | None = None) -> dict:
    """The context base.html expects: the caller's, plus layout, fonts and fixed texts."""
    return {
        "layout": LAYOUT,
        "font_family": FONT_FAMILY,
        "font_faces": font_faces(),
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        **(context or {}),
    }


def render_html(
    template_name: str, context: dict | None = None, *, shared_stylesheet: bool = False
) -> str:
    """A document's HTML. With ``shared_stylesheet`` the layout's stylesheet
    (documents/document.css) is left out of the page: the caller lays it out with
    :func:`document_stylesheet`, parsed once for many documents."""
    context = document_context(context)
    if shared_stylesheet:
        context["shared_stylesheet"] = True
    return render_to_string(template_name, context)


def document_stylesheet(font_config: FontConfiguration):
    """documents/document.css parsed once, to lay out many documents with (a renderer passes
    it to ``HTML.render(stylesheets=[...])`` for pages rendered with ``shared_stylesheet``).
    Its fonts are registered with ``font_config``, which those documents must use."""
    from weasyprint import CSS

    css = render_to_string("documents/document.css", document_context())
    return CSS(string=css, font_config=font_config, url_fetcher=LocalFilesOnly([FONT_DIR]))


class LocalFilesOnly(URLFetcher):
    """Resources may come from the shipped static files, the media root or ``data:`` URIs.

    Nothing is fetched over the network, and no file outside those folders is read, whatever
    a template or a user-written text contains.
    """

    def __init__(self, roots: list[Path], **kwargs):
        super().__init__(allowed_protocols=("file", "data"), **kwargs)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Documents may not read {path}.")
        return super().fetch(url, headers)


def _allowed_roots(base_url: str | None) -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "static", Path(settings.MEDIA_ROOT)]
    if base_url and base_url.startswith("file:"):
        roots.append(Path(unquote(urlsplit(base_url).path)))
    return roots


def render_pdf(template_name: str, context: dict | None = None, *, base_url=None) -> bytes:
    """Render a template extending ``documents/base.html`` to PDF bytes.

    Relative URLs (images) resolve against ``base_url``, by default the static folder.
    """
    started = time.perf_counter()
    html = render_html(template_name, context)
    if base_url is None:
        base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    font_config = FontConfiguration()
    document = HTML(
        string=html,
        base_url=base_url,
        url_fetcher=LocalFilesOnly(_allowed_roots(base_url)),
    )
    pdf = document.write_pdf(font_config=font_config)
    logger.info(
        "Rendered %s to PDF: %d bytes in %.2f s",
        template_name,
        len(pdf),
        time.perf_counter() - started,
    )
    return pdf


def page_count(pdf_bytes: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


@dataclass(frozen=True)
class SkippedPart:
    """A part :func:`merge_pdfs` could not read; the merged file carries a notice page instead."""

    index: int
    label: str
    reason: str  # "empty", "encrypted" or "damaged"
    detail: str

    @property
    def message(self) -> str:
        return f"{self.label}: {self.reason} ({self.detail})"


UNREADABLE_NOTICE_TEMPLATE = "documents/unreadable_part.html"


def _open_pdf(data: bytes) -> PdfReader:
    return _checked(PdfReader(io.BytesIO(data)))


def _checked(reader: PdfReader) -> PdfReader:
    if reader.is_encrypted and not reader.decrypt(""):
        raise PermissionError("the file is protected by a password")
    if len(reader.pages) == 0:
        raise ValueError("the file has no pages")
    return reader


EMPTY = "the file is empty"


def _open_part(part, handles: list) -> PdfReader:
    """A part given as bytes, or as a path read lazily from its open file (kept open in
    ``handles`` until the merged file is written)."""
    if isinstance(part, (bytes, bytearray)):
        if not part:
            raise ValueError(EMPTY)
        return _open_pdf(bytes(part))
    handle = open(part, "rb")  # noqa: SIM115 (closed by merge_pdfs after writing)
    handles.append(handle)
    if not Path(part).stat().st_size:
        raise ValueError(EMPTY)
    return _checked(PdfReader(handle))


def merge_pdfs(
    parts: list,
    *,
    labels: list[str] | None = None,
    skipped: list[SkippedPart] | None = None,
    notice: bool = True,
    out=None,
) -> bytes | None:
    """Join PDFs in order into one file.

    A part is the file's bytes or the path of a file on disk; a file on disk is read as
    the merged file is written, not loaded whole first. With ``out`` (a binary file open for
    writing) the merged file is written there and nothing is returned.

    A part that cannot be read (not a PDF, damaged, password-protected, no pages) does not
    stop the merge: it is logged, appended to ``skipped`` when a list is given, and replaced
    by a one-page notice naming it (``labels[i]``, e.g. the evidence file name) unless
    ``notice=False``. With ``labels`` each part gets a bookmark (PDF outline entry).
    """
    writer = PdfWriter()
    handles = []
    for index, data in enumerate(parts):
        bookmark = labels[index] if labels and index < len(labels) else None
        label = bookmark or f"#{index + 1}"
        start = len(writer.pages)
        try:
            writer.append(_open_part(data, handles), import_outline=False)
        except Exception as error:  # pypdf raises many kinds of errors on broken input
            while len(writer.pages) > start:
                writer.remove_page(len(writer.pages) - 1)
            if str(error) == EMPTY:
                reason = "empty"
            elif isinstance(error, PermissionError) or "decrypt" in str(error).lower():
                reason = "encrypted"
            else:
                reason = "damaged"
            part = SkippedPart(index=index, label=label, reason=reason, detail=str(error))
            logger.warning("PDF part not merged: %s", part.message)
            if skipped is not None:
                skipped.append(part)
            if notice:
                page = render_pdf(UNREADABLE_NOTICE_TEMPLATE, {"part": part})
                writer.append(PdfReader(io.BytesIO(page)))
        if bookmark and len(writer.pages) > start:
            writer.add_outline_item(title=bookmark, page_number=start)
    try:
        if out is not None:
            writer.write(out)
            return None
        merged = io.BytesIO()
        writer.write(merged)
        return merged.getvalue()
    finally:
        for handle in handles:
            handle.close()
