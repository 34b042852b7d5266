"""Structural tenant scoping.

Every tenant-owned model declares ``objects = TenantManager()``. Reading through it without
naming the Jobcenter raises ``TenantRequired``: ``Location.objects.for_tenant(jobcenter)`` is the
only way in. Django itself (admin for platform admins, related lookups, unique checks) uses the
model's first manager, ``all_tenants``, which code in views must not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter

M = TypeVar("M", bound=models.Model)


class TenantRequired(RuntimeError):
    """Raised when tenant-owned data is read without naming the Jobcenter."""


class TenantQuerySet[M: models.Model](models.QuerySet[M]):
    pass


class TenantManager[M: models.Model](models.Manager[M]):
    """Manager that only hands out querysets filtered to one Jobcenter."""

    tenant_field = "jobcenter"

    def get_queryset(self) -> models.QuerySet[M]:
        raise TenantRequired(
            f"{self.model.__name__} is tenant-owned: use {self.model.__name__}.objects.for_tenant(jobcenter)"
        )

    def for_tenant(self, jobcenter: Jobcenter | int | None) -> models.QuerySet[M]:
        if jobcenter is None:
            raise TenantRequired(f"{self.model.__name__}.objects.for_tenant() needs a Jobcenter, got None")
        return super().get_queryset().filter(**{self.tenant_field: jobcenter})

    def create_for_tenant(self, jobcenter: Jobcenter, **fields: Any) -> M:
        return super().get_queryset().create(**{self.tenant_field: jobcenter}, **fields)
