"""The conference of a phase: the office invites delegates by unit and marks them confirmed;
the honourees are the round's approved awards; outside one's scope the pages are 404."""

import datetime

import pytest
from django.urls import reverse

from awards.models import ProposalStatus
from campaigns import conference
from campaigns.models import ConferenceDelegate, Phase, RoundKind
from portal.services import history_for
from tests.awards.factories import AwardProposalFactory, AwardRoundFactory
from tests.factories import CampaignFactory, PersonFactory, PhaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def phase(org):
    campaign = CampaignFactory(issuing_unit=org["department"])
    campaign.participants.add(org["department"])
    return PhaseFactory(
        campaign=campaign,
        kind=Phase.Kind.FINAL,
        start_date=datetime.date(2025, 4, 1),
        conference_venue="Hội trường Sở",
        conference_programme="Khai mạc Hội nghị;\nBiểu dương điển hình tiên tiến;",
    )


def test_the_office_invites_a_delegate_and_marks_the_attendance_confirmed(phase, users, org, login):
    client = login(users["office"])
    url = reverse("campaigns:conference_delegate_add", args=[phase.pk])
    response = client.post(
        url, {"unit": org["school_a"].pk, "full_name": "Trần Văn Bình", "position": "Hiệu trưởng"}
    )
    assert response.status_code == 302
    delegate = ConferenceDelegate.objects.get(phase=phase)
    assert (delegate.unit, delegate.confirmed_at) == (org["school_a"], None)

    client.post(reverse("campaigns:conference_delegate_confirm", args=[delegate.pk]))
    delegate.refresh_from_db()
    assert delegate.confirmed_by == users["office"]
    assert delegate.confirmed_at is not None

    page = client.get(reverse("campaigns:conference", args=[phase.pk])).content.decode()
    assert "Trần Văn Bình" in page and "Trường THPT An Lão" in page
    assert "Biểu dương điển hình tiên tiến" in page
    entries = [(e.action, e.actor, e.to_state) for e in history_for(phase)]
    assert entries == [
        ("delegate_add", users["office"], ""),
        ("delegate_confirm", users["office"], "confirmed"),
    ]


def test_bad_input_is_refused_with_a_message(phase, users, org, login):
    client = login(users["office"])
    url = reverse("campaigns:conference_delegate_add", args=[phase.pk])
    response = client.post(url, {"unit": org["school_a"].pk, "full_name": "  "}, follow=True)
    assert "Hãy nhập họ và tên đại biểu." in response.content.decode()
    response = client.post(url, {"unit": org["other"].pk, "full_name": "A"}, follow=True)
    assert "Đơn vị này không tham gia phong trào." in response.content.decode()
    response = client.post(url, {"unit": "x", "full_name": "A"}, follow=True)
    assert response.status_code == 200
    assert not ConferenceDelegate.objects.exists()


def test_the_service_checks_its_actor(phase, users, org):
    with pytest.raises(conference.ConferenceError):
        conference.delegate_add(
            phase=phase, unit=org["school_a"], full_name="A", position="", by=users["staff_a"]
        )
    assert not ConferenceDelegate.objects.exists()


def test_outside_the_scope_the_pages_are_404(phase, users, org, login):
    delegate = conference.delegate_add(
        phase=phase, unit=org["school_a"], full_name="A", position="", by=users["office"]
    )
    outsider = login(users["outsider"])
    assert outsider.get(reverse("campaigns:conference", args=[phase.pk])).status_code == 404
    add = reverse("campaigns:conference_delegate_add", args=[phase.pk])
    assert outsider.post(add, {"unit": org["school_a"].pk, "full_name": "B"}).status_code == 404
    confirm = reverse("campaigns:conference_delegate_confirm", args=[delegate.pk])
    # Unit staff of a participating unit see the conference but change nothing.
    staff = login(users["staff_a"])
    page = staff.get(reverse("campaigns:conference", args=[phase.pk]))
    assert page.status_code == 200
    assert 'name="full_name"' not in page.content.decode()
    assert staff.post(confirm).status_code == 404
    delegate.refresh_from_db()
    assert delegate.confirmed_at is None


def test_the_honourees_are_the_approved_awards_of_the_phase_round(phase, users, org, login):
    final = AwardRoundFactory(campaign=phase.campaign, kind=RoundKind.FINAL, year=2025)
    yearly = AwardRoundFactory(campaign=phase.campaign, kind=RoundKind.YEARLY, year=2025)
    honoured = PersonFactory(unit=org["school_a"], full_name="Nguyễn Thị Vinh")
    pending = PersonFactory(unit=org["school_a"], full_name="Lê Văn Chờ")
    other_round = PersonFactory(unit=org["school_b"], full_name="Phạm Văn Năm")
    AwardProposalFactory(
        round=final, nominee_person=honoured, status=ProposalStatus.DECIDED, decision_number="5/QĐ"
    )
    AwardProposalFactory(round=final, nominee_person=pending, status=ProposalStatus.CHECKED)
    AwardProposalFactory(round=yearly, nominee_person=other_round, status=ProposalStatus.DECIDED)

    page = login(users["office"]).get(reverse("campaigns:conference", args=[phase.pk]))
    text = page.content.decode()
    assert "Nguyễn Thị Vinh" in text and "5/QĐ" in text
    assert "Lê Văn Chờ" not in text
    assert "Phạm Văn Năm" not in text


def test_the_office_prints_an_invitation_per_delegate_and_the_list_of_honourees(
    phase, users, org, login
):
    from portal.pdf import page_count

    client = login(users["office"])
    invitations = reverse("campaigns:conference_invitations", args=[phase.pk])
    # Nothing to print yet: back to the page with a message, never an empty file.
    response = client.get(invitations, follow=True)
    assert "Hãy mời ít nhất một đại biểu trước khi in giấy mời." in response.content.decode()
    for unit, name in ((org["school_a"], "Trần Văn Bình"), (org["school_b"], "Lê Thị Hoa")):
        conference.delegate_add(
            phase=phase, unit=unit, full_name=name, position="", by=users["office"]
        )
    response = client.get(invitations)
    assert response["Content-Type"] == "application/pdf"
    assert page_count(response.content) == 2
    staff = login(users["staff_a"])
    assert staff.get(invitations).status_code == 404
    honourees = staff.get(reverse("campaigns:conference_honourees", args=[phase.pk]))
    assert honourees["Content-Type"] == "application/pdf"


def test_the_list_of_honourees_names_the_conference_once_and_is_signed_by_name(
    phase, users, org, login, tmp_path
):
    from tests.awards.test_dossier import pdf_text
    from units.models import Signer, SignerAuthority

    phase.title = "Hội nghị tổng kết phong trào năm 2025 (½ buổi, dự kiến quý II)"
    phase.save(update_fields=["title"])
    Signer.objects.create(
        organisation=org["department"],
        authority=SignerAuthority.OWN,
        title="Giám đốc",
        full_name="Nguyễn Văn Hùng",
    )
    final = AwardRoundFactory(campaign=phase.campaign, kind=RoundKind.FINAL, year=2025)
    AwardProposalFactory(
        round=final,
        nominee_person=PersonFactory(unit=org["school_a"], full_name="Nguyễn Thị Vinh"),
        status=ProposalStatus.DECIDED,
        decision_number="915/QĐ-UBND",
        decision_date=datetime.date(2025, 4, 10),
        decision_authority="Chủ tịch UBND tỉnh",
    )

    response = login(users["office"]).get(
        reverse("campaigns:conference_honourees", args=[phase.pk])
    )
    text = pdf_text(response.content, tmp_path)
    assert "tại Hội nghị tổng kết phong trào năm 2025" in text
    assert "Hội nghị Hội nghị" not in text
    assert "½ buổi" not in text  # the plan's note on the phase is not the conference's name
    assert "Nguyễn Văn Hùng" in text
    assert "915/QĐ-UBND ngày 10/04/2025 của Chủ tịch UBND tỉnh" in text
