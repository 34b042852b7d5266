"""Django admin for platform admins only: all Jobcenters, their locations, teams and feedback.

Only platform admins have ``is_staff`` (see ``accounts.models.User``), and the admin site requires
a session verified with a second factor (django-otp), like every other staff sign-in. Jobcenter
admins manage their own data in the staff UI (``core.views.manage``), which audits every change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import AccessibilityFeedback, Jobcenter, Location, OpeningHours, ReceptionZone, Team

admin.site.__class__ = OTPAdminSite
admin.site.site_header = _("OpenJobcenter – Plattform-Administration")
admin.site.site_title = "OpenJobcenter"
admin.site.index_title = _("Plattform-Administration")


def _jobcenter_of(obj: Model) -> Jobcenter | None:
    if isinstance(obj, Jobcenter):
        return obj
    return getattr(obj, "jobcenter", None)


class AuditedAdmin(admin.ModelAdmin):
    """Changes made here bypass the staff UI's services, so they are written to the audit trail here."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "changed" if change else "created"
        log_change(
            actor=request.user,  # type: ignore[arg-type]
            jobcenter=_jobcenter_of(obj),
            action=f"core.admin_{obj._meta.model_name}_{action}",
            target=obj,
            details={"fields": list(form.changed_data)},
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        log_change(
            actor=request.user,  # type: ignore[arg-type]
            jobcenter=_jobcenter_of(obj),
            action=f"core.admin_{obj._meta.model_name}_deleted",
            target=obj,
            request=request,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # One audit entry per object, as for a single delete.
        for obj in queryset:
            self.delete_model(request, obj)


class TenantInline(admin.TabularInline):
    """Inline rows of a location inherit the location's Jobcenter."""

    exclude = ("jobcenter",)
    extra = 0


class OpeningHoursInline(TenantInline):
    model = OpeningHours


class ReceptionZoneInline(TenantInline):
    model = ReceptionZone


@admin.register(Jobcenter)
class JobcenterAdmin(AuditedAdmin):
    list_display = ("name", "slug", "city", "organisation_type", "is_active")
    list_filter = ("is_active", "organisation_type")
    search_fields = ("name", "slug", "city")
    readonly_fields = ("created_at",)


@admin.register(Location)
class LocationAdmin(AuditedAdmin):
    list_display = ("name", "jobcenter", "city", "is_active")
    list_filter = ("is_active", "jobcenter")
    search_fields = ("name", "street", "city")
    list_select_related = ("jobcenter",)
    inlines = (OpeningHoursInline, ReceptionZoneInline)

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool) -> None:
        rows: list[Model] = formset.save(commit=False)
        for row in rows:
            row.jobcenter = form.instance.jobcenter  # type: ignore[attr-defined]
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "jobcenter", "location", "is_active")
    list_filter = ("is_active", "jobcenter")
    search_fields = ("name",)
    list_select_related = ("jobcenter", "location")


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    """Read-only: reports are evidence of what people told the Jobcenter."""

    list_display = ("created_at", "jobcenter", "page", "email")
    list_filter = ("jobcenter",)
    list_select_related = ("jobcenter",)
    readonly_fields = ("jobcenter", "name", "email", "page", "message", "language", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessibilityFeedback | None = None) -> bool:
        return False
