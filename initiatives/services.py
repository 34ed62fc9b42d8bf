"""Every change of an initiative's state goes through one function here.

Each transition locks the row (`select_for_update`), checks the user's role and the state,
saves with `update_fields`, writes a history row and notifies the unit after commit. Two
reviewers deciding at once: the second finds the state already changed and is refused.
"""

import difflib
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Level
from portal import uploads
from portal.phrases import ILLEGAL_TRANSITION, NOT_ALLOWED
from portal.services import history_record, notify_users
from portal.text import fold

from . import rules, selectors
from .models import (
    Attachment,
    CouncilAssignment,
    CouncilMember,
    Initiative,
    Recognition,
    Score,
    Status,
)


class InitiativeError(Exception):
    """A refused action; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


# What a complete application holds (Thông tư 18/2013 Phụ lục I).
REQUIRED_SECTIONS = (
    "title",
    "field",
    "year",
    "first_applied_on",
    "problem",
    "essence",
    "applicability",
    "conditions",
    "benefits_authors",
    "benefits_appliers",
    "first_appliers",
)
MAX_MATCHES = 5

ACTION_LABELS = {
    "submitted": gettext_lazy("submitted"),
    "resubmitted": gettext_lazy("submitted again"),
    "returned": gettext_lazy("returned for revision"),
    "sent_to_council": gettext_lazy("sent to the council"),
    "assigned": gettext_lazy("assigned to council members"),
    "scored": gettext_lazy("scored"),
    "recognised": gettext_lazy("recognised"),
    "recognised_higher": gettext_lazy("recognised at a higher level"),
    "not_recognised": gettext_lazy("not recognised"),
    "withdrawn": gettext_lazy("withdrawn"),
    "attachment_deleted": gettext_lazy("attachment removed"),
    "edited": gettext_lazy("edited"),
}


def _refuse_state(initiative):
    raise InitiativeError(ILLEGAL_TRANSITION % {"state": initiative.get_status_display()})


def _lock(initiative) -> Initiative:
    return (
        Initiative.objects.select_for_update()
        .select_related("unit", "campaign")
        .get(pk=initiative.pk)
    )


def _url(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def _notify(initiative, event, *, by, note="", extra_users=()):
    users = list(selectors.unit_staff_of(initiative.unit))
    users += [u for u in extra_users if u not in users]
    notify_users(
        users=users,
        template="initiatives/email/event",
        context={
            "event": event,
            "title": initiative.title,
            "status": initiative.get_status_display(),
            "note": note,
            "actor": by.display_name if by else "",
        },
        url=_url(initiative),
    )


def _transition(initiative, *, by, to, action, note="", fields=(), extra_users=()):
    previous = initiative.status
    initiative.status = to
    initiative.save(update_fields=["status", "updated_at", *fields])
    history_record(
        subject=initiative, by=by, action=action, from_state=previous, to_state=to, note=note
    )
    _notify(initiative, action, by=by, note=note, extra_users=extra_users)
    return initiative


def initiative_refresh_search(initiative) -> None:
    """Recompute the folded search column: title, authors and unit."""
    names = " ".join(a.full_name for a in initiative.authors.all())
    text = fold(f"{initiative.title} {names} {initiative.unit.name}")
    Initiative.objects.filter(pk=initiative.pk).update(search_text=text)
    initiative.search_text = text


def initiative_missing_parts(initiative) -> list[str]:
    """Names of the parts a submission still lacks, in the form's order."""
    missing = []
    for name in REQUIRED_SECTIONS:
        value = getattr(initiative, name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            missing.append(str(Initiative._meta.get_field(name).verbose_name))
    authors = list(initiative.authors.all())
    if not authors:
        missing.append(_("at least one author"))
    else:
        total = sum((a.contribution or Decimal(0) for a in authors), Decimal(0))
        if total != 100:
            missing.append(
                _("authors' contributions summing to 100 %% (now %(total)s %%)")
                % {"total": f"{total.normalize():f}"}
            )
    return missing


# Near-copy detection ---------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Trigram Jaccard similarity of two folded texts (0 to 1)."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _candidates(initiative):
    """Earlier initiatives worth comparing, found cheaply (an index does the filtering)."""
    base = Initiative.objects.exclude(pk=initiative.pk).exclude(status=Status.DRAFT)
    folded_title = fold(initiative.title)
    if connection.vendor == "postgresql":
        # `%>` (word similarity of the title within the folded search column) is answered
        # by the GIN trigram index; the exact measure is then computed below.
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            base.filter(search_text__trigram_word_similar=folded_title)
            .annotate(trgm=TrigramWordSimilarity(folded_title, "search_text"))
            .order_by("-trgm")[:200]
        )
    words = sorted(set(_WORD.findall(folded_title)), key=len, reverse=True)[:4]
    if not words:
        return base.none()
    q = Q()
    for word in words:
        q |= Q(search_text__contains=word)
    return base.filter(q).order_by("-id")[:500]


def initiative_find_similar(initiative) -> list[dict]:
    """The closest earlier initiatives whose similarity reaches the threshold."""
    threshold = settings.SIMILARITY_THRESHOLD
    mine = initiative.compare_text()
    matches = []
    rows = (
        _candidates(initiative)
        .select_related("unit", "campaign")
        .only("pk", "title", "essence", "year", "unit__name", "campaign__document_number")
    )
    for other in rows:
        score = similarity(mine, other.compare_text())
        if score >= threshold:
            matches.append(
                {
                    "id": other.pk,
                    "title": other.title,
                    "unit": other.unit.name,
                    "year": other.year,
                    "campaign": other.campaign.document_number,
                    "similarity": round(score, 3),
                }
            )
    matches.sort(key=lambda m: -m["similarity"])
    return matches[:MAX_MATCHES]


# Snapshots and differences ---------------------------------------------------------------


def initiative_snapshot(initiative) -> dict:
    """The application's fields as text, to compare a resubmission with."""
    data = {}
    for name in Initiative.APPLICATION_FIELDS:
        field = Initiative._meta.get_field(name)
        value = getattr(initiative, name)
        if field.choices:
            value = getattr(initiative, f"get_{name}_display")()
        data[name] = "" if value is None else str(value)
    data["authors"] = "\n".join(
        f"{a.full_name} ({a.contribution.normalize():f} %)" for a in initiative.authors.all()
    )
    return data


def initiative_changes_since_return(initiative) -> list[dict]:
    """Field-by-field differences between the return snapshot and the current application."""
    before = initiative.return_snapshot or {}
    if not before:
        return []
    after = initiative_snapshot(initiative)
    changes = []
    for name, new in after.items():
        old = before.get(name, "")
        if old == new:
            continue
        label = (
            _("authors")
            if name == "authors"
            else str(Initiative._meta.get_field(name).verbose_name)
        )
        ops = []
        matcher = difflib.SequenceMatcher(a=old.split(), b=new.split())
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                ops.append(("equal", " ".join(old.split()[i1:i2])))
            if tag in ("delete", "replace"):
                ops.append(("delete", " ".join(old.split()[i1:i2])))
            if tag in ("insert", "replace"):
                ops.append(("insert", " ".join(new.split()[j1:j2])))
        changes.append({"field": name, "label": label, "before": old, "after": new, "ops": ops})
    return changes


# Transitions -----------------------------------------------------------------------------


@transaction.atomic
def initiative_submit(*, initiative, by) -> Initiative:
    """Submit a draft, or resubmit a returned application, to the office."""
    locked = _lock(initiative)
    if not rules.is_unit_user(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status not in rules.EDITABLE:
        _refuse_state(locked)
    missing = initiative_missing_parts(locked)
    if missing:
        raise InitiativeError(
            _("The application cannot be submitted yet. Missing: %(parts)s.")
            % {"parts": "; ".join(missing)}
        )
    initiative_refresh_search(locked)
    locked.similar_matches = initiative_find_similar(locked)
    locked.submitted_at = timezone.now()
    action = "resubmitted" if locked.status == Status.RETURNED else "submitted"
    _transition(
        locked,
        by=by,
        to=Status.SUBMITTED,
        action=action,
        fields=["similar_matches", "submitted_at"],
        extra_users=selectors.reviewers_of(locked.unit),
    )
    return locked


def initiative_resubmit(*, initiative, by) -> Initiative:
    return initiative_submit(initiative=initiative, by=by)


@transaction.atomic
def initiative_return(*, initiative, by, reason: str) -> Initiative:
    """The office returns an application for revision, with its reasons."""
    locked = _lock(initiative)
    if not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.SUBMITTED:
        _refuse_state(locked)
    if not (reason or "").strip():
        raise InitiativeError(_("Give the reasons for returning the application."))
    locked.return_reason = reason.strip()
    locked.return_snapshot = initiative_snapshot(locked)
    return _transition(
        locked,
        by=by,
        to=Status.RETURNED,
        action="returned",
        note=locked.return_reason,
        fields=["return_reason", "return_snapshot"],
    )


@transaction.atomic
def initiative_send_to_council(*, initiative, by, members=()) -> Initiative:
    """The office sends an application to the council, optionally assigning members."""
    locked = _lock(initiative)
    if not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.SUBMITTED:
        _refuse_state(locked)
    _transition(locked, by=by, to=Status.IN_COUNCIL, action="sent_to_council")
    if members:
        council_assign(initiative=locked, members=members, by=by)
    return locked


@transaction.atomic
def initiative_withdraw(*, initiative, by, reason: str = "") -> Initiative:
    """The unit withdraws its application before the council reviews it."""
    locked = _lock(initiative)
    if not rules.is_unit_user(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status not in rules.WITHDRAWABLE:
        _refuse_state(locked)
    extra = selectors.reviewers_of(locked.unit) if locked.status == Status.SUBMITTED else ()
    return _transition(
        locked, by=by, to=Status.WITHDRAWN, action="withdrawn", note=reason, extra_users=extra
    )


@transaction.atomic
def initiative_recognise(
    *, initiative, by, decision_number, decision_date, issuer, scope="", level=Level.BASE
) -> Recognition:
    """Record the recognition decision (normally at cơ sở level)."""
    locked = _lock(initiative)
    if not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.IN_COUNCIL:
        _refuse_state(locked)
    if not (decision_number and decision_date and issuer):
        raise InitiativeError(_("Give the decision number, its date and who issued it."))
    recognition = Recognition.objects.create(
        initiative=locked,
        level=level,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        scope=scope,
        recorded_by=by,
    )
    locked.decided_at = timezone.now()
    note = _("Decision %(number)s of %(date)s (%(issuer)s)") % {
        "number": decision_number,
        "date": decision_date.strftime("%d/%m/%Y"),
        "issuer": issuer,
    }
    _transition(
        locked, by=by, to=Status.RECOGNISED, action="recognised", note=note, fields=["decided_at"]
    )
    return recognition


@transaction.atomic
def initiative_reject(*, initiative, by, reason: str) -> Initiative:
    """The office records that the initiative is not recognised, with the reason."""
    locked = _lock(initiative)
    if not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.IN_COUNCIL:
        _refuse_state(locked)
    if not (reason or "").strip():
        raise InitiativeError(_("Give the reason the initiative is not recognised."))
    locked.decided_at = timezone.now()
    locked.decision_note = reason.strip()
    return _transition(
        locked,
        by=by,
        to=Status.NOT_RECOGNISED,
        action="not_recognised",
        note=locked.decision_note,
        fields=["decided_at", "decision_note"],
    )


@transaction.atomic
def recognition_add_higher_level(
    *, initiative, by, level, decision_number, decision_date, issuer, scope=""
) -> Recognition:
    """Record a later recognition at province/city or national level."""
    locked = _lock(initiative)
    if not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.RECOGNISED:
        _refuse_state(locked)
    if level not in rules.higher_levels(locked):
        raise InitiativeError(
            _("The initiative is already recognised at this level or a higher one.")
        )
    if not (decision_number and decision_date and issuer):
        raise InitiativeError(_("Give the decision number, its date and who issued it."))
    recognition = Recognition.objects.create(
        initiative=locked,
        level=level,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        scope=scope,
        recorded_by=by,
    )
    note = _("%(level)s: decision %(number)s of %(date)s (%(issuer)s)") % {
        "level": recognition.get_level_display(),
        "number": decision_number,
        "date": decision_date.strftime("%d/%m/%Y"),
        "issuer": issuer,
    }
    history_record(subject=locked, by=by, action="recognised_higher", note=note)
    _notify(locked, "recognised_higher", by=by, note=note)
    return recognition


# Council ---------------------------------------------------------------------------------


def council_set_members(*, campaign, users, by) -> None:
    """The office sets a campaign's council: accounts holding the council role."""
    from units import access
    from units.models import Role

    if not access.has_role(by, *rules.REVIEWING_ROLES, unit=campaign.issuing_unit):
        raise InitiativeError(NOT_ALLOWED)
    wanted = {u.pk: u for u in users}
    for user in wanted.values():
        if not access.has_role(user, Role.COUNCIL):
            raise InitiativeError(
                _("%(name)s does not hold the council member role.") % {"name": user.display_name}
            )
    with transaction.atomic():
        CouncilMember.objects.filter(campaign=campaign).exclude(user_id__in=wanted).delete()
        existing = set(
            CouncilMember.objects.filter(campaign=campaign).values_list("user_id", flat=True)
        )
        CouncilMember.objects.bulk_create(
            [
                CouncilMember(campaign=campaign, user=u)
                for pk, u in wanted.items()
                if pk not in existing
            ]
        )
        history_record(
            subject=campaign,
            by=by,
            action="council_members",
            note=", ".join(u.display_name for u in wanted.values()),
        )


@transaction.atomic
def council_assign(*, initiative, members, by) -> list[CouncilAssignment]:
    """Give an initiative to council members to score; conflicts of interest are refused."""
    locked = _lock(initiative)
    if not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.IN_COUNCIL:
        _refuse_state(locked)
    council = set(
        CouncilMember.objects.filter(campaign=locked.campaign_id).values_list("user_id", flat=True)
    )
    created = []
    for member in members:
        if member.pk not in council:
            raise InitiativeError(
                _("%(name)s is not a member of this campaign's council.")
                % {"name": member.display_name}
            )
        if rules.has_conflict(member, locked):
            raise InitiativeError(
                _("%(name)s cannot score an initiative of their own unit or their own work.")
                % {"name": member.display_name}
            )
        assignment, made = CouncilAssignment.objects.get_or_create(
            initiative=locked, member=member, defaults={"assigned_by": by}
        )
        if made:
            created.append(assignment)
    if created:
        names = ", ".join(a.member.display_name for a in created)
        history_record(subject=locked, by=by, action="assigned", note=names)
        notify_users(
            users=[a.member for a in created],
            template="initiatives/email/event",
            context={"event": "assigned", "title": locked.title, "note": "", "actor": ""},
            url=_url(locked),
        )
    return created


@transaction.atomic
def initiative_score(*, initiative, by, scores: dict) -> CouncilAssignment:
    """A council member's points on each rubric criterion: {criterion_id: (points, comment)}."""
    locked = _lock(initiative)
    assignment = (
        CouncilAssignment.objects.select_for_update().filter(initiative=locked, member=by).first()
    )
    if assignment is None or rules.has_conflict(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    if locked.status != Status.IN_COUNCIL:
        _refuse_state(locked)
    rubric = list(locked.campaign.rubric.all())
    if not rubric:
        raise InitiativeError(_("The campaign has no review rubric yet."))
    for criterion in rubric:
        if criterion.pk not in scores or scores[criterion.pk][0] is None:
            raise InitiativeError(
                _("Give points for “%(criterion)s”.") % {"criterion": criterion.name}
            )
        points = Decimal(scores[criterion.pk][0])
        if points < 0 or points > criterion.max_points:
            raise InitiativeError(
                _("Points for “%(criterion)s” must be between 0 and %(max)s.")
                % {"criterion": criterion.name, "max": f"{criterion.max_points.normalize():f}"}
            )
    for criterion in rubric:
        points, comment = scores[criterion.pk]
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={"points": Decimal(points), "comment": comment or ""},
        )
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["scored_at"])
    total = sum(Decimal(scores[c.pk][0]) for c in rubric)
    history_record(
        subject=locked,
        by=by,
        action="scored",
        note=_("Total %(total)s points") % {"total": f"{total.normalize():f}"},
    )
    notify_users(
        users=selectors.reviewers_of(locked.unit),
        template="initiatives/email/event",
        context={
            "event": "scored",
            "title": locked.title,
            "note": "",
            "actor": by.display_name,
        },
        url=_url(locked),
    )
    return assignment


def council_summary(initiative) -> dict:
    """Each member's scores, the mean total and the proposal against the threshold."""
    rubric = list(initiative.campaign.rubric.all())
    assignments = list(
        initiative.assignments.select_related("member", "member__person").prefetch_related("scores")
    )
    rows = []
    totals = []
    for assignment in assignments:
        by_criterion = {s.criterion_id: s for s in assignment.scores.all()}
        cells = [by_criterion.get(c.pk) for c in rubric]
        total = sum((s.points for s in by_criterion.values()), Decimal(0))
        if assignment.scored_at:
            totals.append(total)
        rows.append({"assignment": assignment, "cells": cells, "total": total})
    mean = (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01")) if totals else None
    threshold = initiative.campaign.recognition_threshold
    return {
        "rubric": rubric,
        "rows": rows,
        "mean": mean,
        "scored": len(totals),
        "threshold": threshold,
        "proposed": mean is not None and mean >= threshold,
        "max_total": sum((c.max_points for c in rubric), Decimal(0)),
    }


def attachment_add(*, initiative, upload, by) -> Attachment:
    """Attach an upload, checked here whatever the caller did: stored under a generated
    name with the extension of the type read from its content."""
    if not rules.can_edit(by, initiative):
        raise InitiativeError(NOT_ALLOWED)
    try:
        content_type = uploads.upload_check(upload)
    except ValidationError as error:
        raise InitiativeError(" ".join(error.messages)) from error
    attachment = Attachment(
        initiative=initiative,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def attachment_delete(*, attachment, by) -> None:
    if not rules.can_edit(by, attachment.initiative):
        raise InitiativeError(NOT_ALLOWED)
    attachment.file.delete(save=False)
    attachment.delete()
