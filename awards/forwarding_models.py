"""A package of proposals forwarded to the organisation of the level above.

Proposals whose award form lies above the lower organisation's authority (awards.routing:
Luật Thi đua, khen thưởng 2022, Điều 83) go up as one package once the round is finalised:
the proposals and their documents (tờ trình, danh sách, báo cáo thành tích, biên bản,
evidence; awards.forwarding.package_documents). The upper organisation's office receives it,
checks it, returns it with reasons or accepts it, takes it to its own council and records
its decision, which the forwarded proposals then carry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class PackageStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CHECKING = "checking", _("Being checked")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    IN_COUNCIL = "in_council", _("Before the council")
    DECIDED = "decided", _("Decided")


# States in which the upper office still has to act.
OPEN_PACKAGE_STATES = (
    PackageStatus.RECEIVED,
    PackageStatus.CHECKING,
    PackageStatus.ACCEPTED,
    PackageStatus.IN_COUNCIL,
)


class ForwardedPackage(models.Model):
    """One round's proposals above the lower organisation's authority, sent up as one."""

    round = models.OneToOneField(
        "awards.AwardRound",
        on_delete=models.PROTECT,
        related_name="forwarded_package",
        verbose_name=_("round"),
    )
    lower_organisation = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="packages_sent",
        verbose_name=_("sent by"),
    )
    upper_organisation = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="packages_received",
        verbose_name=_("sent to"),
    )
    proposals = models.ManyToManyField(
        "awards.AwardProposal", related_name="forwarded_packages", verbose_name=_("proposals")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PackageStatus.choices, default=PackageStatus.RECEIVED
    )
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reasons = models.TextField(_("reasons for returning"), blank=True)
    # The upper organisation's own round whose council takes the package.
    upper_round = models.ForeignKey(
        "awards.AwardRound",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="packages_taken",
        verbose_name=_("council round of the upper level"),
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("awarding authority"), max_length=255, blank=True)
    decision_signer_name = models.CharField(_("decision signed by"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forwarded package")
        verbose_name_plural = _("forwarded packages")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["upper_organisation", "status", "-sent_at"]),
            models.Index(fields=["lower_organisation", "-sent_at"]),
        ]

    def __str__(self):
        return f"{self.lower_organisation} — {self.round}"


class PackageDocument(models.Model):
    """One document of a forwarded package as it was sent: the PDF, signed with the lower
    organisation's certificate held by the server when one is configured
    (awards.forwarding.package_documents_store). The package page validates it each time."""

    package = models.ForeignKey(
        ForwardedPackage, on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveIntegerField()
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), upload_to="packages/%Y/%m/", max_length=255)
    # Whom the certificate that signed it was issued to; empty when it was sent unsigned.
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    # Why it was sent unsigned (no certificate on the server, an unreadable one).
    unsigned_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document of a forwarded package")
        verbose_name_plural = _("documents of forwarded packages")
        ordering = ["package", "position"]

    def __str__(self):
        return self.name
