"""Read-only view of the whole audit trail for platform admins (Jobcenter admins use the staff UI)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from openjobcenter.accounts.roles import Role
from openjobcenter.audit.models import AuditEntry
from openjobcenter.audit.services import log_audit_review


def _is_platform_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.has_role(Role.PLATFORM_ADMIN))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "jobcenter", "sequence", "kind", "action", "actor_label", "subject", "purpose"]
    list_filter = ["kind", "jobcenter"]
    search_fields = ["action", "actor_label", "target_label", "purpose"]
    list_select_related = ["jobcenter", "subject"]
    date_hierarchy = "timestamp"
    ordering = ["-timestamp", "-id"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEntry._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_platform_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_platform_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            # Reading the trail is itself a read of personal data.
            log_audit_review(
                actor=request.user,  # type: ignore[arg-type]
                jobcenter=None,
                details={"admin_query": request.GET.dict()},
                request=request,
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            log_audit_review(
                actor=request.user,  # type: ignore[arg-type]
                jobcenter=None,
                details={"admin_entry": object_id},
                request=request,
            )
        return response
