"""The demo Jobcenters with one persona per role, as the browser tests and screenshots see them."""

from __future__ import annotations

from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.core.demo import PERSONAS, load_demo
from openjobcenter.core.models import Jobcenter


@dataclass(frozen=True)
class DemoPortal:
    jobcenter: Jobcenter

    @classmethod
    def current(cls) -> DemoPortal:
        """The demo data as it is in the database (loaded by ``load_demo``)."""
        return cls(jobcenter=Jobcenter.objects.get(slug="demo"))

    def persona(self, role: str, *, language: str | None = None) -> User:
        """The demo persona holding ``role`` in Jobcenter "demo" (the platform admin belongs to none)."""
        email = next(
            p.email for p in PERSONAS if role in p.roles and (p.jobcenter == "demo" or role == Role.PLATFORM_ADMIN)
        )
        user = User.objects.get(email=email)
        if language and user.language != language:
            User.objects.filter(pk=user.pk).update(language=language)
            user.refresh_from_db()
        return user


def demo_portal() -> DemoPortal:
    """Load the demo data; the citizen persona has switched on two-factor sign-in, as staff must."""
    load_demo()
    portal = DemoPortal.current()
    citizen = portal.persona(Role.CLIENT)
    if not TOTPDevice.objects.filter(user=citizen, confirmed=True).exists():
        TOTPDevice.objects.create(user=citizen, name="Authenticator", confirmed=True)
    return portal
