from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("province/", views.province_overview, name="province"),
]
