from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"
urlpatterns = [
    path("units/", views.UnitList.as_view(), name="units"),
    path("elements/", views.ElementList.as_view(), name="elements"),
    path("indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("periods/", views.PeriodList.as_view(), name="periods"),
    path("values/", views.ValueList.as_view(), name="values"),
    path("figures/", views.FigureList.as_view(), name="figures"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
