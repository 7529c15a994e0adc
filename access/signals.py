"""Sign-in events into the access audit (Django's and django-axes' signals)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from access.models import AccessKind
from access.services import access_record


@receiver(user_logged_in, dispatch_uid="access_sign_in")
def _signed_in(sender, request, user, **kwargs):
    access_record(kind=AccessKind.SIGN_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="access_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        access_record(kind=AccessKind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="access_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; keep the name only.
    username = str(credentials.get("username", ""))
    access_record(kind=AccessKind.SIGN_IN_FAILED, request=request, user=None, username=username)


@receiver(user_locked_out, dispatch_uid="access_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    access_record(kind=AccessKind.LOCKED_OUT, request=request, user=None, username=str(username or ""))
