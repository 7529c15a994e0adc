from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"
    verbose_name = _("Nhật ký truy cập")

    def ready(self):
        from django.core import checks

        from access import signals  # noqa: F401  (connects the sign-in receivers)
        from kontum_it.security import check_trusted_proxies

        # The sign-in lockout and the audit key on the client address: a deploy check
        # that the address is the client's, not nginx's.
        checks.register(check_trusted_proxies, checks.Tags.security, deploy=True)
