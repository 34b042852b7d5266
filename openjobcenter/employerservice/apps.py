from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployerServiceConfig(AppConfig):
    name = "openjobcenter.employerservice"
    label = "employerservice"
    verbose_name = _("Arbeitgeber-Service")
