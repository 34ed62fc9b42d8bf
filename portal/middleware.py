class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user picked English in the menu (the language
    cookie). The browser's Accept-Language is ignored: many civil servants' computers are
    set to English, and the portal must still speak Vietnamese to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
