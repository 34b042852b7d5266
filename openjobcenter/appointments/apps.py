from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "openjobcenter.appointments"
    label = "appointments"
    verbose_name = _("Termine")

    def ready(self) -> None:
        from openjobcenter.appointments import receivers  # noqa: F401 – connects the signal handlers
