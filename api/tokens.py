"""Creating, revoking and checking API tokens. Every creation and revocation is recorded."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import workflow
from portal.services import history_record
from units import access
from units.models import Role

from .models import ApiToken, TokenKind

# The secret's visible start: the owner tells tokens apart by it on the tokens page.
SECRET_START = "ctd_"
PREFIX_LENGTH = 12
# `last_used_at` is stamped at most once in this many seconds: a burst of reads writes once.
LAST_USED_EVERY = datetime.timedelta(seconds=60)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def can_manage_integrations(user, account=None) -> bool:
    """An administrator creates and revokes integration tokens (over the service account's
    unit, when it has one)."""
    unit = getattr(getattr(account, "person", None), "unit", None) if account else None
    return access.has_role(user, Role.ADMIN, unit=unit)


def can_revoke(user, token: ApiToken) -> bool:
    if token.user_id == getattr(user, "pk", None):
        return True
    return can_manage_integrations(user, token.user)


@transaction.atomic
def token_create(
    *,
    user,
    name: str,
    by,
    expires_on: datetime.date | None = None,
    kind=TokenKind.PERSONAL,
    secret: str = "",
) -> tuple[ApiToken, str]:
    """A new token of `user`; returns it with its secret, which is never stored nor shown
    again. A user creates personal tokens for themselves; an administrator creates
    integration tokens for a service account. `secret` is for the demo's published tokens
    only: otherwise a random one."""
    if kind == TokenKind.PERSONAL:
        workflow.require(by is not None and by.pk == user.pk)
    else:
        workflow.require(by is None or can_manage_integrations(by, user))
    name = " ".join((name or "").split())
    if not name:
        workflow.refuse(_("Give the token a name."))
    if expires_on is not None and expires_on <= timezone.localdate():
        workflow.refuse(_("The expiry date must be in the future."))
    secret = secret or SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        expires_on=expires_on,
        created_by=by,
    )
    history_record(
        subject=token,
        by=by,
        action="created",
        to_state="active",
        changes={"kind": kind, "user": user.get_username(), "expires_on": str(expires_on or "")},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    workflow.require(can_revoke(by, token))
    if token.revoked_at is not None:
        workflow.refuse(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    history_record(subject=token, by=by, action="revoked", from_state="active", to_state="revoked")
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret: not revoked, not past its expiry date (Vietnam
    time), of an active account; else None."""
    if not secret or not secret.startswith(SECRET_START):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__person", "user__person__unit")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.expires_on is not None and token.expires_on < timezone.localdate():
        return None
    return token


def token_touch(token: ApiToken, now=None) -> bool:
    """Stamp the token's last use, at most once a minute (a conditional update: concurrent
    requests write once). This is the API's only write on a GET."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return False
    updated = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY))
        .update(last_used_at=now)
    )
    token.last_used_at = now
    return bool(updated)


def tokens_of(user):
    return ApiToken.objects.filter(user=user, kind=TokenKind.PERSONAL).order_by("-created_at")
