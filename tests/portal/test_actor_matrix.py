"""Every state-changing service checks who acts, whatever view calls it.

Each case prepares a record of school A (in the department's campaign) in a state where
the move is possible, then calls the service once for every actor of the test
organisation, each call in its own rolled-back transaction: those named may, every other
one is refused with the one error type (`portal.workflow.WorkflowError`) and its "not
allowed" message, and the record keeps its state and history.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from awards import services as awards
from campaigns.services import CampaignPlan, campaign_update
from initiatives import services as initiatives
from initiatives.models import CouncilMember, Status
from portal.models import HistoryEntry
from portal.phrases import NOT_ALLOWED
from portal.workflow import WorkflowError
from reports import reminders
from reports import services as reports
from reports.models import YearlyReport
from tests.awards.conftest import award  # noqa: F401  (fixture)
from tests.awards.helpers import propose, submitted
from tests.factories import (
    CampaignFactory,
    RubricCriterionFactory,  # noqa: I001
)
from tests.initiatives.factories import AuthorFactory, InitiativeFactory, RecognitionFactory
from tests.reports.factories import PDF_BYTES

ACTORS = ["staff_a", "head_a", "staff_b", "office", "leader", "admin", "council", "outsider"]
UNIT_A = {"staff_a", "head_a"}
OFFICE = {"office", "admin"}


def _outcomes(users, call) -> dict[str, str]:
    """{actor: "done" | "refused" | "<other message>"}, each call rolled back."""
    outcomes = {}
    for name in ACTORS:
        user = users[name]
        history_before = HistoryEntry.objects.count()
        with transaction.atomic():
            try:
                call(user)
            except WorkflowError as error:
                outcomes[name] = "refused" if str(error) == str(NOT_ALLOWED) else str(error)
                assert HistoryEntry.objects.count() == history_before
            else:
                outcomes[name] = "done"
            transaction.set_rollback(True)
    return outcomes


def _expected(allowed) -> dict[str, str]:
    return {name: "done" if name in allowed else "refused" for name in ACTORS}


# --- Reports ------------------------------------------------------------------------------


@pytest.fixture
def report_campaign(org):
    """A campaign of the department; the whole department takes part."""
    campaign = CampaignFactory(issuing_unit=org["department"], managing_unit=org["office"])
    campaign.participants.add(org["department"])
    return campaign


@pytest.fixture
def cycle(report_campaign):
    return reports.cycle_open(campaign=report_campaign, year=2026)[0]


@pytest.fixture
def report(cycle, org):
    return YearlyReport.objects.get(cycle=cycle, unit=org["school_a"])


def _ready(report, user):
    report = reports.report_start(report=report, by=user)
    figures = {f.key: (f.value, "") for f in report.figures.all()}
    scan = SimpleUploadedFile("bao-cao.pdf", PDF_BYTES, content_type="application/pdf")
    return reports.report_save(
        report=report,
        by=user,
        figures=figures,
        narratives={None: "Tốt"},
        uploads=[("signed_scan", scan)],
    )


def _submitted_report(report, users):
    report = _ready(report, users["staff_a"])
    return reports.report_submit(report=report, by=users["staff_a"])


REPORT_CASES = {
    "report_start": (lambda r, u: r, lambda r, by: reports.report_start(report=r, by=by), UNIT_A),
    "report_save": (
        lambda r, u: reports.report_start(report=r, by=u["staff_a"]),
        lambda r, by: reports.report_save(report=r, by=by, figures={}, narratives={None: "Mới"}),
        UNIT_A,
    ),
    "report_submit": (
        lambda r, u: _ready(r, u["staff_a"]),
        lambda r, by: reports.report_submit(report=r, by=by),
        UNIT_A,
    ),
    "report_return": (
        _submitted_report,
        lambda r, by: reports.report_return(report=r, by=by, reason="Thiếu số liệu"),
        OFFICE,
    ),
    "report_accept": (
        _submitted_report,
        lambda r, by: reports.report_accept(report=r, by=by),
        OFFICE,
    ),
    "cycle_close": (
        lambda r, u: r,
        lambda r, by: reports.cycle_close(cycle=r.cycle, by=by, reason="Hết hạn tổng hợp"),
        OFFICE,
    ),
    "cycle_reopen": (
        lambda r, u: reports.cycle_close(cycle=r.cycle, by=None, reason="x", automatic=True) and r,
        lambda r, by: reports.cycle_reopen(cycle=r.cycle, by=by, reason="Mở lại để bổ sung"),
        OFFICE,
    ),
    "cycle_set_auto_close": (
        lambda r, u: r,
        lambda r, by: reports.cycle_set_auto_close(cycle=r.cycle, by=by, days=10),
        OFFICE,
    ),
    "cycle_open": (
        lambda r, u: r,
        lambda r, by: reports.cycle_open(campaign=r.cycle.campaign, year=2027, by=by),
        OFFICE,
    ),
    "reminder_send_now": (
        lambda r, u: r,
        lambda r, by: reminders.reminder_send_now(cycle=r.cycle, unit=r.unit, by=by),
        OFFICE,
    ),
    "reminder_send_all": (
        lambda r, u: r,
        lambda r, by: reminders.reminder_send_all(cycle=r.cycle, by=by),
        OFFICE,
    ),
}


@pytest.mark.parametrize("case", list(REPORT_CASES))
def test_report_services_check_the_actor(case, report, users):
    prepare, call, allowed = REPORT_CASES[case]
    record = prepare(report, users)
    assert _outcomes(users, lambda by: call(record, by)) == _expected(allowed)


# --- Campaigns ----------------------------------------------------------------------------


def test_campaign_update_checks_the_actor(report_campaign, users):
    plan = CampaignPlan(values={"title": "Phong trào đã sửa"})
    outcomes = _outcomes(
        users, lambda by: campaign_update(campaign=report_campaign, plan=plan, by=by)
    )
    assert outcomes == _expected(OFFICE)


# --- Initiatives --------------------------------------------------------------------------


@pytest.fixture
def initiative_campaign(report_campaign):
    report_campaign.recognition_threshold = Decimal(60)
    report_campaign.save()
    RubricCriterionFactory(campaign=report_campaign, name="Tính mới", max_points=100, order=1)
    return report_campaign


@pytest.fixture
def initiative(initiative_campaign, org, users):
    initiative = InitiativeFactory(
        campaign=initiative_campaign, unit=org["school_a"], created_by=users["staff_a"]
    )
    AuthorFactory(initiative=initiative, full_name="Tác giả", contribution=100, order=0)
    return initiative


def _set(status):
    def prepare(initiative, users):
        initiative.status = status
        initiative.save(update_fields=["status"])
        return initiative

    return prepare


def _assigned(initiative, users):
    _set(Status.IN_COUNCIL)(initiative, users)
    CouncilMember.objects.create(campaign=initiative.campaign, user=users["council"])
    initiatives.council_assign(
        initiative=initiative, members=[users["council"]], by=users["office"]
    )
    return initiative


def _score(initiative, by):
    criterion = initiative.campaign.rubric.get()
    return initiatives.initiative_score(
        initiative=initiative, by=by, scores={criterion.pk: (Decimal(70), "")}
    )


def _edit(initiative, by):
    initiative.title = "Tên mới của sáng kiến"
    return initiatives.initiative_save_application(initiative=initiative, by=by, changed=["title"])


def _recognised(initiative, users):
    _set(Status.RECOGNISED)(initiative, users)
    RecognitionFactory(initiative=initiative, level="base")
    return initiative


def _pdf():
    return SimpleUploadedFile("minh-chung.pdf", PDF_BYTES, content_type="application/pdf")


def _with_attachment(initiative, users):
    _set(Status.DRAFT)(initiative, users)
    return initiatives.attachment_add(initiative=initiative, upload=_pdf(), by=users["staff_a"])


INITIATIVE_CASES = {
    "initiative_save_application": (_set(Status.DRAFT), _edit, UNIT_A),
    "initiative_submit": (
        _set(Status.DRAFT),
        lambda i, by: initiatives.initiative_submit(initiative=i, by=by),
        UNIT_A,
    ),
    "initiative_withdraw": (
        _set(Status.DRAFT),
        lambda i, by: initiatives.initiative_withdraw(initiative=i, by=by),
        UNIT_A,
    ),
    "initiative_return": (
        _set(Status.SUBMITTED),
        lambda i, by: initiatives.initiative_return(initiative=i, by=by, reason="Bổ sung"),
        OFFICE,
    ),
    "initiative_send_to_council": (
        _set(Status.SUBMITTED),
        lambda i, by: initiatives.initiative_send_to_council(initiative=i, by=by),
        OFFICE,
    ),
    "initiative_reject": (
        _set(Status.IN_COUNCIL),
        lambda i, by: initiatives.initiative_reject(initiative=i, by=by, reason="Không mới"),
        OFFICE,
    ),
    "initiative_recognise": (
        _assigned,
        lambda i, by: initiatives.initiative_recognise(
            initiative=i,
            by=by,
            decision_number="12/QĐ-SGDĐT",
            decision_date=datetime.date(2026, 5, 4),
            issuer="Giám đốc Sở",
            override_reason="Hội đồng chưa chấm xong, Sở quyết định theo hồ sơ.",
        ),
        OFFICE,
    ),
    "initiative_score": (_assigned, _score, {"council"}),
    "council_excuse": (
        _assigned,
        lambda i, by: initiatives.council_excuse(
            initiative=i, member=i.assignments.get().member, by=by, reason="Bận công tác"
        ),
        OFFICE | {"council"},  # the office, or the member for themselves
    ),
    "council_set_members": (
        _set(Status.IN_COUNCIL),
        lambda i, by: initiatives.council_set_members(
            campaign=i.campaign, users=[_council_of(i)], by=by
        ),
        OFFICE,
    ),
    "recognition_add_higher_level": (
        _recognised,
        lambda i, by: initiatives.recognition_add_higher_level(
            initiative=i,
            by=by,
            level="province",
            decision_number="45/QĐ-UBND",
            decision_date=datetime.date(2026, 9, 1),
            issuer="Chủ tịch UBND thành phố",
        ),
        OFFICE,
    ),
    "attachment_add": (
        _set(Status.DRAFT),
        lambda i, by: initiatives.attachment_add(initiative=i, upload=_pdf(), by=by),
        UNIT_A,
    ),
    "attachment_delete": (
        _with_attachment,
        lambda a, by: initiatives.attachment_delete(
            attachment=type(a).objects.get(pk=a.pk),
            by=by,  # a fresh copy each time
        ),
        UNIT_A,
    ),
}


def _council_of(initiative):
    from units.models import User

    return User.objects.get(username="council")


@pytest.mark.parametrize("case", list(INITIATIVE_CASES))
def test_initiative_services_check_the_actor(case, initiative, users):
    prepare, call, allowed = INITIATIVE_CASES[case]
    record = prepare(initiative, users)
    assert _outcomes(users, lambda by: call(record, by)) == _expected(allowed)


# --- Awards -------------------------------------------------------------------------------


def _create_proposal(data, by):
    return awards.proposal_create(
        award_round=data["round"],
        proposing_unit=data["teacher"].unit,
        award_form=data["form"],
        nominee_kind="individual",
        nominee_person=data["teacher"],
        report={"report_achievements": "Hai sáng kiến cấp cơ sở."},
        by=by,
    )


def _create_round(data, by):
    return awards.round_create(
        campaign=data["campaign"],
        kind="yearly",
        year=2031,
        period_start=datetime.date(2031, 1, 1),
        period_end=datetime.date(2031, 12, 31),
        deadline=datetime.date(2031, 11, 30),
        by=by,
    )


AWARD_CASES = {
    "proposal_create": (lambda a, u: a, _create_proposal, UNIT_A),
    "round_create": (lambda a, u: a, _create_round, OFFICE),
    "proposal_update": (
        lambda a, u: propose(a, u),
        lambda p, by: awards.proposal_update(
            proposal=p, by=by, report={"report_achievements": "Ba sáng kiến."}
        ),
        UNIT_A,
    ),
    "proposal_confirm": (
        lambda a, u: propose(a, u),
        lambda p, by: awards.proposal_confirm(proposal=p, by=by),
        {"head_a"},
    ),
    "proposal_check": (
        submitted,
        lambda p, by: awards.proposal_check(proposal=p, by=by),
        OFFICE,
    ),
    "proposal_return": (
        submitted,
        lambda p, by: awards.proposal_return(proposal=p, by=by, note="Bổ sung minh chứng"),
        OFFICE,
    ),
    "proposal_reject": (
        submitted,
        lambda p, by: awards.proposal_reject(proposal=p, by=by, note="Không đủ tiêu chuẩn"),
        OFFICE,
    ),
    "round_finalise": (
        lambda a, u: a["round"],
        lambda r, by: awards.round_finalise(award_round=r, by=by),
        OFFICE,
    ),
}


@pytest.mark.parametrize("case", list(AWARD_CASES))
def test_award_services_check_the_actor(case, award, users):  # noqa: F811
    prepare, call, allowed = AWARD_CASES[case]
    record = prepare(award, users)
    assert _outcomes(users, lambda by: call(record, by)) == _expected(allowed)
