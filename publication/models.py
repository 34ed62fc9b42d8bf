"""Comments the public sends on a round's proposed list while it is open for comments.

The commenter's contact (email or phone) is for the office alone: no public page reads it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models import AwardProposal, AwardRound


class PublicComment(models.Model):
    round = models.ForeignKey(
        AwardRound,
        on_delete=models.CASCADE,
        related_name="public_comments",
        verbose_name=_("round"),
    )
    proposal = models.ForeignKey(
        AwardProposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_comments",
        verbose_name=_("proposal commented on"),
    )
    name = models.CharField(_("full name"), max_length=150)
    contact = models.CharField(_("email or phone"), max_length=150)
    text = models.TextField(_("comment"), max_length=4000)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    response = models.TextField(_("handling note"), blank=True)
    responded_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["round", "-received_at"])]

    def __str__(self):
        return f"{self.name} — {self.received_at:%d/%m/%Y}"
