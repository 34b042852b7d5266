from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefileConfig(AppConfig):
    name = "openjobcenter.casefile"
    label = "casefile"
    verbose_name = _("Akte")

    def ready(self) -> None:
        from openjobcenter.casefile import checks  # noqa: F401 – registers the checks
