"""Sign-in URLs: Django's own views, minus the password reset by e-mail.

No mail server is configured for the portal, so a reset link could never arrive (and
an unthrottled form that sends mail is an abuse channel). The reset page says to ask
the administrator instead, who sets a new password in the admin.
"""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from kontum_it.views import PortalLoginView


@require_GET
def password_reset_disabled(request):
    return render(request, "registration/password_reset_disabled.html")


urlpatterns = [
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", password_reset_disabled, name="password_reset"),
]
