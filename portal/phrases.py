"""Phrases several apps show, written once."""

from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("You are not allowed to do this.")
SAVED = _("Saved.")
# A form refused: nothing was written (the page shows what was typed, to correct it).
NOT_SAVED = _("Nothing has been saved; correct the fields marked below and try again.")
# A draft saved, then refused on sending: the draft is kept, the sending is not done.
SAVED_NOT_SENT = _("The draft has been saved but not sent; complete the fields marked below.")
CHANGED_MEANWHILE = _(
    "Someone else changed this record while you were working on it. "
    "The page now shows its current state."
)
ILLEGAL_TRANSITION = _("This action is not possible while the record is “%(state)s”.")
# The minutes of a meeting (Nghị định 30/2020/NĐ-CP, Phụ lục III, Mẫu 1.9).
MEETING_ENDS_BEFORE_IT_BEGINS = _("The meeting must end after it began.")
MORE_ABSENT_THAN_MISSING = _("More members are named absent than the council lacks at the meeting.")
