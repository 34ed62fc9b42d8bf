"""Yearly reports (báo cáo kết quả thực hiện phong trào) per campaign, unit and year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from units.models import Unit


class ReportingCycle(models.Model):
    """One reporting year of a campaign, with its deadline (default 15/12)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reporting_cycles"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-year", "campaign_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "year"], name="cycle_unique_per_year")
        ]

    def __str__(self):
        return f"{self.campaign} — {self.year}"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class YearlyReport(models.Model):
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="yearly_reports")
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
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
