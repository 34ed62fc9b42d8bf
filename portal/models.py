"""What every app shares: the history of changes, portal notifications, generated files."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEntry(models.Model):
    """One state change or edit of a record: who, when, from, to, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.action} {self.from_state}->{self.to_state}"


class Notification(models.Model):
    """A message shown in the portal (the bell); its emails are `Delivery` rows."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=16, default="other")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return self.subject


class GeneratedFile(models.Model):
    """A file a job renders (a PDF dossier, an export, a statistics form); its page polls
    the status and progress (portal/jobs.py runs the job, portal/files.py the rendering)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # What the file was asked for beyond its subject (a list's filters, a form and year);
    # files of the same subject and kind with other parameters have their own versions.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    params_key = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="generated/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    data_fingerprint = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    # Why nothing could be made, for the user (portal.files.NothingToRender); `error` is
    # the technical cause of an unexpected failure, for the administrator.
    notice = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "kind", "params_key", "-version"],
                name="generatedfile_latest",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "params_key", "version"],
                name="generatedfile_unique_version",
            )
        ]

    def __str__(self):
        return f"{self.kind} v{self.version}"


class SignedFile(models.Model):
    """A digitally signed copy of a generated file (portal/signing.py): signed with the
    organisation's certificate on the server, or prepared here and signed by the signer's
    USB token. The source file is never changed; the signed copy is a file of its own."""

    class Method(models.TextChoices):
        SERVER = "server", _("the organisation's certificate on the server")
        TOKEN = "token", _("the signer's USB token")

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Waiting for the token's signature")
        SIGNED = "signed", _("Signed")

    source = models.ForeignKey(
        GeneratedFile, on_delete=models.CASCADE, related_name="signed_copies"
    )
    method = models.CharField(_("signed with"), max_length=16, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREPARED
    )
    signer_name = models.CharField(_("signer"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    # The token flow: the PDF with its empty signature, and what finishing it needs.
    prepared = models.FileField(upload_to="signatures/%Y/%m/", blank=True)
    session = models.JSONField(default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="signatures/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    # What validating the signed copy found (portal.signing.SignatureReport.as_data).
    reports = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signed file")
        verbose_name_plural = _("signed files")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename or self.source.filename


class DownloadRecord(models.Model):
    """One file that left the portal: an attachment, a dossier, a compiled report or a list
    of people, units or initiatives. Written by `portal.audit.download_record`, never
    edited; administrators read them within their organisation."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("Attachment")
        DOSSIER = "dossier", _("Award dossier")
        REPORT = "report", _("Compiled report")
        EXPORT = "export", _("List export")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    what = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("address requested"), max_length=500, blank=True)
    # The unit whose data left (empty for lists spanning the user's scope).
    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.what}"


class NotificationKind(models.TextChoices):
    """What a notification is about; each user chooses per kind how it reaches them."""

    INITIATIVE = "initiative", _("Initiatives and their review")
    REPORT = "report", _("Yearly reports (submitted, returned)")
    REMINDER = "reminder", _("Reminders of the report deadline")
    AWARD = "award", _("Award proposals and rounds")
    FILE = "file", _("Files ready to download")
    OTHER = "other", _("Other messages")


class DeliveryMode(models.TextChoices):
    EMAIL = "email", _("Email at once")
    DIGEST = "digest", _("One email a day (digest)")
    PORTAL = "portal", _("In the portal only")


class NotificationPreference(models.Model):
    """How one user wants one kind of notification; no row means email at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    mode = models.CharField(
        _("how"), max_length=8, choices=DeliveryMode.choices, default=DeliveryMode.EMAIL
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.mode}"


class Delivery(models.Model):
    """One email to send: written in the same transaction as the change it tells of.

    A worker claims pending rows (status `sending`, its own `claim` token, `claimed_at`),
    sends them over one SMTP connection and marks those the server accepted `sent` in small
    groups (`portal.deliveries.MARK_EVERY`). A failure puts the row back to `pending` with
    `not_before` pushed back (backoff); a claim older than a minute (a worker that died) is
    released by the sweep.
    A `renderer` (e.g. the report reminders) computes the text at send time from `ref_id`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        DROPPED = "dropped", _("Not sent")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    digest = models.BooleanField(_("in the daily digest"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # What the delivery belongs to, so that it can be cancelled with it ("reports.cycle:12").
    group = models.CharField(max_length=64, blank=True)
    renderer = models.CharField(max_length=64, blank=True)
    ref_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    not_before = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["status", "digest", "not_before"]),
            models.Index(fields=["claim"]),
            models.Index(fields=["group", "status"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}: {self.status}"
