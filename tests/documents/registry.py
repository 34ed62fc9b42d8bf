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
    per_page: bool = False  # each page is a document of its own (a certificate)


ANNEX_INLINE = "the danh sách/phụ lục is part of the document, not an annex on its own (item 5)"
# A phụ lục / danh sách kèm theo (documents/annex.html): no header, Số, date or Nơi nhận of its
# own (ND30 Phụ lục III, "Phụ lục văn bản hành chính"); it numbers its own pages.
LIST_ANNEX = Expect(
    orientation="landscape", header=False, number=False, date=False, recipients=False, annex=True
)
# A báo cáo thành tích (NĐ 152/2025 templates) has no number and no Nơi nhận.
ACHIEVEMENT = Expect(number=False, recipients=False)

FORMS: dict[str, Form] = {
    "documents/sample.html": Form("sample", waived={"annex": ANNEX_INLINE}),
    "documents/sample_list.html": Form("sample list", LIST),
    "documents/unreadable_part.html": Form("unreadable notice", NOTICE),
    "awards/documents/cover_letter.html": Form("award dossier"),
    # The head's draft Quyết định khen thưởng (NĐ 30/2020, Phụ lục III, quyết định cá biệt).
    "awards/documents/decision.html": Form("award dossier"),
    "awards/documents/nominee_list.html": Form("award dossier", LIST_ANNEX),
    "awards/documents/achievement_collective.html": Form("regular award dossier", ACHIEVEMENT),
    "awards/documents/achievement_individual.html": Form("regular award dossier", ACHIEVEMENT),
    "awards/documents/achievement_thematic.html": Form("award dossier", ACHIEVEMENT),
    "awards/documents/minutes.html": Form("award dossier"),
    # A Bằng khen / Giấy khen is no administrative letter: its Quốc hiệu is centred over the
    # page with no issuing body beside it, no Số line (the decision's number is in its text),
    # no Nơi nhận; each landscape page is a certificate of its own, with no page number.
    "awards/documents/certificate.html": Form(
        "certificates",
        Expect(orientation="landscape", header=False, number=False, recipients=False),
        per_page=True,
    ),
    # The đơn yêu cầu công nhận sáng kiến (TT 18/2013/TT-BKHCN, Phụ lục I) is an author's
    # application: Quốc hiệu and Tiêu ngữ without an issuing body, no Số, no Nơi nhận; its
    # date line stands above the applicant's signature at the end, not under the Tiêu ngữ.
    "initiatives/documents/application.html": Form(
        "initiative application",
        Expect(header=False, number=False, date=False, recipients=False),
    ),
    # A giấy mời (NĐ 30/2020, Phụ lục III): Số …/GM-…, place and date, Kính gửi, Nơi nhận.
    "campaigns/documents/invitation.html": Form("conference invitations"),
    # The danh sách of those honoured at a conference, a list on its own.
    "campaigns/documents/honourees.html": Form("conference honourees", LIST),
    "reports/documents/compiled.html": Form("compiled report"),
    "reports/documents/compiled_annex.html": Form("compiled report", LIST_ANNEX),
    # Biểu 0601.N-0603.N (TT 02/2023/TT-BNV): the form's own header (Biểu số, đơn vị báo
    # cáo / nhận báo cáo) instead of the Quốc hiệu; no Số, date line or Nơi nhận.
    "reports/documents/statistics.html": Form(
        "statistics",
        Expect(orientation="landscape", header=False, number=False, date=False, recipients=False),
    ),
}
# Templates extending the document layout that are not printed on their own.
NOT_PRINTED: dict[str, str] = {
    "documents/annex.html": "the layout every annex extends",
    "awards/documents/achievement_base.html": "the layout of the three báo cáo thành tích forms",
}


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


def produce_regular_award_dossier(award_round):
    """The dossier of a regular campaign's round: its nominees report on the collective or
    the individual form (the test round's campaign is thematic)."""
    from awards import dossier
    from campaigns.models import Campaign

    campaign = award_round.campaign
    campaign.kind = Campaign.Kind.REGULAR
    campaign.save(update_fields=["kind"])
    return dossier.render_dossier(award_round)


def produce_certificates(award_round, users):
    """The bulk print of a decision: one certificate per recipient."""
    import datetime

    from awards import certificates
    from awards.models import ProposalStatus

    proposals = list(award_round.proposals.filter(status=ProposalStatus.APPROVED))
    for proposal in proposals:
        proposal.status = ProposalStatus.DECIDED
        proposal.decision_number = "15/QĐ-SGDĐT"
        proposal.decision_date = datetime.date(2026, 1, 20)
        proposal.decision_authority = "Giám đốc Sở Giáo dục và Đào tạo"
        proposal.save()
    issued = certificates.certificates_issue(proposals=proposals, by=users["office"])
    return certificates.certificates_pdf(issued)


def produce_initiative_application(campaign, org, users):
    from initiatives import application, services
    from tests.initiatives.factories import AuthorFactory, InitiativeFactory

    initiative = InitiativeFactory(
        campaign=campaign, unit=org["school_a"], created_by=users["staff_a"]
    )
    AuthorFactory(initiative=initiative, full_name="Nguyễn Thị Hương", contribution=100)
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    initiative.refresh_from_db()
    return application.application_pdf(initiative)


def produce_statistics(award_round, org):
    """Biểu 0601.N, 0602.N and 0603.N of the department (each is a download of its own;
    they are joined here so that one run checks the three)."""
    from portal.pdf import merge_pdfs
    from reports import statistics

    return merge_pdfs(
        [
            statistics.render_pdf(
                statistics.statistics_table(form=form, organisation=org["department"], year=2025)
            )
            for form in ("0601", "0602", "0603")
        ]
    )


def produce_compiled_report(cycle):
    from reports.compiled import render_pdf_file

    _name, content = render_pdf_file(SimpleNamespace(subject=cycle), lambda percent: None)
    return content


def _conference(campaign, org, users):
    import datetime

    from awards.models import ProposalStatus
    from campaigns import conference
    from campaigns.models import Phase, RoundKind
    from tests.awards.factories import AwardProposalFactory, AwardRoundFactory
    from tests.factories import PersonFactory, PhaseFactory

    phase = PhaseFactory(
        campaign=campaign,
        kind=Phase.Kind.FINAL,
        title="Tổng kết phong trào thi đua",
        start_date=datetime.date(2030, 1, 1),
        conference_date=datetime.date(2030, 12, 18),
        conference_venue="Hội trường Sở Giáo dục và Đào tạo",
        conference_programme="Khai mạc Hội nghị;\nBáo cáo tổng kết;\nBiểu dương, khen thưởng.",
    )
    for unit, name in ((org["school_a"], "Trần Văn Bình"), (org["school_b"], "Lê Thị Hoa")):
        conference.delegate_add(
            phase=phase, unit=unit, full_name=name, position="Hiệu trưởng", by=users["office"]
        )
    final = AwardRoundFactory(campaign=campaign, kind=RoundKind.FINAL, year=2030)
    for index in range(12):
        AwardProposalFactory(
            round=final,
            nominee_person=PersonFactory(unit=org["school_a"]),
            status=ProposalStatus.DECIDED,
            decision_number=f"{index + 20}/QĐ-SGDĐT",
            decision_date=datetime.date(2030, 12, 10),
        )
    return phase


def produce_conference_invitations(campaign, org, users):
    from campaigns import conference_documents

    return conference_documents.invitations_pdf(_conference(campaign, org, users))


def produce_conference_honourees(campaign, org, users):
    from campaigns import conference_documents

    return conference_documents.honourees_pdf(_conference(campaign, org, users))


# name -> the function that runs the portal's code; its arguments are fixtures of conftest.
PRODUCERS = {
    "sample": produce_sample,
    "sample list": produce_sample_list,
    "unreadable notice": produce_unreadable_notice,
    "award dossier": produce_award_dossier,
    "compiled report": produce_compiled_report,
    "regular award dossier": produce_regular_award_dossier,
    "certificates": produce_certificates,
    "initiative application": produce_initiative_application,
    "statistics": produce_statistics,
    "conference invitations": produce_conference_invitations,
    "conference honourees": produce_conference_honourees,
}
