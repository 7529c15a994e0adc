from django.urls import path

from indicators.exchange import template_views

app_name = "exchange"
urlpatterns = [
    path(
        "submissions/<str:unit_code>/<str:period_code>/template.xlsx",
        template_views.template_download,
        name="template",
    ),
    path("submissions/<str:unit_code>/<str:period_code>/import/", template_views.template_import, name="import"),
]
