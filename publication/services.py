"""A comment from the public on a proposed list, and the office's handling of it."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import consultation
from portal import phrases, workflow
from portal.models import NotificationKind
from portal.services import history_record, notify_users
from portal.workflow import WorkflowError
from units.models import Role, User

from . import selectors
from .models import PublicComment

workflow.actions(PublicComment, {"handled": gettext_lazy("Handling note recorded")})


def _office(award_round) -> list[User]:
    issuer = award_round.campaign.issuing_unit
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.OFFICE,
            role_assignments__unit__path__in=issuer.ancestor_paths,
        ).distinct()
    )


def contact_valid(contact: str) -> bool:
    """An email address or a phone number (9 to 12 digits, spaces, dots and + allowed)."""
    contact = contact.strip()
    try:
        validate_email(contact)
        return True
    except ValidationError:
        pass
    digits = "".join(ch for ch in contact if ch.isdigit())
    return 9 <= len(digits) <= 12 and all(ch.isdigit() or ch in " .+-()" for ch in contact)


@transaction.atomic
def comment_submit(*, award_round, name: str, contact: str, text: str, proposal=None):
    """Store a comment on the round's proposed list while it is open, and tell the office."""
    if not award_round.campaign.public or not consultation.is_open(award_round):
        raise WorkflowError(
            _(
                "The comment period of this proposed list has ended (or has not begun): "
                "comments are received from %(start)s to %(end)s."
            )
            % {
                "start": award_round.comments_from.strftime("%d/%m/%Y"),
                "end": award_round.comments_until.strftime("%d/%m/%Y"),
            }
        )
    if proposal is not None and (
        proposal.round_id != award_round.pk or proposal.status not in selectors.PROPOSED_STATES
    ):
        raise WorkflowError(_("Choose a nominee of this proposed list."))
    name, contact, text = " ".join(name.split()), contact.strip(), text.strip()
    if not name or not text:
        raise WorkflowError(_("Enter your name and your comment."))
    if not contact_valid(contact):
        raise WorkflowError(_("Enter an email address or a phone number the office can reach."))
    comment = PublicComment.objects.create(
        round=award_round, proposal=proposal, name=name, contact=contact, text=text
    )
    notify_users(
        users=_office(award_round),
        template="publication/email/comment_received",
        context={
            "round": str(award_round),
            "campaign": award_round.campaign.title,
            "nominee": proposal.nominee_name if proposal else "",
        },
        url=reverse("publication:comments", args=[award_round.pk]),
        kind=NotificationKind.AWARD,
    )
    return comment


@transaction.atomic
def comment_respond(*, comment, response: str, by) -> PublicComment:
    """The office records how it handled a comment (written to the history)."""
    comment = (
        PublicComment.objects.select_for_update()
        .select_related("round__campaign__issuing_unit")
        .get(pk=comment.pk)
    )
    if not selectors.can_read_comments(by, comment.round):
        raise WorkflowError(phrases.NOT_ALLOWED)
    response = response.strip()
    if not response:
        raise WorkflowError(_("Write how the comment was handled."))
    before = comment.response
    comment.response = response
    comment.responded_at = timezone.now()
    comment.responded_by = by
    comment.save(update_fields=["response", "responded_at", "responded_by"])
    history_record(
        subject=comment, by=by, action="handled", changes={"response": [before, response]}
    )
    return comment
