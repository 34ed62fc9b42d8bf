"""Levels in one deployment: proposals above the Sở's authority go up to the city as one
package, the city office checks, returns or accepts, takes it to its council and decides, and
the decision lands in the Sở's award history. The city sees the roll-up, nothing else."""

import datetime
import io
import subprocess
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import dossier, forwarding, services
from awards.models import (
    AwardProposal,
    EmulationRecord,
    ForwardedPackage,
    NomineeKind,
    PackageStatus,
    ProposalStatus,
    RoundStatus,
)
from campaigns.models import DecidingAuthority, EmulationTitle, RecipientKind
from portal import home_cache
from portal.models import HistoryEntry
from portal.phrases import NOT_ALLOWED
from portal.services import history_for
from portal.workflow import WorkflowError
from tests.factories import (
    AwardFormFactory,
    CampaignFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)
from tests.reports.factories import PDF_BYTES
from units.models import Role, Unit, UnitKind

from .factories import (
    AwardProposalFactory,
    AwardRoundFactory,
    CouncilMeetingFactory,
    ProposalEvidenceFactory,
)

pytestmark = pytest.mark.django_db


def _account(username, role, unit):
    user = UserFactory(username=username, person__unit=unit)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def levels(org, users, award):
    """UBND thành phố above the Sở; the Sở's finalised round holds one approved proposal of
    a city award (above the Sở's authority), one of its own Giấy khen and one rejected."""
    city = UnitFactory(
        code="HP-UBND",
        name="Ủy ban nhân dân thành phố Hải Phòng",
        kind=UnitKind.OTHER,
        place="Hải Phòng",
        short_code="UBND",
    )
    department = org["department"]
    department.upper_organisation = city
    department.proposes_to = "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    department.save(update_fields=["upper_organisation", "proposes_to"])
    city_campaign = CampaignFactory(issuing_unit=city, document_number="206/KH-UBND")
    campaign = award["campaign"]
    campaign.basis = city_campaign
    campaign.save(update_fields=["basis"])
    high = AwardFormFactory(
        campaign=campaign,
        name="Bằng khen của Chủ tịch UBND thành phố",
        recipients=RecipientKind.BOTH,
        authority="Chủ tịch UBND thành phố",
        decided_by=DecidingAuthority.PROVINCE_CHAIR,
        order=2,
    )
    award_round = award["round"]
    forwarded = AwardProposalFactory(
        round=award_round,
        award_form=high,
        nominee_person=award["teacher"],
        status=ProposalStatus.APPROVED,
    )
    own = AwardProposalFactory(
        round=award_round,
        award_form=award["form"],
        nominee_person=award["other_teacher"],
        status=ProposalStatus.APPROVED,
    )
    rejected = AwardProposalFactory(
        round=award_round,
        award_form=high,
        nominee_kind=NomineeKind.COLLECTIVE,
        nominee_person=None,
        nominee_unit=org["school_b"],
        status=ProposalStatus.REJECTED,
    )
    CouncilMeetingFactory(round=award_round)
    type(award_round).objects.filter(pk=award_round.pk).update(status=RoundStatus.FINALISED)
    award_round.refresh_from_db()
    return {
        "city": city,
        "city_office": _account("city_office", Role.OFFICE, city),
        "city_campaign": city_campaign,
        "city_round": AwardRoundFactory(campaign=city_campaign, year=2026),
        "round": award_round,
        "forwarded": forwarded,
        "own": own,
        "rejected": rejected,
    }


def _forward(login, users, levels):
    response = login(users["office"]).post(
        reverse("awards:package_forward", args=[levels["round"].pk])
    )
    package = ForwardedPackage.objects.get(round=levels["round"])
    assert response.status_code == 302
    return package


def _post(client, package, action, **data):
    return client.post(reverse("awards:package_move", args=[package.pk, action]), data)


def _steps(package) -> list[tuple]:
    return [
        (e.action, e.from_state, e.to_state, e.actor.username if e.actor else None)
        for e in history_for(package)
    ]


def _city_meeting(levels, present=4):
    """A meeting of the city's council (5 members) on the city's round."""
    members = [_account(f"city_member_{i}", Role.COUNCIL, levels["city"]) for i in range(present)]
    meeting = CouncilMeetingFactory(
        round=levels["city_round"], members_total=5, chair=members[0], secretary=members[1]
    )
    meeting.members_present.set(members)
    return meeting


def _vote(client, meeting, proposal, yes, no=0):
    prefix = f"p{proposal.pk}"
    return client.post(
        reverse("awards:meeting_detail", args=[meeting.pk]),
        {
            "proposal_id": proposal.pk,
            f"{prefix}-proposal": proposal.pk,
            f"{prefix}-yes": yes,
            f"{prefix}-no": no,
            f"{prefix}-abstain": 0,
            f"{prefix}-absent_written": 0,
        },
    )


def test_only_proposals_above_the_authority_go_up(login, users, levels):
    package = _forward(login, users, levels)
    assert list(package.proposals.all()) == [levels["forwarded"]]
    assert package.lower_organisation == levels["round"].campaign.issuing_unit
    assert package.upper_organisation == levels["city"]
    assert package.status == PackageStatus.RECEIVED
    # The upper office is told, through the outbox.
    assert levels["city_office"].notifications.count() == 1


def test_forwarding_needs_a_finalised_round_and_an_upper_level(login, users, levels, org):
    type(levels["round"]).objects.filter(pk=levels["round"].pk).update(status=RoundStatus.OPEN)
    login(users["office"]).post(reverse("awards:package_forward", args=[levels["round"].pk]))
    assert not ForwardedPackage.objects.exists()
    type(levels["round"]).objects.filter(pk=levels["round"].pk).update(status=RoundStatus.FINALISED)
    Unit.objects.filter(pk=org["department"].pk).update(upper_organisation=None)
    login(users["office"]).post(reverse("awards:package_forward", args=[levels["round"].pk]))
    assert not ForwardedPackage.objects.exists()


def test_whole_flow_return_resend_accept_council_decide(login, users, levels):
    package = _forward(login, users, levels)
    city = login(levels["city_office"])
    assert _post(city, package, "check").status_code == 302
    # Returning needs reasons: without them nothing moves.
    _post(city, package, "return", note="  ")
    package.refresh_from_db()
    assert package.status == PackageStatus.CHECKING
    _post(city, package, "return", note="Thiếu biên bản họp Hội đồng có chữ ký.")
    package.refresh_from_db()
    assert package.status == PackageStatus.RETURNED
    # The Sở's office reads the reasons and sends the corrected package again.
    lower = login(users["office"])
    page = lower.get(reverse("awards:package_detail", args=[package.pk]))
    assert "Thiếu biên bản họp Hội đồng có chữ ký." in page.content.decode()
    _post(lower, package, "resend", note="Đã bổ sung biên bản có chữ ký.")
    package.refresh_from_db()
    assert (package.status, package.times_sent) == (PackageStatus.RECEIVED, 2)
    city = login(levels["city_office"])
    _post(city, package, "check")
    _post(city, package, "accept", note="Hồ sơ đầy đủ.")
    _post(city, package, "council", upper_round=levels["city_round"].pk)
    package.refresh_from_db()
    assert (package.status, package.upper_round) == (PackageStatus.IN_COUNCIL, levels["city_round"])
    meeting = _city_meeting(levels)
    assert _vote(city, meeting, levels["forwarded"], yes=4).status_code == 302
    _post(
        city,
        package,
        "decide",
        number="2345/QĐ-UBND",
        date="20/05/2027",
        authority="Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
        signer_name="Nguyễn Văn Tùng",
    )
    package.refresh_from_db()
    assert package.status == PackageStatus.DECIDED
    assert _steps(package) == [
        ("forward", "", "received", "office"),
        ("check", "received", "checking", "city_office"),
        ("return", "checking", "returned", "city_office"),
        ("resend", "returned", "received", "office"),
        ("check", "received", "checking", "city_office"),
        ("accept", "checking", "accepted", "city_office"),
        ("council", "accepted", "in_council", "city_office"),
        ("decide", "in_council", "decided", "city_office"),
    ]
    assert history_for(package)[2].note == "Thiếu biên bản họp Hội đồng có chữ ký."

    # The decision flows back into the forwarded proposal, recorded on it; the others keep
    # theirs.
    proposal = AwardProposal.objects.get(pk=levels["forwarded"].pk)
    assert proposal.status == ProposalStatus.DECIDED
    assert (proposal.decision_number, proposal.decision_date, proposal.decision_signer_name) == (
        "2345/QĐ-UBND",
        datetime.date(2027, 5, 20),
        "Nguyễn Văn Tùng",
    )
    entry = HistoryEntry.objects.filter(object_id=proposal.pk, action="upper_decision").get()
    assert (entry.actor, entry.from_state, entry.to_state) == (
        levels["city_office"],
        "approved",
        "decided",
    )
    assert AwardProposal.objects.get(pk=levels["own"].pk).status == ProposalStatus.APPROVED
    history = login(users["office"]).get(
        reverse("awards:history_person", args=[levels["forwarded"].nominee_person.pk])
    )
    assert "2345/QĐ-UBND" in history.content.decode()


def test_only_the_sender_resends_and_only_the_receiver_decides(login, users, levels):
    package = _forward(login, users, levels)
    _post(login(users["office"]), package, "check")
    package.refresh_from_db()
    assert package.status == PackageStatus.RECEIVED
    city = login(levels["city_office"])
    _post(city, package, "check")
    _post(city, package, "return", note="Thiếu minh chứng.")
    _post(city, package, "resend", note="Tự gửi lại.")
    package.refresh_from_db()
    assert package.status == PackageStatus.RETURNED
    lower = login(users["office"])
    _post(lower, package, "resend", note="Đã bổ sung.")
    _post(lower, package, "check")
    _post(lower, package, "accept")
    package.refresh_from_db()
    assert package.status == PackageStatus.RECEIVED


def test_a_decision_without_a_number_changes_nothing(login, users, levels):
    package = _forward(login, users, levels)
    city = login(levels["city_office"])
    _post(city, package, "check")
    _post(city, package, "accept")
    _post(city, package, "decide", number="", date="20/05/2027")
    package.refresh_from_db()
    assert package.status == PackageStatus.ACCEPTED
    assert AwardProposal.objects.get(pk=levels["forwarded"].pk).status == ProposalStatus.APPROVED


def test_the_upper_office_sees_only_what_is_forwarded(login, users, levels, org, award):
    package = _forward(login, users, levels)
    city = login(levels["city_office"])
    assert city.get(reverse("awards:package_inbox")).status_code == 200
    assert city.get(reverse("awards:package_detail", args=[package.pk])).status_code == 200
    # Nothing of the Sở's tree opens for it, forwarded or not.
    for url in (
        reverse("awards:proposal_detail", args=[levels["forwarded"].pk]),
        reverse("awards:proposal_detail", args=[levels["own"].pk]),
        reverse("awards:round_detail", args=[levels["round"].pk]),
        reverse("units:detail", args=[org["school_a"].pk]),
        reverse("campaigns:detail", args=[award["campaign"].pk]),
    ):
        assert city.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["office", "staff_a", "outsider"])
def test_the_lower_levels_and_outsiders_do_not_see_the_inbox(login, users, levels, who):
    package = _forward(login, users, levels)
    client = login(users[who])
    assert client.get(reverse("awards:package_inbox")).status_code == 404
    detail = client.get(reverse("awards:package_detail", args=[package.pk])).status_code
    assert detail == (200 if who == "office" else 404)


def test_another_upper_level_does_not_see_the_package(login, users, levels):
    package = _forward(login, users, levels)
    other_city = UnitFactory(code="HN-UBND", name="Ủy ban nhân dân thành phố Hà Nội")
    Unit.objects.filter(code="SKHCN").update(upper_organisation=other_city)
    client = login(_account("hn_office", Role.OFFICE, other_city))
    assert client.get(reverse("awards:package_detail", args=[package.pk])).status_code == 404
    inbox = client.get(reverse("awards:package_inbox"))
    assert inbox.status_code == 200
    assert reverse("awards:package_detail", args=[package.pk]) not in inbox.content.decode()


def test_package_contents_and_zip(login, users, levels, tmp_path):
    ProposalEvidenceFactory(
        proposal=levels["forwarded"],
        kind="file",
        file=ContentFile(PDF_BYTES, name="qd-cong-nhan.pdf"),
        original_name="Quyết định công nhận sáng kiến.pdf",
        content_type="application/pdf",
    )
    package = _forward(login, users, levels)
    names = forwarding.package_contents(package)
    assert names == [
        "01-to-trinh-1.pdf",
        "02-danh-sach-1.pdf",
        "03-bao-cao-thanh-tich-01-nguyen-thi-huong.pdf",
        "04-bien-ban-01.pdf",
        "05-minh-chung-01-quyet-dinh-cong-nhan-sang-kien.pdf",
    ]
    response = login(levels["city_office"]).get(reverse("awards:package_zip", args=[package.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == names
    assert archive.read(names[-1]) == PDF_BYTES
    letter = tmp_path / "to-trinh.pdf"
    letter.write_bytes(archive.read("01-to-trinh-1.pdf"))
    text = subprocess.run(
        ["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in " ".join(text.split())
    listing = tmp_path / "danh-sach.pdf"
    listing.write_bytes(archive.read("02-danh-sach-1.pdf"))
    text = subprocess.run(
        ["pdftotext", str(listing), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Nguyễn Thị Hương" in text
    assert "Lê Thu Trang" not in text  # within the Sở's own authority: not forwarded


def test_rollup_of_the_city_campaign(login, users, levels, award, org):
    commune = UnitFactory(
        code="TK", name="Ủy ban nhân dân xã Tứ Kỳ", kind=UnitKind.COMMUNE, upper_organisation=None
    )
    Unit.objects.filter(pk=commune.pk).update(upper_organisation=levels["city"])
    CampaignFactory(
        issuing_unit=commune, document_number="01/KH-UBND", basis=levels["city_campaign"]
    )
    _forward(login, users, levels)
    url = reverse("awards:campaign_rollup", args=[levels["city_campaign"].pk])
    page = login(levels["city_office"]).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert award["campaign"].number_label in body
    assert "01/KH-UBND" in body
    rows = page.context["rows"]
    by_name = {row["organisation"].code: row["campaigns"] for row in rows}
    sgd = by_name["SGD"][0]
    assert (sgd["proposals"], sgd["awards"], sgd["packages"]) == (3, 2, 1)
    assert by_name["TK"][0]["proposals"] == 0
    # The Sở's office cannot open the city's campaign or its roll-up.
    assert login(users["office"]).get(url).status_code == 404


def test_rollup_queries_do_not_grow_with_organisations(
    login, levels, django_assert_max_num_queries
):
    city = levels["city"]
    client = login(levels["city_office"])
    url = reverse("awards:campaign_rollup", args=[levels["city_campaign"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(3):
        commune = UnitFactory(code=f"XA{index}", name=f"Ủy ban nhân dân xã {index}")
        Unit.objects.filter(pk=commune.pk).update(upper_organisation=city)
        CampaignFactory(issuing_unit=commune, basis=levels["city_campaign"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


# --- every package service checks its actor ----------------------------------------------


LOWER_OFFICE = {"office", "admin"}
UPPER_OFFICE = {"city_office"}


def _received(levels):
    return forwarding.package_forward(award_round=levels["round"], by=None)


def _checking(levels):
    return forwarding.package_check(package=_received(levels), by=None)


def _returned(levels):
    return forwarding.package_return(package=_checking(levels), by=None, reasons="Thiếu")


def _accepted(levels):
    return forwarding.package_accept(package=_checking(levels), by=None)


PACKAGE_CASES = {
    "forward": (
        lambda levels: levels["round"],
        lambda r, by, levels: forwarding.package_forward(award_round=r, by=by),
        LOWER_OFFICE,
    ),
    "check": (
        _received,
        lambda p, by, levels: forwarding.package_check(package=p, by=by),
        UPPER_OFFICE,
    ),
    "return": (
        _checking,
        lambda p, by, levels: forwarding.package_return(package=p, by=by, reasons="Thiếu"),
        UPPER_OFFICE,
    ),
    "resend": (
        _returned,
        lambda p, by, levels: forwarding.package_resend(package=p, by=by, note="Đã bổ sung"),
        LOWER_OFFICE,
    ),
    "accept": (
        _checking,
        lambda p, by, levels: forwarding.package_accept(package=p, by=by),
        UPPER_OFFICE,
    ),
    "council": (
        _accepted,
        lambda p, by, levels: forwarding.package_to_council(
            package=p, by=by, upper_round=levels["city_round"]
        ),
        UPPER_OFFICE,
    ),
    "decide": (
        _accepted,
        lambda p, by, levels: forwarding.package_decide(
            package=p, by=by, number="12/QĐ-UBND", date=datetime.date(2027, 5, 20)
        ),
        UPPER_OFFICE,
    ),
}


@pytest.mark.parametrize("case", list(PACKAGE_CASES))
def test_package_services_check_the_actor(case, users, levels):
    prepare, call, allowed = PACKAGE_CASES[case]
    record = prepare(levels)
    actors = {**users, "city_office": levels["city_office"]}
    outcomes = {}
    for name, user in actors.items():
        history = HistoryEntry.objects.count()
        with transaction.atomic():
            try:
                call(record, user, levels)
            except WorkflowError as error:
                outcomes[name] = "refused" if str(error) == str(NOT_ALLOWED) else str(error)
                assert HistoryEntry.objects.count() == history
            else:
                outcomes[name] = "done"
            transaction.set_rollback(True)
    assert outcomes == {name: "done" if name in allowed else "refused" for name in actors}


def test_a_title_decided_above_lands_in_the_yearly_record(users, levels):
    """A Chiến sĩ thi đua thành phố decided by the city is in the nominee's yearly record,
    with the city's decision: the next standards read it from there (awards.records)."""
    form = levels["forwarded"].award_form
    form.title = EmulationTitle.PROVINCE_FIGHTER
    form.save(update_fields=["title"])
    package = forwarding.package_accept(
        package=forwarding.package_check(package=_received(levels), by=None), by=None
    )
    forwarding.package_decide(
        package=package,
        by=levels["city_office"],
        number="2345/QĐ-UBND",
        date=datetime.date(2027, 5, 20),
        authority="Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
    )
    record = EmulationRecord.objects.get(
        person=levels["forwarded"].nominee_person, year=levels["round"].year
    )
    assert [
        (t.title, t.decision_number, t.decision_date, t.issuer) for t in record.titles.all()
    ] == [
        (
            EmulationTitle.PROVINCE_FIGHTER,
            "2345/QĐ-UBND",
            datetime.date(2027, 5, 20),
            "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
        )
    ]


# --- home page panels -------------------------------------------------------------------------

INBOX_TITLE = "Hồ sơ cấp dưới chuyển lên chờ kiểm tra"
RETURNED_TITLE = "Hồ sơ bị cấp trên trả lại"


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_upper_office_home_shows_its_inbox_with_counts(login, users, levels):
    package = _forward(login, users, levels)
    city = login(levels["city_office"])
    page = _home(city)
    assert INBOX_TITLE in page
    assert "Đã nhận: 1 · đang kiểm tra: 0" in page
    assert reverse("awards:package_detail", args=[package.pk]) in page
    assert f'Sở Giáo dục và Đào tạo — {levels["round"]}</a> <span class="muted">— Đã nhận' in page

    _post(city, package, "check")
    assert "Đã nhận: 0 · đang kiểm tra: 1" in _home(city)
    _post(city, package, "accept")
    page = _home(city)
    assert "Đã nhận: 0 · đang kiểm tra: 0" in page
    assert reverse("awards:package_detail", args=[package.pk]) not in page
    assert "Không có hồ sơ nào của cấp dưới chờ kiểm tra." in page
    # The city has no level above: no panel of returned packages.
    assert RETURNED_TITLE not in page


def test_the_lower_office_home_shows_what_was_returned_with_the_reasons(login, users, levels):
    package = _forward(login, users, levels)
    lower = login(users["office"])
    page = _home(lower)
    assert RETURNED_TITLE in page
    assert "Không có hồ sơ nào bị cấp trên trả lại." in page
    # The Sở has no organisation below it: no inbox panel.
    assert INBOX_TITLE not in page

    city = login(levels["city_office"])
    _post(city, package, "return", note="Thiếu biên bản họp Hội đồng có chữ ký.")
    page = _home(login(users["office"]))
    assert "Lý do: Thiếu biên bản họp Hội đồng có chữ ký." in page
    assert reverse("awards:package_detail", args=[package.pk]) in page

    _post(login(users["office"]), package, "resend", note="Đã bổ sung biên bản.")
    page = _home(login(users["office"]))
    assert "Thiếu biên bản họp Hội đồng có chữ ký." not in page
    assert "Sent again" not in page
    assert "Đã nhận, gửi lại (lần 2)" in _home(login(levels["city_office"]))


@pytest.mark.parametrize("username", ["staff_a", "head_a", "leader", "council", "outsider"])
def test_other_roles_see_no_package_panel(login, users, levels, username):
    package = _forward(login, users, levels)
    _post(login(levels["city_office"]), package, "return", note="Thiếu biên bản.")
    page = _home(login(users[username]))
    assert INBOX_TITLE not in page
    assert RETURNED_TITLE not in page
    assert "Thiếu biên bản." not in page


def _packages(levels, org, n, status):
    campaign = levels["round"].campaign
    for year in range(
        3000 + ForwardedPackage.objects.count(), 3000 + ForwardedPackage.objects.count() + n
    ):
        ForwardedPackage.objects.create(
            round=AwardRoundFactory(campaign=campaign, year=year),
            lower_organisation=org["department"],
            upper_organisation=levels["city"],
            status=status,
            sent_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
            return_reasons="Thiếu hồ sơ." if status == PackageStatus.RETURNED else "",
        )


def _home_queries(client) -> int:
    client.get("/")
    home_cache.changed_everywhere()  # the panels built afresh, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_package_panels_cost_the_same_queries_however_many_packages(login, users, levels, org):
    for status in (PackageStatus.RECEIVED, PackageStatus.CHECKING, PackageStatus.RETURNED):
        _packages(levels, org, 6, status)
    upper, lower = levels["city_office"], users["office"]
    few = (_home_queries(login(upper)), _home_queries(login(lower)))
    for status in (PackageStatus.RECEIVED, PackageStatus.CHECKING, PackageStatus.RETURNED):
        _packages(levels, org, 20, status)
    assert (_home_queries(login(upper)), _home_queries(login(lower))) == few
    page = _home(login(upper))
    assert "Đã nhận: 26 · đang kiểm tra: 26" in page
    assert '<span class="count">52</span>' in page
    assert '<span class="count">26</span>' in _home(login(lower))


# --- the upper council votes on the forwarded proposals ----------------------------------------


def _in_council(login, users, levels):
    package = _forward(login, users, levels)
    city = login(levels["city_office"])
    _post(city, package, "check")
    _post(city, package, "accept")
    return package, city


def test_the_upper_council_votes_on_the_forwarded_proposals_at_its_meeting(login, users, levels):
    package, city = _in_council(login, users, levels)
    meeting = _city_meeting(levels)
    forwarded = levels["forwarded"]
    url = reverse("awards:meeting_detail", args=[meeting.pk])
    # Accepted, not yet taken to the council: not before it, no vote.
    assert forwarded.nominee_name not in city.get(url).content.decode()
    assert _vote(city, meeting, forwarded, yes=4).status_code == 404
    with pytest.raises(WorkflowError):
        services.vote_record(
            meeting=meeting, proposal=forwarded, yes=4, no=0, abstain=0, by=levels["city_office"]
        )

    _post(city, package, "council", upper_round=levels["city_round"].pk)
    page = city.get(url).content.decode()
    assert forwarded.nominee_name in page
    assert "Do Sở Giáo dục và Đào tạo chuyển lên" in page
    assert f'name="p{forwarded.pk}-yes"' in page
    # The round's proposals and the lower level's own stay out; no link into the lower tree.
    assert levels["own"].nominee_name not in page
    assert reverse("awards:proposal_detail", args=[forwarded.pk]) not in page

    assert _vote(city, meeting, forwarded, yes=4, no=0).status_code == 302
    vote = forwarded.votes.get(meeting=meeting)
    assert (vote.yes, vote.result) == (4, "passed")
    entry = HistoryEntry.objects.filter(object_id=forwarded.pk, action="upper_vote").get()
    assert (entry.actor, entry.note) == (levels["city_office"], str(levels["city_round"]))
    # The city council's minutes carry the vote.
    [minutes] = dossier.meeting_rows(levels["city_round"])
    assert [(v["name"], v["yes"], v["passed"]) for v in minutes["votes"]] == [
        (forwarded.nominee_name, 4, True)
    ]
    # The Sở's office does not open the city's meeting.
    assert login(users["office"]).get(url).status_code == 404


def test_the_decision_goes_only_where_the_council_vote_carried(login, users, levels):
    package, city = _in_council(login, users, levels)
    _post(city, package, "council", upper_round=levels["city_round"].pk)
    meeting = _city_meeting(levels)
    decision = {
        "number": "2345/QĐ-UBND",
        "date": "20/05/2027",
        "authority": "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
    }
    # No vote yet: nothing to decide.
    response = _post(city, package, "decide", **decision)
    package.refresh_from_db()
    assert package.status == PackageStatus.IN_COUNCIL
    assert "Hội đồng chưa biểu quyết thông qua đề nghị nào được chuyển lên" in (
        city.get(response["Location"]).content.decode()
    )
    # 2 of 5 members in favour: below the form's 50 % of all members.
    _vote(city, meeting, levels["forwarded"], yes=2, no=2)
    _post(city, package, "decide", **decision)
    package.refresh_from_db()
    assert package.status == PackageStatus.IN_COUNCIL
    assert AwardProposal.objects.get(pk=levels["forwarded"].pk).status == ProposalStatus.APPROVED

    _vote(city, meeting, levels["forwarded"], yes=3, no=1)
    _post(city, package, "decide", **decision)
    package.refresh_from_db()
    assert package.status == PackageStatus.DECIDED
    proposal = AwardProposal.objects.get(pk=levels["forwarded"].pk)
    assert (proposal.status, proposal.decision_number) == (ProposalStatus.DECIDED, "2345/QĐ-UBND")


def test_a_vote_at_the_lower_round_does_not_carry_the_proposal_above(login, users, levels):
    """The lower council's passing vote is its own: the upper decision needs the upper one."""
    from .factories import VoteFactory

    package, city = _in_council(login, users, levels)
    _post(city, package, "council", upper_round=levels["city_round"].pk)
    VoteFactory(meeting=levels["round"].meetings.get(), proposal=levels["forwarded"], yes=10, no=0)
    _post(city, package, "decide", number="1/QĐ-UBND", date="20/05/2027")
    package.refresh_from_db()
    assert package.status == PackageStatus.IN_COUNCIL
