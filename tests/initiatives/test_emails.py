"""Plain-text emails carry the initiative's title character for character; the portal's
HTML pages still escape it."""

from django.core import mail
from django.urls import reverse

from initiatives import services
from portal.models import Notification

TITLE = '<b>Tom\'s "x" & y</b>'


def test_initiative_title_arrives_verbatim_in_the_text_email(
    make_initiative, users, django_capture_on_commit_callbacks
):
    initiative = make_initiative(title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
        services.initiative_return(
            initiative=initiative, by=users["office"], reason="Thiếu <số liệu> & 'minh chứng'"
        )
    submitted = next(m for m in mail.outbox if m.to == ["office@example.vn"])
    assert submitted.subject == f"Sáng kiến đã được nộp: {TITLE}"
    assert f"“{TITLE}”" in submitted.body
    returned = [m for m in mail.outbox if m.to == ["staff_a@example.vn"]][-1]
    assert f"“{TITLE}”" in returned.body
    assert "Thiếu <số liệu> & 'minh chứng'" in returned.body
    for message in mail.outbox:
        assert "&lt;" not in message.body and "&#x27;" not in message.body
        assert "&amp;" not in message.subject
        assert message.alternatives == []


def test_the_portal_notification_page_still_escapes_the_title(
    make_initiative, users, client, django_capture_on_commit_callbacks
):
    initiative = make_initiative(title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_submit(initiative=initiative, by=users["staff_a"])
    assert Notification.objects.get(recipient=users["office"]).subject.endswith(TITLE)
    client.force_login(users["office"])
    page = client.get(reverse("notifications")).content.decode()
    assert "&lt;b&gt;Tom&#x27;s &quot;x&quot; &amp; y&lt;/b&gt;" in page
    assert TITLE not in page
