"""Pages: who sees what (404 outside the scope), what the actions do, and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import AwardProposal, ProposalEvidence, ProposalStatus, RoundStatus
from portal.services import history_for
from tests.initiatives.factories import InitiativeFactory, RecognitionFactory
from tests.reports.factories import PDF_BYTES

from .factories import AwardProposalFactory
from .helpers import checked, meeting, propose, submitted, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(award, users):
    return propose(award, users)


def _status(login, user, url, method="get", data=None):
    client = login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


# --- Permissions matrix ---------------------------------------------------------------------

# (url name, args builder, {user: expected status}); owner = staff_a (school_a), other unit =
# staff_b (school_b), outsider = office of another department.
GET_MATRIX = [
    ("awards:list", lambda a, p: [], {"staff_a": 200, "staff_b": 200, "outsider": 200}),
    ("awards:proposal_list", lambda a, p: [], {"staff_a": 200, "staff_b": 200, "outsider": 200}),
    (
        "awards:round_detail",
        lambda a, p: [a["round"].pk],
        {"staff_a": 200, "staff_b": 200, "office": 200, "outsider": 404},
    ),
    (
        "awards:proposal_create",
        lambda a, p: [a["round"].pk],
        {"staff_a": 200, "staff_b": 200, "office": 404, "outsider": 404},
    ),
    (
        "awards:proposal_detail",
        lambda a, p: [p.pk],
        {
            "staff_a": 200,
            "head_a": 200,
            "office": 200,
            "leader": 200,
            "staff_b": 404,
            "council": 404,
            "outsider": 404,
        },
    ),
    (
        "awards:proposal_update",
        lambda a, p: [p.pk],
        {"staff_a": 200, "staff_b": 404, "office": 404, "outsider": 404},
    ),
    (
        "awards:history_person",
        lambda a, p: [a["teacher"].pk],
        {"staff_a": 200, "leader": 200, "staff_b": 404, "outsider": 404},
    ),
    (
        "awards:history_unit",
        lambda a, p: [a["teacher"].unit.pk],
        {"staff_a": 200, "leader": 200, "staff_b": 404, "outsider": 404},
    ),
    (
        "awards:meeting_create",
        lambda a, p: [a["round"].pk],
        {"office": 200, "staff_a": 404, "leader": 404, "outsider": 404},
    ),
    ("awards:round_create", lambda a, p: [], {"office": 200, "staff_a": 404, "outsider": 404}),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_MATRIX, ids=[m[0] for m in GET_MATRIX])
def test_get_permissions(award, users, login, proposal, name, args, expected):
    url = reverse(name, args=args(award, proposal))
    assert {user: _status(login, users[user], url) for user in expected} == expected


def test_check_page_is_for_the_office_once_submitted(award, users, login):
    proposal = submitted(award, users)
    url = reverse("awards:proposal_check", args=[proposal.pk])
    assert {
        u: _status(login, users[u], url) for u in ("office", "staff_a", "staff_b", "outsider")
    } == {
        "office": 200,
        "staff_a": 404,
        "staff_b": 404,
        "outsider": 404,
    }


def test_council_sees_submitted_proposals_of_its_organisation(award, users, login):
    draft = propose(award, users)
    sent = submitted(award, users, unit=award["teacher"].unit)
    client = login(users["council"])
    assert client.get(reverse("awards:proposal_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("awards:proposal_detail", args=[sent.pk])).status_code == 200


def test_meeting_page(award, users, login):
    proposal = checked(award, users)
    council_meeting = meeting(award, users)
    url = reverse("awards:meeting_detail", args=[council_meeting.pk])
    statuses = {
        u: _status(login, users[u], url)
        for u in ("office", "council", "leader", "staff_a", "staff_b", "outsider")
    }
    assert statuses == {
        "office": 200,
        "council": 200,
        "leader": 200,
        "staff_a": 404,
        "staff_b": 404,
        "outsider": 404,
    }
    page = login(users["office"]).get(url).content.decode()
    assert proposal.nominee_name in page


@pytest.mark.parametrize(
    "name", ["proposal_confirm", "proposal_approve", "proposal_reject", "proposal_return"]
)
def test_actions_outside_the_scope_are_not_found(award, users, login, proposal, name):
    url = reverse(f"awards:{name}", args=[proposal.pk])
    assert _status(login, users["outsider"], url, "post") == 404
    assert _status(login, users["staff_b"], url, "post") == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_finalise_outside_the_scope_is_not_found(award, users, login):
    url = reverse("awards:round_finalise", args=[award["round"].pk])
    assert _status(login, users["outsider"], url, "post") == 404
    award["round"].refresh_from_db()
    assert award["round"].status == RoundStatus.OPEN


def test_evidence_file_is_served_to_the_scope_only(award, users, login, proposal):
    evidence = ProposalEvidence.objects.create(
        proposal=proposal, kind="file", file=SimpleUploadedFile("bang-khen.pdf", PDF_BYTES)
    )
    url = reverse("awards:evidence_file", args=[proposal.pk, evidence.pk])
    assert {u: _status(login, users[u], url) for u in ("staff_a", "staff_b", "outsider")} == {
        "staff_a": 200,
        "staff_b": 404,
        "outsider": 404,
    }


# --- Pages at work --------------------------------------------------------------------------


def test_unit_proposes_through_the_form(award, users, login, org):
    recognition = RecognitionFactory(
        initiative=InitiativeFactory(campaign=award["campaign"], unit=org["school_a"]),
        decision_date=datetime.date(2025, 5, 4),
    )
    client = login(users["staff_a"])
    url = reverse("awards:proposal_create", args=[award["round"].pk])
    page = client.get(url).content.decode()
    assert recognition.initiative.title in page

    response = client.post(
        url,
        {
            "award_form": award["form"].pk,
            "nominee_kind": "individual",
            "nominee_person": award["teacher"].pk,
            "report_summary": "Giáo viên Toán",
            "report_achievements": "Sáng kiến cấp cơ sở",
            "report_measures": "Ứng dụng CNTT",
            "report_previous_awards": "",
            "recognitions": [recognition.pk],
            "evidence_file": SimpleUploadedFile("giay-chung-nhan.pdf", PDF_BYTES),
            "evidence_note": "Giấy chứng nhận",
        },
    )

    proposal = AwardProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:proposal_detail", args=[proposal.pk])
    assert sorted(proposal.evidence.values_list("kind", flat=True)) == ["file", "recognition"]


def test_form_refuses_a_text_file_as_evidence(award, users, login):
    client = login(users["staff_a"])
    response = client.post(
        reverse("awards:proposal_create", args=[award["round"].pk]),
        {
            "award_form": award["form"].pk,
            "nominee_kind": "individual",
            "nominee_person": award["teacher"].pk,
            "evidence_file": SimpleUploadedFile("a.pdf", b"hello"),
        },
    )
    assert response.status_code == 200
    assert AwardProposal.objects.count() == 0


def test_reused_recognition_is_flagged_on_the_page(award, users, login, org):
    recognition = RecognitionFactory(
        initiative=InitiativeFactory(campaign=award["campaign"], unit=org["school_a"]),
        decision_date=datetime.date(2025, 5, 4),
    )
    propose(award, users, recognitions=[recognition])
    second = propose(award, users, unit=org["school_a"], recognitions=[recognition])
    page = login(users["office"]).get(reverse("awards:proposal_detail", args=[second.pk]))
    assert "Đã dùng cho:" in page.content.decode()


def test_vote_recorded_on_the_meeting_page(award, users, login):
    proposal = checked(award, users)
    council_meeting = meeting(award, users)
    client = login(users["office"])
    prefix = f"p{proposal.pk}"
    response = client.post(
        reverse("awards:meeting_detail", args=[council_meeting.pk]),
        {
            "proposal_id": proposal.pk,
            f"{prefix}-proposal": proposal.pk,
            f"{prefix}-yes": 8,
            f"{prefix}-no": 2,
            f"{prefix}-abstain": 0,
            f"{prefix}-absent_written": 3,
        },
    )
    assert response.status_code == 302
    assert proposal.votes.get().result == "passed"
    client.post(reverse("awards:proposal_approve", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_person_history_lists_awards_across_rounds(award, users, login):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))
    services.proposal_approve(proposal=proposal, by=users["office"])
    page = login(users["staff_a"]).get(reverse("awards:history_person", args=[award["teacher"].pk]))
    assert award["form"].name in page.content.decode()


# --- Query counts ---------------------------------------------------------------------------


def _many(award, org, n, status=ProposalStatus.APPROVED):
    from tests.factories import PersonFactory

    for _ in range(n):
        AwardProposalFactory(
            round=award["round"],
            award_form=award["form"],
            nominee_person=PersonFactory(unit=org["school_a"]),
            status=status,
        )


def _count(client, url, django_assert_num_queries, expected=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "user", "args"),
    [
        ("awards:list", "office", lambda a: []),
        ("awards:proposal_list", "office", lambda a: []),
        ("awards:proposal_list", "staff_a", lambda a: []),
        ("awards:round_detail", "office", lambda a: [a["round"].pk]),
        ("awards:round_detail", "staff_a", lambda a: [a["round"].pk]),
        ("awards:history_unit", "leader", lambda a: [a["teacher"].unit.pk]),
    ],
)
def test_list_query_counts_do_not_grow(
    award, users, login, org, name, user, args, django_assert_num_queries
):
    client = login(users[user])
    url = reverse(name, args=args(award))
    _many(award, org, 1)
    one = _count(client, url, django_assert_num_queries)
    _many(award, org, 12)
    with django_assert_num_queries(one):
        assert client.get(url).status_code == 200


def test_person_history_query_count(award, users, login, org, django_assert_num_queries):
    from awards.models import AwardRound
    from tests.awards.factories import AwardRoundFactory

    client = login(users["leader"])
    url = reverse("awards:history_person", args=[award["teacher"].pk])
    AwardProposalFactory(
        round=award["round"],
        award_form=award["form"],
        nominee_person=award["teacher"],
        status="decided",
    )
    one = _count(client, url, django_assert_num_queries)
    for year in range(2026, 2031):
        AwardProposalFactory(
            round=AwardRoundFactory(campaign=award["campaign"], year=year),
            award_form=award["form"],
            nominee_person=award["teacher"],
            status="decided",
        )
    assert AwardRound.objects.count() == 6
    with django_assert_num_queries(one):
        assert client.get(url).status_code == 200


def test_meeting_page_query_count(award, users, login, org, django_assert_num_queries):
    council_meeting = meeting(award, users)
    client = login(users["office"])
    url = reverse("awards:meeting_detail", args=[council_meeting.pk])
    _many(award, org, 1, status=ProposalStatus.CHECKED)
    one = _count(client, url, django_assert_num_queries)
    _many(award, org, 12, status=ProposalStatus.CHECKED)
    with django_assert_num_queries(one):
        assert client.get(url).status_code == 200


def test_office_opens_a_round(award, users, login):
    client = login(users["office"])
    response = client.post(
        reverse("awards:round_create"),
        {
            "campaign": award["campaign"].pk,
            "kind": "interim",
            "year": 2027,
            "title": "Sơ kết giai đoạn 2025-2027",
            "period_start": "01/01/2025",
            "period_end": "31/12/2026",
            "deadline": "15/03/2027",
        },
    )
    from awards.models import AwardRound

    created = AwardRound.objects.get(kind="interim")
    assert response["Location"] == reverse("awards:round_detail", args=[created.pk])
    assert (created.period_start, created.deadline) == (
        datetime.date(2025, 1, 1),
        datetime.date(2027, 3, 15),
    )


def test_office_checks_and_judges_through_the_pages(award, users, login):
    from tests.factories import CriterionFactory

    criterion = CriterionFactory(
        campaign=award["campaign"], applies_to="individual", description="Nhiều thành tích"
    )
    proposal = submitted(award, users)
    client = login(users["office"])
    check_url = reverse("awards:proposal_check", args=[proposal.pk])
    assert "Nhiều thành tích" in client.get(check_url).content.decode()

    client.post(
        reverse("awards:criterion_confirm", args=[proposal.pk, criterion.pk]),
        {f"c{criterion.pk}-confirmed": "0", f"c{criterion.pk}-note": "Chưa có minh chứng"},
    )
    response = client.post(check_url, {"note": "Đề nghị Hội đồng xem xét"})

    proposal.refresh_from_db()
    assert response["Location"] == reverse("awards:proposal_detail", args=[proposal.pk])
    assert proposal.status == ProposalStatus.CHECKED
    assert proposal.eligibility["overall"] == "not_met"
    assert proposal.reviewer_note == "Đề nghị Hội đồng xem xét"


def test_round_decision_through_the_page(award, users, login):
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))
    services.proposal_approve(proposal=proposal, by=users["office"])
    services.round_finalise(award_round=award["round"], by=users["office"])
    client = login(users["office"])
    client.post(
        reverse("awards:round_decision", args=[award["round"].pk]),
        {"number": "07/QĐ-SGDĐT", "date": "20/01/2026", "authority": "Giám đốc Sở"},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_date) == ("decided", datetime.date(2026, 1, 20))


def test_home_panels(award, users, login):
    from awards.home import panels

    submitted(award, users)
    draft = propose(award, users, unit=award["teacher"].unit)
    office = {p["title"]: p["count"] for p in panels(users["office"])}
    head = {p["title"]: p for p in panels(users["head_a"])}
    assert office == {"Đề nghị khen thưởng chờ thẩm định": 1}
    assert [i["url"] for i in head["Đề nghị khen thưởng chờ xác nhận"]["items"]] == [
        reverse("awards:proposal_detail", args=[draft.pk])
    ]
    assert panels(users["outsider"]) == [
        {
            "title": "Đề nghị khen thưởng chờ thẩm định",
            "count": 0,
            "items": [],
            "more_url": "",
            "empty": "Không có đề nghị nào chờ Văn phòng thẩm định.",
        }
    ]


def test_unit_edits_its_draft_and_removes_a_file(award, users, login, org):
    proposal = propose(
        award,
        users,
        files=[(SimpleUploadedFile("cu.pdf", PDF_BYTES), "Bản cũ")],
    )
    evidence = proposal.evidence.get()
    client = login(users["staff_a"])
    url = reverse("awards:proposal_update", args=[proposal.pk])
    assert "Bản cũ" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "award_form": award["form"].pk,
            "nominee_kind": "collective",
            "nominee_unit": org["school_a_branch"].pk,
            "report_summary": "Tổ Toán – Tin có 12 giáo viên.",
            "remove_files": [evidence.pk],
        },
    )

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert (proposal.nominee_kind, proposal.nominee_unit, proposal.nominee_person) == (
        "collective",
        org["school_a_branch"],
        None,
    )
    assert proposal.evidence.count() == 0
    assert history_for(proposal).last().action == "update"


def test_round_list_counts_only_visible_proposals(award, users, login):
    submitted(award, users)
    counts = {}
    for name in ("staff_a", "staff_b", "office"):
        page = login(users[name]).get(reverse("awards:list"))
        counts[name] = page.context["page"][0].proposal_count
    assert counts == {"staff_a": 1, "staff_b": 0, "office": 1}


def test_council_member_never_sees_own_units_proposals(award, users, login):
    from awards.models import AwardProposal, ProposalStatus

    # The council member works at school_b (tests/conftest.py).
    own_unit = propose(award, users, person=award["other_teacher"], by="staff_b")
    own_unit_collective = propose(award, users, unit=award["other_teacher"].unit, by="staff_b")
    elsewhere = propose(award, users)
    AwardProposal.objects.update(status=ProposalStatus.SUBMITTED)
    client = login(users["council"])
    statuses = {
        name: client.get(reverse("awards:proposal_detail", args=[p.pk])).status_code
        for name, p in [
            ("own_unit", own_unit),
            ("own_unit_collective", own_unit_collective),
            ("elsewhere", elsewhere),
        ]
    }
    assert statuses == {"own_unit": 404, "own_unit_collective": 404, "elsewhere": 200}


def test_finalising_leads_to_the_dossier_with_its_true_status(
    award, users, login, eager_tasks, django_capture_on_commit_callbacks
):
    """Finalising answers with the dossier's page; it says the file is being made only
    while it is, and offers the download once it is done."""
    proposal = checked(award, users)
    vote(users, proposal, meeting(award, users))
    services.proposal_approve(proposal=proposal, by=users["office"])
    client = login(users["office"])
    url = reverse("awards:round_finalise", args=[award["round"].pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url)
    dossier_url = reverse("awards:dossier", args=[award["round"].pk])
    assert response["Location"] == dossier_url
    waiting = client.get(dossier_url).content.decode()
    assert "Đang chờ 0%" in waiting and 'hx-trigger="every 2s"' in waiting
    assert "?download=1" not in waiting

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    done = client.get(dossier_url).content.decode()
    assert "?download=1" in done
    assert "<progress" not in done and "hx-trigger" not in done
    assert "đang được chuẩn bị" not in done and "Đang chờ" not in done
