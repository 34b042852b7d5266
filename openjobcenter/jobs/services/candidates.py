"""Candidate profiles, contact requests, employer feedback and advisors' suggestions.

Consent rules: an employer sees a profile only while ``visible_to_employers`` is set, and then only
the anonymised view (``anonymised``: region, age band, wishes, skills — never name, contact data or
address). Name and contact data reach one employer when the citizen accepts that employer's contact
request, or when the citizen applies to one of its vacancies with the folder (``folder.Share`` with
``employer``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openjobcenter.audit.services import log_change
from openjobcenter.core import geo
from openjobcenter.jobs import places
from openjobcenter.jobs.models import (
    CandidateFeedback,
    CandidateProfile,
    ContactRequest,
    ContactStatus,
    Employer,
    FeedbackOutcome,
    FeedbackReason,
    Occupation,
    Suggestion,
    SuggestionReaction,
    Vacancy,
)
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 200
MAX_OCCUPATIONS = 5


class CandidateError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- Profiles ---------------------------------------------------------------------------------------


def profile_of(person: User, jobcenter: Jobcenter) -> CandidateProfile | None:
    return CandidateProfile.objects.for_tenant(jobcenter).filter(person=person).first()


@transaction.atomic
def save_profile(
    *, person: User, jobcenter: Jobcenter, fields: dict[str, Any], occupations: list[Occupation],
    request: HttpRequest | None = None,
) -> CandidateProfile:  # fmt: skip
    """Create or update the person's own profile. Raises ``CandidateError`` on a bad postal code,
    radius or number of occupations."""
    postal_code = geo.normalise_postal_code(str(fields.get("postal_code", "")))
    coordinates = geo.coordinates(postal_code) if postal_code else None
    if coordinates is None:
        raise CandidateError(
            _("Die Postleitzahl %(plz)s ist uns nicht bekannt.") % {"plz": fields.get("postal_code", "")},
            "postal_code",
        )
    radius = fields.get("mobility_radius_km")
    if radius is None or not MIN_RADIUS_KM <= int(radius) <= MAX_RADIUS_KM:
        raise CandidateError(
            _("Bitte wählen Sie einen Umkreis von %(min)s bis %(max)s km.")
            % {"min": MIN_RADIUS_KM, "max": MAX_RADIUS_KM},
            "mobility_radius_km",
        )
    if len(occupations) > MAX_OCCUPATIONS:
        raise CandidateError(
            _("Bitte wählen Sie höchstens %(count)s Wunschberufe.") % {"count": MAX_OCCUPATIONS}, "occupations"
        )
    profile = profile_of(person, jobcenter) or CandidateProfile(jobcenter=jobcenter, person=person)
    was_visible = profile.visible_to_employers if profile.pk else False
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.postal_code = postal_code
    profile.place = places.place_name(postal_code)
    profile.lat, profile.lon = coordinates
    if profile.visible_to_employers != was_visible or not profile.pk:
        profile.visibility_changed_at = timezone.now()
    profile.save()
    profile.desired_occupations.set(occupations)
    log_change(
        actor=person, jobcenter=jobcenter, action="jobs.profile_saved", target=profile, subject=person,
        details={"visible_to_employers": profile.visible_to_employers}, request=request,
    )  # fmt: skip
    return profile


AGE_BANDS = ((25, gettext_lazy("unter 25 Jahre")), (35, gettext_lazy("25 bis 34 Jahre")),
             (45, gettext_lazy("35 bis 44 Jahre")), (55, gettext_lazy("45 bis 54 Jahre")))  # fmt: skip


def age_band(birth_year: int | None, today: dt.date | None = None) -> str:
    if not birth_year:
        return ""
    age = (today or timezone.localdate()).year - birth_year
    for limit, label in AGE_BANDS:
        if age < limit:
            return str(label)
    return str(_("55 Jahre und älter"))


def region(postal_code: str) -> str:
    """The postal region (first two digits) — never the exact place."""
    return _("PLZ-Gebiet %(prefix)s…") % {"prefix": postal_code[:2]} if postal_code else ""


@dataclass
class CandidateView:
    """What an employer sees of a candidate: anonymised unless ``revealed``."""

    profile: CandidateProfile
    reference: str
    region: str
    age_band: str
    revealed: bool
    name: str = ""
    email: str = ""
    phone: str = ""
    place: str = ""


def reference(profile: CandidateProfile) -> str:
    return _("Bewerberprofil Nr. %(pk)s") % {"pk": profile.pk}


def revealed_to(employer: Employer, person: User) -> bool:
    """Has the person allowed this employer to know who they are? An accepted contact request, or
    an application with the folder to one of its vacancies."""
    from openjobcenter.folder.models import Share

    if (
        ContactRequest.objects.for_tenant(employer.jobcenter)
        .filter(employer=employer, profile__person=person, status=ContactStatus.ACCEPTED)
        .exists()
    ):
        return True
    return Share.objects.for_tenant(employer.jobcenter).filter(employer=employer, folder__owner=person).exists()


def view_for(employer: Employer, profile: CandidateProfile) -> CandidateView:
    revealed = revealed_to(employer, profile.person)
    view = CandidateView(
        profile=profile,
        reference=reference(profile),
        region=region(profile.postal_code),
        age_band=age_band(profile.birth_year),
        revealed=revealed,
    )
    if revealed:
        person = profile.person
        view.name = f"{person.first_name} {person.last_name}".strip()
        view.email = person.email
        view.place = f"{profile.postal_code} {profile.place}".strip()
    return view


def employer_profile(employer: Employer, pk: int) -> CandidateProfile | None:
    """A profile an employer may look at: same Jobcenter and visible to employers, or already
    revealed to this employer. ``None`` otherwise (views answer 404)."""
    profile = (
        CandidateProfile.objects.for_tenant(employer.jobcenter)
        .select_related("person")
        .prefetch_related("desired_occupations")
        .filter(pk=pk)
        .first()
    )
    if profile is None:
        return None
    if profile.visible_to_employers or revealed_to(employer, profile.person):
        return profile
    return None


# --- Contact requests -------------------------------------------------------------------------------


@transaction.atomic
def request_contact(
    *, actor: User, employer: Employer, profile: CandidateProfile, vacancy: Vacancy | None, message: str,
    request: HttpRequest | None = None,
) -> ContactRequest:  # fmt: skip
    if profile.jobcenter_id != employer.jobcenter_id or not profile.visible_to_employers:
        raise CandidateError(_("Dieses Profil ist nicht (mehr) für Arbeitgeber sichtbar."))
    if not employer.is_confirmed:
        raise CandidateError(
            _("Kontaktanfragen sind möglich, sobald der Arbeitgeber-Service Ihr Unternehmen bestätigt hat.")
        )
    if vacancy is not None and vacancy.employer_id != employer.pk:
        raise CandidateError(_("Diese Stelle gehört nicht zu Ihrem Unternehmen."), "vacancy")
    if not message.strip():
        raise CandidateError(_("Bitte schreiben Sie eine kurze Nachricht."), "message")
    try:
        with transaction.atomic():
            contact = ContactRequest.objects.create_for_tenant(
                employer.jobcenter, employer=employer, profile=profile, vacancy=vacancy,
                message=message.strip(), created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise CandidateError(_("Sie haben dieser Person bereits eine offene Kontaktanfrage geschickt.")) from None
    log_change(
        actor=actor, jobcenter=employer.jobcenter, action="jobs.contact_requested", target=contact,
        subject=profile.person, request=request,
    )  # fmt: skip
    notify(
        profile.person, "jobs_contact_request", {"employer": employer.name}, jobcenter=employer.jobcenter,
        link=reverse("jobs:contact_requests", kwargs={"jobcenter": employer.jobcenter.slug}),
    )  # fmt: skip
    return contact


@transaction.atomic
def decide_contact(
    *, person: User, contact: ContactRequest, accept: bool, request: HttpRequest | None = None
) -> ContactRequest:
    if contact.profile.person_id != person.pk:
        raise CandidateError(_("Diese Anfrage ist nicht an Sie gerichtet."))
    updated = (
        ContactRequest.objects.for_tenant(contact.jobcenter)
        .filter(pk=contact.pk, status=ContactStatus.PENDING)
        .update(status=ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED, decided_at=timezone.now())
    )
    if not updated:
        raise CandidateError(_("Über diese Anfrage ist schon entschieden."))
    contact.refresh_from_db()
    log_change(
        actor=person, jobcenter=contact.jobcenter,
        action="jobs.contact_accepted" if accept else "jobs.contact_declined", target=contact, subject=person,
        request=request,
    )  # fmt: skip
    return contact


@transaction.atomic
def withdraw_contact(*, actor: User, contact: ContactRequest, request: HttpRequest | None = None) -> ContactRequest:
    updated = (
        ContactRequest.objects.for_tenant(contact.jobcenter)
        .filter(pk=contact.pk, status=ContactStatus.PENDING)
        .update(status=ContactStatus.WITHDRAWN, decided_at=timezone.now())
    )
    if not updated:
        raise CandidateError(_("Über diese Anfrage ist schon entschieden."))
    contact.refresh_from_db()
    log_change(
        actor=actor, jobcenter=contact.jobcenter, action="jobs.contact_withdrawn", target=contact, request=request
    )
    return contact


# --- Employer feedback ------------------------------------------------------------------------------


@transaction.atomic
def give_feedback(
    *, actor: User, employer: Employer, person: User, vacancy: Vacancy | None, outcome: str, reason: str = "",
    reason_text: str = "", request: HttpRequest | None = None,
) -> CandidateFeedback:  # fmt: skip
    """Feedback on a candidate the employer knows (revealed); ``not_hired`` needs a reason."""
    if outcome not in FeedbackOutcome.values:
        raise CandidateError(_("Bitte wählen Sie ein Ergebnis."), "outcome")
    if outcome == FeedbackOutcome.NOT_HIRED and not reason:
        raise CandidateError(_("Bitte geben Sie einen Grund an, wenn Sie die Person nicht einstellen."), "reason")
    if not revealed_to(employer, person):
        raise CandidateError(
            _(
                "Rückmeldungen sind nur zu Personen möglich, die sich bei Ihnen beworben oder Ihrer Kontaktanfrage zugestimmt haben."
            )
        )
    if vacancy is not None and vacancy.employer_id != employer.pk:
        raise CandidateError(_("Diese Stelle gehört nicht zu Ihrem Unternehmen."), "vacancy")
    profile = CandidateProfile.objects.for_tenant(employer.jobcenter).filter(person=person).first()
    feedback = CandidateFeedback.objects.create_for_tenant(
        employer.jobcenter, employer=employer, person=person, profile=profile, vacancy=vacancy, outcome=outcome,
        reason=reason if outcome == FeedbackOutcome.NOT_HIRED else "", reason_text=reason_text.strip(),
        created_by=actor,
    )  # fmt: skip
    log_change(
        actor=actor, jobcenter=employer.jobcenter, action="jobs.feedback_given", target=feedback, subject=person,
        details={"outcome": outcome}, request=request,
    )  # fmt: skip
    return feedback


@transaction.atomic
def mirror_feedback(
    *, actor: User, employer: Employer, person: User, vacancy: Vacancy | None, outcome: str, reason: str = "",
    reason_text: str = "", feedback: CandidateFeedback | None = None, request: HttpRequest | None = None,
) -> CandidateFeedback:  # fmt: skip
    """Create or update the feedback another service's record stands for (the employer service's
    interview outcome), so the advisor sees one feedback on the matching page and in the case timeline.

    The calling service has checked the employer's relationship to the person (an interview needs a
    shared folder or an accepted contact when it is agreed; the share may have expired since). A reason
    outside ``FeedbackReason`` is stored as "other" with the text kept, never an error.
    """
    if outcome not in FeedbackOutcome.values:
        raise CandidateError(_("Bitte wählen Sie ein Ergebnis."), "outcome")
    if vacancy is not None and vacancy.employer_id != employer.pk:
        vacancy = None
    if outcome != FeedbackOutcome.NOT_HIRED:
        reason = ""
    elif reason not in FeedbackReason.values:
        reason = FeedbackReason.OTHER
    fields = {"outcome": outcome, "reason": reason, "reason_text": reason_text.strip()[:1000], "vacancy": vacancy}
    if feedback is not None and feedback.employer_id == employer.pk and feedback.person_id == person.pk:
        for name, value in fields.items():
            setattr(feedback, name, value)
        feedback.save(update_fields=list(fields))
        action = "jobs.feedback_changed"
    else:
        profile = CandidateProfile.objects.for_tenant(employer.jobcenter).filter(person=person).first()
        feedback = CandidateFeedback.objects.create_for_tenant(
            employer.jobcenter, employer=employer, person=person, profile=profile, created_by=actor, **fields
        )
        action = "jobs.feedback_given"
    log_change(
        actor=actor, jobcenter=employer.jobcenter, action=action, target=feedback, subject=person,
        details={"outcome": outcome}, request=request,
    )  # fmt: skip
    return feedback


def feedback_about(person: User, jobcenter: Jobcenter) -> QuerySet[CandidateFeedback]:
    return (
        CandidateFeedback.objects.for_tenant(jobcenter)
        .filter(person=person)
        .select_related("employer", "vacancy", "created_by")
    )


# --- Suggestions ------------------------------------------------------------------------------------


@transaction.atomic
def suggest(
    *, advisor: User, person: User, vacancy: Vacancy, note: str, request: HttpRequest | None = None
) -> Suggestion:
    if not person.belongs_to(vacancy.jobcenter):
        raise CandidateError(_("Diese Stelle gehört zu einem anderen Jobcenter."))
    if not vacancy.is_published:
        raise CandidateError(_("Nur veröffentlichte Stellen können vorgeschlagen werden."))
    try:
        with transaction.atomic():
            suggestion = Suggestion.objects.create_for_tenant(
                vacancy.jobcenter, person=person, vacancy=vacancy, advisor=advisor, note=note.strip()
            )
    except IntegrityError:
        raise CandidateError(_("Diese Stelle ist der Person schon vorgeschlagen.")) from None
    log_change(
        actor=advisor, jobcenter=vacancy.jobcenter, action="jobs.suggestion_made", target=suggestion, subject=person,
        request=request,
    )  # fmt: skip
    notify(
        person, "jobs_suggestion", {"title": vacancy.title}, jobcenter=vacancy.jobcenter,
        link=reverse("jobs:suggestions", kwargs={"jobcenter": vacancy.jobcenter.slug}),
    )  # fmt: skip
    return suggestion


@transaction.atomic
def react(
    *, person: User, suggestion: Suggestion, reaction: str, note: str = "", request: HttpRequest | None = None
) -> Suggestion:
    if suggestion.person_id != person.pk:
        raise CandidateError(_("Dieser Vorschlag ist nicht an Sie gerichtet."))
    if reaction not in (SuggestionReaction.INTERESTED, SuggestionReaction.NOT_SUITABLE):
        raise CandidateError(_("Bitte wählen Sie „Interessiert“ oder „Passt nicht“."), "reaction")
    suggestion.reaction = reaction
    suggestion.reaction_note = note.strip()[:1000]
    suggestion.reacted_at = timezone.now()
    suggestion.save(update_fields=["reaction", "reaction_note", "reacted_at"])
    log_change(
        actor=person, jobcenter=suggestion.jobcenter, action="jobs.suggestion_answered", target=suggestion,
        subject=person, details={"reaction": reaction}, request=request,
    )  # fmt: skip
    return suggestion
