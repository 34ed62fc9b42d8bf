"""Initiatives (sáng kiến), their authors and their recognitions (Thông tư 18/2013/TT-BKHCN)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import Campaign, Level, RubricCriterion, Theme
from portal.text import collation_key, fold
from portal.uploads import GeneratedName
from units.models import Person, Unit


class Field(models.TextChoices):
    """The four kinds of solution of Nghị định 13/2012/NĐ-CP."""

    TECHNICAL = "technical", _("Technical solution")
    MANAGEMENT = "management", _("Management solution")
    OPERATIONAL = "operational", _("Operational solution")
    TECH_APPLICATION = "tech_application", _("Application of technical advances")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    IN_COUNCIL = "in_council", _("In council")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Initiative(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("campaign")
    )
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("theme"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit")
    )
    field = models.CharField(_("field"), max_length=32, choices=Field.choices, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    school_year = models.CharField(_("school year"), max_length=9, blank=True)
    title = models.CharField(pgettext_lazy("initiative", "title"), max_length=500)
    investor = models.CharField(_("investor"), max_length=255, blank=True)
    first_applied_on = models.DateField(_("date first applied"), null=True, blank=True)
    trial_applied = models.BooleanField(_("applied on trial"), default=False)
    essence = models.TextField(_("essence of the initiative"), blank=True)
    problem = models.TextField(_("the problem it solves"), blank=True)
    novelty = models.TextField(_("what is new"), blank=True)
    applicability = models.TextField(_("scope of application"), blank=True)
    confidential_info = models.TextField(_("confidential information"), blank=True)
    conditions = models.TextField(_("conditions needed to apply it"), blank=True)
    benefits_authors = models.TextField(_("benefits as the authors assess them"), blank=True)
    benefits_appliers = models.TextField(_("benefits as the appliers assess them"), blank=True)
    first_appliers = models.TextField(
        _("people who took part in the first application"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    title_sort = models.CharField(max_length=600, editable=False, default="")
    similar_matches = models.JSONField(
        _("similar earlier initiatives"), default=list, blank=True, editable=False
    )
    return_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    similarity_note = models.TextField(
        _("office's note on the similar initiatives"), blank=True, editable=False
    )
    similarity_noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    similarity_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at", "-id"]
        indexes = [
            # (column, id) in one direction: a keyset page is a range of the index, read
            # forwards or backwards (initiatives/filters.py SORTS).
            models.Index(fields=["campaign", "status", "id"], name="initiative_campaign_status"),
            models.Index(fields=["unit", "year", "status"]),
            models.Index(fields=["year", "id"], name="initiative_year_id"),
            models.Index(fields=["status", "id"], name="initiative_status_id"),
            # The organisation's lists leave drafts out: in the status order they would
            # come first and be walked over on every page.
            models.Index(
                fields=["status", "id"],
                name="initiative_status_id_no_draft",
                condition=~models.Q(status="draft"),
            ),
            models.Index(fields=["field", "id"], name="initiative_field_id"),
            models.Index(fields=["title_sort", "id"]),
            models.Index(fields=["unit", "id"], name="initiative_unit_id"),
            # The home page panels: the newest five of a status.
            models.Index(fields=["status", "-updated_at", "-id"], name="initiative_status_recent"),
            # The office's charts (initiatives/charts.py) count a scope's initiatives by
            # field, year and recognition: read from this narrow index alone, unit by unit,
            # not from the wide rows of the table (PostgreSQL; SQLite ignores INCLUDE).
            models.Index(
                fields=["unit"],
                include=["field", "year", "id"],
                name="initiative_unit_counts",
                condition=~models.Q(status="draft"),
            ),
        ]

    def __str__(self):
        return self.title

    # Fields of the application form (Thông tư 18/2013 Phụ lục I), in the form's order.
    APPLICATION_FIELDS = (
        "title",
        "field",
        "theme",
        "year",
        "school_year",
        "investor",
        "first_applied_on",
        "trial_applied",
        "problem",
        "essence",
        "novelty",
        "applicability",
        "confidential_info",
        "conditions",
        "benefits_authors",
        "benefits_appliers",
        "first_appliers",
    )

    def save(self, *args, **kwargs):
        self.title_sort = collation_key(self.title)[:600]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_sort"}
        super().save(*args, **kwargs)

    @property
    def similarity_pending(self) -> bool:
        """A near copy was flagged and the office has not yet written its note on it."""
        return bool(self.similar_matches) and not self.similarity_note

    def compare_text(self) -> str:
        """Title and essence, folded: what near-copy detection compares."""
        return fold(f"{self.title} {self.essence}")


class InitiativeAuthor(models.Model):
    """An author, from the unit's people or from outside; contributions sum to 100 %."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
        verbose_name=_("person"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, default="", db_index=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    qualification = models.CharField(_("qualification"), max_length=150, blank=True)
    contribution = models.DecimalField(
        _("contribution (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["order", "id"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)[:150]
        super().save(*args, **kwargs)


class Recognition(models.Model):
    """A decision recognising an initiative at a level; a higher level may follow later."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="recognitions"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=255)
    scope = models.TextField(_("scope of influence"), blank=True)
    override_reason = models.TextField(
        _("reason for deciding against the council's result"), blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["decision_date", "id"]
        indexes = [models.Index(fields=["level", "decision_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "level"], name="recognition_one_per_level"
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} — {self.decision_number}"


def attachment_path(instance, filename: str) -> str:
    """A generated name with the extension of the checked type: the uploaded name is kept
    in the record, never on disk."""
    return GeneratedName("initiatives")(instance, filename)


class Attachment(models.Model):
    """A file attached to an application, stored privately and served through a view."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class CouncilMember(models.Model):
    """A member of a campaign's initiative council (an account with the council role)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="council_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="council_memberships",
        verbose_name=_("member"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="council_member_unique")
        ]

    def __str__(self):
        return str(self.user)


class CouncilAssignment(models.Model):
    """An initiative given to one council member to score."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="initiative_assignments",
        verbose_name=_("member"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    # A member who recuses (or whom the office excuses) is left out of the mean.
    excused_reason = models.TextField(_("reason for not scoring"), blank=True)
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excused_at = models.DateTimeField(_("excused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("council assignment")
        verbose_name_plural = _("council assignments")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "member"], name="council_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["member", "scored_at"])]

    def __str__(self):
        return f"{self.initiative} — {self.member}"

    @property
    def total(self):
        return sum((s.points for s in self.scores.all()), 0)

    @property
    def excused(self) -> bool:
        return self.excused_at is not None

    @property
    def counts(self) -> bool:
        """Scored and not excused: this member's total enters the mean."""
        return self.scored_at is not None and self.excused_at is None


class Score(models.Model):
    """Points one council member gives on one rubric criterion, with a comment."""

    assignment = models.ForeignKey(
        CouncilAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("criterion")
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
