"""Phrases several apps show, written once."""

from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("You are not allowed to do this.")
SAVED = _("Saved.")
DRAFT_KEPT = _("Your draft has been kept; correct the fields marked below and try again.")
CHANGED_MEANWHILE = _(
    "Someone else changed this record while you were working on it. "
    "The page now shows its current state."
)
ILLEGAL_TRANSITION = _("This action is not possible while the record is “%(state)s”.")
