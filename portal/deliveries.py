"""The delivery outbox: every email the portal sends leaves through here.

A change writes its `Notification` (the bell) and one `Delivery` row per email in its own
transaction (`portal.services.notify_users`); nothing is sent inside the request. After
commit the rows are handed to Celery in batches (`deliveries_enqueue`). A worker then:

- claims the rows still pending (status `sending`, a claim token of its own, `claimed_at`;
  PostgreSQL skips rows another worker holds), so a task delivered twice sends nothing twice;
- opens ONE SMTP connection for the batch, sends each message as bytes (`Mime`: the
  header block of each distinct subject encoded once per batch), and marks the rows of
  accepted messages `sent` in groups of `MARK_EVERY` (sooner after `MARK_WITHIN` seconds):
  the window left is a worker killed between the server's acceptance and that group's
  commit, which repeats at most that group's emails;
- on a failure puts the row back to `pending` with `not_before` pushed back (backoff), and
  after `MAX_ATTEMPTS` marks it `failed`; a mail server that is down loses nothing;
- refreshes `claimed_at` while a long batch runs, so that a live worker is never taken for
  a dead one.

`deliveries_sweep` (beat, every 30 s) releases claims older than `CLAIM_TIMEOUT` (a worker
that died) and enqueues the pending rows that are due and were never enqueued, or were
enqueued long ago: a task lost with its worker is sent again within a minute, without
waiting for the broker's visibility timeout. `digests_send` (beat, once a day) sends each
user who chose the daily digest one email with what is pending for them.

A row may name a `renderer` (registered by an app, e.g. the report reminders) that writes
the text when it is sent rather than when it was decided, or drops the row with a reason.
"""

import datetime
import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import DNS_NAME, forbid_multi_line_headers, sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Delivery

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_ATTEMPTS = 10
# Backoff after a failed attempt: 30 s, 1 min, 2 min, ... at most 1 h.
BACKOFF_FIRST = 30
BACKOFF_MAX = 3600
# While a batch runs its claim is refreshed this often (seconds).
HEARTBEAT = 5
# The rows of accepted messages are marked sent together: every MARK_EVERY messages, and
# sooner once MARK_WITHIN seconds have passed since the first of them was accepted. A worker
# killed mid-batch (nothing can run after SIGKILL) has its unmarked rows sent again: at
# most MARK_EVERY emails, and at most MARK_WITHIN seconds' worth on a slow mail server.
MARK_EVERY = 20
MARK_WITHIN = 0.5
# Errors about one message: the connection stays usable for the next ones.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def claim_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.DELIVERY_CLAIM_TIMEOUT)


class DeliveryDropped(Exception):
    """A renderer's answer: this row is not to be sent (the reason is recorded)."""


@dataclass
class Renderer:
    """Writes rows' text at send time: `render(rows, today)` returns, per row id, a pair
    (subject, body) or a DeliveryDropped; `sent(rows)` is told which rows of a batch went
    out once the batch is through; `settle()`, run by the sweep, catches up on the rows of
    a batch whose worker died."""

    render: Callable[[list[Delivery], datetime.date], dict]
    sent: Callable[[list[Delivery]], None] | None = None
    settle: Callable[[], None] | None = None


_RENDERERS: dict[str, Renderer] = {}


def renderer_register(name: str, *, render, sent=None, settle=None) -> None:
    _RENDERERS[name] = Renderer(render=render, sent=sent, settle=settle)


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


# Enqueuing ---------------------------------------------------------------------------


def deliveries_enqueue(ids: Iterable[int]) -> None:
    """Hand rows to Celery in batches. Never raises: a broker that is down leaves the rows
    pending for the sweep (and, with tasks in-process, a failure never reaches the page)."""
    from .tasks import deliver

    ids = list(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        try:
            Delivery.objects.filter(pk__in=chunk, status=Delivery.Status.PENDING).update(
                enqueued_at=timezone.now()
            )
            deliver.delay(chunk)
        except Exception:
            logger.exception("could not enqueue %d deliveries; the sweep will", len(chunk))


def deliveries_enqueue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: deliveries_enqueue(ids))


def deliveries_sweep(*, now: datetime.datetime | None = None) -> dict:
    """Release claims of workers that died and enqueue what is due and not on its way."""
    now = now or timezone.now()
    stale = now - claim_timeout()
    abandoned = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=stale)
    # A row whose every attempt died with its worker (or failed unexpectedly) stops there.
    abandoned.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Delivery.Status.FAILED, claim="", note="every attempt was interrupted"
    )
    released = abandoned.update(status=Delivery.Status.PENDING, claim="", enqueued_at=None)
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, digest=False)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
        .order_by("pk")
        .values_list("pk", flat=True)[:10000]
    )
    deliveries_enqueue(due)
    for renderer in _RENDERERS.values():
        if renderer.settle is not None:
            renderer.settle()
    if released or due:
        logger.info("delivery sweep: %d claims released, %d rows enqueued", released, len(due))
    return {"released": released, "enqueued": len(due)}


def deliveries_cancel(*, group: str, note: str) -> int:
    """Cancel the rows of a group that are not sent yet (e.g. a reporting cycle closed)."""
    return Delivery.objects.filter(
        group=group, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).update(status=Delivery.Status.CANCELLED, note=note[:500], claim="")


# Claiming and sending ----------------------------------------------------------------


def _claim(queryset, now) -> tuple[str, list[Delivery]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = queryset.filter(status=Delivery.Status.PENDING)
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        pks = list(candidates.values_list("pk", flat=True))
        # The status condition again: on SQLite (no row locks) two workers may read the
        # same rows; only one of them changes each.
        Delivery.objects.filter(pk__in=pks, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING,
            claim=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    rows = list(
        Delivery.objects.filter(claim=token, status=Delivery.Status.SENDING)
        .select_related("notification", "recipient")
        .order_by("pk")
    )
    return token, rows


def _texts(rows: list[Delivery], today: datetime.date) -> dict[int, tuple | DeliveryDropped]:
    """Subject and body of each row: the notification's, or its renderer's."""
    texts: dict[int, tuple | DeliveryDropped] = {}
    by_renderer: dict[str, list[Delivery]] = defaultdict(list)
    for row in rows:
        if not row.recipient.is_active or not row.recipient.email:
            texts[row.pk] = DeliveryDropped("no active recipient with an email address")
        elif row.renderer:
            by_renderer[row.renderer].append(row)
        else:
            texts[row.pk] = (row.notification.subject, row.notification.body)
    for name, group in by_renderer.items():
        renderer = _RENDERERS.get(name)
        if renderer is None:
            texts.update({row.pk: DeliveryDropped(f"unknown renderer {name}") for row in group})
            continue
        texts.update(renderer.render(group, today))
    return texts


def _mark(row: Delivery, token: str, **fields) -> None:
    Delivery.objects.filter(pk=row.pk, claim=token).update(**fields)


def _release(rows: list[Delivery], token: str, error: str, now) -> None:
    """Put rows back for a later attempt, or give up after MAX_ATTEMPTS."""
    for row in rows:
        if row.attempts >= MAX_ATTEMPTS:
            _mark(row, token, status=Delivery.Status.FAILED, note=error[:500], claim="")
        else:
            _mark(
                row,
                token,
                status=Delivery.Status.PENDING,
                note=error[:500],
                claim="",
                enqueued_at=None,
                not_before=now + backoff(row.attempts),
            )


def _sent_hooks(sent: list[Delivery]) -> None:
    by_renderer: dict[str, list[Delivery]] = defaultdict(list)
    for row in sent:
        if row.renderer:
            by_renderer[row.renderer].append(row)
    for name, group in by_renderer.items():
        renderer = _RENDERERS.get(name)
        if renderer is not None and renderer.sent is not None:
            renderer.sent(group)


@dataclass
class Email:
    """One message to send: plain text, one recipient."""

    to: str
    subject: str
    body: str


# RFC 5322: a line is at most 998 octets; a longer one is sent quoted-printable.
LINE_LIMIT = 998


class Mime:
    """The bytes of the outbox's emails, text/plain in UTF-8, as Django writes them (the
    same headers and encodings), with what repeats in a batch done once: the sender, the
    encoded header block of each distinct subject. A message adds its To, Date,
    Message-ID and body."""

    def __init__(self):
        self.charset = settings.DEFAULT_CHARSET
        self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL, self.charset)
        self.heads: dict[tuple[str, str], bytes] = {}

    def _header(self, name: str, value: str) -> bytes:
        name, value = forbid_multi_line_headers(name, value, self.charset)
        return f"{name}: {value}\r\n".replace("\n ", "\r\n ").encode("ascii")

    def recipient(self, address: str) -> str:
        if address.isascii() and "<" not in address:
            return address
        return sanitize_address(address, self.charset)

    def message(self, email: Email) -> bytes:
        body = email.body.replace("\r\n", "\n").encode(self.charset)
        lines = body.split(b"\n")
        if any(len(line) > LINE_LIMIT for line in lines):
            # Rare: Django's own message, quoted-printable.
            message = EmailMultiAlternatives(email.subject, email.body, to=[email.to])
            return message.message().as_bytes(linesep="\r\n")
        encoding = "7bit" if body.isascii() else "8bit"
        head = self.heads.get((email.subject, encoding))
        if head is None:
            head = self.heads[(email.subject, encoding)] = (
                f'Content-Type: text/plain; charset="{self.charset}"\r\n'
                f"MIME-Version: 1.0\r\nContent-Transfer-Encoding: {encoding}\r\n".encode()
                + self._header("Subject", email.subject)
                + self._header("From", settings.DEFAULT_FROM_EMAIL)
            )
        return b"".join(
            [
                head,
                self._header("To", email.to),
                self._header("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
                self._header("Message-ID", make_msgid(domain=DNS_NAME)),
                b"\r\n",
                b"\r\n".join(lines),
            ]
        )


def _mark_sent(rows: list[Delivery], token: str) -> None:
    Delivery.objects.filter(pk__in=[row.pk for row in rows], claim=token).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claim=""
    )


def _send(pairs: list[tuple[list[Delivery], Email]], token: str, now) -> int:
    """Send each message over one connection; mark the rows of accepted messages sent in
    groups (MARK_EVERY, MARK_WITHIN). Returns the number of messages the server accepted.

    Over SMTP the messages go as bytes written by `Mime` to the connection's `sendmail`;
    another backend (tests' memory, the console) gets Django's messages."""
    if not pairs:
        return 0
    smtp = get_connection(fail_silently=False)
    try:
        smtp.open()
    except Exception as error:
        logger.warning("mail server unavailable, %d messages wait: %s", len(pairs), error)
        _release([row for rows, _ in pairs for row in rows], token, _error(error), now)
        return 0
    raw = getattr(smtp, "connection", None)
    mime = Mime() if isinstance(raw, smtplib.SMTP) else None
    accepted, sent, unmarked, unmarked_since = 0, [], [], 0.0
    beat = time.monotonic()
    try:
        for index, (rows, email) in enumerate(pairs):
            if time.monotonic() - beat > HEARTBEAT:
                Delivery.objects.filter(claim=token, status=Delivery.Status.SENDING).update(
                    claimed_at=timezone.now()
                )
                beat = time.monotonic()
            try:
                if mime is not None:
                    raw.sendmail(mime.sender, [mime.recipient(email.to)], mime.message(email))
                else:
                    smtp.send_messages(
                        [EmailMultiAlternatives(email.subject, email.body, to=[email.to])]
                    )
            except MESSAGE_ERRORS as error:
                _release(rows, token, _error(error), now)
                continue
            except Exception as error:
                # The connection is gone: this message and the rest wait for a new attempt.
                logger.warning("mail server failed mid-batch: %s", error)
                rest = [row for rows_, _ in pairs[index:] for row in rows_]
                _release(rest, token, _error(error), now)
                break
            accepted += 1
            if not unmarked:
                unmarked_since = time.monotonic()
            unmarked.extend(rows)
            if accepted % MARK_EVERY == 0 or time.monotonic() - unmarked_since >= MARK_WITHIN:
                _mark_sent(unmarked, token)
                sent.extend(unmarked)
                unmarked = []
    finally:
        if unmarked:
            _mark_sent(unmarked, token)
            sent.extend(unmarked)
        try:
            smtp.close()
        except Exception:  # a connection that died cannot be closed politely
            logger.debug("closing the SMTP connection failed", exc_info=True)
        _sent_hooks(sent)
    return accepted


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _email(row: Delivery, subject: str, body: str) -> Email:
    return Email(to=row.recipient.email, subject=" ".join(subject.split())[:255], body=body)


def deliver(*, ids: Iterable[int], now: datetime.datetime | None = None) -> int:
    """Send the due rows among `ids` that nobody else holds; returns messages accepted."""
    now = now or timezone.now()
    due = Delivery.objects.filter(pk__in=list(ids), digest=False).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )
    token, rows = _claim(due, now)
    if not rows:
        return 0
    texts = _texts(rows, timezone.localdate(now))
    pairs = []
    for row in rows:
        text = texts.get(row.pk) or DeliveryDropped("nothing to send")
        if isinstance(text, DeliveryDropped):
            _mark(row, token, status=Delivery.Status.DROPPED, note=str(text)[:500], claim="")
            continue
        pairs.append(([row], _email(row, *text)))
    return _send(pairs, token, now)


# Daily digest ------------------------------------------------------------------------


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """One email per user with every digest row pending for them; returns messages sent."""
    now = now or timezone.now()
    due = Delivery.objects.filter(digest=True).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )
    token, rows = _claim(due, now)
    if not rows:
        return 0
    today = timezone.localdate(now)
    texts = _texts(rows, today)
    per_user: dict[int, list[tuple[Delivery, tuple]]] = defaultdict(list)
    for row in rows:
        text = texts.get(row.pk) or DeliveryDropped("nothing to send")
        if isinstance(text, DeliveryDropped):
            _mark(row, token, status=Delivery.Status.DROPPED, note=str(text)[:500], claim="")
            continue
        per_user[row.recipient_id].append((row, text))
    pairs = []
    for items in per_user.values():
        user = items[0][0].recipient
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        context = {
            "user": user,
            "day": today,
            "items": [
                {"subject": subject, "body": body, "url": _absolute(row.notification.url)}
                for row, (subject, body) in items
            ],
            "site_url": settings.SITE_URL,
        }
        with translation.override(language):
            subject = render_to_string("portal/email/digest_subject.txt", context)
            body = render_to_string("portal/email/digest_body.txt", context).strip() + "\n"
        pairs.append(([row for row, _ in items], _email(items[0][0], subject, body)))
    return _send(pairs, token, now)


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url
