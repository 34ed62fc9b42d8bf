"""The dossier's documents in Word (.docx), for editing: one set per tờ trình.

A round has one tờ trình per deciding authority (``dossier.round_letters``, awards.routing):
within the head's own authority the council's tờ trình to the head, the head's draft
quyết định and its danh sách; above it the issuer's tờ trình to the Chủ tịch UBND tỉnh/thành
phố and its danh sách. Each of them is offered in Word as in the PDF dossier: the same
template and context (awards/templates/awards/documents/) rendered to HTML and turned into
Word by ``portal.docx.html_to_docx``, so the text is the PDF's text and a change to the
template or the data shows in both.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal import pdf
from portal.docx import html_to_docx
from portal.text import fold

from .dossier import ROUND_SLUGS, dossier_data, nominee_list_context, round_letters

COVER_LETTER = "awards/documents/cover_letter.html"
DECISION = "awards/documents/decision.html"
NOMINEE_LIST = "awards/documents/nominee_list.html"  # an annex, a document of its own

# The parts of one letter, by the name that starts their file name (Vietnamese words).
LETTER, DECISION_PART, LIST = "to-trinh", "quyet-dinh", "danh-sach"
PART_LABELS = {
    LETTER: _("Cover letter (.docx)"),
    DECISION_PART: _("Draft decision (.docx)"),
    LIST: _("List of nominees (.docx)"),
}
ADDRESSEE_SLUG_CHARS = 48


@dataclass(frozen=True)
class WordDocument:
    letter: int  # 1, 2... in the order of round_letters
    part: str  # LETTER, DECISION_PART or LIST
    template: str
    context: dict
    addressee: str

    @property
    def label(self):
        return PART_LABELS[self.part]


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in fold(text).lower()).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > ADDRESSEE_SLUG_CHARS:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def word_documents(award_round, data: dict | None = None) -> list[WordDocument]:
    """Every document offered in Word, letter by letter: the tờ trình, the draft quyết định
    (within the head's authority) and the danh sách of that tờ trình."""
    data = data or dossier_data(award_round)
    found = []
    for index, letter in enumerate(round_letters(data), start=1):
        context = {**data, **letter}
        addressee = letter["addressees"][0]
        found.append(WordDocument(index, LETTER, COVER_LETTER, context, addressee))
        if letter["within"]:
            decision = {**context, **letter["decision"]}
            found.append(WordDocument(index, DECISION_PART, DECISION, decision, addressee))
        list_context = nominee_list_context(data, letter)
        found.append(WordDocument(index, LIST, NOMINEE_LIST, list_context, addressee))
    return found


def word_document(award_round, letter: int, part: str) -> WordDocument | None:
    return next(
        (d for d in word_documents(award_round) if d.letter == letter and d.part == part), None
    )


def document_html(document: WordDocument) -> str:
    return pdf.render_html(document.template, document.context)


def docx_filename(award_round, document: WordDocument) -> str:
    """``to-trinh-gui-giam-doc-so-giao-duc-va-dao-tao-hang-nam-2025.docx``: Vietnamese words
    without diacritics, the addressee of the tờ trình telling the letters apart."""
    round_slug = ROUND_SLUGS.get(award_round.kind, "hang-nam")
    addressee = _slug(document.addressee)
    return f"{document.part}-gui-{addressee}-{round_slug}-{award_round.year}.docx"


def dossier_docx(award_round, letter: int, part: str) -> tuple[str, bytes] | None:
    """The Word file of one part of one tờ trình; None when the round has no such part."""
    document = word_document(award_round, letter, part)
    if document is None:
        return None
    return docx_filename(award_round, document), html_to_docx(document_html(document))
