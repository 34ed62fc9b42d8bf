"""Services that change units, people, accounts and roles: one door per change."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from portal.services import history_record
from portal.text import shown

from . import access
from .models import Person, Role, RoleAssignment, Signer, Unit, User

UNIT_FIELDS = (
    "code",
    "name",
    "kind",
    "parent",
    "headcount",
    "place",
    "short_code",
    "governing_body",
    "document_name",
    "proposes_to",
    "upper_organisation",
    "active",
)
PERSON_FIELDS = (
    "full_name",
    "date_of_birth",
    "gender",
    "position",
    "qualification",
    "unit",
    "email",
    "phone",
    "completed_digital_skills",
    "active",
)


def _display(value):
    return shown(value)


def _changes(instance, data: dict) -> dict:
    """{field: [old, new]} for the fields of `data` whose value differs."""
    out = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            out[field] = [_display(old), _display(new)]
    return out


def _require_manager(by, unit: Unit | None):
    if unit is None:
        if not getattr(by, "is_superuser", False):
            raise PermissionDenied(_("Only an administrator may create a top-level unit."))
        return
    if not access.can_manage_unit(by, unit):
        raise PermissionDenied(_("You may not manage this unit."))


def unit_create(*, by, **data) -> Unit:
    """Create a unit under `parent` (which must be in the manager's scope)."""
    _require_manager(by, data.get("parent"))
    unit = Unit(**{k: v for k, v in data.items() if k in UNIT_FIELDS})
    unit.full_clean()
    unit.save()
    history_record(subject=unit, by=by, action="created")
    return unit


def unit_move(*, unit: Unit, parent: Unit | None, by) -> Unit:
    """Put `unit` under `parent`, rewriting `path` and `depth` of its whole subtree."""
    _require_manager(by, unit)
    _require_manager(by, parent)
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its sub-units."))
    if parent == unit.parent:
        return unit
    becomes_a_unit = parent is not None and unit.parent_id is None
    if becomes_a_unit and (unit.upper_organisation_id or unit.lower_organisations.exists()):
        raise ValidationError(
            _(
                "This organisation is linked to the level above or below it: clear those "
                "links before putting it under a parent unit."
            )
        )
    old_path, old_depth = unit.path, unit.depth
    old_parent = unit.parent
    with transaction.atomic():
        unit.parent = parent
        unit.save(update_fields=["parent"])  # save() recomputes this unit's path and depth
        unit.refresh_from_db(fields=["path", "depth"])
        shift = unit.depth - old_depth
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + shift,
        )
        history_record(
            subject=unit,
            by=by,
            action="moved",
            changes={"parent": [_display(old_parent), _display(parent)]},
        )
    return unit


def unit_update(*, unit: Unit, by, **data) -> Unit:
    """Change a unit's facts; a new parent moves its whole subtree (see unit_move)."""
    _require_manager(by, unit)
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    with transaction.atomic():
        if "parent" in data and data["parent"] != unit.parent:
            unit_move(unit=unit, parent=data["parent"], by=by)
        data.pop("parent", None)
        changes = _changes(unit, data)
        if not changes:
            return unit
        if "upper_organisation" in changes and not access.can_set_upper_organisation(by, unit):
            raise PermissionDenied(
                _("Only an administrator of the organisation may set its level above.")
            )
        for field, value in data.items():
            setattr(unit, field, value)
        unit.full_clean(exclude=["parent"])
        unit.save(update_fields=list(changes))
        history_record(subject=unit, by=by, action="edited", changes=changes)
    return unit


def person_create(*, by, **data) -> Person:
    _require_manager(by, data.get("unit"))
    person = Person(**{k: v for k, v in data.items() if k in PERSON_FIELDS})
    person.full_clean()
    person.save()
    history_record(subject=person, by=by, action="created")
    return person


def person_update(*, person: Person, by, **data) -> Person:
    _require_manager(by, person.unit)
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    if "unit" in data:
        _require_manager(by, data["unit"])
    changes = _changes(person, data)
    if not changes:
        return person
    for field, value in data.items():
        setattr(person, field, value)
    person.full_clean()
    person.save(update_fields=list(changes))
    history_record(subject=person, by=by, action="edited", changes=changes)
    return person


def _require_account_change(by, account: User):
    """The privilege ceiling (units.access.account_change_refusal) for every account change."""
    refusal = access.account_change_refusal(by, account)
    if refusal:
        raise PermissionDenied(refusal)


def account_create(*, person: Person, username: str, password: str, by, email: str = "") -> User:
    """Open an account for `person` (one account per person); it starts without roles."""
    _require_manager(by, person.unit)
    if User.objects.filter(person=person).exists():
        raise ValidationError(_("This person already has an account."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This user name is taken."))
    user = User(username=username, email=email or person.email, person=person)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    history_record(subject=user, by=by, action="created")
    return user


def account_update(*, account: User, by, **data) -> User:
    """Change an account's user name, email, active flag or language."""
    _require_account_change(by, account)
    data = {k: v for k, v in data.items() if k in ("username", "email", "is_active", "language")}
    changes = _changes(account, data)
    if not changes:
        return account
    for field, value in data.items():
        setattr(account, field, value)
    account.full_clean(exclude=["password"])
    account.save(update_fields=list(changes))
    history_record(subject=account, by=by, action="edited", changes=changes)
    return account


def account_deactivate(*, account: User, by) -> User:
    if account.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    return account_update(account=account, by=by, is_active=False)


def account_password_set(*, account: User, password: str, by) -> User:
    """Give `account` a new password (the person then changes it from the user menu)."""
    _require_account_change(by, account)
    validate_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    history_record(subject=account, by=by, action="password_set")
    return account


def role_assign(*, account: User, role: str, unit: Unit, by) -> RoleAssignment:
    """Grant `role` over `unit`'s subtree: below the granter's rank, within their scope."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    refusal = access.role_grant_refusal(by, account, role, unit)
    if refusal:
        raise PermissionDenied(refusal)
    assignment, created = RoleAssignment.objects.get_or_create(user=account, role=role, unit=unit)
    if created:
        history_record(
            subject=account,
            by=by,
            action="role_granted",
            note=f"{assignment.get_role_display()} — {unit}",
        )
    return assignment


def role_remove(*, assignment: RoleAssignment, by) -> None:
    account = assignment.user
    _require_account_change(by, account)
    note = str(assignment)
    assignment.delete()
    history_record(subject=account, by=by, action="role_removed", note=note)


# --- Signers -------------------------------------------------------------------------------

SIGNER_FIELDS = ("authority", "authority_of", "title", "full_name")


def signer_create(*, organisation: Unit, by, **data) -> Signer:
    """A signer of `organisation`'s documents, added by its office or administrator."""
    _require_manager(by, organisation)
    signer = Signer(organisation=organisation, **{k: data[k] for k in SIGNER_FIELDS if k in data})
    if signer.authority and not signer.authority_of.strip():
        raise ValidationError(_("Say on whose behalf the signer signs, e.g. Giám đốc."))
    signer.full_clean()
    signer.save()
    history_record(
        subject=organisation,
        by=by,
        action="signer_added",
        changes={"signer": ["", str(signer)]},
    )
    return signer


def signer_deactivate(*, signer: Signer, by) -> Signer:
    """No longer offered for new documents; documents that named the signer keep it."""
    _require_manager(by, signer.organisation)
    if not signer.active:
        return signer
    signer.active = False
    signer.save(update_fields=["active"])
    history_record(
        subject=signer.organisation,
        by=by,
        action="signer_removed",
        changes={"signer": [str(signer), ""]},
    )
    return signer
