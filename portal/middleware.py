from django.http import FileResponse
from whitenoise.middleware import WhiteNoiseFileResponse


class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user picked English in the menu (the language
    cookie). The browser's Accept-Language is ignored: many civil servants' computers are
    set to English, and the portal must still speak Vietnamese to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


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
