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
from portal import uploads, workflow
from portal.phrases import NOT_ALLOWED
from portal.services import history_record, notify_users
from portal.text import fold, number
from portal.workflow import Move, Transitions, WorkflowError

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


class InitiativeError(WorkflowError):
    """A refused action; the message is shown to the user as is."""


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
# Near copies kept per initiative; the page shows each reviewer only those they may see.
MAX_MATCHES = 20

ACTION_LABELS = {
    "submitted": gettext_lazy("submitted"),
    "resubmitted": gettext_lazy("submitted again"),
    "returned": gettext_lazy("returned for revision"),
    "sent_to_council": gettext_lazy("sent to the council"),
    "assigned": gettext_lazy("assigned to council members"),
    "scored": gettext_lazy("scored"),
    "excused": gettext_lazy("council member not scoring"),
    "similarity_noted": gettext_lazy("similar initiatives checked"),
    "recognised": gettext_lazy("recognised"),
    "recognised_higher": gettext_lazy("recognised at a higher level"),
    "not_recognised": gettext_lazy("not recognised"),
    "withdrawn": gettext_lazy("withdrawn"),
    "attachment_deleted": gettext_lazy("attachment removed"),
    "edited": gettext_lazy("edited"),
}


def _scores(user, initiative) -> bool:
    """An assigned council member with no conflict of interest (units/access.py)."""
    return initiative.assignments.filter(member=user).exists() and not rules.has_conflict(
        user, initiative
    )


def _excuses(user, initiative) -> bool:
    """The office, or an assigned member for themselves."""
    return (
        rules.is_reviewer(user, initiative) or initiative.assignments.filter(member=user).exists()
    )


_COUNCIL = (Status.IN_COUNCIL,)
TRANSITIONS = Transitions(
    Initiative,
    [
        Move("created", [Status.DRAFT], None, rules.is_unit_user, gettext_lazy("created")),
        Move("edited", rules.EDITABLE, None, rules.is_unit_user, ACTION_LABELS["edited"]),
        Move(
            "attachment_deleted",
            rules.EDITABLE,
            None,
            rules.is_unit_user,
            ACTION_LABELS["attachment_deleted"],
        ),
        Move(
            "submitted",
            [Status.DRAFT],
            Status.SUBMITTED,
            rules.is_unit_user,
            ACTION_LABELS["submitted"],
        ),
        Move(
            "resubmitted",
            [Status.RETURNED],
            Status.SUBMITTED,
            rules.is_unit_user,
            ACTION_LABELS["resubmitted"],
        ),
        Move(
            "withdrawn",
            rules.WITHDRAWABLE,
            Status.WITHDRAWN,
            rules.is_unit_user,
            ACTION_LABELS["withdrawn"],
        ),
        Move(
            "returned",
            [Status.SUBMITTED],
            Status.RETURNED,
            rules.is_reviewer,
            ACTION_LABELS["returned"],
        ),
        Move(
            "similarity_noted",
            [Status.SUBMITTED, Status.IN_COUNCIL],
            None,
            rules.is_reviewer,
            ACTION_LABELS["similarity_noted"],
        ),
        Move(
            "sent_to_council",
            [Status.SUBMITTED],
            Status.IN_COUNCIL,
            rules.is_reviewer,
            ACTION_LABELS["sent_to_council"],
        ),
        Move("assigned", _COUNCIL, None, rules.is_reviewer, ACTION_LABELS["assigned"]),
        Move("scored", _COUNCIL, None, _scores, ACTION_LABELS["scored"]),
        Move("excused", _COUNCIL, None, _excuses, ACTION_LABELS["excused"]),
        Move(
            "recognised",
            _COUNCIL,
            Status.RECOGNISED,
            rules.is_reviewer,
            ACTION_LABELS["recognised"],
        ),
        Move(
            "not_recognised",
            _COUNCIL,
            Status.NOT_RECOGNISED,
            rules.is_reviewer,
            ACTION_LABELS["not_recognised"],
        ),
        Move(
            "recognised_higher",
            [Status.RECOGNISED],
            None,
            rules.is_reviewer,
            ACTION_LABELS["recognised_higher"],
        ),
    ],
    error=InitiativeError,
)


def _check(action, *, by, initiative) -> None:
    """The actor, then the state, for `action` (declared in TRANSITIONS)."""
    workflow.check(TRANSITIONS, TRANSITIONS[action], by=by, record=initiative)


def _lock(initiative) -> Initiative:
    return (
        # Its own row only: the unit and the campaign are shared (see `workflow.lock`).
        Initiative.objects.select_for_update(of=("self",))
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


def _transition(initiative, *, by, action, note="", fields=(), extra_users=(), notify=True):
    """Make the declared move `action` on the locked initiative (portal.workflow)."""

    def send(record, move):
        _notify(record, move.name, by=by, note=note, extra_users=extra_users)

    return workflow.transition(
        initiative,
        TRANSITIONS,
        action,
        by=by,
        note=note,
        fields=fields,
        locked=True,
        notify=send if notify else None,
    )


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
                % {"total": number(total)}
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


_LEGACY_BOOLEANS = {"True": True, "False": False}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _snapshot_text(field, value) -> str:
    """A field's value as the application shows it: Có/Không, 85,5, dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, Decimal | float):
        return number(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _readable_snapshot(snapshot: dict) -> dict:
    """Snapshots written before values were shown as words: "True"/"False" become Có/Không."""
    out = dict(snapshot)
    for name, value in snapshot.items():
        if name == "authors":
            continue
        try:
            field = Initiative._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a field since removed)
            continue
        kind = field.get_internal_type()
        if kind == "BooleanField" and value in _LEGACY_BOOLEANS:
            out[name] = _snapshot_text(field, _LEGACY_BOOLEANS[value])
        elif kind == "DateField" and _ISO_DATE.fullmatch(value or ""):
            out[name] = "/".join(reversed(value.split("-")))
    return out


def initiative_snapshot(initiative) -> dict:
    """The application's fields as text, to compare a resubmission with."""
    data = {}
    for name in Initiative.APPLICATION_FIELDS:
        field = Initiative._meta.get_field(name)
        value = getattr(initiative, name)
        if field.choices:
            value = getattr(initiative, f"get_{name}_display")()
        data[name] = _snapshot_text(field, value)
    data["authors"] = "\n".join(
        f"{a.full_name} ({number(a.contribution)} %)" for a in initiative.authors.all()
    )
    return data


def initiative_changes_since_return(initiative) -> list[dict]:
    """Field-by-field differences between the return snapshot and the current application."""
    before = _readable_snapshot(initiative.return_snapshot or {})
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
    _check(
        "resubmitted" if locked.status == Status.RETURNED else "submitted", by=by, initiative=locked
    )
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
    _check("returned", by=by, initiative=locked)
    if not (reason or "").strip():
        raise InitiativeError(_("Give the reasons for returning the application."))
    locked.return_reason = reason.strip()
    locked.return_snapshot = initiative_snapshot(locked)
    return _transition(
        locked,
        by=by,
        action="returned",
        note=locked.return_reason,
        fields=["return_reason", "return_snapshot"],
    )


def _note_similarity(locked, *, by, note: str) -> None:
    locked.similarity_note = note
    locked.similarity_noted_by = by
    locked.similarity_noted_at = timezone.now()
    locked.save(update_fields=["similarity_note", "similarity_noted_by", "similarity_noted_at"])
    best = max((m.get("similarity", 0) for m in locked.similar_matches), default=0)
    workflow.transition(
        locked,
        TRANSITIONS,
        "similarity_noted",
        by=by,
        locked=True,
        note=_("%(count)s similar initiatives, the closest %(best)s %%: %(note)s")
        % {
            "count": len(locked.similar_matches),
            "best": number(best * 100, 0),
            "note": note,
        },
    )


@transaction.atomic
def initiative_note_similarity(*, initiative, by, note: str) -> Initiative:
    """The office records what it made of the flagged near copies (before the council)."""
    locked = _lock(initiative)
    _check("similarity_noted", by=by, initiative=locked)
    if not locked.similar_matches:
        raise InitiativeError(_("No similar initiative was found for this application."))
    if not (note or "").strip():
        raise InitiativeError(SIMILARITY_NOTE_NEEDED)
    _note_similarity(locked, by=by, note=note.strip())
    return locked


SIMILARITY_NOTE_NEEDED = gettext_lazy(
    "Similar initiatives were found: write the office's note on them (checked, how it "
    "differs) before the application goes to the council."
)


@transaction.atomic
def initiative_send_to_council(*, initiative, by, members=(), similarity_note="") -> Initiative:
    """The office sends an application to the council, optionally assigning members.

    A flagged near copy goes only once the office has written its note on the matches.
    """
    locked = _lock(initiative)
    _check("sent_to_council", by=by, initiative=locked)
    if locked.similarity_pending:
        if not (similarity_note or "").strip():
            raise InitiativeError(SIMILARITY_NOTE_NEEDED)
        _note_similarity(locked, by=by, note=similarity_note.strip())
    _transition(locked, by=by, action="sent_to_council")
    if members:
        council_assign(initiative=locked, members=members, by=by)
    return locked


@transaction.atomic
def initiative_withdraw(*, initiative, by, reason: str = "") -> Initiative:
    """The unit withdraws its application before the council reviews it."""
    locked = _lock(initiative)
    _check("withdrawn", by=by, initiative=locked)
    extra = selectors.reviewers_of(locked.unit) if locked.status == Status.SUBMITTED else ()
    return _transition(locked, by=by, action="withdrawn", note=reason, extra_users=extra)


def recognition_gate(initiative) -> list[str]:
    """Why the council's work does not yet support recognising the initiative (empty: it does).

    Recognition follows the council's assessment (Nghị định 13/2012/NĐ-CP Điều 8; Thông tư
    18/2013/TT-BKHCN Điều 7): every assigned member has scored or has been excused with a
    reason, and the mean of the totals reaches the campaign's threshold. (Article numbers
    as the Điều lệ Sáng kiến is commonly cited; the threshold itself is campaign data.)
    """
    summary = council_summary(initiative)
    problems = []
    if not summary["rows"]:
        return [str(_("No council member is assigned."))]
    waiting = [
        row["assignment"].member.display_name
        for row in summary["rows"]
        if not row["assignment"].scored_at and not row["assignment"].excused
    ]
    if waiting:
        problems.append(
            _("Not scored yet by: %(names)s.") % {"names": ", ".join(waiting)},
        )
    if summary["mean"] is None:
        if not waiting:
            problems.append(_("No council member has scored."))
    elif not summary["proposed"]:
        problems.append(
            _("The mean total %(mean)s is below the campaign's threshold %(threshold)s.")
            % {"mean": number(summary["mean"]), "threshold": number(summary["threshold"])}
        )
    return [str(p) for p in problems]


@transaction.atomic
def initiative_recognise(
    *,
    initiative,
    by,
    decision_number,
    decision_date,
    issuer,
    scope="",
    level=Level.BASE,
    override_reason="",
) -> Recognition:
    """Record the recognition decision (normally at cơ sở level).

    Refused while the council's work does not support it (`recognition_gate`), unless the
    office gives a written reason for deciding otherwise: the reason is kept with the
    decision, written in the history and shown on the initiative's page.
    """
    locked = _lock(initiative)
    _check("recognised", by=by, initiative=locked)
    if not (decision_number and decision_date and issuer):
        raise InitiativeError(_("Give the decision number, its date and who issued it."))
    if locked.similarity_pending:
        raise InitiativeError(SIMILARITY_NOTE_NEEDED)
    # Lock the assignments too: a score arriving meanwhile waits for the decision.
    list(CouncilAssignment.objects.select_for_update().filter(initiative=locked))
    problems = recognition_gate(locked)
    override_reason = (override_reason or "").strip()
    if problems and not override_reason:
        raise InitiativeError(
            _(
                "The council's result does not support recognition: %(problems)s "
                "To decide otherwise, give the reason for overriding the council."
            )
            % {"problems": " ".join(problems)}
        )
    recognition = Recognition.objects.create(
        initiative=locked,
        level=level,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        scope=scope,
        override_reason=override_reason if problems else "",
        recorded_by=by,
    )
    locked.decided_at = timezone.now()
    note = _("Decision %(number)s of %(date)s (%(issuer)s)") % {
        "number": decision_number,
        "date": decision_date.strftime("%d/%m/%Y"),
        "issuer": issuer,
    }
    if problems:
        note = _(
            "%(decision)s. Against the council's result (%(problems)s) because: %(reason)s"
        ) % {"decision": note, "problems": " ".join(problems), "reason": override_reason}
    _transition(locked, by=by, action="recognised", note=note, fields=["decided_at"])
    return recognition


def initiatives_recognise_bulk(
    *, campaign, by, min_mean, decision_number, decision_date, issuer, scope=""
) -> dict:
    """One decision recognising every initiative of a campaign whose council mean reaches
    `min_mean`. Each initiative passes the same gate as alone (no override here) and gets
    its own history row; those refused are listed with the reason."""
    from units import access

    if not access.has_role(by, *rules.REVIEWING_ROLES, unit=campaign.issuing_unit):
        raise InitiativeError(NOT_ALLOWED)
    if not (decision_number and decision_date and issuer):
        raise InitiativeError(_("Give the decision number, its date and who issued it."))
    min_mean = Decimal(min_mean)
    if min_mean < campaign.recognition_threshold:
        raise InitiativeError(
            _("The score may not be below the campaign's threshold %(threshold)s.")
            % {"threshold": number(campaign.recognition_threshold)}
        )
    candidates = (
        selectors.initiatives_visible_to(by)
        .filter(campaign=campaign, status=Status.IN_COUNCIL)
        .select_related("campaign", "unit")
        .order_by("title_sort", "id")
    )
    recognised, refused = [], []
    for initiative in candidates:
        if not rules.is_reviewer(by, initiative):
            continue
        summary = council_summary(initiative)
        if summary["mean"] is None or summary["mean"] < min_mean:
            continue
        try:
            with transaction.atomic():
                initiative_recognise(
                    initiative=initiative,
                    by=by,
                    decision_number=decision_number,
                    decision_date=decision_date,
                    issuer=issuer,
                    scope=scope,
                )
        except InitiativeError as error:
            refused.append((initiative, error.message))
        else:
            recognised.append(initiative)
    if recognised:
        history_record(
            subject=campaign,
            by=by,
            action="recognised_bulk",
            note=_("Decision %(number)s of %(date)s (%(issuer)s): %(count)s initiatives")
            % {
                "number": decision_number,
                "date": decision_date.strftime("%d/%m/%Y"),
                "issuer": issuer,
                "count": len(recognised),
            },
        )
    return {"recognised": recognised, "refused": refused}


@transaction.atomic
def initiative_reject(*, initiative, by, reason: str) -> Initiative:
    """The office records that the initiative is not recognised, with the reason."""
    locked = _lock(initiative)
    _check("not_recognised", by=by, initiative=locked)
    if not (reason or "").strip():
        raise InitiativeError(_("Give the reason the initiative is not recognised."))
    locked.decided_at = timezone.now()
    locked.decision_note = reason.strip()
    return _transition(
        locked,
        by=by,
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
    _check("recognised_higher", by=by, initiative=locked)
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
    _transition(locked, by=by, action="recognised_higher", note=note)
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
    _check("assigned", by=by, initiative=locked)
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
        workflow.transition(locked, TRANSITIONS, "assigned", by=by, note=names, locked=True)
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
    _check("scored", by=by, initiative=locked)
    if assignment.excused:
        raise InitiativeError(_("You have recused yourself from scoring this initiative."))
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
                % {"criterion": criterion.name, "max": number(criterion.max_points)}
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
    workflow.transition(
        locked,
        TRANSITIONS,
        "scored",
        by=by,
        locked=True,
        note=_("Total %(total)s points") % {"total": number(total)},
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
        if assignment.counts:
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


@transaction.atomic
def council_excuse(*, initiative, member, by, reason: str) -> CouncilAssignment:
    """A member recuses from scoring an initiative (or the office excuses a member), with
    the reason. The member's scores, if any, leave the mean; the office sees who and why."""
    locked = _lock(initiative)
    assignment = (
        CouncilAssignment.objects.select_for_update()
        .select_related("member")
        .filter(initiative=locked, member=member)
        .first()
    )
    if assignment is None:
        raise InitiativeError(NOT_ALLOWED)
    if by.pk != member.pk and not rules.is_reviewer(by, locked):
        raise InitiativeError(NOT_ALLOWED)
    _check("excused", by=by, initiative=locked)
    if assignment.excused:
        raise InitiativeError(_("This member already does not score this initiative."))
    if not (reason or "").strip():
        raise InitiativeError(_("Give the reason the member does not score."))
    assignment.excused_reason = reason.strip()
    assignment.excused_by = by
    assignment.excused_at = timezone.now()
    assignment.save(update_fields=["excused_reason", "excused_by", "excused_at"])
    workflow.transition(
        locked,
        TRANSITIONS,
        "excused",
        by=by,
        locked=True,
        note=_("%(name)s: %(reason)s")
        % {"name": member.display_name, "reason": assignment.excused_reason},
    )
    if by.pk == member.pk:
        notify_users(
            users=selectors.reviewers_of(locked.unit),
            template="initiatives/email/event",
            context={
                "event": "recused",
                "title": locked.title,
                "note": assignment.excused_reason,
                "actor": by.display_name,
            },
            url=_url(locked),
        )
    return assignment


# Normalised scores -----------------------------------------------------------------------

# Outliers in a member's scoring (the portal's own rule of thumb, not from a legal text):
# a total two standard deviations or more from that member's own mean in the campaign, or
# more than this many points away from the mean of the other members on the same initiative.
OUTLIER_Z = 2
OUTLIER_POINTS = Decimal(20)


def _z(value: Decimal, values: list[Decimal]) -> float | None:
    """Population z-score of `value` among one member's totals (None if they do not vary)."""
    if len(values) < 2:
        return None
    mean = sum(values, Decimal(0)) / len(values)
    variance = sum(((v - mean) ** 2 for v in values), Decimal(0)) / len(values)
    if variance == 0:
        return None
    return round(float((value - mean) / variance.sqrt()), 2)


def council_normalised(*, campaign, by) -> dict:
    """The office's view of a campaign's council: each member's total on each initiative
    beside its z-score over that member's own totals in the campaign, the raw mean, and the
    totals that stand out (see OUTLIER_Z, OUTLIER_POINTS)."""
    from units import access

    if not access.has_role(by, *rules.REVIEWING_ROLES, unit=campaign.issuing_unit):
        raise InitiativeError(NOT_ALLOWED)
    initiatives = list(
        selectors.initiatives_visible_to(by)
        .filter(campaign=campaign, status__in=selectors.COUNCIL_STATES)
        .select_related("unit")
        .prefetch_related("assignments__scores", "assignments__member__person")
        .order_by("title_sort", "id")
    )
    totals: dict[int, dict[int, Decimal]] = {}  # member id -> initiative id -> total
    members = {}
    for initiative in initiatives:
        for assignment in initiative.assignments.all():
            members.setdefault(assignment.member_id, assignment.member)
            if assignment.counts:
                totals.setdefault(assignment.member_id, {})[initiative.pk] = sum(
                    (s.points for s in assignment.scores.all()), Decimal(0)
                )
    member_list = sorted(members.values(), key=lambda u: (u.display_name, u.pk))
    rows = []
    for initiative in initiatives:
        scored = {
            m.pk: totals[m.pk][initiative.pk]
            for m in member_list
            if initiative.pk in totals.get(m.pk, {})
        }
        mean = (
            (sum(scored.values(), Decimal(0)) / len(scored)).quantize(Decimal("0.01"))
            if scored
            else None
        )
        excused = {a.member_id for a in initiative.assignments.all() if a.excused}
        assigned = {a.member_id for a in initiative.assignments.all()}
        cells = []
        for member in member_list:
            if member.pk not in scored:
                cells.append(
                    {
                        "assigned": member.pk in assigned,
                        "excused": member.pk in excused,
                        "total": None,
                    }
                )
                continue
            total = scored[member.pk]
            z = _z(total, list(totals[member.pk].values()))
            others = [v for k, v in scored.items() if k != member.pk]
            deviation = total - sum(others, Decimal(0)) / len(others) if others else None
            cells.append(
                {
                    "assigned": True,
                    "excused": False,
                    "total": total,
                    "z": z,
                    "deviation": deviation,
                    "outlier": (z is not None and abs(z) >= OUTLIER_Z)
                    or (deviation is not None and abs(deviation) > OUTLIER_POINTS),
                }
            )
        rows.append({"initiative": initiative, "cells": cells, "mean": mean})
    return {
        "members": member_list,
        "rows": rows,
        "outlier_z": OUTLIER_Z,
        "outlier_points": OUTLIER_POINTS,
    }


# Side-by-side comparison -----------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
COMPARED_FIELDS = ("title", "essence", "novelty", "problem", "applicability")
MIN_SHARED_WORDS = 3


def _segments(words, spans) -> list[tuple[str, bool]]:
    """Consecutive words grouped into (text, shared) segments."""
    flags = [False] * len(words)
    for start, size in spans:
        for i in range(start, start + size):
            flags[i] = True
    out: list[tuple[str, bool]] = []
    for word, flag in zip(words, flags, strict=True):
        if out and out[-1][1] == flag:
            out[-1] = (f"{out[-1][0]} {word}", flag)
        else:
            out.append((word, flag))
    return out


def text_compare(left: str, right: str) -> dict:
    """Passages two texts share, found by difflib on accent- and case-folded words.

    Returns each side as (text, shared) segments in the original spelling, and the share of
    the left text's words found in the right. Runs shorter than MIN_SHARED_WORDS are not
    marked (common words would light up everywhere).
    """
    a_words, b_words = _TOKEN.findall(left or ""), _TOKEN.findall(right or "")
    a_keys = [fold(w).strip(".,;:!?()\"'“”") for w in a_words]
    b_keys = [fold(w).strip(".,;:!?()\"'“”") for w in b_words]
    matcher = difflib.SequenceMatcher(a=a_keys, b=b_keys, autojunk=False)
    blocks = [
        b for b in matcher.get_matching_blocks() if b.size >= min(MIN_SHARED_WORDS, len(a_keys))
    ]
    blocks = [b for b in blocks if b.size]
    shared = sum(b.size for b in blocks)
    return {
        "left": _segments(a_words, [(b.a, b.size) for b in blocks]),
        "right": _segments(b_words, [(b.b, b.size) for b in blocks]),
        "shared": round(shared / len(a_words), 3) if a_words else 0,
    }


def initiatives_compare(*, initiative, other) -> list[dict]:
    """The application sections of two initiatives side by side, shared passages marked."""
    sections = []
    for name in COMPARED_FIELDS:
        label = str(Initiative._meta.get_field(name).verbose_name)
        result = text_compare(getattr(initiative, name), getattr(other, name))
        sections.append({"name": name, "label": label, **result})
    return sections


def similar_matches_for(*, initiative, user) -> dict:
    """The flagged near copies a user may open, and for the rest only how many and how close.

    Detection compares against every initiative; what is shown stays in the user's scope.
    """
    matches = list(initiative.similar_matches or [])
    ids = [m["id"] for m in matches]
    visible = set(
        selectors.initiatives_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    shown = [m for m in matches if m["id"] in visible][:SHOWN_MATCHES]
    hidden = [m for m in matches if m["id"] not in visible]
    return {
        "shown": shown,
        "elsewhere": len(hidden),
        "elsewhere_best": max((m["similarity"] for m in hidden), default=None),
    }


SHOWN_MATCHES = 5


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


@transaction.atomic
def attachment_delete(*, attachment, by) -> None:
    """The unit removes an attachment from its application (draft or returned)."""
    locked = _lock(attachment.initiative)
    _check("attachment_deleted", by=by, initiative=locked)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    workflow.transition(locked, TRANSITIONS, "attachment_deleted", by=by, note=name, locked=True)


@transaction.atomic
def initiative_save_application(
    *, initiative, by, changed=(), save_related=None, upload=None
) -> Initiative:
    """Create or edit an application for `by` (the form's unsaved instance `initiative`).

    The actor must be staff or head of the initiative's unit and an existing application
    must still be a draft or returned. `save_related(initiative)` saves what hangs on it
    (the authors); `upload` is a new attachment. A new application gets a "created"
    history row; an edit after a return records the changed fields (`changed`).
    """
    creating = initiative.pk is None
    if creating:
        initiative.status = Status.DRAFT
        initiative.created_by = by
        if initiative.unit_id is None or not rules.is_unit_user(by, initiative):
            raise InitiativeError(NOT_ALLOWED)
    else:
        current = _lock(initiative)
        _check("edited", by=by, initiative=current)
        if initiative.unit_id != current.unit_id and not rules.is_unit_user(by, initiative):
            raise InitiativeError(NOT_ALLOWED)
        initiative.status = current.status
    initiative.save()
    if save_related is not None:
        save_related(initiative)
    if creating:
        workflow.transition(initiative, TRANSITIONS, "created", by=by, locked=True, created=True)
    elif initiative.status == Status.RETURNED and changed:
        workflow.transition(
            initiative,
            TRANSITIONS,
            "edited",
            by=by,
            locked=True,
            changes={"fields": list(changed)},
        )
    if upload:
        attachment_add(initiative=initiative, upload=upload, by=by)
    initiative_refresh_search(initiative)
    return initiative
