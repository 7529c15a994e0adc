from django.urls import path

import kontum_it.converters  # noqa: F401  (registers the code converters)
from units import views

app_name = "units"
urlpatterns = [
    path("<unitcode:code>/", views.unit_detail, name="detail"),
]
