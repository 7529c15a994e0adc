from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Tổng hợp số liệu")

    def ready(self):
        from reports import refresh  # noqa: F401 - connects its signal receivers
