"""Roles and the permissions they grant.

Permissions are defined here in code (not as database rows), so every installation has the same
meaning for a role. Later capabilities check them with ``user.has_perm("casefile.view_case")``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLIENT = "client", _("Kundin / Kunde")
    ADVISOR = "advisor", _("Integrationsfachkraft")
    BENEFITS_OFFICER = "benefits_officer", _("Leistungssachbearbeitung")
    RECEPTION = "reception", _("Eingangszone")
    TEAM_LEAD = "team_lead", _("Teamleitung")
    EMPLOYER_SERVICE = "employer_service", _("Arbeitgeber-Service")
    EMPLOYER = "employer", _("Arbeitgeber")
    PROGRAMME_PROVIDER = "programme_provider", _("Maßnahmeträger")
    JOBCENTER_ADMIN = "jobcenter_admin", _("Jobcenter-Administration")
    PLATFORM_ADMIN = "platform_admin", _("Plattform-Administration")


# Roles whose holders work for the Jobcenter: they need two-factor authentication and have a
# short idle timeout.
STAFF_ROLES = frozenset(
    {
        Role.ADVISOR,
        Role.BENEFITS_OFFICER,
        Role.RECEPTION,
        Role.TEAM_LEAD,
        Role.EMPLOYER_SERVICE,
        Role.JOBCENTER_ADMIN,
        Role.PLATFORM_ADMIN,
    }
)

_CLIENT = {
    "core.use_citizen_area",
    "appointments.book_appointment",
    "applications.submit_application",
    "applications.apply",
    "messaging.message_advisor",
    "messaging.use_own_messages",
    "casefile.upload_own_document",
    "cooperation.view_own_plan",
    "jobs.search_vacancies",
    "jobs.manage_own_profile",
    "folder.manage_own_folder",
    "learning.enrol",
    "elearning.take_module",
    "audit.view_own_access_log",
    "pwa.use_push",
}
_STAFF = {"core.use_staff_workspace", "notifications.view_own"}
_APPOINTMENT_STAFF = {
    "appointments.view_team_appointments",
    "appointments.manage_appointments",
    "appointments.manage_own_availability",
}
_ADVISOR = (
    _STAFF
    | _APPOINTMENT_STAFF
    | {
        "casefile.view_case",
        "casefile.add_note",
        "messaging.message_client",
        "messaging.manage_cooperation_plan",
        "cooperation.view_plan",
        "cooperation.edit_plan",
        "messaging.answer_messages",
        "video.host_meeting",
        "jobs.match_candidates",
        # The employer service (Arbeitgeber-Service) are advisors: they confirm employers and post
        # vacancies on an employer's behalf.
        "jobs.confirm_employers",
        "jobs.manage_vacancies_for_employers",
        "folder.view_shared_folder",
        "learning.view_participation",
        "learning.assign_course",
        "applications.view_application",
        "applications.view_applications",
    }
)
_BENEFITS = (
    _STAFF
    | _APPOINTMENT_STAFF
    | {
        "casefile.view_case",
        "casefile.add_note",
        "applications.view_application",
        "applications.process_application",
        "applications.view_applications",
        "applications.process_applications",
        "messaging.message_client",
        "cooperation.view_plan",
        "messaging.answer_messages",
    }
)
_RECEPTION = _STAFF | {
    "reception.issue_ticket",
    "reception.call_ticket",
    "reception.view_queue",
    "appointments.view_location_appointments",
    "appointments.manage_appointments",
}
_TEAM_LEAD = (
    _ADVISOR
    | _BENEFITS
    | {
        "appointments.manage_schedules",
        "appointments.view_location_appointments",
        "statistics.view_service_kpis",
        "reception.view_queue",
        "reception.issue_ticket",
        "reception.call_ticket",
        "reception.manage_queue",
        "casefile.assign_case",
        "casefile.set_legal_hold",
        "casefile.view_deletion_log",
        "messaging.manage_templates",
        "learning.manage_catalogue",
        # Team leads review drafts of the assistant's knowledge base (four eyes); the admin publishes.
        "assistant.review_knowledge_base",
        # Progress towards the Jobcenter's targets (subsidised placements) on the statistics pages.
        "employerservice.view_targets",
    }
)
# The employer service (Arbeitgeber-Service): checks registrations and vacancies, keeps the contact
# history with companies, decides wage subsidies (§§ 16e, 16i SGB II) and follows the targets.
# Advisors keep their jobs permissions: in small Jobcenters the employer service are advisors.
_EMPLOYER_SERVICE = _STAFF | {
    "jobs.confirm_employers",
    "jobs.manage_vacancies_for_employers",
    "jobs.match_candidates",
    "employerservice.use_workspace",
    "employerservice.check_vacancy_quality",
    "employerservice.record_contacts",
    "employerservice.message_employers",
    "employerservice.view_interviews",
    "employerservice.decide_subsidies",
    "employerservice.record_payments",
    "employerservice.record_coaching",
    "employerservice.view_targets",
    "employerservice.set_targets",
}
_JOBCENTER_ADMIN = _STAFF | {
    "core.manage_locations",
    "core.manage_teams",
    "core.manage_settings",
    "accounts.manage_staff",
    "audit.search_audit_log",
    "casefile.manage_retention",
    "casefile.view_deletion_log",
    "casefile.set_legal_hold",
    "appointments.manage_concerns",
    "appointments.manage_schedules",
    "appointments.view_location_appointments",
    "reception.manage_queue",
    "statistics.view_service_kpis",
    "statistics.import_labour_market",
    "assistant.manage_knowledge_base",
    "assistant.review_knowledge_base",
    "messaging.manage_templates",
    "jobs.confirm_employers",
    "learning.manage_catalogue",
    "elearning.manage_modules",
    "employerservice.view_targets",
    "employerservice.set_targets",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CLIENT: frozenset(_CLIENT),
    Role.ADVISOR: frozenset(_ADVISOR),
    Role.BENEFITS_OFFICER: frozenset(_BENEFITS),
    Role.RECEPTION: frozenset(_RECEPTION),
    Role.TEAM_LEAD: frozenset(_TEAM_LEAD),
    Role.EMPLOYER_SERVICE: frozenset(_EMPLOYER_SERVICE),
    Role.EMPLOYER: frozenset(
        {
            "core.use_partner_area",
            "jobs.manage_vacancies",
            "jobs.search_candidates",
            "jobs.give_feedback",
            "employerservice.use_employer_workspace",
        }
    ),
    Role.PROGRAMME_PROVIDER: frozenset(
        {"core.use_partner_area", "learning.manage_courses", "learning.record_attendance"}
    ),
    Role.JOBCENTER_ADMIN: frozenset(_JOBCENTER_ADMIN),
    Role.PLATFORM_ADMIN: frozenset(_JOBCENTER_ADMIN | {"core.manage_jobcenters"}),
}


def permissions_for(roles: set[str] | frozenset[str]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)
