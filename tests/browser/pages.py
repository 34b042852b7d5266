"""Every page of the portal and who it serves: the list the axe tests and the screenshots walk.

A page is named by its URL name. Who sees it follows from the permission it needs (the roles that
hold it in ``accounts/roles.py``), so a role that gains a permission gets its pages checked too.
``test_page_registry.py`` fails when a URL exists that is neither listed here nor excluded with a
reason, so a new page cannot escape the accessibility check.

Where pages look the same for several roles, one persona stands for them, to keep the suite fast:
public pages differ between visitors only in the header, so they are checked for one audience per
header variant (not signed in, citizen, staff, partner); the account pages (password, two-factor,
inbox; settings for every role, as it lists the person's roles) for one persona per kind of account
(citizen, staff, partner); and the platform
admin, who sees the Jobcenter admin's pages exactly as the Jobcenter admin does, on their workspace
and on pages only they may open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.tokens import default_token_generator
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import ROLE_PERMISSIONS, Role
from openjobcenter.accounts.tokens import encode_uid, invitation_token_generator, make_verification_token
from openjobcenter.appointments import demo as appointments_demo
from openjobcenter.appointments.models import Booking, Concern
from openjobcenter.appointments.services.codes import manage_token
from openjobcenter.appointments.services.slots import bookable_slots
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone, Team
from openjobcenter.reception.models import Counter, Ticket, TicketStatus

ANONYMOUS = "anonymous"
# A member of staff after the password, before the second factor.
PENDING_2FA = "advisor_pending_2fa"
ROLES: tuple[str, ...] = tuple(role.value for role in Role)
AUDIENCES: tuple[str, ...] = (ANONYMOUS, *ROLES, PENDING_2FA)
HEADER_VARIANTS = frozenset({ANONYMOUS, Role.CLIENT.value, Role.ADVISOR.value, Role.EMPLOYER.value})
ACCOUNT_KINDS = frozenset({Role.CLIENT.value, Role.ADVISOR.value, Role.EMPLOYER.value})


@dataclass(frozen=True)
class PortalPage:
    name: str  # the URL name ("core:home"), or a label for a page reached by path
    variant: str = ""  # tells entries of the same URL apart (e.g. a valid and an expired link)
    perm: str | None = None  # needed to see the page; None: public
    audiences: frozenset[str] | None = None  # who sees it, when no permission says so
    tenant: bool = True  # lives under /<jobcenter>/
    path: str | None = None  # fixed path instead of a URL name (error pages)
    status: int = 200
    redirects: bool = False  # the URL moves on to the page itself (e.g. a token taken out of the URL)
    differs_for_platform_admin: bool = False  # e.g. the workspace: no Jobcenter of their own
    kwargs: Callable[[Jobcenter], dict[str, Any]] | None = field(default=None, compare=False)
    query: Callable[[Jobcenter], dict[str, Any]] | None = field(default=None, compare=False)  # ?a=b

    @property
    def label(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def serves(self, audience: str) -> bool:
        if self.audiences is not None:
            return audience in self.audiences
        if self.perm is None:
            return audience in HEADER_VARIANTS
        if audience not in ROLE_PERMISSIONS or self.perm not in ROLE_PERMISSIONS[audience]:
            return False
        if audience == Role.PLATFORM_ADMIN and not self.differs_for_platform_admin:
            return self.perm not in ROLE_PERMISSIONS[Role.JOBCENTER_ADMIN]
        return True

    def url(self, jobcenter: Jobcenter) -> str | None:
        """The page's path, or None while its URL name does not exist (yet)."""
        if self.path is not None:
            return self.path
        kwargs = self.kwargs(jobcenter) if self.kwargs else {}
        if self.tenant:
            kwargs = {"jobcenter": jobcenter.slug, **kwargs}
        try:
            path = reverse(self.name, kwargs=kwargs)
        except NoReverseMatch:
            return None
        return f"{path}?{urlencode(self.query(jobcenter))}" if self.query else path


def _only(*audiences: str) -> frozenset[str]:
    return frozenset(audiences)


NOT_SIGNED_IN = _only(ANONYMOUS)


def _roles_with(*perms: str) -> frozenset[str]:
    """The roles holding any of ``perms`` (a page two permissions open); the platform admin only where
    the Jobcenter admin does not stand for them."""
    roles = {role for role, granted in ROLE_PERMISSIONS.items() if granted.intersection(perms)}
    if Role.JOBCENTER_ADMIN in roles:
        roles.discard(Role.PLATFORM_ADMIN)
    return frozenset(roles)


APPOINTMENT_VIEWERS = _roles_with("appointments.view_team_appointments", "appointments.view_location_appointments")
AVAILABILITY_KEEPERS = _roles_with("appointments.manage_own_availability", "appointments.manage_schedules")
# Staff who book for clients, move and cancel (manage_appointments; the pages also need a calendar to see).
APPOINTMENT_MANAGERS = _only(Role.ADVISOR, Role.BENEFITS_OFFICER, Role.RECEPTION, Role.TEAM_LEAD)
# Who may open the advisor Bernd's booking and availability: he, his team lead, reception and the admin
# see the booking; the benefits officer Lena is in another team.
BERNDS_BOOKING_VIEWERS = _only(Role.ADVISOR, Role.RECEPTION, Role.TEAM_LEAD, Role.JOBCENTER_ADMIN)
BERNDS_BOOKING_MANAGERS = _only(Role.ADVISOR, Role.RECEPTION, Role.TEAM_LEAD)
BERNDS_AVAILABILITY_KEEPERS = _only(Role.ADVISOR, Role.TEAM_LEAD, Role.JOBCENTER_ADMIN)


# --- objects the pages show (from the demo data) ---------------------------------------------
def _location(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": Location.objects.for_tenant(jobcenter).order_by("name").first().pk}  # type: ignore[union-attr]


def _team(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": Team.objects.for_tenant(jobcenter).order_by("name").first().pk}  # type: ignore[union-attr]


def _colleague(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": User.objects.get(email="beratung@demo.example").pk}


def _citizen(jobcenter: Jobcenter) -> User:
    return User.objects.get(email="kundin@demo.example")


def _reset_link(jobcenter: Jobcenter) -> dict[str, Any]:
    user = _citizen(jobcenter)
    return {"uidb64": encode_uid(user), "token": default_token_generator.make_token(user)}


def _invitation_link(jobcenter: Jobcenter) -> dict[str, Any]:
    user = User.objects.get(email="beratung@demo.example")
    return {"uidb64": encode_uid(user), "token": invitation_token_generator.make_token(user)}


def _broken_link(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"uidb64": encode_uid(_citizen(jobcenter)), "token": "abgelaufen-0000"}


def _verification_link(jobcenter: Jobcenter) -> dict[str, Any]:
    user = User.objects.filter(email="neu@example.org").first() or User.objects.create_user(
        "neu@example.org", "Ein-sicheres-Passwort-1", first_name="Nele", last_name="Neu", jobcenter=jobcenter
    )
    return {"token": make_verification_token(user)}


# Appointments (objects from ``openjobcenter/appointments/demo.py``).
def _concern(jobcenter: Jobcenter, german_name: str) -> Concern:
    return Concern.objects.for_tenant(jobcenter).get(name__de=german_name)


def _demo_booking(jobcenter: Jobcenter, request_key: str) -> Booking:
    return Booking.objects.for_tenant(jobcenter).get(request_key=request_key)


def _free_slot(jobcenter: Jobcenter, german_name: str, channel: str, *, exclude: int | None = None) -> int:
    slots = bookable_slots(jobcenter, _concern(jobcenter, german_name), channel)
    if exclude is not None:
        slots = slots.exclude(pk=exclude)
    return slots.order_by("start").values_list("pk", flat=True)[0]


FIRST_ADVICE = appointments_demo.FIRST_ADVICE.key
JOB_SEARCH = appointments_demo.JOB_SEARCH.key
ANONYMOUS_BOOKING = "demo-anonymous-first-advice"  # Mariam's, without an account
AYLINS_BOOKING = "demo-aylin-job-search"  # the citizen persona's, by video
BERNDS_BOOKING = "demo-oleksandr-today"  # today or on the next working day


def _first_advice(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"concern_id": _concern(jobcenter, FIRST_ADVICE).pk}


def _job_search(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"concern_id": _concern(jobcenter, JOB_SEARCH).pk}


def _first_advice_slot(jobcenter: Jobcenter) -> dict[str, Any]:
    return {**_first_advice(jobcenter), "slot_id": _free_slot(jobcenter, FIRST_ADVICE, "in_person")}


def _nord_first_advice_slot(jobcenter: Jobcenter) -> dict[str, Any]:
    nord = Jobcenter.objects.get(slug="nord")
    concern = _concern(nord, appointments_demo.NORD_FIRST_ADVICE.key)
    return {
        "jobcenter": nord.slug,
        "concern_id": concern.pk,
        "slot_id": _free_slot(nord, concern.name["de"], "in_person"),
    }


def _in_person(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"channel": "in_person"}


def _code(request_key: str) -> Callable[[Jobcenter], dict[str, Any]]:
    return lambda jobcenter: {"code": _demo_booking(jobcenter, request_key).code}


def _link_from_the_mail(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"token": manage_token(_demo_booking(jobcenter, ANONYMOUS_BOOKING).code)}


def _another_slot_for_aylin(jobcenter: Jobcenter) -> dict[str, Any]:
    booking = _demo_booking(jobcenter, AYLINS_BOOKING)
    return {"slot": _free_slot(jobcenter, JOB_SEARCH, booking.channel, exclude=booking.slot_id)}


def _bernds_staff_id(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"staff_id": User.objects.get(email=appointments_demo.BERND).pk}


def _day_of_bernds_booking(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"date": timezone.localdate(_demo_booking(jobcenter, BERNDS_BOOKING).start).isoformat()}


def _week_of_bernds_booking(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"view": "week", **_day_of_bernds_booking(jobcenter)}


# The walk-in queue (objects from ``openjobcenter/reception/demo.py``): the main office, its zone A,
# counter 1 there, and one of today's waiting tickets.
QUEUE_VIEWERS = _roles_with("reception.view_queue")
QUEUE_FIGURES = _roles_with("statistics.view_service_kpis", "reception.view_queue")
DISPLAY_LIST_VIEWERS = _roles_with("reception.view_queue", "reception.manage_queue")


def _queue_zone(jobcenter: Jobcenter) -> ReceptionZone:
    return ReceptionZone.objects.for_tenant(jobcenter).get(location__name=appointments_demo.MAIN, code="A")


def _queue_location(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"location_id": _queue_zone(jobcenter).location_id}


def _queue_display(jobcenter: Jobcenter) -> dict[str, Any]:
    zone = _queue_zone(jobcenter)
    return {"location_id": zone.location_id, "zone_id": zone.pk}


def _queue_zone_id(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"zone_id": _queue_zone(jobcenter).pk}


def _queue_counter(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": Counter.objects.for_tenant(jobcenter).get(zone=_queue_zone(jobcenter), name="1").pk}


def _waiting_ticket(jobcenter: Jobcenter) -> Ticket:
    zone = _queue_zone(jobcenter)
    tickets = Ticket.objects.for_tenant(jobcenter).filter(zone=zone, status=TicketStatus.WAITING)
    return tickets.order_by("-day", "sequence").first()  # type: ignore[return-value]


def _ticket_token(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"token": _waiting_ticket(jobcenter).token}


def _kiosk_ticket(jobcenter: Jobcenter) -> dict[str, Any]:
    ticket = _waiting_ticket(jobcenter)
    return {"location_id": ticket.location_id, "token": ticket.token}


def _figures_ahead(jobcenter: Jobcenter) -> dict[str, Any]:
    today = timezone.localdate()
    return {"date_from": today.isoformat(), "date_to": (today + dt.timedelta(days=30)).isoformat()}


# The knowledge-base editor: a shipped topic and a draft of the demo admin (made on first use).
KB_READERS = _roles_with("assistant.manage_knowledge_base", "assistant.review_knowledge_base")
KB_TOPIC = "payment-date"


def _kb_topic(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.assistant.models import Topic

    return {"pk": Topic.all_tenants.get(jobcenter__isnull=True, key=KB_TOPIC).pk}


def _kb_draft_version(jobcenter: Jobcenter) -> Any:
    from openjobcenter.assistant.models import Topic
    from openjobcenter.assistant.services import editor

    topic = Topic.all_tenants.get(jobcenter__isnull=True, key=KB_TOPIC)
    admin = User.objects.get(email="admin@demo.example")
    return editor.start_draft(jobcenter, topic, actor=admin)


def _kb_draft(jobcenter: Jobcenter) -> dict[str, Any]:
    version = _kb_draft_version(jobcenter)
    return {"topic": version.topic_id, "pk": version.pk}


def _kb_compare(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.assistant.services import editor

    version = _kb_draft_version(jobcenter)
    shipped = editor.shipped_published(version.topic)
    return {"a": shipped.pk if shipped else version.pk, "b": version.pk}


PAGES: tuple[PortalPage, ...] = (
    # Platform-wide pages.
    PortalPage("platform_root", tenant=False),
    PortalPage("error", "unknown Jobcenter", path="/gibt-es-nicht/", status=404, audiences=NOT_SIGNED_IN),
    PortalPage("error", "page not found", path="/demo/gibt-es-nicht/", status=404),
    # Public pages of a Jobcenter.
    PortalPage("core:home"),
    PortalPage("core:accessibility"),
    PortalPage("core:accessibility_feedback_sent"),
    PortalPage("core:privacy"),
    PortalPage("core:imprint"),
    PortalPage("core:easy_language"),
    # Sign-in, registration, links from e-mails.
    PortalPage("accounts:login", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:two_factor", audiences=_only(PENDING_2FA)),
    PortalPage("accounts:register", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:register_done", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:resend_verification", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:verify_email", "valid", audiences=NOT_SIGNED_IN, kwargs=_verification_link),
    PortalPage(
        "accounts:verify_email", "broken", audiences=NOT_SIGNED_IN, status=400, kwargs=lambda jc: {"token": "kaputt"}
    ),
    PortalPage("accounts:password_reset", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:password_reset_sent", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:password_reset_confirm", "valid", audiences=NOT_SIGNED_IN, redirects=True, kwargs=_reset_link),
    PortalPage("accounts:password_reset_confirm", "expired", audiences=NOT_SIGNED_IN, status=400, kwargs=_broken_link),
    PortalPage("accounts:invitation", "valid", audiences=NOT_SIGNED_IN, redirects=True, kwargs=_invitation_link),
    # Everybody's account.
    PortalPage("accounts:settings", audiences=frozenset(ROLES)),  # shows each person's roles
    PortalPage("accounts:password_change", audiences=ACCOUNT_KINDS),
    PortalPage("accounts:two_factor_setup", audiences=ACCOUNT_KINDS),
    # Only with an authenticator app: staff must have one, the citizen persona chose one.
    PortalPage("accounts:recovery_codes", audiences=_only(Role.CLIENT, Role.ADVISOR)),
    PortalPage("accounts:two_factor_disable", audiences=_only(Role.CLIENT)),  # staff may not switch it off
    PortalPage("notifications:inbox", audiences=ACCOUNT_KINDS),
    # Identity (accounts/oidc): the step-up page, the link to a provider, the protected bank details.
    PortalPage("accounts:identity", audiences=ACCOUNT_KINDS),
    PortalPage("accounts:step_up", audiences=_only(Role.CLIENT)),
    PortalPage("accounts:bank_details", perm="core.use_citizen_area"),
    PortalPage("accounts:identity_settings", perm="core.manage_settings"),
    # Citizens.
    PortalPage("core:citizen_area", perm="core.use_citizen_area"),
    PortalPage("audit:my_access_log", perm="audit.view_own_access_log"),
    # Staff.
    PortalPage("core:staff_workspace", perm="core.use_staff_workspace", differs_for_platform_admin=True),
    PortalPage("audit:search", perm="audit.search_audit_log"),
    PortalPage("accounts:staff_people", perm="accounts.manage_staff"),
    PortalPage("accounts:staff_person_create", perm="accounts.manage_staff"),
    PortalPage("accounts:staff_person_edit", perm="accounts.manage_staff", kwargs=_colleague),
    PortalPage("core:location_list", perm="core.manage_locations"),
    PortalPage("core:location_create", perm="core.manage_locations"),
    PortalPage("core:location_detail", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_edit", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_hours", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_zones", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_status", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:team_list", perm="core.manage_teams"),
    PortalPage("core:team_create", perm="core.manage_teams"),
    PortalPage("core:team_edit", perm="core.manage_teams", kwargs=_team),
    PortalPage("core:team_status", perm="core.manage_teams", kwargs=_team),
    PortalPage("core:jobcenter_settings", perm="core.manage_settings"),
    # Appointments, citizens: public pages (Jobcenter "demo" books without the anti-bot challenge, "nord" with it).
    PortalPage("appointments:start"),
    PortalPage("appointments:choose", kwargs=_first_advice),
    PortalPage("appointments:choose", "sign-in required", audiences=NOT_SIGNED_IN, status=403, kwargs=_job_search),
    PortalPage("appointments:details", kwargs=_first_advice_slot, query=_in_person),
    PortalPage(
        "appointments:details",
        "anti-bot challenge",
        audiences=NOT_SIGNED_IN,
        tenant=False,
        kwargs=_nord_first_advice_slot,
        query=_in_person,
    ),
    PortalPage("appointments:find"),
    PortalPage("appointments:find", "link sent", query=lambda jc: {"gesendet": "1"}),
    PortalPage(
        "appointments:manage",
        "link from the mail",
        audiences=NOT_SIGNED_IN,
        redirects=True,  # the token moves into the session
        kwargs=_code(ANONYMOUS_BOOKING),
        query=_link_from_the_mail,
    ),
    PortalPage(
        "appointments:manage",
        "wrong link",
        audiences=NOT_SIGNED_IN,
        status=404,
        kwargs=_code(ANONYMOUS_BOOKING),
        query=lambda jc: {"token": "falsch"},
    ),
    # A client's own booking opens without the token.
    PortalPage("appointments:manage", "own booking", audiences=_only(Role.CLIENT), kwargs=_code(AYLINS_BOOKING)),
    PortalPage("appointments:booked", audiences=_only(Role.CLIENT), kwargs=_code(AYLINS_BOOKING)),
    PortalPage("appointments:cancel", audiences=_only(Role.CLIENT), kwargs=_code(AYLINS_BOOKING)),
    PortalPage("appointments:reschedule", audiences=_only(Role.CLIENT), kwargs=_code(AYLINS_BOOKING)),
    PortalPage(
        "appointments:reschedule",
        "confirm",
        audiences=_only(Role.CLIENT),
        kwargs=_code(AYLINS_BOOKING),
        query=_another_slot_for_aylin,
    ),
    PortalPage("appointments:my_appointments", perm="appointments.book_appointment"),
    # Appointments, staff.
    PortalPage("appointments:staff_today", audiences=APPOINTMENT_VIEWERS),
    PortalPage(
        "appointments:staff_today",
        "day with appointments",
        audiences=_only(Role.ADVISOR, Role.RECEPTION),
        query=_day_of_bernds_booking,
    ),
    PortalPage("appointments:staff_calendar", audiences=APPOINTMENT_VIEWERS),
    PortalPage(
        "appointments:staff_calendar",
        "week",
        audiences=_only(Role.ADVISOR, Role.RECEPTION),
        query=_week_of_bernds_booking,
    ),
    PortalPage("appointments:staff_booking", audiences=BERNDS_BOOKING_VIEWERS, kwargs=_code(BERNDS_BOOKING)),
    PortalPage("appointments:staff_cancel", audiences=BERNDS_BOOKING_MANAGERS, kwargs=_code(BERNDS_BOOKING)),
    PortalPage("appointments:staff_move", audiences=BERNDS_BOOKING_MANAGERS, kwargs=_code(BERNDS_BOOKING)),
    PortalPage("appointments:staff_book", audiences=APPOINTMENT_MANAGERS),
    PortalPage(
        "appointments:staff_book", "client search", audiences=_only(Role.RECEPTION), query=lambda jc: {"q": "Kaya"}
    ),
    PortalPage(
        "appointments:staff_book",
        "client chosen",
        audiences=_only(Role.ADVISOR),
        query=lambda jc: {"client": _citizen(jc).pk},
    ),
    PortalPage("appointments:figures", perm="statistics.view_service_kpis"),
    PortalPage("appointments:figures", "next 30 days", audiences=_only(Role.TEAM_LEAD), query=_figures_ahead),
    PortalPage("appointments:availability", audiences=AVAILABILITY_KEEPERS),
    PortalPage("appointments:working_hours", audiences=BERNDS_AVAILABILITY_KEEPERS, kwargs=_bernds_staff_id),
    PortalPage("appointments:absences", audiences=BERNDS_AVAILABILITY_KEEPERS, kwargs=_bernds_staff_id),
    PortalPage("appointments:concern_list", perm="appointments.manage_concerns"),
    PortalPage("appointments:concern_create", perm="appointments.manage_concerns"),
    PortalPage(
        "appointments:concern_edit",
        perm="appointments.manage_concerns",
        kwargs=lambda jc: {"pk": _concern(jc, JOB_SEARCH).pk},
    ),
    PortalPage("appointments:policy", perm="core.manage_settings"),
    # Walk-in queue, public: waiting times, the kiosk in the building, check-in, joining from one's phone,
    # the personal ticket page and the call display (a screen in the waiting room, nobody signed in).
    PortalPage("reception:overview"),
    PortalPage("reception:location_waiting", kwargs=_queue_location),
    PortalPage("reception:kiosk", audiences=NOT_SIGNED_IN, kwargs=_queue_location),
    PortalPage("reception:kiosk_ticket", audiences=NOT_SIGNED_IN, kwargs=_kiosk_ticket),
    PortalPage("reception:check_in", kwargs=_queue_location),
    PortalPage("reception:remote_join", kwargs=_queue_location),
    PortalPage("reception:ticket", kwargs=_ticket_token),
    PortalPage("reception:display", audiences=NOT_SIGNED_IN, kwargs=_queue_display),
    # Walk-in queue, staff: desk, counter, figures; the set-up of zones and counters.
    PortalPage("reception:desk", audiences=QUEUE_VIEWERS),
    PortalPage("reception:counter", perm="reception.call_ticket"),
    PortalPage("reception:figures", audiences=QUEUE_FIGURES),
    PortalPage("reception:display_list", audiences=DISPLAY_LIST_VIEWERS),
    PortalPage("reception:counter_list", perm="reception.manage_queue"),
    PortalPage("reception:counter_create", perm="reception.manage_queue"),
    PortalPage("reception:counter_edit", perm="reception.manage_queue", kwargs=_queue_counter),
    PortalPage("reception:zone_settings", perm="reception.manage_queue", kwargs=_queue_zone_id),
    # Statistics (issue 11): the district report, press text and service figures for team leads and the
    # admin; the labour-market import for the admin; the Jobcenter's key figures for everybody.
    PortalPage("statistics_public"),
    PortalPage("statistics_report", perm="statistics.view_service_kpis"),
    PortalPage("statistics_press", perm="statistics.view_service_kpis"),
    PortalPage("statistics_service", perm="statistics.view_service_kpis"),
    PortalPage("statistics_import", perm="statistics.import_labour_market"),
    # The digital assistant (issue 9): its own page (the chat window is on every public page), and the
    # redacted questions kept for review.
    PortalPage("assistant_chat"),
    PortalPage("assistant_retained_questions", perm="assistant.manage_knowledge_base"),
    # The assistant's knowledge-base editor (issue 9): the admin edits and publishes, team leads review.
    PortalPage("assistant_kb_list", audiences=KB_READERS),
    PortalPage("assistant_kb_list", "drafts", audiences=_only(Role.TEAM_LEAD), query=lambda jc: {"status": "draft"}),
    PortalPage("assistant_kb_create", perm="assistant.manage_knowledge_base"),
    PortalPage("assistant_kb_topic", audiences=KB_READERS, kwargs=_kb_topic),
    PortalPage("assistant_kb_version", audiences=KB_READERS, kwargs=_kb_draft),
    PortalPage("assistant_kb_edit", perm="assistant.manage_knowledge_base", kwargs=_kb_draft),
    PortalPage("assistant_kb_compare", audiences=KB_READERS, kwargs=_kb_topic, query=_kb_compare),
)

# URL names that are no page of their own, with the reason.
EXCLUDED: dict[str, str] = {
    "set_language": "POST only: the language switch on every page",
    "healthz": "JSON for load balancers",
    "metrics": "Prometheus text for monitoring, only with the metrics token",
    "accounts:logout": "POST only: the sign-out button in the header",
    "accounts:oidc_start": "POST only: the BundID / directory buttons, redirects to the provider",
    "accounts:oidc_callback": "only with a provider's answer (state, code): tested against a real provider",
    "accounts:identity_unlink": "POST only: a button on the identity page",
    "accounts:regenerate_recovery_codes": "POST only: a button on the recovery codes page",
    "accounts:staff_person_deactivate": "POST only: a button on the staff person's page",
    "accounts:staff_person_reactivate": "POST only: a button on the staff person's page",
    "accounts:staff_person_invite": "POST only: a button on the staff person's page",
    "accounts:staff_person_reset_two_factor": "POST only: a button on the staff person's page",
    "notifications:mark_read": "POST only: a button in the inbox",
    "notifications:mark_all_read": "POST only: a button in the inbox",
    "appointments:challenge": "JSON: the proof-of-work challenge the booking form's widget fetches",
    "appointments:ics": "a calendar file (text/calendar) to download, no page",
    "appointments:staff_outcome": "POST only: the attended / did not attend buttons on the booking page and today's list",
    "reception:events": "Server-Sent Events stream (text/event-stream) of a location, no page",
    "reception:ticket_events": "Server-Sent Events stream (text/event-stream) of one ticket, no page",
    "reception:ticket_qr": "an SVG image (the QR code on the ticket), no page",
    "reception:counter_open": "POST only: the sit-down button on the counter page",
    "reception:counter_close": "POST only: the sign-off button on the counter page",
    "reception:call_next": "POST only: the call-next button on the counter page",
    "reception:ticket_action": "POST only: recall, start, finish, no-show, park, transfer, call on the counter page",
    "assistant_chat_reply": "POST only: the chat window's form posts here (htmx fragment)",
    "assistant_feedback": 'POST only: the "helpful?" buttons under an answer',
    "assistant_kb_start": "POST only: the start-a-draft button on a topic's page",
    "assistant_kb_revert": "POST only: the revert-to-shipped button on a topic's page",
    "assistant_kb_active": "POST only: the deactivate / reactivate button on an own topic's page",
    "assistant_kb_review": "POST only: the mark-as-reviewed button on a version's page",
    "assistant_kb_return": "POST only: the back-to-draft form on a version's page",
    "assistant_kb_publish": "POST only: the publish button on a version's page",
}
# URL name prefixes outside the portal's own interface.
EXCLUDED_PREFIXES: dict[str, str] = {
    "admin:": "Django's admin, for platform admins only (not the portal UI)",
    "api:": "the JSON API (/api/v1/), checked by the API tests",
}


def pages_for(audience: str) -> list[PortalPage]:
    return [page for page in PAGES if page.serves(audience)]


# --- The case file (issue 6): "Meine Unterlagen" for clients; search, case page and versions for staff.
def _aylins_case(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.casefile.demo import CUSTOMER_NUMBER
    from openjobcenter.casefile.models import Case

    return {"pk": Case.objects.for_tenant(jobcenter).get(customer_number=CUSTOMER_NUMBER).pk}


def _aylins_document(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.casefile.models import Document

    case = _aylins_case(jobcenter)["pk"]
    return {"pk": case, "doc": Document.objects.for_tenant(jobcenter).filter(case_id=case).order_by("pk").first().pk}  # type: ignore[union-attr]


# Aylin's case belongs to Bernd's team (he and his team lead Tanja); Lena of another team must give a reason.
CASE_TEAM = _only(Role.ADVISOR, Role.TEAM_LEAD)
PAGES = (
    *PAGES,
    PortalPage("casefile:my_documents", perm="casefile.upload_own_document"),
    PortalPage("casefile:search", perm="casefile.view_case"),
    PortalPage("casefile:search", "by number", audiences=CASE_TEAM, query=lambda jc: {"q": "12345BG0001"}),
    PortalPage("casefile:case", audiences=CASE_TEAM, kwargs=_aylins_case),
    PortalPage(
        "casefile:case", "reason needed", audiences=_only(Role.BENEFITS_OFFICER), status=403, kwargs=_aylins_case
    ),
    PortalPage("casefile:new_version", audiences=CASE_TEAM, kwargs=_aylins_document),
)
EXCLUDED.update(
    {
        "casefile:reason": "POST only: the form on the case's reason page",
        "casefile:upload": "POST only: the upload form on the case page",
        "casefile:note": "POST only: the note form on the case page",
        "casefile:download": "a document to download (attachment), no page",
        "casefile:my_download": "a document to download (attachment), no page",
    }
)


# --- Video consultation (issue 7) ------------------------------------------------------------------
# The check page before a call and the page after leaving it are public; the admin sets up the video
# server. Aylin's video appointment three days ahead answers its join address with "the room opens at …"
# (an open room redirects to the video server, which is no page of ours).
def _aylins_video_appointment(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"appointment_id": _demo_booking(jobcenter, AYLINS_BOOKING).code}


PAGES = (
    *PAGES,
    PortalPage("video:check"),
    PortalPage("video:left"),
    PortalPage("video:settings", perm="core.manage_settings"),
    PortalPage("video:join", "room not open yet", audiences=_only(Role.CLIENT), kwargs=_aylins_video_appointment),
)
EXCLUDED["video:ended"] = "the video server's end callback (plain text, authorised by the token in its path)"


# --- Cooperation plan (issue 6) --------------------------------------------------------------------
# Aylin reads "Mein Kooperationsplan"; Bernd's team (he and Tanja) works on her plan: version 1 is
# published, version 2 a draft (its page shows the changes). Lena (benefits) must give a reason first.
def _aylins_plan_version(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"case": _aylins_case(jobcenter)["pk"], "version": 2}


PAGES = (
    *PAGES,
    PortalPage("cooperation:my_plan", perm="cooperation.view_own_plan"),
    PortalPage("cooperation:staff_plan", audiences=CASE_TEAM, kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]}),
    PortalPage(
        "cooperation:staff_plan",
        "reason needed",
        audiences=_only(Role.BENEFITS_OFFICER),
        status=403,
        kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]},
    ),
    PortalPage("cooperation:staff_edit", audiences=CASE_TEAM, kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]}),
    PortalPage("cooperation:staff_version", audiences=CASE_TEAM, kwargs=_aylins_plan_version),
    PortalPage("cooperation:staff_breach_new", audiences=CASE_TEAM, kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]}),
)
EXCLUDED.update(
    {
        "cooperation:my_plan_pdf": "a PDF to download (attachment), no page",
        "cooperation:staff_pdf": "a PDF to download (attachment), no page",
        "cooperation:my_acknowledge": "POST only: the acknowledge button on the citizen's plan page",
        "cooperation:my_comment": "POST only: the comment form on the citizen's plan page",
        "cooperation:my_step": "POST only: the done button of a step on the citizen's plan page",
        "cooperation:staff_publish": "POST only: the publish button on the staff plan page",
        "cooperation:staff_reason": "POST only: the form on the plan's reason page",
        "cooperation:staff_breach": "the same form as staff_breach_new, for a recorded breach (none in the demo)",
    }
)


# --- The case file, second increment (issue 6): history, retention, the citizen's rights.
def _aylins_correction(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.casefile.models import CorrectionRequest

    return {"pk": CorrectionRequest.objects.for_tenant(jobcenter).order_by("pk").first().pk}  # type: ignore[union-attr]


PAGES = (
    *PAGES,
    PortalPage("casefile:my_timeline", perm="casefile.upload_own_document"),
    PortalPage("casefile:my_export", perm="core.use_citizen_area"),
    PortalPage("casefile:my_correction", perm="casefile.upload_own_document"),
    PortalPage("casefile:my_correction_detail", audiences=_only(Role.CLIENT), kwargs=_aylins_correction),
    PortalPage("casefile:retention", perm="casefile.manage_retention"),
    PortalPage("casefile:deletions", perm="casefile.view_deletion_log"),
    PortalPage("casefile:holds", perm="casefile.manage_retention"),
)
EXCLUDED.update(
    {
        "casefile:hold": "POST only: the legal hold form on the case page",
        "casefile:lift_hold": "POST only: the lift form of a legal hold on the case page",
        "casefile:resolve_correction": "POST only: the answer form of a correction request on the case page",
        "casefile:lift_case_hold": "POST only: the lift form on the legal holds page",
    }
)


# --- Secure messages (issue 6): the citizen's Postfach; the team inbox, threads and answer templates.
def _aylins_thread(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.messaging.models import Thread

    return {
        "pk": Thread.objects.for_tenant(jobcenter).filter(citizen__email="kundin@demo.example").order_by("pk")[0].pk
    }


def _answer_template(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.messaging.models import AnswerTemplate

    return {"pk": AnswerTemplate.objects.for_tenant(jobcenter).order_by("pk")[0].pk}


def _aylins_case_for_message(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"case": _aylins_case(jobcenter)["pk"]}


PAGES = (
    *PAGES,
    PortalPage("messaging:inbox", perm="messaging.use_own_messages"),
    PortalPage("messaging:new", perm="messaging.use_own_messages"),
    PortalPage("messaging:thread", audiences=_only(Role.CLIENT), kwargs=_aylins_thread),
    PortalPage("messaging:staff_inbox", perm="messaging.answer_messages"),
    PortalPage("messaging:staff_thread", audiences=CASE_TEAM, kwargs=_aylins_thread),
    PortalPage(
        "messaging:staff_thread",
        "reason needed",
        audiences=_only(Role.BENEFITS_OFFICER),
        status=403,
        kwargs=_aylins_thread,
    ),
    PortalPage("messaging:staff_new", audiences=CASE_TEAM, kwargs=_aylins_case_for_message),
    PortalPage("messaging:templates", perm="messaging.manage_templates"),
    PortalPage("messaging:template_edit", perm="messaging.manage_templates", kwargs=_answer_template),
)
EXCLUDED.update(
    {
        "messaging:staff_reason": "POST only: the reason form on the thread's reason page",
        "messaging:thread_live": "htmx fragment of the open thread (polling for new messages)",
        "messaging:staff_thread_live": "htmx fragment of the open thread (polling for new messages)",
        "messaging:staff_assign": "POST only: the hand-over form on the thread page",
        "messaging:staff_status": "POST only: the close/reopen button on the thread page",
        "messaging:template_delete": "POST only: the delete button on the templates page",
    }
)


# --- Online applications (issue 5): start, status for Aylin; team inbox and one application for staff.
def _aylins_application(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.applications.models import Application, Status

    application = Application.objects.for_tenant(jobcenter).exclude(status=Status.DRAFT).filter(kind="first")
    return {"pk": application.get(applicant__email="kundin@demo.example").pk}


def _aylins_absence_request(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.applications.models import Application, Status

    application = Application.objects.for_tenant(jobcenter).exclude(status=Status.DRAFT).filter(kind="change")
    return {"pk": application.get(applicant__email="kundin@demo.example").pk}


PAGES = (
    *PAGES,
    PortalPage("applications:start", perm="applications.apply"),
    PortalPage("applications:status", audiences=_only(Role.CLIENT), kwargs=_aylins_application),
    PortalPage("applications:change_topics", perm="applications.apply"),
    PortalPage(
        "applications:status", "change notification", audiences=_only(Role.CLIENT), kwargs=_aylins_absence_request
    ),
    PortalPage("applications:staff_inbox", perm="applications.view_applications"),
    PortalPage("applications:staff_detail", "change notification", audiences=CASE_TEAM, kwargs=_aylins_absence_request),
    PortalPage("applications:staff_detail", audiences=CASE_TEAM, kwargs=_aylins_application),
    PortalPage(
        "applications:staff_detail",
        "reason needed",
        audiences=_only(Role.BENEFITS_OFFICER),
        status=403,
        kwargs=_aylins_application,
    ),
)
EXCLUDED.update(
    {
        "applications:begin": "POST only: starts or resumes the draft and redirects to its step",
        "applications:step": "a step of a draft (Aylin has none: hers is submitted); covered by test_applications",
        "applications:review": "the review of a draft; covered by test_applications",
        "applications:autosave": "htmx POST only: the autosave of a step",
        "applications:upload_proof": "POST only: the upload form of a proof",
        "applications:upload_requested": "POST only: the upload form on the status page",
        "applications:status_live": "htmx fragment of the status page (polling)",
        "applications:receipt": "the receipt PDF (attachment), no page",
        "applications:staff_reason": "POST only: the form on the reason page",
        "applications:staff_act": "POST only: the processing forms on the application page",
        "applications:staff_download": "a document to download (attachment), no page",
    }
)


# --- Ad-hoc video calls from the case file (issue 7) and the installable app (issue 14).
PAGES = (
    *PAGES,
    PortalPage(
        "video:adhoc_start",
        audiences=_only(Role.ADVISOR),
        kwargs=lambda jobcenter: {"case": _aylins_case(jobcenter)["pk"]},
    ),
    PortalPage("pwa:offline_page", audiences=_only(ANONYMOUS)),
    PortalPage("pwa:push_settings", perm="pwa.use_push"),
)
EXCLUDED.update(
    {
        "video:adhoc_join": "redirects to the video server; its 'closed' and 'failed' pages are covered by test_adhoc",
        "video:adhoc_end": "POST only: the host ends the call",
        "video:adhoc_ended": "the video server's end callback (plain text, authorised by the token in its path)",
        "pwa:offline": "the offline page in a fixed language, for the worker's cache (pwa:offline_page is checked)",
        "pwa:manifest": "the web app manifest (JSON), checked by test_app_files and test_app",
        "pwa:service_worker": "the service worker script, checked by test_app_files and test_app",
        "pwa:icon": "an app icon (PNG)",
        "pwa:icon_maskable": "an app icon (PNG)",
        "pwa:push_subscribe": "JSON POST only: stores a push subscription",
        "pwa:ticket_push": "JSON POST only: stores a ticket's push subscription",
        "cooperation:staff_answer": "POST only: the answer form on the staff plan page (checked there)",
    }
)


# --- Application folder (issue 8): Aylin's folder (demo: CV, a certificate, a letter, a link for the
# bakery with a fixed demo token, consent for Bernd's team). Oleksandr's folder is empty.
def _aylins_folder_object(model_name: str) -> Callable[[Jobcenter], dict[str, Any]]:
    def kwargs(jobcenter: Jobcenter) -> dict[str, Any]:
        from django.apps import apps

        model = apps.get_model("folder", model_name)
        found = model.objects.for_tenant(jobcenter).filter(folder__owner=_citizen(jobcenter)).order_by("pk").first()
        return {"pk": found.pk}

    return kwargs


def _demo_share_token(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.folder.demo import DEMO_SHARE_TOKEN

    return {"token": DEMO_SHARE_TOKEN}


FOLDER_OWNER = "folder.manage_own_folder"
PAGES = (
    *PAGES,
    PortalPage("folder:home", perm=FOLDER_OWNER),
    PortalPage("folder:cv", perm=FOLDER_OWNER),
    PortalPage("folder:entry_new", perm=FOLDER_OWNER, kwargs=lambda jc: {"section": "work"}),
    PortalPage("folder:entry_new", "language", perm=FOLDER_OWNER, kwargs=lambda jc: {"section": "language"}),
    PortalPage("folder:entry_edit", audiences=_only(Role.CLIENT), kwargs=_aylins_folder_object("CvEntry")),
    PortalPage("folder:certificates", perm=FOLDER_OWNER),
    PortalPage("folder:letters", perm=FOLDER_OWNER),
    PortalPage("folder:letter_new", perm=FOLDER_OWNER),
    PortalPage("folder:letter_edit", audiences=_only(Role.CLIENT), kwargs=_aylins_folder_object("CoverLetter")),
    PortalPage("folder:shares", perm=FOLDER_OWNER),
    PortalPage("folder:share", audiences=_only(Role.CLIENT), kwargs=_aylins_folder_object("Share")),
    PortalPage("folder:shared", audiences=_only(ANONYMOUS, Role.EMPLOYER), kwargs=_demo_share_token),
    PortalPage(
        "folder:shared", "unknown link", audiences=_only(ANONYMOUS), status=404, kwargs=lambda jc: {"token": "x" * 43}
    ),
    PortalPage("folder:staff_folder", audiences=CASE_TEAM, kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]}),
)
EXCLUDED.update(
    {
        "folder:consent": "POST only: the consent buttons on the folder's overview",
        "folder:comment_answer": "POST only: the answer form on the folder's overview",
        "folder:comment_done": "POST only: the done button on the folder's overview",
        "folder:cv_pdf": "a PDF to download (attachment), no page",
        "folder:entry_delete": "POST only: the remove button on the CV page",
        "folder:entry_move": "POST only: the up/down buttons on the CV page",
        "folder:certificate_file": "a certificate to download (attachment), no page",
        "folder:certificate_delete": "POST only: the delete button on the certificates page",
        "folder:letter_pdf": "a PDF to download (attachment), no page",
        "folder:letter_delete": "POST only: the delete button on the letters page",
        "folder:share_revoke": "POST only: the revoke button on the share's page",
        "folder:shared_cv": "a PDF to download through a share link (attachment), no page",
        "folder:shared_letter": "a PDF to download through a share link (attachment), no page",
        "folder:shared_certificate": "a certificate to download through a share link (attachment), no page",
        "folder:staff_comment": "POST only: the comment form on the staff folder page",
        "folder:staff_cv_pdf": "a PDF to download (attachment), no page",
        "folder:staff_certificate": "a certificate to download (attachment), no page",
        "folder:staff_letter_pdf": "a PDF to download (attachment), no page",
    }
)


# --- eLearning modules (issue 10): the citizen's modules, lessons, quiz and result; the admin's module list.
def _aylins_quiz_attempt(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.elearning.models import QuizAttempt

    attempt = QuizAttempt.objects.for_tenant(jobcenter).filter(person__email="kundin@demo.example").order_by("pk")[0]
    return {"slug": attempt.module.slug, "pk": attempt.pk}


def _elearning_lesson(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.elearning.models import Lesson

    return {"pk": Lesson.objects.get(module__jobcenter=None, module__slug="bewerbung-schreiben", key="lebenslauf").pk}


ELEARNING = "elearning.take_module"
PAGES = (
    *PAGES,
    PortalPage("elearning:modules", perm=ELEARNING),
    PortalPage("elearning:sharing", perm=ELEARNING),
    PortalPage("elearning:module", perm=ELEARNING, kwargs=lambda jc: {"slug": "sicher-im-internet"}),
    PortalPage(
        "elearning:lesson", perm=ELEARNING, kwargs=lambda jc: {"slug": "bewerbung-schreiben", "key": "lebenslauf"}
    ),
    PortalPage("elearning:quiz", perm=ELEARNING, kwargs=lambda jc: {"slug": "bewerbung-schreiben"}),
    PortalPage("elearning:result", audiences=_only(Role.CLIENT), kwargs=_aylins_quiz_attempt),
    PortalPage("elearning:staff_modules", perm="elearning.manage_modules"),
    PortalPage("elearning:staff_video", perm="elearning.manage_modules", kwargs=_elearning_lesson),
)
EXCLUDED.update(
    {
        "elearning:certificate": "the certificate PDF (attachment), no page; checked by test_elearning",
        "elearning:video": "a lesson video (media stream with ranges), no page; checked by test_videos",
        "elearning:staff_video_delete": "POST only: the delete button on the lesson video page",
    }
)


# --- Qualification (issue 10): catalogue and course page for everybody, "Meine Kurse", the advisor's
# requests and participation page, the provider's courses, sessions and attendance.
def _demo_course(jobcenter: Jobcenter, title: str = "Deutsch für den Beruf B1") -> int:
    from openjobcenter.learning.models import Course

    return Course.objects.for_tenant(jobcenter).get(title__de=title).pk


def _aylins_course_place(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.learning.models import Enrolment

    place = Enrolment.objects.for_tenant(jobcenter).filter(person__email="kundin@demo.example", status="confirmed")
    return {"pk": place.order_by("pk")[0].pk}


def _running_session(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.learning.models import Session

    course = _demo_course(jobcenter, "Pflegehilfe Basiskurs")
    first = Session.objects.for_tenant(jobcenter).filter(course_id=course, start__lt=timezone.now()).order_by("start")
    return {"pk": course, "session": first[0].pk}


COURSE_KEEPERS = _roles_with("learning.manage_courses", "learning.manage_catalogue")
PAGES = (
    *PAGES,
    PortalPage("learning:catalogue"),
    PortalPage("learning:course", kwargs=lambda jc: {"pk": _demo_course(jc)}),
    PortalPage("learning:my_courses", perm="learning.enrol"),
    PortalPage("learning:my_absence", audiences=_only(Role.CLIENT), kwargs=_aylins_course_place),
    PortalPage("learning:requests", perm="learning.assign_course"),
    PortalPage("learning:participation", audiences=CASE_TEAM, kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]}),
    PortalPage("learning:providers", perm="learning.manage_catalogue"),
    PortalPage("learning:manage", audiences=COURSE_KEEPERS),
    PortalPage("learning:course_new", audiences=COURSE_KEEPERS),
    PortalPage("learning:course_edit", audiences=COURSE_KEEPERS, kwargs=lambda jc: {"pk": _demo_course(jc)}),
    PortalPage("learning:sessions", audiences=COURSE_KEEPERS, kwargs=lambda jc: {"pk": _demo_course(jc)}),
    PortalPage("learning:attendance", audiences=_only(Role.PROGRAMME_PROVIDER), kwargs=_running_session),
)
EXCLUDED.update(
    {
        "learning:request": "POST only: the request form on the course page",
        "learning:my_cancel": "POST only: the cancel button on „Meine Kurse“",
        "learning:assign": "POST only: the assign forms on the course and participation pages",
        "learning:confirm": "POST only: the confirm button on the requests page",
        "learning:decline": "POST only: the decline form on the requests page",
        "learning:remove": "POST only: the remove form on the participation page",
        "learning:provider_member": "POST only: the add-account form on the providers page",
        "learning:childcare": "POST only: the childcare hours form on the providers page",
        "learning:session_delete": "POST only: the delete button on the sessions page",
        "learning:participant_remove": "POST only: the remove form on the sessions page",
    }
)


# --- Job exchange (issue 8): search, vacancy and company pages; Anton's company and vacancies;
# the employer service (advisors, admin) confirms companies.
def _demo_vacancy(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.jobs.models import Vacancy

    return {"pk": Vacancy.objects.for_tenant(jobcenter).filter(title__startswith="Koch/Köchin").order_by("pk")[0].pk}


def _demo_company(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.jobs.models import Employer

    return {"pk": Employer.objects.for_tenant(jobcenter).get(name="Gasthaus Zur Linde GmbH").pk}


def _pending_company(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.jobs.models import Employer

    return {"pk": Employer.objects.for_tenant(jobcenter).get(name="Arndt Logistik KG").pk}


PAGES = (
    *PAGES,
    PortalPage("jobs:search"),
    PortalPage("jobs:search", "results", query=lambda jc: {"q": "Köchin", "plz": "40210", "radius_km": "25"}),
    PortalPage("jobs:vacancy", kwargs=_demo_vacancy),
    PortalPage("jobs:employer", kwargs=_demo_company),
    PortalPage("jobs:saved_searches", perm="jobs.search_vacancies"),
    PortalPage("jobs:companies", perm="jobs.manage_vacancies"),
    PortalPage("jobs:company_register", perm="jobs.manage_vacancies"),
    PortalPage("jobs:company_edit", audiences=_only(Role.EMPLOYER), kwargs=_demo_company),
    PortalPage(
        "jobs:vacancy_new", audiences=_only(Role.EMPLOYER), kwargs=lambda jc: {"employer": _demo_company(jc)["pk"]}
    ),
    PortalPage("jobs:vacancy_edit", audiences=_only(Role.EMPLOYER), kwargs=_demo_vacancy),
    PortalPage("jobs:staff_employers", perm="jobs.confirm_employers"),
    PortalPage("jobs:staff_employer", perm="jobs.confirm_employers", kwargs=_pending_company),
)
EXCLUDED.update(
    {
        "jobs:occupation_options": "htmx fragment: the occupation radio buttons inside the vacancy form",
        "jobs:saved_search_new": "POST only: the save form under the search results",
        "jobs:saved_search_delete": "POST only: the delete button on the saved searches page",
        "jobs:vacancy_publish": "POST only: the publish button on the vacancy page",
        "jobs:vacancy_withdraw": "POST only: the withdraw button on the vacancy page",
    }
)


# --- Job exchange, part 2: candidate profiles, matching, applications with the folder, feedback


def _demo_vacancy_by_code(code: str) -> Any:
    from openjobcenter.jobs.models import Vacancy

    return Vacancy.all_tenants.filter(employer__name="Gasthaus Zur Linde GmbH", occupation_id=code).order_by("pk")[0]


def _aylins_profile_for_cook(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.jobs.models import CandidateProfile

    profile = CandidateProfile.objects.for_tenant(jobcenter).get(person=_citizen(jobcenter))
    return {"vacancy": _demo_vacancy_by_code("29302").pk, "pk": profile.pk}


def _aylins_feedback_page(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"vacancy": _demo_vacancy_by_code("29301").pk, "person": _citizen(jobcenter).pk}


def _aylins_folder_application(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.folder.models import Share

    return {"pk": Share.objects.for_tenant(jobcenter).filter(employer__isnull=False).order_by("pk")[0].pk}


PAGES = (
    *PAGES,
    PortalPage("jobs:profile", perm="jobs.manage_own_profile"),
    PortalPage("jobs:matches", perm="jobs.manage_own_profile"),
    PortalPage("jobs:suggestions", perm="jobs.manage_own_profile"),
    PortalPage("jobs:contact_requests", perm="jobs.manage_own_profile"),
    PortalPage("jobs:vacancy_candidates", audiences=_only(Role.EMPLOYER), kwargs=_demo_vacancy),
    PortalPage("jobs:candidate", audiences=_only(Role.EMPLOYER), kwargs=_aylins_profile_for_cook),
    PortalPage("jobs:feedback", audiences=_only(Role.EMPLOYER), kwargs=_aylins_feedback_page),
    PortalPage("jobs:staff_client", audiences=CASE_TEAM, kwargs=lambda jc: {"case": _aylins_case(jc)["pk"]}),
    PortalPage("folder:apply", perm=FOLDER_OWNER, kwargs=lambda jc: {"vacancy": _demo_vacancy(jc)["pk"]}),
    PortalPage("folder:application", audiences=_only(Role.EMPLOYER), kwargs=_aylins_folder_application),
)
EXCLUDED.update(
    {
        "jobs:suggestion_react": "POST only: the reaction form on the suggestions page",
        "jobs:contact_decide": "POST only: the accept/decline buttons on the contact requests page",
        "jobs:staff_suggest": "POST only: the suggest button on the advisor's matching page",
        "jobs:contact_withdraw": "POST only: the withdraw button on the candidate's page",
        "folder:application_cv": "a PDF to download (attachment), no page",
        "folder:application_letter": "a PDF to download (attachment), no page",
        "folder:application_certificate": "a certificate to download (attachment), no page",
    }
)


# --- Employer service (issue 15): the employer's workspace (Anton, Gasthaus Zur Linde), Aylin's
# interview invitation, the employer service's pages (Sabine), the targets on the statistics pages.
def _demo_interview(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.employerservice.models import Interview

    return {"code": Interview.objects.for_tenant(jobcenter).order_by("pk")[0].code}


def _demo_subsidy(jobcenter: Jobcenter) -> dict[str, Any]:
    from openjobcenter.employerservice.models import SubsidyApplication

    return {"pk": SubsidyApplication.objects.for_tenant(jobcenter).order_by("pk")[0].pk}


PAGES = (
    *PAGES,
    PortalPage("employerservice:workspace", perm="employerservice.use_employer_workspace"),
    PortalPage("employerservice:company", audiences=_only(Role.EMPLOYER), kwargs=_demo_company),
    PortalPage("employerservice:invite", audiences=_only(Role.EMPLOYER), kwargs=_demo_company),
    PortalPage("employerservice:subsidy_new", audiences=_only(Role.EMPLOYER), kwargs=_demo_company),
    PortalPage(
        "employerservice:messages",
        audiences=_only(Role.EMPLOYER),
        kwargs=lambda jc: {"employer": _demo_company(jc)["pk"]},
    ),
    PortalPage("employerservice:interview", audiences=_only(Role.EMPLOYER), kwargs=_demo_interview),
    PortalPage("employerservice:subsidy", audiences=_only(Role.EMPLOYER), kwargs=_demo_subsidy),
    PortalPage("employerservice:my_interviews", audiences=_only(Role.CLIENT)),
    PortalPage("employerservice:my_interview", audiences=_only(Role.CLIENT), kwargs=_demo_interview),
    # The interview is tomorrow: the join address shows when the room opens.
    PortalPage("employerservice:join", audiences=_only(Role.CLIENT), kwargs=_demo_interview),
    PortalPage("employerservice:staff_home", perm="employerservice.use_workspace"),
    PortalPage("employerservice:staff_quality", perm="employerservice.check_vacancy_quality"),
    PortalPage("employerservice:staff_return", perm="employerservice.check_vacancy_quality", kwargs=_demo_vacancy),
    PortalPage("employerservice:staff_companies", perm="employerservice.use_workspace"),
    PortalPage("employerservice:staff_company", perm="employerservice.use_workspace", kwargs=_demo_company),
    PortalPage("employerservice:staff_subsidies", perm="employerservice.decide_subsidies"),
    PortalPage("employerservice:staff_subsidy", perm="employerservice.decide_subsidies", kwargs=_demo_subsidy),
    PortalPage(
        "employerservice:staff_interview",
        audiences=_only(Role.EMPLOYER_SERVICE, Role.ADVISOR, Role.TEAM_LEAD),
        kwargs=_demo_interview,
    ),
    PortalPage("employerservice:targets", perm="employerservice.view_targets"),
)
EXCLUDED.update(
    {
        "employerservice:staff_paid": "POST only: the paid button in the payments table of a subsidy",
        "employerservice:staff_coaching": "POST only: the record form of a coaching appointment",
    }
)
