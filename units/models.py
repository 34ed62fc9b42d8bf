"""The unit tree, the people who work in it, their accounts and their roles."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.text import collation_key, fold, person_sort_key

PATH_STEP = 7  # one path segment per level: the unit id in base 36, zero padded


def path_segment(pk: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while pk:
        pk, rem = divmod(pk, 36)
        out = digits[rem] + out
    return out.rjust(PATH_STEP - 1, "0") + "/"


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department (Sở)")
    DEPARTMENT_OFFICE = "department_office", _("Department office")
    SECTION = "section", _("Section (phòng)")
    AFFILIATE = "affiliate", _("Affiliated unit")
    CENTRE = "centre", _("Centre")
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    CONTINUING_EDUCATION = "continuing_education", _("Continuing education centre")
    COLLEGE = "college", _("College")
    COMMUNE = "commune", _("Commune People's Committee")
    COMMUNE_BODY = "commune_body", _("Commune body")
    VILLAGE = "village", _("Village")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


SCHOOL_KINDS = (
    UnitKind.PRESCHOOL,
    UnitKind.PRIMARY_SCHOOL,
    UnitKind.LOWER_SECONDARY,
    UnitKind.UPPER_SECONDARY,
    UnitKind.CONTINUING_EDUCATION,
    UnitKind.COLLEGE,
)


class Unit(models.Model):
    """A collective (tập thể): a department, its sections, schools, a commune's bodies...

    `path` is a materialised path (one base-36 segment per ancestor, ending with this unit)
    so that a subtree is one indexed prefix query: `path__startswith=unit.path`.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    headcount = models.PositiveIntegerField(
        _("headcount (CBCCVC, employees)"),
        default=0,
        help_text=_("Civil servants, public employees and workers; criteria are ratios of it."),
    )
    place = models.CharField(
        _("place name on documents"),
        max_length=100,
        blank=True,
        help_text=_("Used in “<place>, ngày … tháng … năm …”, e.g. Hải Phòng."),
    )
    short_code = models.CharField(
        _("document symbol"),
        max_length=32,
        blank=True,
        help_text=_("Abbreviation used in document numbers, e.g. SGDĐT."),
    )
    # Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3: the issuer's name is preceded by the name
    # of its governing body (UBND THÀNH PHỐ HẢI PHÒNG over SỞ GIÁO DỤC VÀ ĐÀO TẠO).
    governing_body = models.CharField(
        _("governing body on documents"),
        max_length=255,
        blank=True,
        help_text=_(
            "Printed above the unit's name in the header of its documents, e.g. "
            "UBND thành phố Hải Phòng. Empty: the parent unit's name."
        ),
    )
    document_name = models.CharField(
        _("name on documents"),
        max_length=255,
        blank=True,
        help_text=_(
            "The name as it stands under the governing body, e.g. Sở Giáo dục và Đào tạo. "
            "Empty: the unit's name."
        ),
    )
    proposes_to = models.CharField(
        _("proposes higher awards to"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who receives the organisation's tờ trình for awards above its own authority, "
            "e.g. Chủ tịch Ủy ban nhân dân thành phố Hải Phòng (Luật Thi đua, khen thưởng "
            "2022, Điều 83)."
        ),
    )
    # The organisation of the level above (UBND thành phố over a Sở and a commune): a root
    # unit of its own. Its office receives the forwarded proposals above this organisation's
    # authority and sees the roll-ups; it never edits this organisation's tree.
    upper_organisation = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lower_organisations",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("upper level organisation"),
        help_text=_(
            "For an organisation (a root unit): the organisation of the level above it, which "
            "receives its proposals above its own authority."
        ),
    )
    active = models.BooleanField(pgettext_lazy("in service", "active"), default=True)
    name_sort = models.CharField(max_length=600, editable=False, default="")
    name_folded = models.CharField(max_length=255, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["parent", "name_sort"]),
            models.Index(fields=["kind", "path"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_sort = collation_key(self.name)[:600]
        self.name_folded = fold(self.name)[:255]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_sort", "name_folded"}
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "") + path_segment(self.pk)
        if path != self.path:
            self.path = path
            self.depth = path.count("/") - 1
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def clean(self):
        super().clean()
        if self.parent_id and self.upper_organisation_id:
            raise ValidationError(
                _(
                    "Only an organisation (a unit without a parent unit) has a level above: "
                    "clear the level above before putting it under a parent unit."
                )
            )
        refusal = self.upper_organisation_refusal(self.upper_organisation)
        if refusal:
            raise ValidationError({"upper_organisation": refusal})

    def upper_organisation_refusal(self, upper: "Unit | None") -> str:
        """Why `upper` cannot be this organisation's level above ("" when it can): the level
        above is another organisation (a root unit), never this one nor one that is, at any
        number of levels, below it, so the chain of levels has no cycle."""
        if upper is None:
            return ""
        if upper.parent_id:
            return _("The level above must be an organisation (a unit without a parent unit).")
        seen = set()
        node = upper
        while node is not None and node.pk not in seen:
            if node.pk == self.pk:
                if upper.pk == self.pk:
                    return _("An organisation cannot be the level above itself.")
                return _(
                    "%(upper)s is below this organisation (directly or through other levels): "
                    "it cannot also be its level above."
                ) % {"upper": upper.name}
            seen.add(node.pk)
            node = node.upper_organisation
        return ""

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every ancestor, root first."""
        return [self.path[: i + PATH_STEP] for i in range(0, len(self.path), PATH_STEP)]

    @property
    def organisation_path(self) -> str:
        return self.path[:PATH_STEP]

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)

    @property
    def header_governing_body(self) -> str:
        """The line above the issuer's name: the field, else the parent unit's name."""
        if self.governing_body:
            return self.governing_body
        return self.parent.name if self.parent_id else ""

    @property
    def header_name(self) -> str:
        return self.document_name or self.name


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonKind(models.TextChoices):
    """Who an individual is, as plans name their individual participants: Hải Phòng 1536/KH-SGDĐT
    "cán bộ, công chức, viên chức, người lao động"; Hà Nội 4400/KH-SGDĐT adds "học sinh, học
    viên"; Hưng Yên 2024 adds "nhân dân lao động"."""

    OFFICIAL = "official", _("Cadre, civil servant or public employee (CBCCVC)")
    WORKER = "worker", _("Employee (người lao động)")
    LEARNER = "learner", _("Pupil, student or learner")
    CITIZEN = "citizen", _("Resident or working citizen")


class Person(models.Model):
    """An individual (cá nhân). An author or a nominee need not have an account."""

    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    kind = models.CharField(
        _("kind of individual"),
        max_length=16,
        choices=PersonKind.choices,
        default=PersonKind.OFFICIAL,
        help_text=_("Criteria of a plan may apply to some kinds of individuals only."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    qualification = models.CharField(_("qualification"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    completed_digital_skills = models.DateField(
        _("completed basic digital skills on"),
        null=True,
        blank=True,
        help_text=_("Basic digital skills programme (QĐ 757/QĐ-BKHCN)."),
    )
    active = models.BooleanField(pgettext_lazy("in service", "active"), default=True)
    name_sort = models.CharField(max_length=500, editable=False, default="")
    name_folded = models.CharField(max_length=150, editable=False, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_sort", "id"]
        indexes = [models.Index(fields=["unit", "name_sort"]), models.Index(fields=["name_sort"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_sort = person_sort_key(self.full_name)
        self.name_folded = fold(self.full_name)[:150]
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_sort", "name_folded"}
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A login. Linked to the person it belongs to; roles come from RoleAssignment."""

    person = models.OneToOneField(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        default="vi",
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Unit staff")
    UNIT_HEAD = "unit_head", _("Unit head")
    OFFICE = "office", _("Office reviewer")
    COUNCIL = "council", _("Council member")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


class RoleAssignment(models.Model):
    """A role over a unit's subtree: unit staff of a school, office of a whole Sở..."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("unit")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_unit")
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.unit}"


def _import_upload_path(job, filename: str) -> str:
    # Never the uploader's file name: a generated one, kept only until the import has run.
    return f"imports/{uuid.uuid4().hex}.xlsx"


class SignerAuthority(models.TextChoices):
    """How a signer signs (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.8.a)."""

    OWN = "", _("In his or her own name")
    ON_BEHALF = "TM.", _("TM. (on behalf of a collective body)")
    DEPUTY = "KT.", _("KT. (a deputy for the head)")
    ACTING = "Q.", _("Q. (acting head)")
    BY_ORDER = "TL.", _("TL. (by order of the head)")
    BY_AUTHORISATION = "TUQ.", _("TUQ. (authorised by the head)")


class Signer(models.Model):
    """Someone who signs an organisation's documents, as the signature block shows it:
    "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A" (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.8)."""

    organisation = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="signers", verbose_name=_("organisation")
    )
    authority = models.CharField(
        _("signing authority"),
        max_length=8,
        choices=SignerAuthority.choices,
        blank=True,
        default=SignerAuthority.OWN,
    )
    authority_of = models.CharField(
        _("on behalf of"),
        max_length=150,
        blank=True,
        help_text=_("After TM./KT./Q./TL./TUQ.: e.g. Giám đốc, Ủy ban nhân dân."),
    )
    title = models.CharField(
        _("title"), max_length=150, help_text=_("e.g. Phó Giám đốc, Chủ tịch.")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    active = models.BooleanField(pgettext_lazy("in service", "active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["organisation", "-active", "authority", "title", "full_name", "id"]

    def __str__(self):
        return " ".join(filter(None, [self.authority_line, self.title, self.full_name]))

    @property
    def authority_line(self) -> str:
        """The first line of the block, in capitals: "KT. GIÁM ĐỐC"; empty when signing
        in one's own name."""
        if not self.authority:
            return ""
        return f"{self.authority} {self.authority_of}".strip().upper()


class ImportJob(models.Model):
    """One Excel import of units or people, run by a Celery job; its page polls it."""

    class Kind(models.TextChoices):
        UNITS = "units", _("Units")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Checking")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused: nothing saved")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=_import_upload_path, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("records created"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    requested_by = models.ForeignKey(
        "units.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Excel import")
        verbose_name_plural = _("Excel imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} import {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)
