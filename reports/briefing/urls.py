from django.urls import path

from reports.briefing import views

app_name = "briefing"
urlpatterns = [
    path("", views.briefing_export, name="export"),
]
