from django.urls import path

from indicators import directive_views

app_name = "directives"
urlpatterns = [
    path("", directive_views.directive_list, name="list"),
    path("new/", directive_views.directive_new, name="new"),
    path("<int:pk>/", directive_views.directive_detail, name="detail"),
]
