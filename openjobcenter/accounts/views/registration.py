"""Citizen self-registration and e-mail verification."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts import services, tokens
from openjobcenter.accounts.forms import EmailForm, RegistrationForm
from openjobcenter.accounts.views.common import form_status, landing_url
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.ratelimits import rate_limit

SENT_TO_KEY = "ojc_verification_sent_to"


@require_http_methods(["GET", "POST"])
@rate_limit("20/h", method="POST", group="accounts.mail_links")
def register(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    if request.user.is_authenticated and request.user.belongs_to(jobcenter):
        return redirect(landing_url(request.user, jobcenter))
    privacy_url = reverse("core:privacy", kwargs={"jobcenter": jobcenter.slug})
    form = RegistrationForm(request.POST or None, jobcenter=jobcenter, privacy_url=privacy_url)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Same next page whether or not the address was new: the form reveals no accounts.
        services.register_citizen(
            jobcenter=jobcenter,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=data["password1"],
            language=data["language"],
            request=request,
        )
        request.session[SENT_TO_KEY] = data["email"]
        return redirect("accounts:register_done", jobcenter=jobcenter.slug)
    return render(request, "accounts/register.html", {"form": form}, status=form_status(form))


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    context = {
        "email": request.session.get(SENT_TO_KEY, ""),
        "valid_days": tokens.VERIFY_MAX_AGE_DAYS,
        "resent": request.GET.get("resent") == "1",
    }
    return render(request, "accounts/verification_sent.html", context)


@require_GET
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    try:
        services.verify_email(jobcenter=jobcenter, token=token, request=request)
    except tokens.VerificationExpired:
        return _verification_failed(request, expired=True)
    except tokens.VerificationError:
        return _verification_failed(request, expired=False)
    return render(request, "accounts/verification_done.html")


def _verification_failed(request: HttpRequest, *, expired: bool) -> HttpResponse:
    context = {"expired": expired, "form": EmailForm(), "valid_days": tokens.VERIFY_MAX_AGE_DAYS}
    return render(request, "accounts/verification_failed.html", context, status=410 if expired else 400)


@require_http_methods(["GET", "POST"])
@rate_limit("20/h", method="POST", group="accounts.mail_links")
def resend_verification(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_verification(jobcenter=jobcenter, email=form.cleaned_data["email"], request=request)
        request.session[SENT_TO_KEY] = form.cleaned_data["email"]
        return redirect(reverse("accounts:register_done", kwargs={"jobcenter": jobcenter.slug}) + "?resent=1")
    context = {"form": form, "valid_days": tokens.VERIFY_MAX_AGE_DAYS}
    return render(request, "accounts/verification_resend.html", context, status=form_status(form))
