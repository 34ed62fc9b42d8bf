"""A layout check of a printed PDF against Nghị định 30/2020/NĐ-CP, Phụ lục I.

It reads the PDF only (poppler's ``pdftotext -bbox-layout`` for word positions, ``pdffonts``
for embedding, pypdf for font sizes and faces), never the portal's own constants, so a
change to the layout code that breaks a rule is caught here. The figures are the decree's,
written out below with the line of the decree they come from.

``check_pdf(content, Expect(...))`` returns the violations of one document; an empty list
means the document may be signed as it is laid out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

MM = 72 / 25.4
# ND30 Phụ lục I, I.2 "Khổ giấy": A4 (210 mm x 297 mm).
A4_MM = (210, 297)
A4_TOLERANCE_PT = 1
# ND30 Phụ lục I, I.4 "Định lề trang văn bản": trên, dưới 20-25 mm; trái 30-35 mm; phải 15-20 mm.
MARGIN_TOP_MM = (20, 25)
MARGIN_BOTTOM_MM = (20, 25)
MARGIN_LEFT_MM = (30, 35)
MARGIN_RIGHT_MM = (15, 20)
# ND30 Phụ lục I, II.2 Quốc hiệu và Tiêu ngữ.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # in hoa, cỡ 12-13, đứng, đậm
NATIONAL_TITLE_PT = (12, 13)
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # in thường, cỡ 13-14, đứng, đậm
MOTTO_PT = (13, 14)
# ND30 Phụ lục I, II.3 tên cơ quan: in hoa, cỡ 12-13.
ISSUER_PT = (12, 13)
# ND30 Phụ lục I, II.9 Nơi nhận: "Nơi nhận:" cỡ 12 nghiêng đậm; các dòng cỡ 11, bắt đầu "-",
# kết thúc ";", dòng cuối "Lưu: ..." kết thúc ".".
RECIPIENTS_LABEL = "Nơi nhận:"
RECIPIENTS_LABEL_PT = (12, 12)
RECIPIENTS_PT = (11, 11)
# ND30 Phụ lục I, I.6 Số trang: giữa lề trên, cỡ 13-14, không hiện ở trang thứ nhất.
PAGE_NUMBER_PT = (13, 14)
# ND30 Phụ lục I, II.5: ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước.
DATE_LINE = re.compile(
    r"^(?P<place>[^,]+), ngày\s*(?P<day>\d*)\s*tháng\s*(?P<month>\d*)\s*năm\s*(?P<year>\d{4})$"
)
# ND30 Phụ lục I, II.4: "Số: 05/TTr-SGDĐT" (số nhỏ hơn 10 ghi thêm số 0).
NUMBER_LINE = re.compile(r"^Số:\s*(?P<number>\d*)\s*/(?P<symbol>[^\s/]+)$")
# ND30 Phụ lục I, II.10 (phụ lục): "Phụ lục" heading, title, "(Kèm theo ...)"; pages numbered
# on their own. A danh sách attached to a document is an annex too.
ANNEX_HEADING = re.compile(r"^(PHỤ LỤC|Phụ lục|DANH SÁCH)\b")
ATTACHED_TO = re.compile(r"^\(Kèm theo .+\)$")
# ND30 Phụ lục I, II.2-3: under the Tiêu ngữ a solid line as long as it; under the issuing
# body (and the trích yếu) a solid line of 1/3 to 1/2 of the text, centred.
RULE_FULL = (1.0, 1.0)
RULE_SHORT = (1 / 3, 1 / 2)
RULE_GAP_MM = 6
SIZE_TOLERANCE_PT = 0.1
POSITION_TOLERANCE_PT = 1

RULES = (
    "text",
    "a4",
    "margins",
    "header",
    "sizes",
    "number",
    "date",
    "recipients",
    "page-flow",
    "page-numbers",
    "annex",
    "fonts",
    "nfc",
)


@dataclass(frozen=True)
class Expect:
    """What a kind of document carries: its orientation and the parts its form has."""

    orientation: str = "portrait"  # of its first page; "landscape" for a danh sách
    header: bool = True  # issuing body, Quốc hiệu, Tiêu ngữ
    number: bool = True  # "Số: .../..."
    date: bool = True  # "<place>, ngày dd tháng mm năm yyyy"
    recipients: bool = True  # "Nơi nhận:"
    annex: bool = False  # a phụ lục / danh sách standing on its own


@dataclass(frozen=True)
class Violation:
    rule: str
    page: int  # 1-based; 0 for the whole document
    detail: str

    def __str__(self):
        where = f"page {self.page}" if self.page else "document"
        return f"[{self.rule}] {where}: {self.detail}"


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    fragments: list[tuple[str, float, str]] = field(default_factory=list)  # text, pt, font

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    def in_top_margin(self, item) -> bool:
        return (item.y0 + item.y1) / 2 < MARGIN_TOP_MM[0] * MM

    def body_lines(self) -> list[Line]:
        """Lines below the top margin, top to bottom."""
        lines = [line for line in self.lines if not self.in_top_margin(line)]
        return sorted(lines, key=lambda line: (round(line.y0), line.x0))

    def margin_text(self) -> str:
        return " ".join(line.text for line in self.lines if self.in_top_margin(line))

    def sizes(self, needle: str, *, exact: bool = False) -> list[tuple[float, str]]:
        """Sizes and font names of the text runs that make up ``needle``."""
        found = []
        for text, size, font in self.fragments:
            text = text.strip()
            if not text:
                continue
            overlaps = len(text) >= 4 and (text in needle or needle in text)
            if exact:  # a name's no-break spaces read as spaces in the page's lines
                same = text.replace("\u00a0", " ") == needle.replace("\u00a0", " ")
            else:
                same = text == needle
            if same or (not exact and overlaps):
                found.append((size, font))
        return found


def _tool(name: str, *args: str) -> str:
    if shutil.which(name) is None:
        pytest.fail(f"`{name}` is not installed: install poppler-utils to check documents.")
    return subprocess.run([name, *args], capture_output=True, text=True, check=True).stdout


def _pages(path: Path) -> list[Page]:
    xml = _tool("pdftotext", "-bbox-layout", str(path), "-")
    xml = re.sub(r'\sxmlns="[^"]+"', "", xml, count=1)
    root = ET.fromstring(xml)
    pages = []
    for number, element in enumerate(root.iter("page"), start=1):
        page = Page(number, float(element.get("width")), float(element.get("height")))
        for line in element.iter("line"):
            words = [
                Word(
                    w.text or "",
                    *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")),
                )
                for w in line.iter("word")
            ]
            if words:
                page.lines.append(Line(words))
        pages.append(page)
    return pages


def _multiply(m, n):
    a, b, c, d, e, f = m
    g, h, i, j, k, l_ = n
    return (
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + l_,
    )


def _fragments(reader: PdfReader, pages: list[Page]) -> None:
    for page, pdf_page in zip(pages, reader.pages, strict=True):

        def visit(text, cm, tm, font, size, page=page):
            if not text.strip() or not font:
                return
            a, b, c, d, _e, _f = _multiply(tm, cm)
            scale = (abs(a * d - b * c)) ** 0.5
            page.fragments.append((text, round(size * scale, 2), str(font.get("/BaseFont", ""))))

        pdf_page.extract_text(visitor_text=visit)


def read_pdf(content: bytes) -> tuple[list[Page], str, list[str]]:
    """The pages (lines, words, text runs), the plain text, and pdffonts' rows."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        pages = _pages(path)
        _fragments(PdfReader(BytesIO(content)), pages)
        text = _tool("pdftotext", str(path), "-")
        fonts = _tool("pdffonts", str(path)).splitlines()[2:]
    return pages, text, fonts


def _within(size: float, bounds: tuple[int, int]) -> bool:
    return bounds[0] - SIZE_TOLERANCE_PT <= size <= bounds[1] + SIZE_TOLERANCE_PT


def _find(page: Page, text: str) -> Line | None:
    return next((line for line in page.body_lines() if line.text == text), None)


def annex_starts(pages: list[Page]) -> list[int]:
    """Page numbers where a phụ lục or danh sách begins (its heading opens the page)."""
    starts = []
    for page in pages:
        lines = page.body_lines()
        if lines and ANNEX_HEADING.match(lines[0].text):
            starts.append(page.number)
    return starts


class Checker:
    def __init__(self, content: bytes, expect: Expect):
        self.expect = expect
        self.pages, self.text, self.fonts = read_pdf(content)
        self.strokes = horizontal_rules(content)
        self.violations: list[Violation] = []

    def fail(self, rule, page, detail):
        self.violations.append(Violation(rule, page, detail))

    def run(self) -> list[Violation]:
        if not self.text.strip():
            self.fail("text", 0, "no text can be extracted")
            return self.violations
        self.check_a4()
        self.check_margins()
        first = self.pages[0]
        if self.expect.header:
            self.check_header(first)
        if self.expect.number:
            self.check_number(first)
        if self.expect.date:
            self.check_date(first)
        if self.expect.recipients:
            self.check_recipients()
        self.check_page_numbers()
        self.check_fonts()
        if not unicodedata.is_normalized("NFC", self.text):
            self.fail("nfc", 0, "the text is not in Unicode NFC (decomposed letters)")
        return self.violations

    # -- paper and margins ---------------------------------------------------------------

    def check_a4(self):
        portrait = tuple(v * MM for v in A4_MM)
        starts = set(annex_starts(self.pages)) if not self.expect.annex else set()
        landscape = self.expect.orientation == "landscape"
        for page in self.pages:
            size = sorted((page.width, page.height))
            if any(abs(a - b) > A4_TOLERANCE_PT for a, b in zip(size, portrait, strict=True)):
                self.fail("a4", page.number, f"{page.width:.1f} x {page.height:.1f} pt is not A4")
            if page.number in starts:
                landscape = page.landscape  # an annex may turn the page
            if page.landscape != landscape:
                self.fail("a4", page.number, f"not {self.expect.orientation} as declared")

    def check_margins(self):
        least_left = None
        for page in self.pages:
            left = MARGIN_LEFT_MM[0] * MM - POSITION_TOLERANCE_PT
            right = page.width - MARGIN_RIGHT_MM[0] * MM + POSITION_TOLERANCE_PT
            top = MARGIN_TOP_MM[0] * MM - POSITION_TOLERANCE_PT
            bottom = page.height - MARGIN_BOTTOM_MM[0] * MM + POSITION_TOLERANCE_PT
            for word in page.words:
                if page.in_top_margin(word) and word.text.isdigit() and word.y0 >= 0:
                    continue  # the page number sits in the top margin
                if word.x0 < left or word.x1 > right or word.y0 < top or word.y1 > bottom:
                    self.fail(
                        "margins",
                        page.number,
                        f"“{word.text}” at ({word.x0 / MM:.1f}, {word.y0 / MM:.1f}) mm – "
                        f"({word.x1 / MM:.1f}, {word.y1 / MM:.1f}) mm lies in the margin",
                    )
                    break
            lines = page.body_lines()
            if lines:
                x = min(line.x0 for line in lines)
                least_left = x if least_left is None else min(least_left, x)
        if not self.expect.header:
            return  # a notice of a few centred lines shows nothing of the text area
        # The text area starts at the left margin: somewhere a line begins there.
        if least_left is not None and least_left > MARGIN_LEFT_MM[1] * MM + 1:
            self.fail(
                "margins",
                0,
                f"no line starts within {MARGIN_LEFT_MM[1]} mm of the left edge "
                f"(leftmost at {least_left / MM:.1f} mm)",
            )
        lines = self.pages[0].body_lines()
        if lines and lines[0].y0 > MARGIN_TOP_MM[1] * MM + 3:
            self.fail(
                "margins",
                1,
                f"the text starts {lines[0].y0 / MM:.1f} mm from the top (at most "
                f"{MARGIN_TOP_MM[1]} mm)",
            )

    def check_rule(self, line: Line, what: str, share: tuple[float, float]):
        """A horizontal stroke just under ``line``, centred, ``share`` of its length."""
        width = line.x1 - line.x0
        for x0, x1, y in self.strokes[0]:
            below = 0 < y - line.y1 < RULE_GAP_MM * MM
            centred = abs((x0 + x1) / 2 - (line.x0 + line.x1) / 2) < 2
            fits = share[0] * width - 2 <= x1 - x0 <= share[1] * width + 2
            if below and centred and fits:
                return
        low, high = (round(v * 100) for v in share)
        self.fail("header", 1, f"no rule under {what} of {low}-{high} % of its length")

    # -- header, number, date ------------------------------------------------------------

    def check_header(self, page: Page):
        title = _find(page, NATIONAL_TITLE)
        motto = _find(page, MOTTO)
        if title is None:
            self.fail("header", 1, f"no line reads “{NATIONAL_TITLE}” (wrapped or missing)")
        if motto is None:
            self.fail("header", 1, f"no line reads “{MOTTO}”")
        if title and motto:
            centre = (title.x0 + title.x1) / 2
            if not (motto.y0 > title.y0 and abs((motto.x0 + motto.x1) / 2 - centre) < 2):
                self.fail("header", 1, "the Tiêu ngữ is not centred under the Quốc hiệu")
            if motto.x0 < page.width / 2 - 40:
                self.fail("header", 1, "Quốc hiệu and Tiêu ngữ are not on the right")
            # The issuing body: the lines on the left, at the height of the Quốc hiệu.
            # (a "Số, ngày, ..." column head further down is no Số line)
            numbers = [
                line
                for line in page.body_lines()
                if line.text.startswith("Số") and line.y0 < motto.y1 + 30
            ]
            limit = numbers[0].y0 - 1 if numbers else motto.y1 + 30
            issuer = [
                line
                for line in page.body_lines()
                if line.x1 < title.x0 and title.y0 - 2 <= line.y0 < limit
            ]
            if not issuer:
                self.fail("header", 1, "no issuing body left of the Quốc hiệu")
            else:
                # A name on two lines is one block: the rule goes under it, by its widest line.
                bold = [
                    line
                    for line in issuer
                    if all("Bold" in font for _size, font in page.sizes(line.text))
                ]
                block = bold or issuer[-1:]
                widest = max(block, key=lambda line: line.x1 - line.x0)
                bottom = Word("", widest.x0, block[-1].y0, widest.x1, block[-1].y1)
                last = Line([*widest.words, bottom])
                self.check_rule(last, "the issuing body", RULE_SHORT)
            self.check_rule(motto, "the Tiêu ngữ", RULE_FULL)
            for line in issuer:
                if line.text != line.text.upper():
                    self.fail("header", 1, f"issuing body not in capitals: “{line.text}”")
                # The runs of exactly this line when there are (a quyết định repeats the
                # issuer's name inside its 14 pt authority line "GIÁM ĐỐC SỞ …").
                sizes = page.sizes(line.text, exact=True) or page.sizes(line.text)
                for size, _font in sizes:
                    if not _within(size, ISSUER_PT):
                        self.fail("sizes", 1, f"issuing body “{line.text}” at {size} pt")
        title_sizes = page.sizes(NATIONAL_TITLE)
        motto_sizes = page.sizes(MOTTO)
        for size, font in title_sizes:
            if not _within(size, NATIONAL_TITLE_PT) or "Bold" not in font:
                self.fail("sizes", 1, f"Quốc hiệu at {size} pt in {font} (12-13 pt bold)")
        for size, font in motto_sizes:
            if not _within(size, MOTTO_PT) or "Bold" not in font:
                self.fail("sizes", 1, f"Tiêu ngữ at {size} pt in {font} (13-14 pt bold)")
        if title_sizes and motto_sizes and motto_sizes[0][0] - title_sizes[0][0] != 1:
            # ND30: Quốc hiệu 13 with Tiêu ngữ 14, or 12 with 13 (sizes rise together).
            self.fail("sizes", 1, "the Tiêu ngữ is not one point larger than the Quốc hiệu")

    def _date_line(self, page: Page) -> Line | None:
        return next((line for line in page.body_lines() if ", ngày" in line.text), None)

    def _row(self, page: Page, first: Line, before: float | None) -> Line:
        """``first`` with the pieces on its baseline to its right (a number or a date left
        blank for the văn thư splits the line), up to ``before``."""
        words = list(first.words)
        for line in sorted(page.body_lines(), key=lambda line: line.x0):
            same = abs(line.y1 - first.y1) < 2 and line.x0 > first.x1 - 1
            if same and line is not first and (before is None or line.x1 <= before):
                words.extend(line.words)
        return Line(words)

    def check_number(self, page: Page):
        lines = [line for line in page.body_lines() if line.text.startswith("Số")]
        if not lines:
            self.fail("number", 1, "no “Số: …” line")
            return
        date = self._date_line(page)
        before = date.x0 if date and abs(date.y1 - lines[0].y1) < 2 else None
        text = self._row(page, lines[0], before).text
        match = NUMBER_LINE.match(text)
        if match is None:
            self.fail("number", 1, f"“{text}” is not “Số: <number>/<symbol>”")
        elif match["number"] and (len(match["number"]) < 2 or int(match["number"]) == 0):
            self.fail("number", 1, f"“{text}”: numbers under 10 take a leading zero")

    def check_date(self, page: Page):
        first = self._date_line(page)
        if first is None:
            self.fail("date", 1, "no “<place>, ngày … tháng … năm …” line")
            return
        line = self._row(page, first, None)
        match = DATE_LINE.match(line.text)
        if match is None:
            self.fail("date", 1, f"“{line.text}” is not “<place>, ngày dd tháng mm năm yyyy”")
            return
        day, month = match["day"], match["month"]
        if day and (len(day) != 2 or not 1 <= int(day) <= 31):
            self.fail("date", 1, f"day “{day}”: two digits, a leading zero under 10")
        if month and (
            not 1 <= int(month) <= 12
            or len(month) > 2
            or (int(month) in (1, 2)) != month.startswith("0")
        ):
            self.fail("date", 1, f"month “{month}”: 01 and 02 padded, 3-12 not")
        fonts = [font for _size, font in page.sizes(line.text)]
        if fonts and not all("Italic" in font for font in fonts):
            self.fail("date", 1, "the place and date are not in italics")

    # -- Nơi nhận ------------------------------------------------------------------------

    def check_recipients(self):
        for page in self.pages:
            label = _find(page, RECIPIENTS_LABEL)
            if label is None:
                continue
            # ND30 practice: the signature block follows the text, never alone on a page.
            above = [line for line in page.body_lines() if line.y1 < label.y0 - 2]
            if page.number > 1 and not above:
                self.fail("page-flow", page.number, "the signature block stands alone")
            for size, font in page.sizes(RECIPIENTS_LABEL, exact=True):
                if not _within(size, RECIPIENTS_LABEL_PT) or "BoldItalic" not in font.replace(
                    "-", ""
                ):
                    self.fail("sizes", page.number, f"“Nơi nhận:” at {size} pt in {font}")
            middle = label.x0 + (page.width - label.x0) * 0.45
            words = [
                w
                for w in page.words
                if w.y0 > label.y1 - 1 and w.x0 >= label.x0 - 1 and w.x1 < middle
            ]
            rows: list[list[Word]] = []
            for word in sorted(words, key=lambda w: (round(w.y1), w.x0)):
                if rows and abs(rows[-1][0].y1 - word.y1) < 2:
                    rows[-1].append(word)
                elif not rows or word.y0 - rows[-1][0].y1 < 8:
                    rows.append([word])
                else:
                    break
            entries: list[str] = []
            for row in rows:
                text = " ".join(w.text for w in row)
                if text.startswith("-") or not entries:
                    entries.append(text)
                else:
                    entries[-1] += " " + text
            self.check_entries(page, entries)
            return
        self.fail("recipients", 0, "no “Nơi nhận:”")

    def check_entries(self, page: Page, entries: list[str]):
        if not entries:
            self.fail("recipients", page.number, "“Nơi nhận:” lists nobody")
            return
        for index, entry in enumerate(entries):
            last = index == len(entries) - 1
            if not entry.startswith("- "):
                self.fail("recipients", page.number, f"“{entry}” does not start with “-”")
            if not last and not entry.endswith(";"):
                self.fail("recipients", page.number, f"“{entry}” does not end with “;”")
            if last and not (entry.startswith("- Lưu:") and entry.endswith(".")):
                self.fail("recipients", page.number, f"the last entry “{entry}” is not “- Lưu: ….”")
            runs = [
                size
                for text, size, _font in page.fragments
                if len(text.strip()) >= 4 and entry.startswith(text.strip())
            ]
            if runs and not _within(runs[0], RECIPIENTS_PT):
                self.fail("sizes", page.number, f"Nơi nhận entry “{entry}” at {runs[0]} pt")

    # -- page numbers, annexes -----------------------------------------------------------

    def check_page_numbers(self):
        starts = [1, *(n for n in annex_starts(self.pages) if n > 1)]
        if self.expect.annex and 1 not in annex_starts(self.pages):
            self.fail("annex", 1, "the annex does not open with its heading")
        for start in annex_starts(self.pages):
            page = self.pages[start - 1]
            heading = page.body_lines()[:6]
            # A number left blank for the văn thư splits the line: read it whole.
            rows = [self._row(page, line, None).text for line in heading]
            if not any(ATTACHED_TO.match(row) for row in rows):
                self.fail("annex", start, "the annex has no “(Kèm theo …)” line")
        for page in self.pages:
            own_start = max(s for s in starts if s <= page.number)
            expected = "" if page.number == own_start else str(page.number - own_start + 1)
            shown = page.margin_text()
            if shown == expected:
                if expected:
                    line = next(line for line in page.lines if page.in_top_margin(line))
                    centre = (line.x0 + line.x1) / 2
                    middle = (MARGIN_LEFT_MM[0] * MM + page.width - MARGIN_RIGHT_MM[0] * MM) / 2
                    if abs(centre - middle) > 10 * MM:
                        self.fail("page-numbers", page.number, "the number is not centred")
                    for size, _font in page.sizes(expected, exact=True):
                        if not _within(size, PAGE_NUMBER_PT):
                            self.fail("page-numbers", page.number, f"number at {size} pt")
                continue
            rule = "annex" if own_start > 1 else "page-numbers"
            if own_start > 1 and page.number == own_start:
                detail = f"the annex's first page shows “{shown}”: it continues the numbering"
            elif own_start > 1:
                detail = f"shows “{shown}”, not its own number “{expected}” in the annex"
            elif page.number == 1:
                detail = f"the first page shows a number (“{shown}”)"
            else:
                detail = f"shows “{shown}” in the top margin, not “{expected}”"
            self.fail(rule, page.number, detail)

    def check_fonts(self):
        if not self.fonts:
            self.fail("fonts", 0, "no fonts")
        for row in self.fonts:
            if row.split()[-5] != "yes":
                self.fail("fonts", 0, f"font not embedded: {row.split()[0]}")


def check_pdf(content: bytes, expect: Expect = Expect()) -> list[Violation]:
    return Checker(content, expect).run()


def rules_broken(content: bytes, expect: Expect = Expect()) -> set[str]:
    return {violation.rule for violation in check_pdf(content, expect)}


def horizontal_rules(content: bytes) -> list[list[tuple[float, float, float]]]:
    """Per page, the horizontal strokes drawn (x0, x1, y from the top), as poppler measures."""
    from pypdf.generic import ContentStream

    reader = PdfReader(BytesIO(content))
    pages = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        ctm, stack, start, found = (1, 0, 0, 1, 0, 0), [], None, []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q" and stack:
                ctm = stack.pop()
            elif operator == b"cm":
                ctm = _multiply(tuple(float(v) for v in operands), ctm)
            elif operator in (b"m", b"l"):
                x, y = (float(v) for v in operands)
                a, b, c, d, e, f = ctm
                point = (a * x + c * y + e, b * x + d * y + f)
                if operator == b"l" and start and abs(point[1] - start[1]) < 0.01:
                    x0, x1 = sorted((start[0], point[0]))
                    found.append((x0, x1, height - point[1]))
                start = point
        pages.append(found)
    return pages
