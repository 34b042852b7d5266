from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openjobcenter.core"
    label = "core"
    verbose_name = _("Jobcenter und Standorte")

    def ready(self) -> None:
        from openjobcenter.core import pagecache

        pagecache.connect_signals()
