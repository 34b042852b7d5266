from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "openjobcenter.audit"
    label = "audit"
    verbose_name = _("Protokoll")

    def ready(self) -> None:
        from openjobcenter.audit import signals  # noqa: F401  (connects the sign-in receivers)
        from openjobcenter.audit.guards import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="audit_sqlite_function")
