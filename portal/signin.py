"""Signing in: how wrong passwords are counted, and how long a login lasts."""

import time

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Sum
from django.dispatch import receiver

# Session keys: when the user signed in and when a page was last opened (Unix seconds).
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"


class LoginThrottle(AxesDatabaseHandler):
    """Two locks on wrong passwords, counted over LOGIN_LOCKOUT_MINUTES:

    - one user name from one address, after LOGIN_FAILURE_LIMIT (someone guessing one
      account's password);
    - one address whatever the user names, after LOGIN_ADDRESS_FAILURE_LIMIT (someone
      trying one common password on many accounts). The limit is higher because the staff
      of a whole office often share one public address.

    Axes counts each entry of AXES_LOCKOUT_PARAMETERS ([user name + address], [address])
    and compares the largest with one limit; here each count meets its own limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        by_name, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        request.locked_by_address = by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        if request.locked_by_address:
            return max(by_name, settings.AXES_FAILURE_LIMIT)
        return by_name

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that user name's count from that address only: the
        address's failures on other user names still count, so one valid account does not
        wipe out the traces of guessing at the others."""
        name_and_address = self.filter_user_attempts(request, credentials)[0]
        count, _ = name_and_address.delete()
        return count


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
