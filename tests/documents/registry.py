"""Every document the portal prints, and how the layout check runs on it.

A *producer* runs the portal's own code path for one download (the award dossier job, the
compiled report job, ...) on test data (its arguments are pytest fixtures, made before the
capture starts); every template it renders through
``portal.pdf.render_html`` is captured. ``FORMS`` says, per template, what its form carries
(``Expect``) and which producer makes it. A new document is one line in ``FORMS`` (and a
producer if no existing one renders it); ``test_every_document_template_is_registered``
fails until it is there.

``waived`` names a rule a document breaks today with the item of the documents work that
fixes it; the check fails when the rule is broken without a waiver, and also when a waived
rule holds again (remove the waiver then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from tests.documents.layout import Expect

LIST = Expect(orientation="landscape", number=False, date=False, recipients=False)
NOTICE = Expect(header=False, number=False, date=False, recipients=False)


@dataclass(frozen=True)
class Form:
    producer: str
    expect: Expect = Expect()
    waived: dict[str, str] = field(default_factory=dict)


ANNEX_INLINE = "the danh sách/phụ lục is part of the document, not an annex on its own (item 5)"

FORMS: dict[str, Form] = {
    "documents/sample.html": Form("sample", waived={"annex": ANNEX_INLINE}),
    "documents/sample_list.html": Form("sample list", LIST),
    "documents/unreadable_part.html": Form("unreadable notice", NOTICE),
    "awards/documents/cover_letter.html": Form("award dossier", waived={"annex": ANNEX_INLINE}),
    "awards/documents/achievement_report.html": Form(
        "award dossier",
        # A báo cáo thành tích (NĐ 152/2025 templates) has no number and no Nơi nhận.
        Expect(number=False, recipients=False),
    ),
    "awards/documents/minutes.html": Form(
        "award dossier", waived={"recipients": "biên bản per Mẫu 1.9 ends with Nơi nhận (item 4)"}
    ),
    "reports/documents/compiled.html": Form("compiled report", waived={"annex": ANNEX_INLINE}),
}
# Templates extending the document layout that are not printed on their own.
NOT_PRINTED: dict[str, str] = {}


def produce_sample():
    from portal.documents import sample_context
    from portal.pdf import render_pdf

    return render_pdf("documents/sample.html", sample_context())


def produce_sample_list():
    from portal.documents import sample_context
    from portal.pdf import render_pdf

    context = {**sample_context(people=40), "kind": "DANH SÁCH", "number": ""}
    return render_pdf("documents/sample_list.html", context)


def produce_unreadable_notice():
    from portal.pdf import merge_pdfs

    return merge_pdfs([b"%PDF-1.7 broken"], labels=["minh-chung.pdf"])


def produce_award_dossier(award_round):
    from awards import dossier

    return dossier.render_dossier(award_round)


def produce_compiled_report(cycle):
    from reports.compiled import render_pdf_file

    _name, content = render_pdf_file(SimpleNamespace(subject=cycle), lambda percent: None)
    return content


# name -> the function that runs the portal's code; its arguments are fixtures of conftest.
PRODUCERS = {
    "sample": produce_sample,
    "sample list": produce_sample_list,
    "unreadable notice": produce_unreadable_notice,
    "award dossier": produce_award_dossier,
    "compiled report": produce_compiled_report,
}
