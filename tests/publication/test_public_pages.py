"""The public area: campaigns made public, their awards and proposed lists, comments from
anyone while the list is open, the office's handling of them, and the gate before the
decision (awards.consultation)."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import consultation, services
from awards.models import AwardRound, ProposalStatus, RoundStatus
from portal.models import Notification
from portal.services import history_for
from portal.workflow import WorkflowError
from publication.models import PublicComment
from tests.awards.factories import AwardProposalFactory
from tests.conftest import SignedInClient
from tests.factories import PersonFactory

from .conftest import PRIVATE


def _open(public, office):
    return services.round_comments_open(award_round=public["round"], by=office)


def _comment(client, award_round, **data):
    payload = {"name": "Đỗ Minh Khoa", "contact": "khoa.do@example.vn", "text": "Đồng ý."}
    payload.update(data)
    return client.post(reverse("publication:round", args=[award_round.pk]), payload)


def test_anyone_reads_the_public_campaign_page(public):
    anonymous = Client()
    index = anonymous.get(reverse("publication:index")).content.decode()
    assert public["campaign"].title in index

    page = anonymous.get(reverse("publication:campaign", args=[public["campaign"].pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Trường THPT Bạch Đằng" in text  # the decided collective
    assert "15/QĐ-SGDĐT" in text and "20/01/2026" in text
    assert "Giám đốc Sở Giáo dục và Đào tạo" in text
    # Only issued decisions: the submitted proposal is not an award yet.
    assert "Nguyễn Thị Hương" not in text


def test_a_campaign_not_made_public_is_not_found(public):
    public["campaign"].public = False
    public["campaign"].save(update_fields=["public"])
    anonymous = Client()
    assert (
        anonymous.get(reverse("publication:campaign", args=[public["campaign"].pk])).status_code
        == 404
    )
    assert (
        public["campaign"].title not in anonymous.get(reverse("publication:index")).content.decode()
    )


def test_a_round_never_opened_for_comments_is_not_found(public):
    url = reverse("publication:round", args=[public["round"].pk])
    assert Client().get(url).status_code == 404


def test_opening_the_list_records_who_and_the_period(public, users):
    today = consultation.today()

    award_round = _open(public, users["office"])

    assert award_round.comments_from == today
    assert award_round.comments_until == consultation.period_end(today, 10)
    entry = history_for(award_round).get(action="comments")
    assert entry.actor == users["office"]
    assert entry.changes["working_days"] == 10


def test_the_period_counts_working_days():
    monday = datetime.date(2026, 11, 30)
    # Ten working days from a Monday end on the Friday of the next week.
    assert consultation.period_end(monday, 10) == datetime.date(2026, 12, 11)
    saturday = datetime.date(2026, 12, 5)
    assert consultation.period_end(saturday, 10) == datetime.date(2026, 12, 18)


def test_fewer_days_than_the_decree_are_refused(public, users):
    with pytest.raises(WorkflowError):
        services.round_comments_open(award_round=public["round"], by=users["office"], days=5)
    assert AwardRound.objects.get(pk=public["round"].pk).comments_from is None


@pytest.mark.parametrize("who", ["staff_a", "leader", "outsider"])
def test_only_the_issuing_office_opens_the_list(client, public, users, who):
    client.force_login(users[who])
    client.post(reverse("awards:round_comments_open", args=[public["round"].pk]), {"days": 10})
    assert AwardRound.objects.get(pk=public["round"].pk).comments_from is None


def test_the_proposed_list_shows_name_unit_and_award_only(public, users):
    award_round = _open(public, users["office"])

    page = Client().get(reverse("publication:round", args=[award_round.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Nguyễn Thị Hương" in text and "Trường THPT An Lão" in text
    assert "Giấy khen của Giám đốc Sở" in text
    assert "Phạm Văn Nháp" not in text  # a draft is not proposed
    assert award_round.comments_until.strftime("%d/%m/%Y") in text
    for private in PRIVATE:
        assert private not in text


def test_a_comment_reaches_the_office_and_its_contact_stays_private(
    public, users, django_capture_on_commit_callbacks
):
    award_round = _open(public, users["office"])
    anonymous = Client()

    with django_capture_on_commit_callbacks(execute=True):
        response = _comment(
            anonymous, award_round, proposal=public["proposed"].pk, contact="0987654321"
        )

    assert response.status_code == 302
    comment = PublicComment.objects.get()
    assert comment.proposal == public["proposed"]
    assert comment.contact == "0987654321"
    assert Notification.objects.filter(recipient=users["office"]).exists()
    assert [m.to for m in mail.outbox] == [[users["office"].email]]
    # The contact is never on a public page...
    for url in (
        reverse("publication:index"),
        reverse("publication:campaign", args=[public["campaign"].pk]),
        reverse("publication:round", args=[award_round.pk]),
    ):
        assert "0987654321" not in anonymous.get(url).content.decode()
    # ...and the office reads it on its list.
    office = SignedInClient()
    office.force_login(users["office"])
    listing = office.get(reverse("publication:comments", args=[award_round.pk]))
    assert "0987654321" in listing.content.decode()


@pytest.mark.parametrize("who", ["staff_a", "council", "outsider"])
def test_the_comments_are_the_office_s_alone(client, public, users, who):
    award_round = _open(public, users["office"])
    _comment(Client(), award_round)
    client.force_login(users[who])
    assert client.get(reverse("publication:comments", args=[award_round.pk])).status_code == 404


def test_the_office_records_how_it_handled_a_comment(public, users):
    award_round = _open(public, users["office"])
    _comment(Client(), award_round)
    comment = PublicComment.objects.get()
    office = SignedInClient()
    office.force_login(users["office"])

    office.post(
        reverse("publication:comment_respond", args=[comment.pk]),
        {"response": "Đã xác minh, giữ nguyên đề nghị."},
    )

    comment.refresh_from_db()
    assert comment.response == "Đã xác minh, giữ nguyên đề nghị."
    assert comment.responded_by == users["office"]
    assert history_for(comment).get(action="handled").actor == users["office"]


def test_a_comment_after_the_period_is_refused_in_vietnamese(public, users):
    award_round = _open(public, users["office"])
    AwardRound.objects.filter(pk=award_round.pk).update(
        comments_from=datetime.date(2026, 1, 5), comments_until=datetime.date(2026, 1, 16)
    )

    response = Client().post(
        reverse("publication:round", args=[award_round.pk]),
        {"name": "Đỗ Minh Khoa", "contact": "khoa.do@example.vn", "text": "Đồng ý."},
        follow=True,
    )

    assert PublicComment.objects.count() == 0
    page = response.content.decode()
    assert "Thời hạn góp ý đối với danh sách đề nghị này đã kết thúc" in page
    assert "05/01/2026" in page and "16/01/2026" in page


def test_the_honeypot_stores_nothing(public, users):
    award_round = _open(public, users["office"])
    _comment(Client(), award_round, website="http://spam.example")
    assert PublicComment.objects.count() == 0


def test_one_address_sends_only_a_few_comments(public, users):
    award_round = _open(public, users["office"])
    client = Client()
    for _ in range(8):
        _comment(client, award_round)
    assert PublicComment.objects.count() == 5


def test_a_contact_that_reaches_nobody_is_refused(public, users):
    award_round = _open(public, users["office"])
    response = _comment(Client(), award_round, contact="không có")
    assert response.status_code == 200
    assert PublicComment.objects.count() == 0


def test_the_round_cannot_be_finalised_while_comments_are_open(public, users):
    award_round = _open(public, users["office"])
    public["proposed"].status = "rejected"
    public["proposed"].save(update_fields=["status"])

    until = award_round.comments_until.strftime("%d/%m/%Y")
    with pytest.raises(WorkflowError, match=until):
        services.round_finalise(award_round=award_round, by=users["office"])
    assert AwardRound.objects.get(pk=award_round.pk).status == RoundStatus.OPEN

    AwardRound.objects.filter(pk=award_round.pk).update(
        comments_from=datetime.date(2026, 1, 5), comments_until=datetime.date(2026, 1, 16)
    )
    services.round_finalise(award_round=award_round, by=users["office"])
    assert AwardRound.objects.get(pk=award_round.pk).status == RoundStatus.FINALISED


def test_the_sign_in_and_home_pages_link_to_the_public_area(public, users):
    index = reverse("publication:index")
    assert f'href="{index}"' in Client().get(reverse("login")).content.decode()
    office = SignedInClient()
    office.force_login(users["office"])
    assert f'href="{index}"' in office.get(reverse("home")).content.decode()


def test_a_certificate_code_leads_to_its_verification_page(db):
    response = Client().get(
        reverse("publication:verify"), {"code": "https://x.vn/xac-thuc/abc123/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("certificate_verify", args=["abc123"])


def test_the_campaign_page_reads_the_same_queries_for_one_award_or_many(
    public, org, django_assert_max_num_queries
):
    url = reverse("publication:campaign", args=[public["campaign"].pk])
    anonymous = Client()
    anonymous.get(url)
    with CaptureQueriesContext(connection) as one:
        anonymous.get(url)
    for index in range(6):
        AwardProposalFactory(
            round=public["round"],
            award_form=public["form"],
            nominee_person=PersonFactory(full_name=f"Người {index}", unit=org["school_b"]),
            status=ProposalStatus.DECIDED,
            decision_number="15/QĐ-SGDĐT",
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = anonymous.get(url)
    assert "Người 5" in page.content.decode()
