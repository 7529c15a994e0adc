from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"
    verbose_name = _("Nhật ký truy cập")

    def ready(self):
        from access import signals  # noqa: F401  (connects the sign-in receivers)
