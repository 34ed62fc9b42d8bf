"""Research tasks (nhiệm vụ KH&CN) and their members."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Level, Rating
from units.models import Person, Unit


class ResearchTask(models.Model):
    """A science and technology task (nhiệm vụ KH&CN), recorded by the office."""

    code = models.CharField(_("code"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=500)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="research_tasks", verbose_name=_("lead unit")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    rating = models.CharField(
        _("acceptance rating"), max_length=16, choices=Rating.choices, blank=True
    )

    class Meta:
        verbose_name = _("research task")
        verbose_name_plural = _("research tasks")
        ordering = ["-accepted_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "accepted_on"], name="awards_rese_unit_id_328738_idx")
        ]
        # The tables kept the names they had when research tasks were part of the awards app.
        db_table = "awards_researchtask"

    def __str__(self):
        return self.title


class ResearchTaskMember(models.Model):
    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="research_memberships"
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    contribution = models.DecimalField(
        _("contribution (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["task", "person"], name="research_member_unique")
        ]
        db_table = "awards_researchtaskmember"

    def __str__(self):
        return f"{self.person} ({self.contribution} %)"
