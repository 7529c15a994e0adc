"""Request middleware of the portal."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, resolve
from django.views import defaults

logger = logging.getLogger("django.request")


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


class PortalErrorPagesMiddleware:
    """The portal's own 404 and 500 pages even with DEBUG on (the demo runs so).

    With DEBUG, Django answers an unknown address with a page listing every URL
    pattern and an error with a traceback — fine for a developer, wrong for an officer
    trying the demo. Unless ``TECHNICAL_ERROR_PAGES`` is on, this middleware renders the
    same templates as production instead; the traceback still goes to the log. With
    DEBUG off it does nothing: Django's handlers already render those templates.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.active = settings.DEBUG and not settings.TECHNICAL_ERROR_PAGES

    def __call__(self, request):
        if self.active:
            # An address no URL pattern matches never reaches process_exception.
            try:
                resolve(request.path_info)
            except Resolver404 as missing:
                return defaults.page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self.active or isinstance(exception, PermissionDenied):
            return None  # PermissionDenied already gets the portal's 403 page
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            return defaults.bad_request(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return defaults.server_error(request)
