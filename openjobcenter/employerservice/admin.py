"""Django admin (platform admins only): the flat-rate employer's share of the social-insurance
contribution used in wage-subsidy instalments.

The figure is set administratively and changes over time; the software ships none. The operator
records each period with its source, and every change is audited (``AuditedAdmin``). Like the
subsidy rules the figures are platform-wide, the same in every Jobcenter.
"""

from __future__ import annotations

from django.contrib import admin

from openjobcenter.core.admin import AuditedAdmin
from openjobcenter.employerservice.models import EmployerShareRate


@admin.register(EmployerShareRate)
class EmployerShareRateAdmin(AuditedAdmin):
    list_display = ("valid_from", "valid_until", "total_percent", "arbeitsfoerderung_percent", "source_note")
    fields = (
        "valid_from",
        "valid_until",
        "total_percent",
        "arbeitsfoerderung_percent",
        "source_note",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("created_at", "updated_at")
    ordering = ("-valid_from",)
