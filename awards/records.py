"""Yearly emulation records (kết quả bình xét thi đua hằng năm) of people and units.

The office enters, or imports from Excel, each year's classification of a person or a unit
(hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ) and the emulation titles
received that year with their decisions. The standards in awards/titles.py read these rows, so
that "three consecutive years of Chiến sĩ thi đua cơ sở" is computed, not typed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import EmulationTitle
from units.models import Person, Unit


class Classification(models.TextChoices):
    """The yearly classification of the quality of a person's or a unit's work."""

    EXCELLENT = "excellent", _("Completed tasks excellently (hoàn thành xuất sắc nhiệm vụ)")
    GOOD = "good", _("Completed tasks well (hoàn thành tốt nhiệm vụ)")
    COMPLETED = "completed", _("Completed tasks (hoàn thành nhiệm vụ)")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks (không hoàn thành nhiệm vụ)")


CLASSIFICATION_ORDER = {
    Classification.NOT_COMPLETED: 0,
    Classification.COMPLETED: 1,
    Classification.GOOD: 2,
    Classification.EXCELLENT: 3,
}


class EmulationRecord(models.Model):
    """One year of one person or one unit."""

    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emulation_records",
        verbose_name=_("individual"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emulation_records",
        verbose_name=_("collective"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    classification = models.CharField(
        _("classification"), max_length=16, choices=Classification.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yearly emulation record")
        verbose_name_plural = _("yearly emulation records")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, unit__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=False),
                name="emulation_record_one_subject",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=models.Q(person__isnull=False),
                name="emulation_record_person_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=models.Q(unit__isnull=False),
                name="emulation_record_unit_year",
            ),
        ]

    def __str__(self):
        return f"{self.subject} — {self.year}"

    @property
    def subject(self):
        return self.person if self.person_id else self.unit

    @property
    def subject_unit(self) -> Unit:
        return self.person.unit if self.person_id else self.unit


class RecordTitle(models.Model):
    """An emulation title received in the record's year, with the decision that gave it."""

    record = models.ForeignKey(EmulationRecord, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(_("title"), max_length=32, choices=EmulationTitle.choices)
    decision_number = models.CharField(
        _("decision number"), max_length=64, help_text=_("e.g. 1234/QĐ-SGDĐT")
    )
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(
        _("issued by"), max_length=255, help_text=_("e.g. Giám đốc Sở Giáo dục và Đào tạo")
    )

    class Meta:
        verbose_name = _("title received")
        verbose_name_plural = _("titles received")
        ordering = ["record", "title"]
        constraints = [
            models.UniqueConstraint(fields=["record", "title"], name="record_title_once")
        ]

    def __str__(self):
        return self.get_title_display()
