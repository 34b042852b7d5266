"""Django admin (platform admins only): read the imported figures and import runs.

Figures are changed only by importing (one audited transaction per file), so the admin is read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from openjobcenter.statistics.models import LabourMarketFigure, LabourMarketImport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LabourMarketFigure)
class LabourMarketFigureAdmin(ReadOnlyAdmin):
    list_display = [
        "ags",
        "region",
        "state",
        "period",
        "month",
        "unemployed",
        "unemployed_sgb2",
        "civilian_labour_force",
    ]
    list_filter = ["period", "state"]
    search_fields = ["ags", "region"]
    date_hierarchy = "month"


@admin.register(LabourMarketImport)
class LabourMarketImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "created_at", "created_by", "imported", "skipped"]
