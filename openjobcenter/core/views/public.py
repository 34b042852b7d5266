"""Public pages of a Jobcenter: home, accessibility statement, privacy, imprint, Leichte Sprache."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from openjobcenter.core.forms_public import AccessibilityFeedbackForm
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.pagecache import cache_public_page
from openjobcenter.core.services import legal
from openjobcenter.core.services.feedback import submit_accessibility_feedback
from openjobcenter.core.services.hours import summarise
from openjobcenter.core.services.navigation import Offer, available, tenant_url
from openjobcenter.core.services.tenants import active_jobcenters, public_locations
from openjobcenter.elearning import navigation as elearning_nav
from openjobcenter.jobs import navigation as jobs_nav
from openjobcenter.learning import navigation as learning_nav

# At most this many reports per client address; enough for a person, a brake for spam.
FEEDBACK_RATE = "5/h"

SIGNED_OUT_OFFERS = (
    Offer(
        "accounts:login",
        gettext_lazy("Anmelden"),
        gettext_lazy(
            "Mit Ihrem Konto erhalten Sie Nachrichten des Jobcenters und sehen, wer Ihre Daten aufgerufen hat."
        ),
        icon="account-circle",
    ),
    Offer(
        "accounts:register",
        gettext_lazy("Konto anlegen"),
        gettext_lazy("Registrieren Sie sich mit Ihrer E-Mail-Adresse. Das dauert nur wenige Minuten."),
        icon="add",
    ),
)
SIGNED_IN_OFFERS = (
    Offer(
        "core:citizen_area",
        gettext_lazy("Mein Bereich"),
        gettext_lazy("Ihre Übersicht: Benachrichtigungen, Einstellungen und Ihre Daten."),
        icon="account-circle",
    ),
)
STAFF_OFFERS = (
    Offer(
        "core:staff_workspace",
        gettext_lazy("Arbeitsbereich"),
        gettext_lazy("Ihre Aufgaben und Werkzeuge als Mitarbeiterin oder Mitarbeiter des Jobcenters."),
        icon="checklist",
    ),
)
APPOINTMENT_OFFERS = (
    Offer(
        "appointments:start",
        gettext_lazy("Termin online buchen"),
        gettext_lazy("Vor Ort, per Telefon oder per Video: Wählen Sie Ihr Anliegen und einen freien Termin."),
        icon="calendar-today",
    ),
    Offer(
        "appointments:find",
        gettext_lazy("Termin verwalten"),
        gettext_lazy("Termin verschieben oder absagen – mit der Buchungsnummer aus Ihrer Bestätigung."),
        icon="edit",
    ),
    Offer(
        "reception:overview",
        gettext_lazy("Aktuelle Wartezeiten"),
        gettext_lazy("So lange warten Sie gerade ohne Termin an unseren Standorten – live."),
        icon="info",
    ),
)
COMMON_OFFERS = (
    Offer(
        "statistics_public",
        gettext_lazy("Zahlen und Fakten"),
        gettext_lazy("Der Arbeitsmarkt in unserer Region und wie schnell wir für Sie da sind."),
        icon="info",
    ),
    Offer(
        "core:easy_language",
        gettext_lazy("Leichte Sprache"),
        gettext_lazy("Was das Jobcenter macht und was Sie auf dieser Internetseite tun können – einfach erklärt."),
        icon="easy-language",
    ),
    Offer(
        "core:accessibility",
        gettext_lazy("Barriere melden"),
        gettext_lazy("Etwas auf dieser Internetseite funktioniert für Sie nicht? Schreiben Sie uns."),
        icon="help",
        anchor="rueckmeldung",
    ),
)


@require_GET
def platform_root(request: HttpRequest) -> HttpResponse:
    """``/``: with one Jobcenter go straight to it, otherwise let the person choose."""
    jobcenters = active_jobcenters()
    if len(jobcenters) == 1:
        return redirect("core:home", jobcenter=jobcenters[0].slug)
    return render(request, "core/choose_jobcenter.html", {"jobcenters": jobcenters})


def _home_offers(request: HttpRequest) -> list[Any]:
    user = request.user
    offers: tuple[Offer, ...]
    # Booking an appointment is what most visitors come for: it comes first (staff: after their workspace).
    if not user.is_authenticated:
        offers = (*APPOINTMENT_OFFERS, *SIGNED_OUT_OFFERS)
    elif user.is_jobcenter_staff:
        offers = (*STAFF_OFFERS, *APPOINTMENT_OFFERS)
    else:
        offers = (*APPOINTMENT_OFFERS, *SIGNED_IN_OFFERS)
    public = (*jobs_nav.PUBLIC_OFFERS, *learning_nav.PUBLIC_OFFERS, *elearning_nav.PUBLIC_OFFERS)
    return available(request.jobcenter, user, (*offers, *public, *COMMON_OFFERS))  # type: ignore[attr-defined]


@require_GET
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    locations = public_locations(request.jobcenter)  # type: ignore[attr-defined]
    for location in locations:
        location.hours_summary = summarise(location.opening_hours.all())  # type: ignore[attr-defined]
    return render(request, "core/home.html", {"locations": locations, "offers": _home_offers(request)})


@require_GET
@cache_public_page
def privacy(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    context = {
        "federal_dpa": legal.uses_federal_data_protection_commissioner(jobcenter),
        "bfdi": legal.FEDERAL_DATA_PROTECTION_COMMISSIONER,
        "access_log_url": tenant_url(jobcenter, "audit:my_access_log"),
    }
    return render(request, "core/privacy.html", context)


@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


@require_GET
@cache_public_page
def easy_language(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    return render(request, "core/easy_language.html", {"register_url": tenant_url(jobcenter, "accounts:register")})


def _statement_context(request: HttpRequest, form: AccessibilityFeedbackForm) -> dict[str, Any]:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    return {
        "form": form,
        "statement_date": legal.statement_date(jobcenter),
        "audited": jobcenter.accessibility_statement_date is not None,
        "bgg": legal.BGG_CONCILIATION_BODY,
        "portal_url": request.build_absolute_uri(reverse("core:home", kwargs={"jobcenter": jobcenter.slug})),
    }


def _feedback_limit_reached(request: HttpRequest) -> int | None:
    """Seconds to wait when this address sent too many reports, else ``None`` (and count this one)."""
    usage = get_usage(
        request, group="core.accessibility_feedback", key="ip", rate=FEEDBACK_RATE, method="POST", increment=True
    )
    if usage is not None and usage["should_limit"]:
        return max(1, int(usage["time_left"]))
    return None


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = AccessibilityFeedbackForm(initial={"page": request.GET.get("page", "")[:300]})
        return render(request, "core/accessibility.html", _statement_context(request, form))
    form = AccessibilityFeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "core/accessibility.html", _statement_context(request, form), status=400)
    wait = _feedback_limit_reached(request)
    if wait is not None:
        # Keep what was typed: the person can copy it or send it later.
        form.add_error(
            None,
            _(
                "Von Ihrem Anschluss wurden in der letzten Stunde schon mehrere Rückmeldungen gesendet. "
                "Bitte versuchen Sie es später erneut oder schreiben Sie uns eine E-Mail."
            ),
        )
        response = render(request, "core/accessibility.html", _statement_context(request, form), status=429)
        response["Retry-After"] = str(wait)
        return response
    submit_accessibility_feedback(
        request.jobcenter,  # type: ignore[attr-defined]
        **form.cleaned_data,
        language=(get_language() or "de").split("-")[0],
        actor=request.user if request.user.is_authenticated else None,
        request=request,
    )
    return redirect("core:accessibility_feedback_sent", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


@require_GET
def accessibility_feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility_feedback_sent.html")
