"""Print the current two-factor code of the demo logins (devtools.demo.units.DEMO_TOTP_KEY), for
trying the demo without an authenticator app. It knows only the demo's published key."""

import time
from binascii import unhexlify

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from devtools.demo.units import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo office, leader and admin logins."

    def handle(self, *args, **options):
        totp = TOTP(unhexlify(DEMO_TOTP_KEY))
        totp.time = time.time()
        left = totp.step - int(totp.time) % totp.step
        self.stdout.write(f"{totp.token():06d}  (còn {left} giây)")
