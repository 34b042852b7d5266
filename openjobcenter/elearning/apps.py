from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_content(sender: AppConfig, **kwargs: Any) -> None:
    """After every migrate (and every test database flush): the shipped modules are in the database."""
    from openjobcenter.elearning.models import Choice
    from openjobcenter.elearning.services.content import sync_builtin

    using = kwargs.get("using", "default")
    if using != "default":
        return
    # Migrated backwards (``migrate elearning zero``): nothing to fill.
    if Choice._meta.db_table not in connections[using].introspection.table_names():
        return
    sync_builtin()


class ElearningConfig(AppConfig):
    name = "openjobcenter.elearning"
    label = "elearning"
    verbose_name = _("eLearning")

    def ready(self) -> None:
        post_migrate.connect(_sync_content, sender=self, dispatch_uid="elearning_sync_content")
