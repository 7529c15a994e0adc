from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("Chỉ tiêu, kỳ và báo cáo")

    def ready(self):
        from indicators import signals  # noqa: F401 - connects the catalogue receivers
