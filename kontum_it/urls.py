from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

import kontum_it.converters  # noqa: F401  (registers the code converters)
from kontum_it import guide
from kontum_it import views as portal_views
from reports import views as report_views

admin.site.site_header = lazy(portal_views.admin_header, str)()
admin.site.site_title = _("Quản trị cổng báo cáo CNTT")
admin.site.index_title = _("Danh mục quản trị")
admin.site.site_url = "/"

# The unit page is a read-only page of reports/ but keeps its address and its name.
unit_urls = ([path("<unitcode:code>/", report_views.unit_detail, name="detail")], "units")
# The user guide, served by the portal (no outside site on the province's network).
guide_urls = (
    [
        path("", guide.guide_page, name="index"),
        path("img/<str:name>", guide.guide_image, name="image"),
        path("<slug:slug>/", guide.guide_page, name="page"),
    ],
    "guide",
)

urlpatterns = [
    path("", report_views.province_overview, name="home"),
    path("reports/briefing/", include("reports.briefing.urls")),
    # Completeness is derived from the reports; before reports/ (no clash with its URLs).
    path("reports/completeness/", report_views.completeness_page, name="completeness"),
    path("reports/", include("reports.urls")),
    path("units/", include(unit_urls)),
    path("start/", portal_views.role_home, name="role_home"),
    # The Steering Committee's directives and the units' replies (issue 22).
    path("directives/", include("indicators.directive_urls")),
    path("huong-dan/", include(guide_urls)),
    path("accounts/", include("kontum_it.accounts")),
    path("", include("indicators.urls")),
    # Data exchange (issue 11): Excel template, long-format import/export.
    path("", include("indicators.exchange.urls")),
    # Read-only JSON API (issue 11).
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
