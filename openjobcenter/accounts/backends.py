"""Authentication backend: e-mail and password, permissions from roles (see ``roles.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from openjobcenter.accounts.roles import permissions_for


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = set(permissions_for(user_obj.role_set))
        return set(user_obj._role_perm_cache)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
