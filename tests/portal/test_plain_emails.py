"""Plain-text emails carry what people typed, character for character."""

from django.core import mail
from django.urls import reverse

from portal.services import notification_send


def test_award_and_file_emails_are_not_escaped(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send_both(users)
    award, ready = mail.outbox
    assert award.subject == "Đề nghị khen thưởng cho Nguyễn Văn <A> & co: Đã duyệt"
    assert "“Bằng khen 'UBND'”" in award.body
    assert 'Ghi chú "x"' in award.body
    assert "Hồ sơ <A&B>.pdf" in ready.subject
    assert "Hồ sơ <A&B>.pdf" in ready.body


def _send_both(users):
    notification_send(
        user=users["staff_a"],
        template="awards/email/proposal_state",
        context={
            "nominee": "Nguyễn Văn <A> & co",
            "state": "Đã duyệt",
            "award_form": "Bằng khen 'UBND'",
            "round": "Sơ kết",
            "note": 'Ghi chú "x"',
        },
    )
    notification_send(
        user=users["staff_a"],
        template="portal/email/file_ready",
        context={"filename": "Hồ sơ <A&B>.pdf", "version": 2},
    )


def test_password_reset_email_keeps_the_name_verbatim(client, users):
    user = users["staff_a"]
    user.first_name, user.last_name = "O'Neil", "<Tom>"
    user.person = None
    user.save()
    client.post(reverse("password_reset"), {"email": user.email})
    [message] = mail.outbox
    assert "&#x27;" not in message.body and "&lt;" not in message.body
    assert "O'Neil <Tom>" in message.body
