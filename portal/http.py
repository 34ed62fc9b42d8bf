"""What every view reads from a request, checked: the client's address, whole numbers and
years from the query string. Bad input is a 400 with a Vietnamese message, never a 500."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# Years the portal accepts anywhere (filters, reports, links): the campaigns it serves run
# from the 2000s; the same bounds as the yearly report form.
YEAR_MIN = 2000
YEAR_MAX = 2100
# The largest key PostgreSQL's bigint holds: a larger id in a link names nothing.
ID_MAX = 2**63 - 1
# The largest value of an integer column (PositiveIntegerField on PostgreSQL): a count
# typed into a form above it is a form error rather than a failed save.
INT_MAX = 2**31 - 1


def client_ip(request) -> str:
    """The address the request came from, as the web server saw it."""
    return request.META.get("REMOTE_ADDR", "") or ""


def int_param(request, name, *, minimum=1, maximum=ID_MAX) -> int | None:
    """The whole number in `request.GET[name]`, None when absent or empty; 400 otherwise."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.lstrip("-").isdigit() and len(raw) <= 20):
        raise BadRequest(_("The address holds an invalid number."))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadRequest(_("The address holds an invalid number."))
    return value


def year_param(request, name="year") -> int | None:
    """A year between YEAR_MIN and YEAR_MAX from the query string; 400 otherwise."""
    try:
        return int_param(request, name, minimum=YEAR_MIN, maximum=YEAR_MAX)
    except BadRequest as error:
        raise BadRequest(
            _("The year must be between %(min)s and %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}
        ) from error
