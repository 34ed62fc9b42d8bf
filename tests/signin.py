"""Two-factor sign-in as the tests meet it: a user's authenticator and its current code,
computed with django-otp's own TOTP, as the phone app would."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.twofactor import two_factor_required


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, set up now if the user has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def needs_second_factor(user) -> bool:
    return (
        two_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def totp_code(device: TOTPDevice) -> str:
    """The code the app shows now; if that one was used already (two logins in the same 30
    seconds), the next one, which the portal accepts as clock drift of one step."""
    if device.pk is not None:
        device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def pending_authenticator(client, user) -> TOTPDevice:
    """The authenticator the set-up page shows `user` (its key waits in the session, or in
    the database once a code was sent)."""
    from portal.twofactor import PENDING_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice(user=user, key=client.session[PENDING_KEY])
