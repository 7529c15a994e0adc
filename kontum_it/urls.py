from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from indicators import views as entry_views
from reports import views as report_views

urlpatterns = [
    path("", report_views.province_overview, name="home"),
    path("reports/briefing/", include("reports.briefing.urls")),
    # Completeness is derived from the reports by the data entry views; before reports/.
    path("reports/completeness/", entry_views.completeness, name="completeness"),
    path("reports/", include("reports.urls")),
    path("units/", include("units.urls")),
    path("accounts/", include("kontum_it.accounts")),
    path("", include("indicators.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
