"""What every view reads from a request, checked in one place: where it came from, where
it wants to go, whole numbers and years from the query string. Each comes from something a
client may forge; bad input is a 400 with a Vietnamese message, never a 500."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def safe_next(request, default: str) -> str:
    """The `next` address of the request (POST first, then GET) when it stays on this site,
    otherwise `default`. An address on another host, a scheme-relative `//host` or a plain
    http address while the portal runs over https is refused: a link that signs users in
    and then sends them to a look-alike site would otherwise carry the portal's name."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )
    return target if target and allowed else default


def client_ip(request) -> str:
    """The address the request came from.

    With no proxy in front (TRUSTED_PROXY_COUNT = 0) it is the socket's address and any
    X-Forwarded-For header is ignored: the client wrote it. Behind N trusted proxies each
    one appends the address it received the request from, so the client is the N-th entry
    from the right; entries further left were written by the client and are not believed.
    When the header is shorter than expected the request did not pass every proxy, and the
    left-most entry (the one the first proxy saw) is the best that can be said.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]


# Years the portal accepts anywhere (filters, reports, links): the campaigns it serves run
# from the 2000s; the same bounds as the yearly report form.
YEAR_MIN = 2000
YEAR_MAX = 2100
# The largest key PostgreSQL's bigint holds: a larger id in a link names nothing.
ID_MAX = 2**63 - 1
# The largest value of an integer column (PositiveIntegerField on PostgreSQL): a count
# typed into a form above it is a form error rather than a failed save.
INT_MAX = 2**31 - 1


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
