"""Request middleware of the portal."""


class VietnameseFirstMiddleware:
    """Vietnamese unless the user picks English with the header's switch.

    Many officers' computers run an English operating system, so the browser's
    Accept-Language says English although the reader expects Vietnamese. The portal
    therefore ignores that header; the switch stores the choice in Django's language
    cookie, which LocaleMiddleware still honours.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
