"""Programme providers (Maßnahmeträger) of a Jobcenter and the accounts that work for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.audit.services import log_change
from openjobcenter.learning.models import Provider, ProviderMembership
from openjobcenter.learning.services.access import MANAGE_CATALOGUE
from openjobcenter.learning.services.errors import LearningError

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter


def _authorise(actor: User, jobcenter: Jobcenter) -> None:
    if not actor.has_perm(MANAGE_CATALOGUE) or not actor.belongs_to(jobcenter):
        raise LearningError(_("Sie dürfen Träger nicht verwalten."))


def create_provider(
    actor: User, jobcenter: Jobcenter, *, name: str, email: str = "", phone: str = "",
    request: HttpRequest | None = None,
) -> Provider:  # fmt: skip
    _authorise(actor, jobcenter)
    try:
        with transaction.atomic():
            provider = Provider.all_tenants.create(jobcenter=jobcenter, name=name.strip(), email=email, phone=phone)
            log_change(actor=actor, jobcenter=jobcenter, action="learning.provider_created", target=provider,
                       details={"name": provider.name}, request=request)  # fmt: skip
    except IntegrityError:
        message = str(_("Einen Träger mit diesem Namen gibt es schon."))
        raise LearningError(message, fields={"name": [message]}) from None
    return provider


def add_member(
    actor: User, provider: Provider, email: str, *, request: HttpRequest | None = None
) -> ProviderMembership:
    """Let an account with the role "Maßnahmeträger" of this Jobcenter work for ``provider``."""
    _authorise(actor, provider.jobcenter)
    user = User.objects.filter(email__iexact=email, jobcenter=provider.jobcenter, is_active=True).first()
    if user is None or not user.has_role(Role.PROGRAMME_PROVIDER):
        message = str(
            _("Es gibt in diesem Jobcenter kein Konto mit der Rolle Maßnahmeträger und dieser E-Mail-Adresse.")
        )
        raise LearningError(message, fields={"email": [message]})
    with transaction.atomic():
        membership, _created = ProviderMembership.objects.update_or_create(user=user, defaults={"provider": provider})
        log_change(actor=actor, jobcenter=provider.jobcenter, action="learning.provider_member_added",
                   target=provider, details={"user": user.pk}, request=request)  # fmt: skip
    return membership
