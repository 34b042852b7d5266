"""Sign-in through the provider, its callback, step-up, linking, the bank details and the admin page."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import citizen_required, permission_required, tenant_login_required
from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc import client, config, services, trust
from openjobcenter.accounts.oidc.admin_config import save_provider, save_settings
from openjobcenter.accounts.oidc.forms import (
    BankDetailsForm,
    CitizenProviderForm,
    IdentitySettingsForm,
    StaffProviderForm,
    mapping_as_text,
)
from openjobcenter.accounts.oidc.logout import SIGNED_IN_KEY
from openjobcenter.accounts.oidc.models import Purpose, TrustLevel
from openjobcenter.accounts.services import sign_in
from openjobcenter.accounts.views.common import form_status, landing_url, set_language_cookie
from openjobcenter.core.models import Jobcenter

logger = logging.getLogger(__name__)

PENDING_REQUESTS_KEY = "ojc_oidc_pending"

REQUEST_TTL = 15 * 60
MODES = ("sign_in", "link", "step_up")

FAILURES = {
    "state": gettext_lazy(
        "Die Anmeldung ist abgelaufen oder wurde in einem anderen Fenster begonnen. Bitte versuchen Sie es noch einmal."
    ),
    "provider": gettext_lazy(
        "Der Anmeldedienst hat die Anmeldung nicht bestätigt. Bitte versuchen Sie es noch einmal."
    ),
    "email_taken": gettext_lazy(
        "Zu dieser E-Mail-Adresse gibt es hier schon ein Konto. Melden Sie sich bitte mit Ihrem Passwort an "
        "und verknüpfen Sie dann unter „Mein Konto“ Ihr BundID-Konto."
    ),
    "inactive": gettext_lazy("Dieses Konto ist gesperrt. Bitte wenden Sie sich an Ihr Jobcenter."),
    "no_role": gettext_lazy(
        "Ihr Verzeichniskonto ist keiner Rolle in diesem Jobcenter zugeordnet. Bitte wenden Sie sich an die Administration."
    ),
    "linked_elsewhere": gettext_lazy("Diese Identität ist bereits mit einem anderen Konto verknüpft."),
    "already_linked": gettext_lazy(
        "Ihr Konto ist bereits mit einer anderen Identität verknüpft. Lösen Sie zuerst die bestehende Verknüpfung."
    ),
    "not_you": gettext_lazy("Sie haben sich beim Anmeldedienst mit einer anderen Identität angemeldet als hier."),
    "too_low": gettext_lazy("Das bestätigte Vertrauensniveau reicht für diese Aktion nicht aus."),
    "signed_out": gettext_lazy("Bitte melden Sie sich zuerst hier an."),
}


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback", kwargs={"jobcenter": _jobcenter(request).slug}))


def _failed(request: HttpRequest, code: str, *, status: int = 400) -> HttpResponse:
    return render(request, "accounts/oidc/failed.html", {"message": FAILURES[code]}, status=status)


def _safe_local(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else ""


def _acr_values(minimum: str) -> str:
    """Every level from ``minimum`` up, so that the provider names the level in the ID token."""
    return " ".join(value for value in TrustLevel.values if TrustLevel.rank(value) >= TrustLevel.rank(minimum))


# --- Starting and finishing the flow --------------------------------------------------------------


@require_GET
def start(request: HttpRequest, purpose: str) -> HttpResponse:
    """Send the person to the provider; ``mode`` is sign_in, link (signed in) or step_up (signed in).

    A link, not a form: the CSP's ``form-action 'self'`` stops a form's redirect to the provider.
    It changes nothing but the pending request in the session; the answer is bound to it by
    ``state``, so a forged start gains an attacker nothing (no login CSRF).
    """
    params = request.GET
    jobcenter = _jobcenter(request)
    if purpose not in Purpose.values:
        raise Http404
    provider = config.provider_config(jobcenter, purpose)
    mode = params.get("mode", "sign_in")
    if provider is None or mode not in MODES:
        raise Http404
    if mode != "sign_in" and not (request.user.is_authenticated and request.user.belongs_to(jobcenter)):
        return _failed(request, "signed_out", status=403)
    level = params.get("level", "")
    level = level if level in TrustLevel.values else ""
    try:
        pending = client.authorization_request(
            provider,
            _callback_uri(request),
            acr_values=_acr_values(level if mode == "step_up" else TrustLevel.BASIS),
            prompt="login" if mode != "sign_in" else "",
        )
    except client.OidcError as exc:
        logger.warning("OIDC start failed for %s: %s", jobcenter.slug, exc.reason)
        return _failed(request, "provider", status=502)
    requests_: dict[str, Any] = {
        state: entry
        for state, entry in request.session.get(PENDING_REQUESTS_KEY, {}).items()
        if time.time() - entry["created"] < REQUEST_TTL
    }
    requests_[pending.state] = {
        "purpose": purpose,
        "mode": mode,
        "nonce": pending.nonce,
        "verifier": pending.code_verifier,
        "next": _safe_local(params.get("next", "")),
        "action": params.get("action", "")[:64],
        "level": level,
        "created": time.time(),
    }
    request.session[PENDING_REQUESTS_KEY] = requests_
    return redirect(pending.url)


def _take_request(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """The pending request of this ``state``, used once: a replayed answer finds nothing."""
    requests_ = dict(request.session.get(PENDING_REQUESTS_KEY, {}))
    entry = requests_.pop(state, None) if state else None
    request.session[PENDING_REQUESTS_KEY] = requests_
    if entry is None or time.time() - entry["created"] >= REQUEST_TTL:
        return None
    return dict(entry)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    entry = _take_request(request, request.GET.get("state", ""))
    if entry is None:
        return _failed(request, "state")
    provider = config.provider_config(jobcenter, entry["purpose"])
    if provider is None:
        raise Http404
    if "error" in request.GET or not request.GET.get("code"):
        logger.info("OIDC provider answered %s", request.GET.get("error", "without code"))
        return _failed(request, "provider")
    try:
        token = client.exchange_code(
            provider, code=request.GET["code"], code_verifier=entry["verifier"], redirect_uri=_callback_uri(request)
        )
        claims = client.validate_id_token(provider, token["id_token"], nonce=entry["nonce"])
    except client.OidcError as exc:
        logger.warning("OIDC sign-in refused for %s: %s", jobcenter.slug, exc.reason)
        return _failed(request, "provider")
    identity = services.Identity(issuer=provider.issuer, subject=str(claims["sub"]), claims=claims)
    level = services.trust_level_from(provider, claims) if entry["purpose"] == Purpose.CITIZEN else ""
    try:
        if entry["mode"] == "sign_in":
            return _sign_in(request, jobcenter, provider, identity, token["id_token"], level, entry)
        return _confirm(request, jobcenter, identity, token["id_token"], level, entry)
    except services.SignInRefused as refused:
        return _failed(request, refused.code, status=403)


def _remember(request: HttpRequest, purpose: str, identity: services.Identity, id_token: str, level: str) -> None:
    request.session[SIGNED_IN_KEY] = {
        "purpose": purpose,
        "issuer": identity.issuer,
        "sub": identity.subject,
        "id_token": id_token,
    }
    if level:
        trust.set_trust_level(request, level)


def _sign_in(
    request: HttpRequest,
    jobcenter: Jobcenter,
    provider: config.ProviderConfig,
    identity: services.Identity,
    id_token: str,
    level: str,
    entry: dict[str, Any],
) -> HttpResponse:
    if entry["purpose"] == Purpose.STAFF:
        user = services.staff_for(jobcenter=jobcenter, config=provider, identity=identity, request=request)
    else:
        user = services.citizen_for(jobcenter=jobcenter, identity=identity, request=request)
    user.backend = "openjobcenter.accounts.backends.RoleBackend"  # the provider vouched, not a password
    sign_in(request, user, jobcenter=jobcenter)
    if entry["purpose"] == Purpose.STAFF:
        services.mark_second_factor_done_by_directory(request, user)
    _remember(request, entry["purpose"], identity, id_token, level)
    response = redirect(entry["next"] or landing_url(user, jobcenter))
    set_language_cookie(response, user.language)
    return response


def _confirm(
    request: HttpRequest,
    jobcenter: Jobcenter,
    identity: services.Identity,
    id_token: str,
    level: str,
    entry: dict[str, Any],
) -> HttpResponse:
    """Link or step up: the person signed in here has just signed in at the provider as well."""
    if not (request.user.is_authenticated and request.user.belongs_to(jobcenter)):
        return _failed(request, "signed_out", status=403)
    user: User = request.user
    owner = services.find_user(jobcenter, entry["purpose"], identity)
    if owner is not None and owner.pk != user.pk:
        return _failed(request, "not_you", status=403)
    if owner is None:
        services.link_identity(
            user=user, jobcenter=jobcenter, purpose=entry["purpose"], identity=identity, request=request
        )
    if level and TrustLevel.rank(level) > TrustLevel.rank(trust.current_trust_level(request)):
        trust.set_trust_level(request, level)
    request.session[SIGNED_IN_KEY] = {**request.session.get(SIGNED_IN_KEY, {}), "id_token": id_token}
    if entry["mode"] == "link":
        messages.success(request, _("Ihr Konto ist jetzt mit dem Anmeldedienst verknüpft."))
        return redirect("accounts:identity", jobcenter=jobcenter.slug)
    if entry["level"] and not trust.has_level(request, entry["level"]):
        return _failed(request, "too_low", status=403)
    kept = trust.pending_action(request, entry["action"]) if entry["action"] else None
    if kept is not None:
        return redirect(trust.resume_url(kept, entry["action"]))
    messages.success(request, _("Ihre Identität ist bestätigt."))
    return redirect(entry["next"] or landing_url(user, jobcenter))


# --- Step-up and the citizen's own pages ---------------------------------------------------------


@require_GET
@tenant_login_required
def step_up(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    level = request.GET.get("level", "")
    if level not in TrustLevel.values:
        level = TrustLevel.SUBSTANTIAL.value
    token = request.GET.get("action", "")
    kept = trust.pending_action(request, token) if token else None
    user: User = request.user  # type: ignore[assignment]
    provider = config.provider_config(jobcenter, Purpose.CITIZEN)
    context = {
        "level": TrustLevel(level),
        "current": TrustLevel(trust.current_trust_level(request)),
        "action": kept["label"] if kept else "",
        "action_token": token if kept else "",
        "next": _safe_local(request.GET.get("next", "")),
        "provider": provider,
        "linked": services.linked_identity(user, jobcenter, Purpose.CITIZEN) is not None,
        "satisfied": trust.has_level(request, level),
        "two_factor_offered": config.citizen_two_factor_offered(jobcenter),
    }
    return render(request, "accounts/oidc/step_up.html", context)


@require_GET
@tenant_login_required
def identity(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    user: User = request.user  # type: ignore[assignment]
    purpose = Purpose.STAFF if user.is_jobcenter_staff else Purpose.CITIZEN
    context = {
        "purpose": purpose,
        "provider": config.provider_config(jobcenter, purpose),
        "linked": services.linked_identity(user, jobcenter, purpose),
        "current": TrustLevel(trust.current_trust_level(request)),
    }
    return render(request, "accounts/oidc/identity.html", context)


@require_POST
@tenant_login_required
def unlink(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    user: User = request.user  # type: ignore[assignment]
    if not user.has_usable_password():
        # Without a password the link is the only way in: keep it.
        messages.error(
            request, _("Ohne Passwort ist die Verknüpfung Ihr einziger Zugang. Legen Sie zuerst ein Passwort fest.")
        )
    else:
        purpose = Purpose.STAFF if user.is_jobcenter_staff else Purpose.CITIZEN
        if services.unlink_identity(user=user, jobcenter=jobcenter, purpose=purpose, request=request):
            messages.success(request, _("Die Verknüpfung ist gelöst."))
    return redirect("accounts:identity", jobcenter=jobcenter.slug)


@require_http_methods(["GET", "POST"])
@citizen_required
@trust.trust_level_required(TrustLevel.SUBSTANTIAL, action=gettext_lazy("Bankverbindung ändern"))
def bank_details(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    user: User = request.user  # type: ignore[assignment]
    current = services.bank_details_of(user, jobcenter)
    initial = {"account_holder": current.account_holder if current else user.get_full_name()}
    form = BankDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.change_bank_details(user=user, jobcenter=jobcenter, request=request, **form.cleaned_data)
        messages.success(request, _("Ihre Bankverbindung ist gespeichert."))
        return redirect("accounts:bank_details", jobcenter=jobcenter.slug)
    context = {"form": form, "current": current, "level": TrustLevel(trust.current_trust_level(request))}
    return render(request, "accounts/oidc/bank_details.html", context, status=form_status(form))


# --- The Jobcenter admin's configuration -----------------------------------------------------------


def _provider_initial(jobcenter: Jobcenter, purpose: str) -> dict[str, Any]:
    row = config.stored(jobcenter, purpose)
    if row is None:
        return {}
    names = [name for name in config.FIELDS if name != "client_secret"]
    initial: dict[str, Any] = {name: getattr(row, name) for name in names}
    initial["enabled"] = row.enabled
    initial["role_mapping"] = mapping_as_text(row.role_mapping)
    return initial


def _settings_forms(request: HttpRequest, jobcenter: Jobcenter, section: str) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    return {
        "citizen_form": CitizenProviderForm(
            data if section == "citizen" else None,
            prefix="citizen",
            initial=_provider_initial(jobcenter, Purpose.CITIZEN),
        ),
        "staff_form": StaffProviderForm(
            data if section == "staff" else None, prefix="staff", initial=_provider_initial(jobcenter, Purpose.STAFF)
        ),
        "settings_form": IdentitySettingsForm(
            data if section == "settings" else None,
            initial={"citizen_two_factor": config.citizen_two_factor_offered(jobcenter)},
        ),
    }


@require_http_methods(["GET", "POST"])
@permission_required("core.manage_settings")
def admin_settings(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    section = request.POST.get("section", "")
    forms_ = _settings_forms(request, jobcenter, section)
    form = {"citizen": forms_["citizen_form"], "staff": forms_["staff_form"], "settings": forms_["settings_form"]}.get(
        section
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            actor: User = request.user  # type: ignore[assignment]
            if section == "settings":
                save_settings(jobcenter, form.cleaned_data, actor=actor, request=request)
            else:
                save_provider(jobcenter, section, form.cleaned_data, actor=actor, request=request)
            messages.success(request, _("Die Anmeldeeinstellungen sind gespeichert."))
            return redirect("accounts:identity_settings", jobcenter=jobcenter.slug)
    context = {
        **forms_,
        "callback_uri": _callback_uri(request),
        "logout_uri": request.build_absolute_uri(reverse("core:home", kwargs={"jobcenter": jobcenter.slug})),
        "citizen": config.provider_config(jobcenter, Purpose.CITIZEN),
        "staff": config.provider_config(jobcenter, Purpose.STAFF),
        "citizen_row": config.stored(jobcenter, Purpose.CITIZEN),
        "staff_row": config.stored(jobcenter, Purpose.STAFF),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/oidc/admin_settings.html", context, status=status)
