from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FolderConfig(AppConfig):
    name = "openjobcenter.folder"
    label = "folder"
    verbose_name = _("Bewerbungsmappe")
