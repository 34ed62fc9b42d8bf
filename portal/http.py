"""Reading what a request says about where it came from and where it wants to go.

Both answers come from headers a client may forge, so each is checked in one place here
and every view asks this module instead of reading `next` or `REMOTE_ADDR` itself.
"""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


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
