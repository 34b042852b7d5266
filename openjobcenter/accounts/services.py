"""State changes of accounts. Each is one function: validate, transaction, audit, then notify."""

from __future__ import annotations

from django.db import transaction

from openjobcenter.accounts.models import User


def set_preferred_language(user: User, language: str) -> None:
    if user.language == language:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
