"""Nghị định 30/2020/NĐ-CP layout of every document the portal prints (tests/documents/layout.py).

The checker first proves itself on a clean sample and on samples broken one rule at a time;
then it runs on each document of the registry as the portal's own code renders it.
"""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader, PdfWriter

from portal.documents import sample_context
from portal.pdf import render_html

from .conftest import html_to_pdf
from .layout import Expect, check_pdf, rules_broken
from .registry import FORMS, NOT_PRINTED, PRODUCERS

ANNEX = re.compile(r'<section class="annex landscape">.*?</section>', re.S)


@pytest.fixture(scope="module")
def letter_html():
    """The sample tờ trình without its inline annex: a document that keeps every rule."""
    return ANNEX.sub("", render_html("documents/sample.html", sample_context()))


def broken(html: str, old: str, new: str) -> bytes:
    assert old in html  # the mutation must hit the document
    return html_to_pdf(html.replace(old, new, 1))


def test_a_clean_document_keeps_every_rule(letter_html):
    content = html_to_pdf(letter_html)

    assert check_pdf(content) == []
    assert len(PdfReader(io.BytesIO(content)).pages) == 2  # page numbers are checked


@pytest.mark.parametrize(
    ("rule", "old", "new"),
    [
        ("date", "ngày 05 tháng 01", "ngày 5 tháng 01"),  # day without its zero
        ("date", "ngày 05 tháng 01", "ngày 05 tháng 1"),  # January without its zero
        ("number", "Số: 05/", "Số: 5/"),
        ("margins", "</style>", "@page { margin-left: 12mm; }</style>"),
        ("margins", "</style>", "@page { margin-right: 8mm; }</style>"),
        ("margins", "</style>", "@page { margin-top: 40mm; }</style>"),
        ("margins", "</style>", "@page { margin-bottom: 10mm; }</style>"),
        ("page-numbers", "@top-center { content: none; }", ""),  # a number on page 1
        ("page-numbers", "content: counter(page);", "content: none;"),  # no numbers at all
        ("a4", "size: A4 portrait;", "size: letter portrait;"),
        ("a4", "size: A4 portrait;", "size: A4 landscape;"),  # declared portrait
        ("header", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("header", "</style>", ".national-title { white-space: normal; width: 30mm; }</style>"),
        ("header", "</style>", ".governing-body { text-transform: none; }</style>"),
        ("header", ".ruled-full::after { width: 100%; }", ".ruled-full::after { width: 60%; }"),
        ("header", "</style>", ".issuer .ruled-short::after { width: 100%; }</style>"),
        ("header", "</style>", ".issuer .ruled-short::after { display: none; }</style>"),
        ("sizes", "</style>", ".national-title { font-size: 11pt; }</style>"),
        ("sizes", "</style>", ".motto { font-weight: normal; }</style>"),
        ("sizes", "</style>", ".recipients ul { font-size: 13pt; }</style>"),
        ("recipients", "<li>- Như trên;</li>", "<li>- Như trên</li>"),
        ("recipients", "<li>- Lưu: VT, VP.</li>", "<li>- Lưu: VT, VP</li>"),
        ("recipients", "Nơi nhận:", "Nơi gửi:"),
        # The signature block pushed onto a page of its own.
        ("page-flow", "</style>", ".doc-closing { break-before: page; }</style>"),
        ("nfc", "Nguyễn Văn Thành", unicodedata.normalize("NFD", "Nguyễn Văn Thành")),
    ],
)
def test_each_rule_fails_on_a_document_that_breaks_it(letter_html, rule, old, new):
    assert rules_broken(broken(letter_html, old, new)) == {rule}


def test_a_left_margin_too_wide_fails_and_pushes_the_quoc_hieu_out(letter_html):
    """45 mm on the left: the text area starts too far in; the Quốc hiệu, kept on one line,
    then runs into the right margin."""
    content = broken(letter_html, "</style>", "@page { margin-left: 45mm; }</style>")

    assert rules_broken(content) == {"margins", "header"}


def test_fonts_not_embedded_fail(letter_html, tmp_path):
    """A PDF whose text uses a standard font without embedding it (as a PDF tool may write)."""
    content = html_to_pdf(letter_html)
    reader = PdfReader(io.BytesIO(content))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor.pop("/FontFile2", None)  # fonts are shared by pages
    out = io.BytesIO()
    writer.write(out)

    assert rules_broken(out.getvalue()) == {"fonts"}


def test_an_annex_inside_a_document_must_number_its_own_pages():
    """The sample's danh sách continues the tờ trình's numbers (its first page shows 3)."""
    violations = check_pdf(html_to_pdf(render_html("documents/sample.html", sample_context())))

    assert [(v.rule, v.page) for v in violations] == [("annex", 3), ("annex", 3)]
    assert "(Kèm theo" in violations[0].detail
    assert "continues the numbering" in violations[1].detail


def test_an_annex_on_its_own_numbers_from_its_second_page():
    html = render_html("documents/sample_list.html", {**sample_context(people=40), "number": ""})
    html = re.sub(r"\{?<table class=\"doc-header\">.*?</table>", "", html, count=1, flags=re.S)
    heading = (
        '<div class="annex-title">DANH SÁCH TRÍCH NGANG<br>'
        "(Kèm theo Tờ trình số 05/TTr-SGDĐT ngày 05 tháng 01 năm 2027)</div>"
    )
    html = re.sub(r'<div class="doc-title">.*?</div>\s*</div>', heading, html, count=1, flags=re.S)
    html = re.sub(r'<table class="doc-closing">.*?</table>', "", html, count=1, flags=re.S)
    annex = Expect(
        orientation="landscape",
        header=False,
        number=False,
        date=False,
        recipients=False,
        annex=True,
    )
    content = html_to_pdf(html)

    assert len(PdfReader(io.BytesIO(content)).pages) > 1
    assert check_pdf(content, annex) == []
    assert rules_broken(html_to_pdf(html.replace("(Kèm theo", "(Theo")), annex) == {"annex"}


def pages_of(content: bytes) -> list[bytes]:
    """Each page of a PDF as a PDF of its own."""
    reader = PdfReader(io.BytesIO(content))
    parts = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        parts.append(out.getvalue())
    return parts


@pytest.mark.parametrize("template", sorted(FORMS))
def test_every_document_meets_nghi_dinh_30(template, produce):
    form = FORMS[template]
    documents = produce(form.producer).of(template)
    assert documents, f"{form.producer} rendered no {template}"
    if form.per_page:
        documents = [page for content in documents for page in pages_of(content)]

    for content in documents:
        violations = check_pdf(content, form.expect)
        unwaived = [str(v) for v in violations if v.rule not in form.waived]
        assert unwaived == []
        assert {v.rule for v in violations} >= set(form.waived), "a waived rule holds now"


@pytest.mark.parametrize("producer", sorted(PRODUCERS))
def test_each_document_of_a_download_numbers_its_own_pages(producer, produce):
    """The file handed out joins the documents; each keeps its pages A4, its fonts embedded
    and its own numbering, the first page of each without a number."""
    produced = produce(producer)
    reader = PdfReader(io.BytesIO(produced.output))
    start = 0
    for template, content in produced.documents:
        pages = len(PdfReader(io.BytesIO(content)).pages)
        writer = PdfWriter()
        for page in reader.pages[start : start + pages]:
            writer.add_page(page)
        part = io.BytesIO()
        writer.write(part)
        form = FORMS[template]
        parts = pages_of(part.getvalue()) if form.per_page else [part.getvalue()]
        found = [
            str(v)
            for content in parts
            for v in check_pdf(content, form.expect)
            if v.rule in {"a4", "page-numbers", "annex", "fonts", "nfc", "margins"}
            and v.rule not in form.waived
        ]
        assert found == [], (template, found)
        start += pages
    assert start <= len(reader.pages)


def test_every_document_template_is_registered():
    """A template extending the document layout (directly or through another template) is a
    printed document: it is checked."""
    base = Path(settings.BASE_DIR)
    extends = re.compile(r'\{%\s*extends\s+"([^"]+)"\s*%\}')
    parents = {}
    for root in [base / "templates", *base.glob("*/templates")]:
        for path in root.glob("**/*.html"):
            match = extends.search(path.read_text(encoding="utf-8"))
            if match:
                parents[str(path.relative_to(root))] = match.group(1)

    def is_document(name: str) -> bool:
        seen = set()
        while name in parents and name not in seen:
            seen.add(name)
            name = parents[name]
            if name in {"documents/base.html", "documents/annex.html"}:
                return True
        return False

    found = {name for name in parents if is_document(name)}
    assert found - set(FORMS) - set(NOT_PRINTED) == set()
    assert set(FORMS) - found == set()
    assert set(NOT_PRINTED) - found == set()
