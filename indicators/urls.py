from django.urls import path

import kontum_it.converters  # noqa: F401  (registers the code converters)
from indicators import period_views, register_views, views, worklist_views

app_name = "indicators"
urlpatterns = [
    path("submissions/", worklist_views.my_reports, name="my_reports"),
    path("submissions/<unitcode:unit_code>/<quarter:period_code>/", views.report_page, name="report"),
    path("submissions/<unitcode:unit_code>/<quarter:period_code>/review/", views.report_review, name="review"),
    path("submissions/<unitcode:unit_code>/<quarter:period_code>/reopen/", views.report_reopen, name="reopen"),
    path("submissions/<unitcode:unit_code>/<quarter:period_code>/history/", views.report_history, name="history"),
    path(
        "submissions/<unitcode:unit_code>/<quarter:period_code>/systems/",
        register_views.register_page,
        name="register",
    ),
    path(
        "submissions/<unitcode:unit_code>/<quarter:period_code>/systems/<int:system_id>/",
        register_views.system_edit,
        name="system_edit",
    ),
    path(
        "submissions/<unitcode:unit_code>/<quarter:period_code>/systems/<int:system_id>/remove/",
        register_views.system_delete,
        name="system_remove",
    ),
    path(
        "submissions/<unitcode:unit_code>/<quarter:period_code>/evidence/",
        register_views.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<int:pk>/", register_views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", register_views.evidence_delete, name="evidence_remove"),
    path("review/", worklist_views.review_queue, name="review_queue"),
    path("periods/", period_views.period_list, name="periods"),
    path("periods/<quarter:period_code>/", period_views.period_edit, name="period_edit"),
]
