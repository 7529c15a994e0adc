from django.urls import path

import kontum_it.converters  # noqa: F401  (registers the code converters)
from indicators.exchange import bulk_views, template_views

app_name = "exchange"
urlpatterns = [
    path(
        "submissions/<unitcode:unit_code>/<quarter:period_code>/template.xlsx",
        template_views.template_download,
        name="template",
    ),
    path(
        "submissions/<unitcode:unit_code>/<quarter:period_code>/import/", template_views.template_import, name="import"
    ),
]
urlpatterns += [
    path("imports/", bulk_views.imports, name="imports"),
    path("imports/progress/<str:token>/", bulk_views.import_progress, name="import_progress"),
    path("imports/jobs/<int:job_id>/", bulk_views.import_job, name="import_job"),
    path("imports/jobs/<int:job_id>/progress/", bulk_views.import_job_progress, name="import_job_progress"),
    path("imports/export/", bulk_views.export, name="export"),
]
