"""Project-wide pages: where each role lands after signing in, and the CSRF failure
page. The 400/403/404/500 pages are Django's own handlers rendering the templates
``400.html``…``500.html`` (see templates/)."""

from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth.views import LoginView, redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from units.permissions import can_enter_data, can_review, has_committee_role, is_admin
from units.selectors import province_in_force, province_names


def role_home_url(user) -> str:
    """The page of a user's own work: the committee and admins read the province
    dashboard, officers their reports, reviewers the review queue."""
    if is_admin(user) or has_committee_role(user):
        return reverse("home")
    if can_enter_data(user):
        return reverse("indicators:my_reports")
    if can_review(user):
        return reverse("indicators:review_queue")
    return reverse("home")


class PortalLoginView(LoginView):
    """Django's login, landing on the user's own work unless a safe ``next`` names
    another page. ``next=/`` only says "the portal" (every page asks for a sign-in,
    so the front page sends everyone here with it) and lands on the role's page too."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url in ("", reverse("home")) else url

    def get_default_redirect_url(self):
        return role_home_url(self.request.user)

    def form_invalid(self, form):
        # A wrong password before the lockout says how many tries are left (issue 20):
        # the count is django-axes' own, for this username from this address.
        response = super().form_invalid(form)
        response.context_data["attempts_left"] = attempts_left(self.request, form.data.get("username", ""))
        return response


def attempts_left(request, username: str) -> int | None:
    """How many more wrong passwords django-axes accepts for ``username`` from this
    address before it locks them out for a while; None when axes recorded nothing
    (no username, axes switched off)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None or not username:
        return None
    credentials = {settings.AXES_USERNAME_FORM_FIELD: username}
    return max(0, get_failure_limit(request, credentials) - failures)


def role_home(request):
    """/start/: the signed-in user's own page (linked from the error pages)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("home"))
    return redirect(role_home_url(request.user))


def csrf_failure(request, reason=""):
    """A form sent with a missing or stale security token (a page left open past its
    session, cookies off): say so in the portal's layout, never Django's debug text."""
    # Only a path of this site is offered back (the referer is the visitor's to forge).
    back = request.get_full_path()
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("home")
    return render(request, "403_csrf.html", {"back": back}, status=403)


def admin_header() -> str:
    """The admin's heading, naming today's province (``admin.site.site_header`` is
    computed when a page is drawn, not when the URLs are loaded)."""
    name = province_names(province_in_force(day=timezone.localdate()))[0]
    if not name:
        return _("Quản trị Cổng báo cáo ứng dụng CNTT")
    return _("Quản trị Cổng báo cáo ứng dụng CNTT tỉnh %(name)s") % {"name": name}
