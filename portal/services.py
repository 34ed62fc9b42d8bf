"""Services every app uses: record history, notify users by email and in the portal."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .deliveries import deliveries_enqueue_on_commit
from .models import (
    Delivery,
    DeliveryMode,
    HistoryEntry,
    Notification,
    NotificationKind,
    NotificationPreference,
)


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


# The kind of a notification when the caller names none: from its template's app.
KIND_BY_TEMPLATE = {
    "initiatives/": NotificationKind.INITIATIVE,
    "reports/email/reminder": NotificationKind.REMINDER,
    "reports/": NotificationKind.REPORT,
    "awards/": NotificationKind.AWARD,
    "portal/email/file_ready": NotificationKind.FILE,
}


def kind_for_template(template: str) -> str:
    for prefix, kind in KIND_BY_TEMPLATE.items():
        if template.startswith(prefix):
            return kind
    return NotificationKind.OTHER


def delivery_modes(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each user's choice for a kind of notification (email at once when none is recorded)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list(
            "user_id", "mode"
        )
    )
    return defaultdict(lambda: DeliveryMode.EMAIL, chosen)


@transaction.atomic
def preferences_save(*, user, modes: dict[str, str]) -> None:
    """Record how `user` wants each kind of notification (email at once needs no row)."""
    for kind, mode in modes.items():
        if kind not in NotificationKind.values or mode not in DeliveryMode.values:
            raise ValueError(f"unknown kind or mode: {kind}={mode}")
        if mode == DeliveryMode.EMAIL:
            NotificationPreference.objects.filter(user=user, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"mode": mode}
            )
    # Emails waiting for the digest follow a change to "at once" or "portal only".
    for kind, mode in modes.items():
        waiting = Delivery.objects.filter(
            recipient=user, kind=kind, digest=True, status=Delivery.Status.PENDING
        )
        if mode == DeliveryMode.EMAIL:
            ids = list(waiting.values_list("pk", flat=True))
            waiting.update(digest=False)
            deliveries_enqueue_on_commit(ids)
        elif mode == DeliveryMode.PORTAL:
            waiting.update(status=Delivery.Status.CANCELLED, note="the user chose the portal only")


@transaction.atomic
def notifications_write(
    *,
    messages: list[tuple],
    kind: str,
    url: str = "",
    group: str = "",
    renderer: str = "",
    ref_id: int | None = None,
    enqueue: bool = True,
) -> list[Delivery]:
    """Write a portal notification per message and, unless its user chose the portal only
    for this kind, an email delivery row (at once, or in the daily digest).

    A message is (user, subject, body), or (user, subject, body, url, ref_id) when those
    differ from one message to the next. Runs in the caller's transaction; the deliveries
    are enqueued once it commits (unless `enqueue` is False: the caller enqueues them)."""
    if not messages:
        return []
    messages = [m if len(m) == 5 else (*m, url, ref_id) for m in messages]
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, subject=subject[:255], body=body, url=u, kind=kind)
            for user, subject, body, u, _ in messages
        ],
        batch_size=1000,
    )
    modes = delivery_modes({m[0].pk for m in messages}, kind)
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                notification=notification,
                recipient=user,
                kind=kind,
                digest=modes[user.pk] == DeliveryMode.DIGEST,
                group=group,
                renderer=renderer,
                ref_id=ref,
            )
            for notification, (user, _, _, _, ref) in zip(notifications, messages, strict=True)
            if user.email and modes[user.pk] != DeliveryMode.PORTAL
        ],
        batch_size=1000,
    )
    if enqueue:
        deliveries_enqueue_on_commit([d.pk for d in deliveries if not d.digest])
    return deliveries


def notification_render(*, user, template: str, context: dict, url: str = "") -> tuple[str, str]:
    """Subject and body of `template` for one user, in the user's language."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    full_url = absolute_url(url) if url else ""
    with translation.override(language):
        ctx = {**context, "user": user, "url": full_url, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}_body.txt", ctx).strip() + "\n"
    return subject, body


def notify_users(
    *, users: Iterable, template: str, context: dict, url: str = "", kind: str | None = None
) -> None:
    """Notify `users` in the portal and by email, through the delivery outbox.

    The notifications and their delivery rows are written now, in the caller's transaction:
    they exist exactly when the change does. The emails leave after commit, from a worker
    (`portal.deliveries`), so a mail server that is down never fails the request.
    `template` names a pair `<template>_subject.txt` / `<template>_body.txt`, rendered in
    Vietnamese (each user's language when it is set). `kind` (a NotificationKind) decides
    which of the user's choices applies; by default it follows the template's app.
    """
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    if not recipients:
        return
    messages = [
        (user, *notification_render(user=user, template=template, context=context, url=url))
        for user in recipients.values()
    ]
    notifications_write(messages=messages, kind=kind or kind_for_template(template), url=url)


def notification_send(*, user, template: str, context: dict, url: str = "") -> Notification:
    """Notify one user now, outside any transaction of the caller's (the rows are written
    and the email handed to the outbox at once)."""
    with transaction.atomic():
        subject, body = notification_render(user=user, template=template, context=context, url=url)
        notifications_write(
            messages=[(user, subject, body)], kind=kind_for_template(template), url=url
        )
    return user.notifications.order_by("-pk").first()
