"""The dossier's cover letter (tờ trình) and list of nominees as .docx, for editing.

Each is the PDF's own document in Word: the same template and context
(awards/templates/awards/documents/, ``dossier.dossier_data``) rendered to HTML and turned
into Word by ``portal.docx.html_to_docx``, so the text is the PDF's text and a change to the
template or the data shows in both.
"""

from portal import pdf
from portal.docx import html_to_docx

from .dossier import ROUND_SLUGS, dossier_data, first_letter_context, nominee_list_context

# Which document each Word download is, and which part of it.
COVER_LETTER = "awards/documents/cover_letter.html"
NOMINEE_LIST = "awards/documents/nominee_list.html"  # the tờ trình's annex, a document of its own
DOCUMENTS = {
    "letter": (COVER_LETTER, "document", "to-trinh", first_letter_context),
    "list": (NOMINEE_LIST, "document", "danh-sach", nominee_list_context),
}


def document_html(award_round, part: str) -> str:
    template, _part, _name, context = DOCUMENTS[part]
    return pdf.render_html(template, context(dossier_data(award_round)))


def dossier_docx(award_round, part: str) -> tuple[str, bytes]:
    template, section, name, context = DOCUMENTS[part]
    html = pdf.render_html(template, context(dossier_data(award_round)))
    slug = ROUND_SLUGS.get(award_round.kind, "hang-nam")
    return f"{name}-{slug}-{award_round.year}.docx", html_to_docx(html, part=section)


def cover_letter_docx(award_round) -> tuple[str, bytes]:
    return dossier_docx(award_round, "letter")


def nominee_list_docx(award_round) -> tuple[str, bytes]:
    return dossier_docx(award_round, "list")
