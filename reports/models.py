"""Yearly reports (báo cáo kết quả thực hiện phong trào) per campaign, unit and year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Theme
from portal.uploads import PDF, GeneratedName, signature_reports
from units.models import Unit


class ReportingCycle(models.Model):
    """One reporting year of a campaign, with its deadline (default 15/12)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reporting_cycles"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    is_open = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("Reminders go out only for open cycles."),
    )
    close_after_days = models.PositiveSmallIntegerField(
        _("close automatically after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Close the cycle this many days after the deadline (empty: only by hand). "
            "A closed cycle sends no reminders."
        ),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-year", "campaign_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "year"], name="cycle_unique_per_year")
        ]
        indexes = [models.Index(fields=["is_open", "year"])]

    def __str__(self):
        return f"{self.campaign} — {self.year}"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# A report in one of these states still has to be (re)submitted: its unit is reminded.
PENDING_STATUSES = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
# States the unit may edit the report in.
EDITABLE_STATUSES = PENDING_STATUSES
# States that count as handed in.
IN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class YearlyReport(models.Model):
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="yearly_reports")
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(
        _("late"), default=False, help_text=_("Submitted after the deadline (Vietnam time).")
    )
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="report_unique_per_unit")
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self):
        return f"{self.unit} — {self.cycle}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def state_key(self) -> str:
        """The state shown on badges: submitted reports read "on time" or "late"."""
        if self.status == ReportStatus.SUBMITTED:
            return "late" if self.late else "submitted"
        return self.status


class FigureKey(models.TextChoices):
    """The figures the plans ask each unit for, in the order the report shows them."""

    INITIATIVES_BASE = "initiatives_base", _("Initiatives recognised at grassroots level")
    INITIATIVES_PROVINCE = "initiatives_province", _("Initiatives recognised at province level")
    INITIATIVES_NATIONAL = "initiatives_national", _("Initiatives recognised at national level")
    RESEARCH_TASKS = "research_tasks", _("Research tasks accepted")
    HEADCOUNT = "headcount", _("Headcount (CBCCVC, employees)")
    DIGITAL_SKILLS = "digital_skills", _("People who completed basic digital skills")
    AWARDS = "awards", _("Awards received")


class ReportFigure(models.Model):
    """One figure of a report: what the portal computed and what the unit reports.

    A reported value that differs from the computed one carries the unit's reason.
    """

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(_("figure"), max_length=32, choices=FigureKey.choices)
    computed = models.PositiveIntegerField(_("from the portal's data"), default=0)
    value = models.PositiveIntegerField(_("reported"), null=True, blank=True)
    reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="figure_unique_per_report")
        ]

    def __str__(self):
        return f"{self.get_key_display()}: {self.value}"

    @property
    def changed(self) -> bool:
        return self.value is not None and self.value != self.computed


class ReportNarrative(models.Model):
    """The narrative of a report on one theme of the campaign (theme empty: general)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="narratives")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("narrative"), blank=True)

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(fields=["report", "theme"], name="narrative_unique_per_theme"),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(theme__isnull=True),
                name="narrative_one_general",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class AttachmentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Signed scan (PDF)")
    OTHER = "other", _("Other attachment")


class ReportAttachment(models.Model):
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices)
    # Stored under a generated name; `name` is the uploader's, shown and offered on download.
    file = models.FileField(_("file"), upload_to=GeneratedName("reports"), max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    # The digital signatures found in an uploaded PDF (portal.uploads.signatures_of).
    signatures = models.JSONField(_("digital signatures"), default=list, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["report", "kind"])]

    def __str__(self):
        return self.name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF

    @property
    def signature_reports(self) -> list:
        return signature_reports(self.signatures)


class ReminderLog(models.Model):
    """One reminder to one unit, written before it is sent; `sent_at` once it is out.

    `offset` is days before the deadline (0 on the day, negative when overdue). Scheduled
    reminders are unique per (cycle, unit, offset); reminders the office sends by hand are
    unique per (cycle, unit, day). The unique row is the guarantee that a retry never
    repeats a reminder.
    """

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="report_reminders")
    offset = models.SmallIntegerField(_("days before the deadline"))
    due_on = models.DateField(_("day"))
    manual = models.BooleanField(_("sent by hand"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipient_count = models.PositiveSmallIntegerField(default=0)
    skipped = models.BooleanField(
        default=False, help_text=_("Not sent: the report was handed in meanwhile.")
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "offset"],
                condition=models.Q(manual=False),
                name="reminder_once_per_offset",
            ),
            models.UniqueConstraint(
                fields=["cycle", "unit", "due_on"],
                condition=models.Q(manual=True),
                name="manual_reminder_once_a_day",
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at", "due_on"]),
            models.Index(fields=["cycle", "unit", "-due_on"]),
        ]

    def __str__(self):
        return f"{self.unit} {self.due_on} ({self.offset})"
