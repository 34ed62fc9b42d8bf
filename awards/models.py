"""Award rounds, proposals, their evidence, council meetings and votes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardForm, Campaign, Criterion, RoundKind
from portal import uploads
from portal.uploads import GeneratedName
from research.models import ResearchTask
from units.models import Person, Signer, Unit


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for proposals")
    VOTING = "voting", _("Council voting")
    FINALISED = "finalised", _("Finalised")


class AwardRound(models.Model):
    """A round of award proposals of a campaign: yearly, interim (sơ kết) or final (tổng kết).

    Achievements dated within `period_start`..`period_end` count for the round's criteria.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="award_rounds", verbose_name=_("campaign")
    )
    kind = models.CharField(_("round"), max_length=16, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    period_start = models.DateField(_("achievements from"))
    period_end = models.DateField(_("achievements until"))
    deadline = models.DateField(_("proposal deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("awarding authority"), max_length=255, blank=True)
    # The proposed list made public for comments (công khai lấy ý kiến) before the round is
    # finalised: from the first day to the last, both included (awards.consultation).
    comments_from = models.DateField(_("comments open from"), null=True, blank=True)
    comments_until = models.DateField(_("comments open until"), null=True, blank=True)
    # Who signs the round's documents (chosen per round by the office): the tờ trình to the
    # upper authority and the quyết định within the head's own authority.
    letter_signer = models.ForeignKey(
        Signer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signer of the tờ trình"),
    )
    decision_signer = models.ForeignKey(
        Signer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signer of the quyết định"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-year", "-deadline", "-id"]
        indexes = [
            models.Index(fields=["campaign", "-year"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind", "year"], name="round_unique"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="round_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(comments_from__isnull=True, comments_until__isnull=True)
                | models.Q(comments_until__gte=models.F("comments_from")),
                name="round_comments_ordered",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} {self.year}"


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    CHECKED = "checked", _("Checked by the office")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DECIDED = "decided", _("Awarded by decision")


class AwardProposal(models.Model):
    """A proposal (đề nghị khen thưởng) of one nominee, a unit or a person, for one award form.

    The achievement report follows the sections of the báo cáo thành tích for a thematic
    campaign (thi đua theo chuyên đề) in the annex of Nghị định 152/2025/NĐ-CP.
    """

    round = models.ForeignKey(
        AwardRound, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("round")
    )
    award_form = models.ForeignKey(
        AwardForm,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("award form"),
    )
    nominee_kind = models.CharField(_("nominee"), max_length=16, choices=NomineeKind.choices)
    nominee_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=_("collective"),
    )
    nominee_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=_("individual"),
    )
    proposing_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="award_proposals",
        verbose_name=_("proposing unit"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    # Báo cáo thành tích.
    report_summary = models.TextField(
        _("summary: characteristics and tasks"),
        blank=True,
        help_text=_(
            "For a collective: its situation, functions and tasks; for an individual: "
            "position and assigned duties."
        ),
    )
    report_achievements = models.TextField(
        _("achievements in the campaign"),
        blank=True,
        help_text=_("The results achieved against the campaign's targets, with figures."),
    )
    report_measures = models.TextField(
        _("measures and solutions"),
        blank=True,
        help_text=_("How the results were achieved: measures, solutions, initiatives applied."),
    )
    report_previous_awards = models.TextField(_("titles and awards already received"), blank=True)
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True, editable=False)
    eligibility_at = models.DateTimeField(_("eligibility evaluated at"), null=True, blank=True)
    reviewer_note = models.TextField(_("reviewer's note"), blank=True)
    # Approved although the eligibility check did not prove every criterion: the approver's
    # written reason and the criteria it overrode, printed in the minutes and the list.
    override_reason = models.TextField(_("reason for approving despite the criteria"), blank=True)
    override_criteria = models.JSONField(
        _("criteria overridden"), default=list, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("awarding authority"), max_length=255, blank=True)
    # Who signed a decision of a higher authority (the Chủ tịch UBND tỉnh...), as the decision
    # reads: printed on the certificates. Within the head's own authority the round's
    # signer of the quyết định signs instead.
    decision_signer_name = models.CharField(_("decision signed by"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        ordering = ["round", "award_form__order", "nominee_kind", "id"]
        indexes = [
            models.Index(fields=["round", "award_form", "status"]),
            models.Index(fields=["proposing_unit", "status"]),
            models.Index(fields=["status", "-updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        nominee_kind="collective",
                        nominee_unit__isnull=False,
                        nominee_person__isnull=True,
                    )
                    | models.Q(
                        nominee_kind="individual",
                        nominee_unit__isnull=True,
                        nominee_person__isnull=False,
                    )
                ),
                name="proposal_one_nominee_of_kind",
            ),
            models.UniqueConstraint(
                fields=["round", "award_form", "nominee_unit"],
                condition=~models.Q(status="rejected") & models.Q(nominee_unit__isnull=False),
                name="proposal_unit_once_per_form",
            ),
            models.UniqueConstraint(
                fields=["round", "award_form", "nominee_person"],
                condition=~models.Q(status="rejected") & models.Q(nominee_person__isnull=False),
                name="proposal_person_once_per_form",
            ),
        ]

    def __str__(self):
        return f"{self.award_form} — {self.nominee}"

    @property
    def nominee(self):
        return (
            self.nominee_unit
            if self.nominee_kind == NomineeKind.COLLECTIVE
            else self.nominee_person
        )

    @property
    def nominee_name(self) -> str:
        nominee = self.nominee
        return str(nominee) if nominee else ""


class EvidenceKind(models.TextChoices):
    RECOGNITION = "recognition", _("Recognised initiative")
    RESEARCH_TASK = "research_task", _("Research task")
    YEARLY_REPORT = "yearly_report", _("Yearly report")
    FILE = "file", _("File")


# Evidence files are PDFs (appended to the dossier) or scanned certificates.
EVIDENCE_TYPES = (uploads.PDF, uploads.JPEG, uploads.PNG)


class ProposalEvidence(models.Model):
    """An achievement backing a proposal, linked from the portal or uploaded.

    One achievement backs one award (Luật Thi đua, khen thưởng 2022, Điều 5): a recognition
    or research task already used by another proposal is flagged when linked, and a proposal
    is not approved while one of its achievements backs another approved award.
    """

    proposal = models.ForeignKey(AwardProposal, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    recognition = models.ForeignKey(
        "initiatives.Recognition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_evidence",
        verbose_name=_("recognition"),
    )
    research_task = models.ForeignKey(
        ResearchTask,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_evidence",
        verbose_name=_("research task"),
    )
    yearly_report = models.ForeignKey(
        "reports.YearlyReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_evidence",
        verbose_name=_("yearly report"),
    )
    # Stored under a generated name; `original_name` is the uploader's, offered on download.
    file = models.FileField(
        _("file"), upload_to=GeneratedName("awards/evidence"), max_length=255, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    # The digital signatures found in an uploaded PDF (portal.uploads.signatures_of).
    signatures = models.JSONField(_("digital signatures"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="recognition",
                        recognition__isnull=False,
                        research_task__isnull=True,
                        yearly_report__isnull=True,
                    )
                    | models.Q(
                        kind="research_task",
                        recognition__isnull=True,
                        research_task__isnull=False,
                        yearly_report__isnull=True,
                    )
                    | models.Q(
                        kind="yearly_report",
                        recognition__isnull=True,
                        research_task__isnull=True,
                        yearly_report__isnull=False,
                    )
                    | models.Q(
                        kind="file",
                        recognition__isnull=True,
                        research_task__isnull=True,
                        yearly_report__isnull=True,
                    )
                ),
                name="evidence_link_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["proposal", "recognition"],
                condition=models.Q(recognition__isnull=False),
                name="evidence_recognition_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "research_task"],
                condition=models.Q(research_task__isnull=False),
                name="evidence_research_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "yearly_report"],
                condition=models.Q(yearly_report__isnull=False),
                name="evidence_report_once",
            ),
        ]

    def __str__(self):
        target = self.recognition or self.research_task or self.yearly_report
        return str(target) if target else (self.note or self.file_name)

    @property
    def file_name(self) -> str:
        """The uploader's name of the file (the stored name is generated)."""
        if not self.file:
            return ""
        return self.original_name or self.file.name.rsplit("/", 1)[-1]

    @property
    def is_pdf(self) -> bool:
        return self.content_type == uploads.PDF

    @property
    def signature_reports(self) -> list:
        return uploads.signature_reports(self.signatures)


class CriterionConfirmation(models.Model):
    """A reviewer's judgement on a qualitative criterion for one proposal."""

    proposal = models.ForeignKey(
        AwardProposal, on_delete=models.CASCADE, related_name="confirmations"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="confirmations")
    confirmed = models.BooleanField(_("met"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("criterion confirmation")
        verbose_name_plural = _("criterion confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "criterion"], name="confirmation_once_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.confirmed}"


class CouncilMeeting(models.Model):
    """A meeting of the emulation and awards council (Hội đồng Thi đua - Khen thưởng)."""

    round = models.ForeignKey(
        AwardRound, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("round")
    )
    held_on = models.DateField(_("held on"))
    # The minutes state when the meeting began and ended and where it was held (Nghị định
    # 30/2020/NĐ-CP, Phụ lục III, Mẫu 1.9: "Thời gian bắt đầu", "kết thúc vào ... giờ").
    started_at = models.TimeField(_("began at"), null=True, blank=True)
    ended_at = models.TimeField(_("ended at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    members_total = models.PositiveSmallIntegerField(
        _("council members in total"), validators=[MinValueValidator(1)]
    )
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="council_meetings",
        verbose_name=_("members present"),
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("secretary"),
    )
    # Members absent, one a line with the reason ("Nguyễn Văn A (đi công tác)"): a member of
    # the council need not have an account, so the names are written, not chosen.
    members_absent = models.TextField(_("members absent"), blank=True)
    notes = models.TextField(_("notes for the minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["round", "-held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(started_at__isnull=True)
                    | models.Q(ended_at__isnull=True)
                    | models.Q(ended_at__gt=models.F("started_at"))
                ),
                name="meeting_ends_after_it_begins",
            )
        ]

    def __str__(self):
        return f"{self.round} — {self.held_on:%d/%m/%Y}"

    @property
    def absent_names(self) -> list[str]:
        return [line.strip() for line in self.members_absent.splitlines() if line.strip()]


class VoteResult(models.TextChoices):
    PASSED = "passed", _("Reached the threshold")
    FAILED = "failed", _("Below the threshold")


class Vote(models.Model):
    """The council's votes on one proposal at one meeting.

    `yes`, `no` and `abstain` count every ballot, including those of absent members voting
    in writing; `absent_written` says how many of them came in writing. The result compares
    `yes` with the award form's threshold as a percentage of ALL council members.
    """

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(AwardProposal, on_delete=models.CASCADE, related_name="votes")
    yes = models.PositiveSmallIntegerField(_("in favour"), default=0)
    no = models.PositiveSmallIntegerField(_("against"), default=0)
    abstain = models.PositiveSmallIntegerField(_("abstaining"), default=0)
    absent_written = models.PositiveSmallIntegerField(
        _("written votes of absent members"), default=0
    )
    # A secret ballot (bỏ phiếu kín) is recorded with the tellers' count (kiểm phiếu).
    secret = models.BooleanField(_("secret ballot"), default=False)
    ballots_issued = models.PositiveSmallIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_received = models.PositiveSmallIntegerField(
        _("ballots received"), null=True, blank=True
    )
    ballots_valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)
    ballots_invalid = models.PositiveSmallIntegerField(_("invalid ballots"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=VoteResult.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "proposal"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal"], name="vote_once_per_meeting")
        ]

    def __str__(self):
        return f"{self.proposal}: {self.yes}/{self.no}/{self.abstain}"


# The yearly emulation records live in their own module; Django finds them through here.
from .records import CLASSIFICATION_ORDER, Classification, EmulationRecord, RecordTitle  # noqa: E402, F401, I001

# The printed certificates (Bằng khen, Giấy khen) live in their own module too.
from .certificate_models import AwardCertificate  # noqa: E402, F401, I001

# The packages forwarded to the organisation of the level above.
from .forwarding_models import OPEN_PACKAGE_STATES, ForwardedPackage, PackageDocument, PackageStatus  # noqa: E402, F401, I001
