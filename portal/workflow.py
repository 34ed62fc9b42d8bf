"""The workflow core: how every record of the portal changes state.

Each model with states declares its allowed moves once (`Transitions`): a move has a name
(the history action), the states it leaves from, the state it goes to (None: the record
keeps its state, e.g. an edit or a note), who may make it (a predicate on the acting user
and the record, built on `units/access.py`) and the label the history pages show.

`transition()` is the one function that makes a move: it locks the row
(`select_for_update`), checks the actor and then the state, lets the caller check and set
what the move carries (`prepare`), saves, writes the history row (who, when, from, to,
why) and asks for the notifications, which `portal.services.notify_users` sends once the
transaction commits. Two people deciding at once: the second finds the state already
changed and is refused.

Every refusal is a `WorkflowError`, whose message is shown to the user as is. The older
error types of the apps (initiatives, reports, awards) are subclasses of it. It is a
`ValidationError`, so form code that already shows a ValidationError shows it too.

`actions()` registers the labels of history actions per model; `action_label()` gives the
label a history page shows.
"""

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from .phrases import ILLEGAL_TRANSITION, NOT_ALLOWED
from .services import history_record


class WorkflowError(ValidationError):
    """A refused action or change; `message` is shown to the user as is (Vietnamese)."""

    def __init__(self, message, code=None, params=None):
        super().__init__(str(message), code=code, params=params)

    def __str__(self):
        return str(self.message % self.params if self.params else self.message)


def refuse(message) -> None:
    raise WorkflowError(message)


def not_allowed() -> WorkflowError:
    return WorkflowError(NOT_ALLOWED)


def illegal_state(label) -> WorkflowError:
    return WorkflowError(ILLEGAL_TRANSITION % {"state": label})


def require(allowed: bool) -> None:
    """Refuse with the one "not allowed" message when the actor check failed."""
    if not allowed:
        raise not_allowed()


Predicate = Callable[[object, object], bool]


@dataclass(frozen=True)
class Move:
    """One allowed change of a record's state."""

    name: str
    sources: tuple
    target: str | None
    allowed: Predicate
    label: object = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources))


@dataclass
class Transitions:
    """The allowed moves of one model, on its state field (`status` unless told)."""

    model: type
    moves: Sequence[Move]
    field: str = "status"
    # The WorkflowError subclass its refusals are raised as (callers of an app keep
    # catching the app's own name).
    error: type = WorkflowError
    by_name: dict = dataclasses.field(init=False)

    def __post_init__(self):
        self.by_name = {m.name: m for m in self.moves}
        actions(self.model, {m.name: m.label for m in self.moves if m.label})

    def __getitem__(self, name) -> Move:
        return self.by_name[name]

    def state(self, record) -> str:
        return getattr(record, self.field)

    def can(self, name: str, user, record) -> bool:
        """Whether `user` may make the move now (the state and the actor): for templates."""
        move = self[name]
        return self.state(record) in move.sources and bool(move.allowed(user, record))

    def pick(self, names: Iterable[str], record) -> Move:
        """The first of the named moves that leaves from the record's current state."""
        moves = [self[n] for n in names]
        for move in moves:
            if self.state(record) in move.sources:
                return move
        return moves[0]


def lock(record, *related: str):
    """The record read again under a row lock (inside the caller's transaction).

    Only the record's own row is locked: the `related` rows (a report's cycle and
    campaign, an initiative's unit) are read with it but shared by many records, and
    locking them too would queue every move of those records behind each other until
    each request's transaction ends."""
    query = type(record)._default_manager.select_for_update(of=("self",))
    if related:
        query = query.select_related(*related)
    return query.get(pk=record.pk)


def check(transitions: Transitions, move: Move, *, by, record) -> None:
    """The actor first (an outsider learns nothing of the state), then the state.

    `by` None is the portal itself (the demo data, scheduled jobs, management commands):
    a view always passes `request.user`, which is never None (an anonymous visitor is
    refused like anyone without the role)."""
    if by is not None and not move.allowed(by, record):
        raise transitions.error(NOT_ALLOWED)
    if transitions.state(record) not in move.sources:
        display = getattr(record, f"get_{transitions.field}_display", None)
        label = display() if display else transitions.state(record)
        raise transitions.error(ILLEGAL_TRANSITION % {"state": label})


def transition(
    record,
    transitions: Transitions,
    move: str | Sequence[str],
    *,
    by,
    note: str = "",
    changes: dict | None = None,
    fields: Iterable[str] = (),
    prepare: Callable | None = None,
    notify: Callable | None = None,
    locked: bool = False,
    related: Sequence[str] = (),
    touch: bool | None = None,
    created: bool = False,
):
    """Make `move` (a name, or names of which the first leaving from the current state is
    taken) on `record` for `by` and return the saved record (the locked copy).

    `prepare(record)` runs after the checks and before the save: it checks what the move
    needs (raising WorkflowError) and sets the fields it carries (listed in `fields`); it
    may return a note for the history. `notify(record, move)` asks for the notifications
    (through `notify_users`, which sends after commit). `updated_at` is saved with a
    state change or saved fields (`touch` decides otherwise). `created`: the record has
    just come into being; its history row goes from nothing to its first state.
    """
    with transaction.atomic():
        if not locked:
            record = lock(record, *related)
        chosen = transitions[move] if isinstance(move, str) else transitions.pick(move, record)
        check(transitions, chosen, by=by, record=record)
        if prepare is not None:
            prepared = prepare(record)
            if isinstance(prepared, str) and prepared and not note:
                note = prepared
        previous = transitions.state(record)
        update = [*fields]
        if chosen.target is not None:
            setattr(record, transitions.field, chosen.target)
            update.append(transitions.field)
        if touch is None:
            touch = bool(update)
        if touch and any(f.name == "updated_at" for f in record._meta.concrete_fields):
            update.append("updated_at")
        if update:
            record.save(update_fields=list(dict.fromkeys(update)))
        if created:
            from_state, to_state = "", transitions.state(record)
        elif chosen.target is not None:
            from_state, to_state = previous, chosen.target
        else:
            from_state, to_state = "", ""
        history_record(
            subject=record,
            by=by,
            action=chosen.name,
            from_state=from_state,
            to_state=to_state,
            note=note,
            changes=changes,
        )
        if notify is not None:
            notify(record, chosen)
    return record


# --- the action registry ------------------------------------------------------------------

_LABELS: dict[str, dict[str, object]] = {}
_COMMON = {
    "created": gettext_lazy("created"),
    "edited": gettext_lazy("edited"),
    "updated": gettext_lazy("edited"),
}


def _key(model) -> str:
    return model._meta.label_lower


def actions(model, labels: dict) -> None:
    """Register the history labels of `model`'s actions (moves and other changes)."""
    _LABELS.setdefault(_key(model), {}).update(labels)


def action_label(model_or_record, action: str):
    """The label a history page shows for `action` of that model (the code when unknown)."""
    labels = _LABELS.get(_key(model_or_record), {})
    return labels.get(action) or _COMMON.get(action) or action


def entry_label(entry):
    """The label of a `HistoryEntry`'s action."""
    model = entry.content_type.model_class()
    return action_label(model, entry.action) if model is not None else entry.action
