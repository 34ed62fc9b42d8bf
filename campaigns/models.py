"""A campaign (phong trào thi đua) and everything a plan sets: phases, themes, award forms
with quotas, criteria and the initiative review rubric. All of it is data, set up in the
browser, so that a new plan needs no code."""

import calendar
import datetime
import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.text import fold
from units.models import PersonKind, Unit, UnitKind


class Level(models.TextChoices):
    """Level of a recognition or a research task."""

    BASE = "base", _("Grassroots level (cơ sở)")
    PROVINCE = "province", _("Province/city level")
    NATIONAL = "national", _("National level")


LEVEL_ORDER = {Level.BASE: 1, Level.PROVINCE: 2, Level.NATIONAL: 3}


class Rating(models.TextChoices):
    """Acceptance rating of a research task (nhiệm vụ KH&CN)."""

    FAILED = "failed", _("Not passed")
    PASSED = "passed", _("Passed")
    GOOD = "good", _("Good")
    EXCELLENT = "excellent", _("Excellent")


RATING_ORDER = {Rating.FAILED: 0, Rating.PASSED: 1, Rating.GOOD: 2, Rating.EXCELLENT: 3}


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")
    BOTH = "both", _("Collectives and individuals")


class RoundKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    INTERIM = "interim", _("Interim review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


# A council meeting decides only when this share of ALL members attends. Nghị định
# 152/2025/NĐ-CP and Thông tư 15/2025/TT-BNV could not be read here: the value is the rule of
# the repealed Nghị định 91/2017/NĐ-CP and 98/2023/NĐ-CP and of the councils' working
# regulations; each campaign keeps its own value and source.
COUNCIL_QUORUM = (2, 3)
COUNCIL_QUORUM_SOURCE = (
    "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng, theo NĐ 98/2023/NĐ-CP đã hết hiệu lực"
)


# The statistics of Thông tư 02/2023/TT-BNV, biểu 0601.N ("Số phong trào thi đua"), count
# campaigns by the level that launched them and by the scope they were organised in.
class LaunchLevel(models.TextChoices):
    CENTRAL = "central", _("Central level (Central Emulation and Commendation Council)")
    MINISTRY_PROVINCE = (
        "ministry_province",
        _("Ministry, central body, province or centrally-run city"),
    )
    AGENCY = "agency", _("Agency, organisation or unit")


class CampaignScope(models.TextChoices):
    NATIONAL = "national", _("Nationwide")
    SECTOR_LOCALITY = "sector_locality", _("Ministry, sector, central body or locality")
    CLUSTER = "cluster", _("Emulation cluster or block")
    AGENCY = "agency", _("Agency, organisation or unit")


# A plan's number and symbol starts with its number: "1536/KH-SGDĐT"; "/KH-UBND" is only
# the symbol of a plan whose number was left blank.
PLAN_NUMBER = re.compile(r"^\s*\d+\s*/")


class Campaign(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        THEMATIC = "thematic", _("Thematic (chuyên đề)")

    title = models.CharField(_("campaign title"), max_length=500)
    issuing_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="campaigns_issued",
        verbose_name=_("issuing unit"),
    )
    managing_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns_managed",
        verbose_name=_("standing body"),
        help_text=_("The office that guides, compiles and prepares dossiers."),
    )
    document_number = models.CharField(
        _("document number and symbol"), max_length=64, help_text=_("e.g. 1536/KH-SGDĐT")
    )
    document_date = models.DateField(
        _("document date"),
        null=True,
        blank=True,
        help_text=_("Leave empty only when the plan was issued without a day filled in."),
    )
    basis = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
        verbose_name=_("implements campaign"),
    )
    basis_text = models.CharField(
        _("implements plan"),
        max_length=500,
        blank=True,
        help_text=_("The higher plan, e.g. Kế hoạch số 206/KH-UBND ngày 27/8/2024."),
    )
    report_to = models.CharField(
        _("reports to (level above)"),
        max_length=255,
        blank=True,
        help_text=_(
            "The body the compiled yearly report is sent to (Kính gửi), e.g. Ủy ban nhân dân "
            "thành phố Hải Phòng. Left empty: the issuer of the implemented campaign, else the "
            "issuing unit's parent unit."
        ),
    )
    summary = models.TextField(_("purpose and requirements"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.THEMATIC)
    launch_level = models.CharField(
        _("launching level"),
        max_length=24,
        choices=LaunchLevel.choices,
        default=LaunchLevel.AGENCY,
        help_text=_("The level that launched the campaign (statistics form 0601.N)."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=24,
        choices=CampaignScope.choices,
        default=CampaignScope.AGENCY,
        help_text=_("Where the campaign is organised (statistics form 0601.N)."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    participants = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="campaigns_joined",
        verbose_name=_("participating units"),
        help_text=_("Each unit chosen takes part with its whole subtree."),
    )
    report_deadline_day = models.PositiveSmallIntegerField(
        _("yearly report deadline: day"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    report_deadline_month = models.PositiveSmallIntegerField(
        _("yearly report deadline: month"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    recognition_threshold = models.DecimalField(
        _("recognition threshold (mean points)"),
        max_digits=6,
        decimal_places=2,
        default=50,
        help_text=_(
            "An initiative whose mean total score reaches this is proposed for recognition."
        ),
    )
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Hide authors and unit from the council.")
    )
    public = models.BooleanField(
        _("public announcement"),
        default=False,
        help_text=_(
            "Show on the public pages anyone can open: recognised initiatives, awards granted "
            "by decision and proposed lists open for comments (names, units and awards only)."
        ),
    )
    council_quorum_present = models.PositiveSmallIntegerField(
        _("council quorum: members present"),
        default=COUNCIL_QUORUM[0],
        validators=[MinValueValidator(1)],
    )
    council_quorum_of = models.PositiveSmallIntegerField(
        _("council quorum: out of every"),
        default=COUNCIL_QUORUM[1],
        validators=[MinValueValidator(1)],
        help_text=_(
            "e.g. 2 out of every 3: a meeting decides only with two thirds of all members present."
        ),
    )
    council_rules_source = models.CharField(
        _("source of the council's rules"),
        max_length=255,
        blank=True,
        default=COUNCIL_QUORUM_SOURCE,
        help_text=_("The regulation that sets the quorum (and the thresholds of the award forms)."),
    )
    title_folded = models.CharField(max_length=500, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-document_date", "-id"]
        indexes = [
            models.Index(fields=["issuing_unit", "-document_date"]),
            models.Index(fields=["title_folded"]),
            models.Index(fields=["start_year", "end_year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="campaign_years_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(council_quorum_present__lte=models.F("council_quorum_of")),
                name="campaign_quorum_a_share",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_folded = fold(self.title)[:500]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_folded"}
        super().save(*args, **kwargs)

    @property
    def upper_level(self) -> str:
        """The body the campaign reports to: as set, else the issuer of the campaign it
        implements, else the issuing unit's parent; "" when none is known."""
        if self.report_to.strip():
            return self.report_to.strip()
        if self.basis_id and self.basis.issuing_unit_id:
            return self.basis.issuing_unit.name
        if self.issuing_unit.parent_id:
            return self.issuing_unit.parent.name
        return ""

    @property
    def has_plan_number(self) -> bool:
        """Whether the document number carries a number ("1536/KH-SGDĐT"), not only the
        symbol of a plan issued unnumbered ("/KH-UBND")."""
        return bool(PLAN_NUMBER.match(self.document_number or ""))

    @property
    def number_label(self) -> str:
        """The document number as shown: "1536/KH-SGDĐT", or for a plan issued without a
        number "KH-UBND (không ghi số)", never a bare "/KH-UBND"."""
        if self.has_plan_number or not (self.document_number or "").strip():
            return (self.document_number or "").strip() or str(_("unnumbered"))
        symbol = self.document_number.strip().lstrip("/").strip()
        return str(_("%(symbol)s (unnumbered)") % {"symbol": symbol})

    def plan_reference(self) -> str:
        """ "Kế hoạch số 1536/KH-SGDĐT ngày 02/12/2024 của Sở …"; a plan issued without a
        number or a day is named without them, never "Kế hoạch số /KH-UBND"."""
        words = ["Kế hoạch"]
        if self.has_plan_number:
            words.append(f"số {self.document_number.strip()}")
        if self.document_date:
            words.append(f"ngày {self.document_date:%d/%m/%Y}")
        words.append(f"của {self.issuing_unit.name}")
        return " ".join(words)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def report_deadline(self, year: int) -> datetime.date:
        last_day = calendar.monthrange(year, self.report_deadline_month)[1]
        return datetime.date(
            year, self.report_deadline_month, min(self.report_deadline_day, last_day)
        )

    def current_phase(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        phases = list(self.phases.all())
        current = None
        for phase in phases:
            if phase.start_date <= today:
                current = phase
        return current


class Theme(models.Model):
    """A content of the campaign (nội dung thi đua)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("theme"), max_length=500)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Phase(models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Launch")
        INTERIM = "interim", _("Interim review (sơ kết)")
        FINAL = "final", _("Final review (tổng kết)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("phase name"), max_length=255, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    conference_date = models.DateField(_("conference date"), null=True, blank=True)
    conference_venue = models.CharField(_("conference venue"), max_length=255, blank=True)
    conference_delegates = models.PositiveIntegerField(
        _("expected delegates"), null=True, blank=True
    )
    conference_programme = models.TextField(_("conference programme"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="phase_dates_ordered",
            )
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def has_conference(self) -> bool:
        return bool(self.conference_date or self.conference_venue)


class EmulationTitle(models.TextChoices):
    """The emulation titles (danh hiệu thi đua) whose standards the portal computes from the
    yearly emulation records (awards/titles.py holds the standards and their articles)."""

    LABOUR = "labour", _("Advanced labourer (Lao động tiên tiến)")
    BASE_FIGHTER = "base_fighter", _("Grassroots emulation fighter (Chiến sĩ thi đua cơ sở)")
    PROVINCE_FIGHTER = (
        "province_fighter",
        _("Province/city emulation fighter (Chiến sĩ thi đua cấp tỉnh)"),
    )
    ADVANCED_COLLECTIVE = (
        "advanced_collective",
        _("Advanced labour collective (Tập thể lao động tiên tiến)"),
    )
    EXCELLENT_COLLECTIVE = (
        "excellent_collective",
        _("Excellent labour collective (Tập thể lao động xuất sắc)"),
    )
    PROVINCE_FLAG = "province_flag", _("Province/city emulation flag (Cờ thi đua cấp tỉnh)")


INDIVIDUAL_TITLES = (
    EmulationTitle.LABOUR,
    EmulationTitle.BASE_FIGHTER,
    EmulationTitle.PROVINCE_FIGHTER,
)


class StatisticsGroup(models.TextChoices):
    """The column an award form is counted in by the statistics of Thông tư 02/2023/TT-BNV:
    biểu 0602.N (state awards) or 0603.N (awards of a ministry or province). Forms given
    by an agency itself (Giấy khen, Lao động tiên tiến, CSTĐ cơ sở) are in neither."""

    ORDER = "order", _("Order (Huân chương)")
    MEDAL = "medal", _("Medal (Huy chương)")
    HO_CHI_MINH_PRIZE = "hcm_prize", _("Ho Chi Minh Prize")
    STATE_PRIZE = "state_prize", _("State Prize")
    HONOUR_TITLE = "honour_title", _("State honorary title")
    GOVERNMENT_FLAG = "government_flag", _("Emulation flag of the Government")
    PRIME_MINISTER_CERTIFICATE = (
        "pm_certificate",
        _("Certificate of merit of the Prime Minister"),
    )
    NATIONAL_FIGHTER = "national_fighter", _("National emulation fighter")
    STATE_OTHER = "state_other", _("Other state award")
    PROVINCE_CERTIFICATE = (
        "province_certificate",
        _("Certificate of merit of a ministry or province"),
    )
    PROVINCE_FIGHTER = "province_fighter", _("Emulation fighter of a ministry or province")
    PROVINCE_FLAG = "province_flag", _("Emulation flag of a ministry or province")
    PROVINCE_BADGE = "province_badge", _("Badge or medal of a ministry or province")


class DecidingAuthority(models.TextChoices):
    """Who decides an award form (Luật Thi đua, khen thưởng 2022; awards.routing cites the
    article of each)."""

    INFERRED = "", _("As the awarding authority text says")
    HEAD = "head", _("Head of the agency (Giám đốc Sở, thủ trưởng)")
    COMMUNE_CHAIR = "commune_chair", _("Chairman of the commune People's Committee")
    PROVINCE_CHAIR = "province_chair", _("Chairman of the province People's Committee")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")
    PRESIDENT = "president", _("State President")


class AwardForm(models.Model):
    """An award form (hình thức khen thưởng) or emulation title a campaign may propose."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award form")
        TITLE = "title", _("Emulation title")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="award_forms")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.AWARD)
    recipients = models.CharField(
        _("for"), max_length=16, choices=RecipientKind.choices, default=RecipientKind.BOTH
    )
    # In which kinds of round the plan gives the form (e.g. Hải Phòng 1536/KH-SGDĐT mục IV.2:
    # Bằng khen của Chủ tịch UBND thành phố at sơ kết and tổng kết only).
    at_yearly = models.BooleanField(_("given at yearly rounds"), default=True)
    at_interim = models.BooleanField(_("given at the interim review (sơ kết)"), default=True)
    at_final = models.BooleanField(_("given at the final review (tổng kết)"), default=True)
    rounds_source = models.CharField(
        _("source of the rounds"),
        max_length=255,
        blank=True,
        help_text=_(
            "The plan or legal text that says when the form is given, e.g. "
            "KH 1536/KH-SGDĐT, mục IV.2."
        ),
    )
    authority = models.CharField(
        _("awarding authority"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Chủ tịch UBND thành phố"),
    )
    statistics_group = models.CharField(
        _("counted in the statistics as"),
        max_length=24,
        choices=StatisticsGroup.choices,
        blank=True,
        help_text=_(
            "The column of statistics form 0602.N (state awards) or 0603.N (awards of a "
            "ministry or province); empty for the forms an agency gives itself."
        ),
    )
    decided_by = models.CharField(
        _("decided by"),
        max_length=16,
        choices=DecidingAuthority.choices,
        blank=True,
        default=DecidingAuthority.INFERRED,
        help_text=_(
            "Decides which tờ trình and quyết định the dossier holds: within the head's own "
            "authority, or proposed to the Chairman of the province People's Committee."
        ),
    )
    title = models.CharField(
        _("emulation title checked"),
        max_length=32,
        choices=EmulationTitle.choices,
        blank=True,
        help_text=_(
            "For an emulation title: the standard of the law checked from the yearly records."
        ),
    )
    vote_threshold = models.DecimalField(
        # xgettext:no-python-format
        _("approval threshold (% of all council members)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    secret_ballot = models.BooleanField(_("secret ballot"), default=False)
    vote_source = models.CharField(
        _("source of the vote rule"),
        max_length=255,
        blank=True,
        help_text=_("The legal text that sets the threshold and the secret ballot."),
    )

    ROUND_FIELDS = {
        RoundKind.YEARLY: "at_yearly",
        RoundKind.INTERIM: "at_interim",
        RoundKind.FINAL: "at_final",
    }

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def given_at(self, round_kind: str) -> bool:
        """Whether the plan gives this form in a round of `round_kind`."""
        field = self.ROUND_FIELDS.get(round_kind)
        return bool(field and getattr(self, field))

    @classmethod
    def given_at_q(cls, round_kind: str) -> models.Q:
        field = cls.ROUND_FIELDS.get(round_kind)
        return models.Q(**{field: True}) if field else models.Q(pk__in=[])

    @property
    def round_kinds(self) -> list[str]:
        """The kinds of round the form is given at, in order."""
        return [kind.value for kind, field in self.ROUND_FIELDS.items() if getattr(self, field)]

    @property
    def round_kind_labels(self) -> list[str]:
        return [str(RoundKind(kind).label) for kind in self.round_kinds]


class AwardQuota(models.Model):
    """How many of an award form may (maximum) or should (minimum) be given."""

    class AppliesTo(models.TextChoices):
        COLLECTIVE = "collective", _("Collectives")
        INDIVIDUAL = "individual", _("Individuals")
        COMBINED = "combined", _("Collectives and individuals together")

    award_form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="quotas")
    applies_to = models.CharField(_("counts"), max_length=16, choices=AppliesTo.choices)
    minimum = models.PositiveIntegerField(_("minimum"), null=True, blank=True)
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["award_form", "applies_to"], name="quota_unique"),
            models.CheckConstraint(
                condition=models.Q(minimum__isnull=True)
                | models.Q(maximum__isnull=True)
                | models.Q(maximum__gte=models.F("minimum")),
                name="quota_min_le_max",
            ),
        ]

    def __str__(self):
        return f"{self.get_applies_to_display()}: {self.minimum or 0}–{self.maximum or '∞'}"


class RatioScope(models.TextChoices):
    """Whose initiatives and headcount a ratio counts."""

    OWN = "own", _("The unit's own initiatives and headcount")
    SUBTREE = "subtree", _("The initiatives and headcount of the unit and all units under it")


class PartialYear(models.TextChoices):
    """How a year the period covers only in part counts (e.g. 12/2024, the first month of the
    Hải Phòng plan 1536/KH-SGDĐT of 02/12/2024)."""

    WHOLE = "whole", _("Counts as a whole year: the full threshold applies")
    PRORATE = "prorate", _("Counts in proportion to the days covered")
    SKIP = "skip", _("Is not counted")


class Criterion(models.Model):
    """A criterion of the plan. The kinds below are checked from data; QUALITATIVE ones are
    confirmed by a reviewer with a note. Criteria of one campaign and recipient kind all
    apply, except those sharing a non-zero `group`: one of those suffices."""

    class Kind(models.TextChoices):
        INITIATIVE_RATIO = (
            "initiative_ratio",
            # xgettext:no-python-format
            _("Collective: initiatives recognised this year ≥ a % of headcount"),
        )
        AGENCY_INITIATIVES = (
            "agency_initiatives",
            _("Collective: at least N initiatives a year recognised at a level"),
        )
        COLLECTIVE_RESEARCH = (
            "collective_research",
            _("Collective: a research task at a level accepted at a rating or better"),
        )
        INDIVIDUAL_INITIATIVES = (
            "individual_initiatives",
            _("Individual: at least N recognised initiatives"),
        )
        INDIVIDUAL_RESEARCH = (
            "individual_research",
            _("Individual: a research task with own contribution ≥ a % accepted at a rating"),
        )
        DIGITAL_SKILLS = "digital_skills", _("Individual: completed basic digital skills")
        QUALITATIVE = "qualitative", _("Qualitative (confirmed by a reviewer)")

    COLLECTIVE_KINDS = (Kind.INITIATIVE_RATIO, Kind.AGENCY_INITIATIVES, Kind.COLLECTIVE_RESEARCH)
    INDIVIDUAL_KINDS = (Kind.INDIVIDUAL_INITIATIVES, Kind.INDIVIDUAL_RESEARCH, Kind.DIGITAL_SKILLS)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    applies_to = models.CharField(
        _("for"),
        max_length=16,
        choices=[
            (RecipientKind.COLLECTIVE, RecipientKind.COLLECTIVE.label),
            (RecipientKind.INDIVIDUAL, RecipientKind.INDIVIDUAL.label),
        ],
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    percent = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    min_rating = models.CharField(
        _("minimum rating"), max_length=16, choices=Rating.choices, blank=True
    )
    agency_only = models.BooleanField(
        _("only the organisation's own agency"),
        default=False,
        help_text=_(
            "For the agency itself (e.g. “cơ quan Sở”, the unit at the top of the organisation), "
            "not for its schools and other units."
        ),
    )
    unit_kinds = models.JSONField(
        _("kinds of units"),
        default=list,
        blank=True,
        help_text=_("Leave empty for every kind of unit."),
    )
    person_kinds = models.JSONField(
        _("kinds of individuals"),
        default=list,
        blank=True,
        help_text=_("Leave empty for every kind of individual."),
    )
    ratio_scope = models.CharField(
        _("a ratio counts"),
        max_length=16,
        choices=RatioScope.choices,
        default=RatioScope.OWN,
    )
    partial_year = models.CharField(
        _("a year covered in part"),
        max_length=16,
        choices=PartialYear.choices,
        default=PartialYear.WHOLE,
        help_text=_("For yearly criteria over a period that starts or ends within a year."),
    )
    group = models.PositiveSmallIntegerField(
        _("alternative group"),
        default=0,
        help_text=_("Criteria with the same non-zero group are alternatives: one is enough."),
    )
    description = models.TextField(_("wording in the plan"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["applies_to", "order", "id"]

    def __str__(self):
        return self.description or self.get_kind_display()

    def unit_kinds_display(self) -> list[str]:
        return [str(UnitKind(k).label) for k in self.unit_kinds if k in UnitKind.values]

    def person_kinds_display(self) -> list[str]:
        return [str(PersonKind(k).label) for k in self.person_kinds if k in PersonKind.values]


class RubricCriterion(models.Model):
    """A criterion the council scores an initiative on (e.g. novelty, max 40 points)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rubric")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("criterion"), max_length=255)
    description = models.TextField(_("guidance"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ConferenceDelegate(models.Model):
    """A delegate a unit sends to the conference of a phase (hội nghị sơ kết, tổng kết), with
    whether the unit has confirmed that the delegate attends."""

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("phase")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    full_name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    confirmed_at = models.DateTimeField(_("attendance confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference delegate")
        verbose_name_plural = _("conference delegates")
        ordering = ["unit__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "unit", "full_name"], name="conference_delegate_unique"
            )
        ]

    def __str__(self):
        return self.full_name
