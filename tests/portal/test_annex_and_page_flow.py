"""Annexes numbered on their own and closings kept with the body (Nghị định 30/2020/NĐ-CP)."""

from datetime import date

import pytest

from portal.documents import annex_context, header_context
from portal.pdf import merge_pdfs, page_count, render_pdf
from tests.portal.test_pdf import poppler, top_margin_text

ATTACHED_TO = (
    "Kèm theo Tờ trình số 05/TTr-SGDĐT ngày 05 tháng 01 năm 2027 của Sở Giáo dục và Đào tạo"
)


def letter(body: str) -> bytes:
    context = header_context(
        kind="TỜ TRÌNH",
        issuer="Sở Giáo dục và Đào tạo",
        issuer_symbol="SGDĐT",
        place="Hải Phòng",
        date=date(2027, 1, 5),
        number=5,
        summary="Về việc đề nghị khen thưởng",
        recipients=["Như trên"],
        signer_title="Giám đốc",
        signer_name="Nguyễn Văn Thành",
    )
    return render_pdf("documents/base.html", {**context, "body": body})


def page_text(path, page: int) -> str:
    return poppler("pdftotext", "-f", str(page), "-l", str(page), str(path), "-")


@pytest.fixture
def letter_with_annex(tmp_path):
    """A one-page tờ trình and a two-page annex, joined as the dossier joins them."""
    main = letter("Sở Giáo dục và Đào tạo kính trình xem xét./.")
    rows = "\n\n".join(f"{n}. Nguyễn Văn Người thứ {n}" for n in range(1, 61))
    annex = render_pdf(
        "documents/annex.html",
        {
            **annex_context("Phụ lục", "Danh sách cá nhân đề nghị khen thưởng", ATTACHED_TO),
            "content": rows,
        },
    )
    path = tmp_path / "letter.pdf"
    path.write_bytes(merge_pdfs([main, annex]))
    assert page_count(main) == 1 and page_count(annex) >= 2
    return path


def test_annex_heading_title_and_attached_to_line(letter_with_annex):
    lines = [line.strip() for line in page_text(letter_with_annex, 2).splitlines()]
    text = " ".join(" ".join(lines).split())

    assert lines[0] == "Phụ lục"
    assert lines[1] == "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG"
    assert f"({ATTACHED_TO})" in text
    # An annex has no header of its own and no signature.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Nơi nhận" not in text


def test_annex_pages_are_numbered_on_their_own(letter_with_annex):
    # Page 2 of the file is page 1 of the annex: no number; the next one is its page 2.
    assert top_margin_text(letter_with_annex, 2) == ""
    assert top_margin_text(letter_with_annex, 3) == "2"


def test_annex_context_puts_the_attached_to_line_in_parentheses_once():
    assert annex_context("", "Danh sách", ATTACHED_TO)["annex_attached_to"] == f"({ATTACHED_TO})"
    assert annex_context("", "Danh sách", f"({ATTACHED_TO})")["annex_attached_to"] == (
        f"({ATTACHED_TO})"
    )
    assert annex_context("", "Danh sách", ATTACHED_TO)["annex_label"] == "Phụ lục"


SIGNATURE_TEXT = ("Nơi nhận:", "GIÁM ĐỐC", "Nguyễn Văn Thành")


def test_signature_never_stands_alone_on_a_page(tmp_path):
    """Bodies of one-line paragraphs, from a short one to over a page: whatever the length,
    the page holding the signature also holds body text, including when the body exactly
    fills the first page."""
    path = tmp_path / "flow.pdf"
    spilled = 0
    for paragraphs in range(14, 36):
        body = "\n\n".join(f"Đoạn văn thứ {n}." for n in range(1, paragraphs + 1))
        content = letter(body)
        path.write_bytes(content)
        pages = page_count(content)
        last = page_text(path, pages)
        assert all(text in last for text in SIGNATURE_TEXT)
        assert "Đoạn văn thứ" in last, f"{paragraphs} paragraphs: the signature stands alone"
        spilled += pages > 1
    assert spilled  # some of the bodies did reach the second page
