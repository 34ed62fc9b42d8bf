"""Submitting an initiative while the mail server is down: the page answers normally, the
initiative is saved, and each email leaves exactly once when the server is back."""

import datetime

from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, Status
from portal.models import Delivery, Notification
from portal.tasks import deliver, sweep_deliveries
from tests.initiatives.test_views import application_data
from tests.reports.smtp import SmtpSink, free_port


def test_submit_with_the_mail_server_down_saves_and_mails_once_later(
    login, users, campaign, org, settings, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens there: the mail server is down
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    client = login(users["staff_a"])
    data = application_data(
        campaign=campaign,
        unit=org["school_a"],
        authors=[("Nguyễn Thị Hương", 100)],
        action="submit",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("initiatives:create"), data)

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("initiatives:detail", args=[initiative.pk])
    assert initiative.status == Status.SUBMITTED
    deliveries = Delivery.objects.all()
    assert deliveries.count() == 3
    assert set(deliveries.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert Notification.objects.count() == 3  # shown in the portal meanwhile

    with SmtpSink(port=port) as sink:
        # The backoff is over: the sweep hands the rows to the delivery task again.
        deliveries.update(not_before=timezone.now() - datetime.timedelta(seconds=1))
        sweep_deliveries.apply()
        received = sink.wait_for(3)
        # Running the delivery task again (a task delivered twice) sends nothing more.
        deliver.apply(args=(list(deliveries.values_list("pk", flat=True)),))
        sweep_deliveries.apply()
        assert len(sink.messages) == 3
    assert sorted(m["To"] for m in received) == sorted(
        user.email for user in {d.recipient for d in deliveries}
    )
    assert set(deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
