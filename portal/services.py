"""Services every app uses: record history, notify users by email and in the portal."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import HistoryEntry, Notification


def history_record(
    *, subject, by, action, from_state="", to_state="", note="", changes=None
) -> HistoryEntry:
    """Write one history row for `subject` (any model instance)."""
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        note=note or "",
        changes=changes or {},
    )


def history_for(subject):
    """The history of one record, oldest first, with the actors loaded."""
    return (
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
        .select_related("actor", "actor__person")
        .order_by("at", "id")
    )


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def notify_users(*, users: Iterable, template: str, context: dict, url: str = "") -> None:
    """Email `users` and leave a portal notification, once the transaction commits.

    `template` names a pair `<template>_subject.txt` / `<template>_body.txt`, rendered in
    Vietnamese (each user's language when it is set).
    """
    recipients = [user for user in users if user is not None and user.is_active]
    if not recipients:
        return

    def send():
        for user in recipients:
            notification_send(user=user, template=template, context=context, url=url)

    transaction.on_commit(send)


def notification_send(*, user, template: str, context: dict, url: str = "") -> Notification:
    """Render, email and record one notification now (callers usually want notify_users)."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    full_url = absolute_url(url) if url else ""
    with translation.override(language):
        ctx = {**context, "user": user, "url": full_url, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}_body.txt", ctx).strip() + "\n"
    notification = Notification.objects.create(
        recipient=user, subject=subject[:255], body=body, url=url
    )
    if user.email:
        message = EmailMultiAlternatives(subject, body, to=[user.email])
        message.send()
    return notification
