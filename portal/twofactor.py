"""Two-factor sign-in: after the password, a six-digit code from an authenticator app
(TOTP, RFC 6238, django-otp's `otp_totp`) or one of ten single-use recovery codes
(`otp_static`).

Office reviewers, leaders and administrators (and superusers) must use it: they see and
decide on a whole organisation's records. Everyone else may turn it on from the user menu.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from units import access
from units.models import Role

from .services import history_record

REQUIRED_ROLES = (Role.OFFICE, Role.LEADER, Role.ADMIN)
RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6  # what authenticator apps show by default (RFC 6238 with SHA-1, 30 s)
AUTHENTICATOR = "authenticator"
RECOVERY_CODES = "recovery codes"


class TwoFactorError(Exception):
    """A step of two-factor sign-in refused, with the reason to show the user."""


def two_factor_required(user) -> bool:
    return bool(user.is_superuser) or access.has_role(user, *REQUIRED_ROLES)


def two_factor_enabled(user) -> bool:
    """Whether the user has a confirmed authenticator (recovery codes come with one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# The key of an authenticator being set up waits in the session until the user confirms
# it: opening the set-up page (GET) writes nothing to the database.
PENDING_KEY = "two_factor_pending_key"


def totp_device_pending(*, user, session, save=False) -> TOTPDevice:
    """The authenticator being set up, not yet confirmed. The same one is shown again
    when the page is reloaded, so a code scanned a moment ago stays valid. It is stored
    (`save`) only when the user sends a code: from then on wrong codes are counted."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is not None:
        return device
    key = session.get(PENDING_KEY)
    if not key:
        key = default_key()
        session[PENDING_KEY] = key
    device = TOTPDevice(user=user, name=AUTHENTICATOR, confirmed=False, key=key)
    if save:
        device.save()
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret key as authenticator apps take it when typed in: base32, in groups of 4."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG `data:` image: the strict CSP allows
    images from data: and no inline script or style is needed."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def totp_device_confirm(*, device: TOTPDevice, token: str, by) -> list[str]:
    """Turn two-factor sign-in on once the user proves the app shows the right code.
    Replaces any earlier authenticator and recovery codes; returns the new recovery codes
    (shown once: only their use is checked afterwards)."""
    if device.user_id != by.pk or device.confirmed:
        raise TwoFactorError(_("This set-up is no longer valid. Start again."))
    # A wrong code is counted (and slows the next try) before the refusal is raised.
    if not device.verify_token(_digits(token)):
        raise TwoFactorError(
            _("That code is not right. Check the time on your phone and enter the newest code.")
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=by).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=by)
        history_record(
            subject=by, by=by, action="two_factor_enabled", from_state="off", to_state="on"
        )
    return codes


def recovery_codes_renew(*, user, token: str, by) -> list[str]:
    """New recovery codes for a user who has used or lost the old ones; a current code
    is needed. The old codes stop working."""
    if user.pk != by.pk:
        raise TwoFactorError(_("You can only change your own sign-in."))
    if two_factor_check(user=user, token=token) is None:
        raise TwoFactorError(_("That code is not right."))
    codes = _recovery_codes_replace(user=user)
    history_record(subject=user, by=by, action="two_factor_recovery_codes_renewed")
    return codes


def two_factor_check(*, user, token: str):
    """The device that accepts `token` (a six-digit code, or a recovery code, which is
    then used up), or None. Devices are locked while checked, so a code cannot be used
    twice by two requests at once; wrong codes slow the next try (django-otp throttling)."""
    token = (token or "").strip().replace(" ", "").replace("-", "").lower()
    if not token:
        return None
    model = TOTPDevice if token.isdigit() and len(token) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
    return None


def two_factor_disable(*, user, token: str, by) -> None:
    """Turn two-factor sign-in off, with a current code. Not for the roles that must use it."""
    if user.pk != by.pk:
        raise TwoFactorError(_("You can only change your own sign-in."))
    if two_factor_required(user):
        raise TwoFactorError(_("Your role requires two-factor sign-in; it cannot be turned off."))
    if two_factor_check(user=user, token=token) is None:
        raise TwoFactorError(_("That code is not right."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    history_record(
        subject=user, by=by, action="two_factor_disabled", from_state="on", to_state="off"
    )


def _recovery_codes_replace(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(token: str) -> str:
    return (token or "").strip().replace(" ", "")
