from django.urls import path

import kontum_it.converters  # noqa: F401  (registers the code converters)
from reports import views

app_name = "reports"
urlpatterns = [
    path("province/", views.province_overview, name="province"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<unitcode:code>/", views.district_detail, name="district"),
    path("communes/", views.commune_list, name="communes"),
    path("ranking/", views.ranking_page, name="ranking"),
    path("map/", views.map_page, name="map"),
    path("ranking/weights/", views.index_weights_edit, name="index_weights"),
]
