import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect
from whitenoise.middleware import WhiteNoiseFileResponse

from .signin import LAST_SEEN, SIGNED_IN_AT
from .twofactor import two_factor_enabled, two_factor_required

NUL_REFUSED = gettext_lazy("The request holds a character that is not allowed (NUL).")


class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user picked English in the menu (the language
    cookie). The browser's Accept-Language is ignored: many civil servants' computers are
    set to English, and the portal must still speak Vietnamese to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


def polled(view):
    """Mark a view that pages ask for on a timer (htmx `every 2s`): such requests are not
    the user's doing, so they do not keep an idle login alive."""
    view.polled = True
    return view


class IdleTimeoutMiddleware:
    """Ends a login after SESSION_IDLE_MINUTES without a page being opened, and in any case
    SESSION_HOURS after signing in (the session cookie alone would be renewed whenever the
    session is saved). The user is sent to the login page with a Vietnamese message.

    Requests to views marked `@polled` made by htmx do not count as activity: a page left
    open on a progress indicator would otherwise keep the login alive forever."""

    # Record activity at most once a minute: the session is not written on every request.
    RECORD_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session = request.session
        now = int(time.time())
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, signed_in_at)
        if now - signed_in_at >= settings.SESSION_COOKIE_AGE:
            message = _("Your login has ended after %(hours)s hours. Please log in again.") % {
                "hours": settings.SESSION_COOKIE_AGE // 3600
            }
            return _signed_out(request, message)
        if now - last_seen >= settings.SESSION_IDLE_MINUTES * 60:
            message = _(
                "You were logged out after %(minutes)s minutes without activity. "
                "Please log in again."
            ) % {"minutes": settings.SESSION_IDLE_MINUTES}
            return _signed_out(request, message)
        user_action = not (request.htmx and getattr(view_func, "polled", False))
        if user_action and now - last_seen >= self.RECORD_EVERY_SECONDS:
            session[LAST_SEEN] = now
        return None


class TwoFactorMiddleware:
    """After the password, a user who must or chose to use two-factor sign-in reaches no
    page until a code is entered: those without an authenticator yet (the required roles)
    are sent to set one up, the others to enter a code. Only logging in and out, the
    two-factor pages, the language switch and static files are open before that."""

    OPEN_URL_NAMES = {"login", "logout", "two_factor_verify", "two_factor_setup", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(request.resolver_match, "url_name", None) in self.OPEN_URL_NAMES:
            return None
        if two_factor_enabled(user):
            step = "two_factor_verify"
        elif two_factor_required(user):
            step = "two_factor_setup"
        else:
            return None
        url = f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)


def _signed_out(request, message):
    path = request.get_full_path()
    logout(request)
    messages.info(request, message)
    url = f"{reverse('login')}?{urlencode({'next': path})}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


# Browser features no page of the portal uses: a page (or a script injected into one)
# cannot ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
PRIVATE = "private, no-store"


class PrivateResponseMiddleware:
    """What a signed-in user sees, and every file the portal hands out, stays out of
    shared and browser caches (a shared office computer, a proxy): `Cache-Control:
    private, no-store` unless the view chose its own caching. Downloads always get it.
    Every response carries the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if isinstance(response, WhiteNoiseFileResponse):
            return response  # static files: public, cached by their hashed names
        is_download = isinstance(response, FileResponse) or response.get(
            "Content-Disposition", ""
        ).startswith("attachment")
        user = getattr(request, "user", None)
        if is_download:
            response.headers.pop("Expires", None)
            response["Cache-Control"] = PRIVATE
        elif user is not None and user.is_authenticated:
            response.setdefault("Cache-Control", PRIVATE)
        return response


def _has_nul(value) -> bool:
    return "\x00" in value


class RejectNulMiddleware:
    """PostgreSQL refuses the NUL character in text: a request carrying one in its path,
    query string or form fields is answered 400 before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.path) or _carries_nul(request.GET):
            raise BadRequest(NUL_REFUSED)
        # request.POST holds only form-encoded fields; Django already drops unprintable
        # characters from the names of uploaded files.
        if request.method == "POST" and _carries_nul(request.POST):
            raise BadRequest(NUL_REFUSED)
        return self.get_response(request)


def _carries_nul(data) -> bool:
    return any(_has_nul(key) or any(_has_nul(v) for v in data.getlist(key)) for key in data)
