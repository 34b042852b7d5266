"""The outbox in Django's admin (platform admins only): to see what is stuck and why.

Mail bodies are not shown: they can hold social data of citizens.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from openjobcenter.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ("created_at", "jobcenter", "template", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "jobcenter")
    fields = ("created_at", "jobcenter", "template", "language", "status", "attempts", "next_attempt_at", "sent_at")
    readonly_fields = (*fields, "last_error")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
