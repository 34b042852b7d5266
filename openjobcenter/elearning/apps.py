from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_content(sender: AppConfig, **kwargs: Any) -> None:
    """After every migrate the shipped modules are in the database.

    A flush (every transactional test) sends ``post_migrate`` too, without a migration ``plan``:
    it emptied the tables on purpose, and whoever needs the modules afterwards loads them (the demo
    loader does), so a flush does not pay for re-reading and writing every module.
    """
    if "plan" not in kwargs:
        return
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
