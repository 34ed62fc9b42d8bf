from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _

NUL_REFUSED = _("The request holds a character that is not allowed (NUL).")


class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user picked English in the menu (the language
    cookie). The browser's Accept-Language is ignored: many civil servants' computers are
    set to English, and the portal must still speak Vietnamese to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


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
