"""The printed certificate (Bằng khen, Giấy khen) of a decided award proposal.

A certificate keeps the serial number it was given when first printed, so a reprint shows
the same number, and a random token: the address of the public page that verifies it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Unit

TOKEN_BYTES = 24  # 32 URL-safe characters: not guessable, not derived from the serial


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class AwardCertificate(models.Model):
    proposal = models.OneToOneField(
        "awards.AwardProposal",
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("award proposal"),
    )
    organisation = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    serial = models.CharField(_("serial number"), max_length=64)
    token = models.CharField(max_length=64, unique=True, editable=False, default=new_token)
    citation = models.TextField(_("award text"))
    issued_at = models.DateTimeField(_("first printed at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["organisation", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="certificate_number_per_year"
            )
        ]

    def __str__(self):
        return self.serial
