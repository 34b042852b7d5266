"""The candidate's side: invitations to video interviews, the answer, and joining (with everybody
else who may join: the employer and the invited advisor)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import citizen_required, tenant_login_required
from openjobcenter.audit.services import log_change
from openjobcenter.employerservice.forms import AnswerForm
from openjobcenter.employerservice.models import Interview
from openjobcenter.employerservice.services import interviews
from openjobcenter.employerservice.views.common import interview_by_code, jobcenter, user
from openjobcenter.video.services.providers import ProviderError


@require_GET
@citizen_required
def my_interviews(request: HttpRequest) -> HttpResponse:
    listed = (
        Interview.objects.for_tenant(jobcenter(request))
        .filter(candidate=user(request))
        .select_related("employer", "vacancy")[:100]
    )
    return render(request, "employerservice/citizen/interviews.html", {"interviews": listed, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
@citizen_required
def my_interview(request: HttpRequest, code: str) -> HttpResponse:
    found = interview_by_code(request, code)
    if found.candidate_id != request.user.pk:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            interviews.cancel(found, actor=user(request), request=request)
        except interviews.InterviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Sie haben das Gespräch abgesagt. Das Unternehmen wurde informiert."))
        return redirect("employerservice:my_interview", jobcenter=jobcenter(request).slug, code=found.code)
    if request.method == "POST" and form.is_valid():
        try:
            interviews.respond(
                found, actor=user(request), answer=form.cleaned_data["answer"],
                proposed_start=form.proposed_start(), note=form.cleaned_data["note"], request=request,
            )  # fmt: skip
        except interviews.InterviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ihre Antwort ist beim Unternehmen angekommen."))
            return redirect("employerservice:my_interview", jobcenter=jobcenter(request).slug, code=found.code)
    context = {"interview": found, "form": form, "now": timezone.now(), "window": interviews.window(found)}
    return render(request, "employerservice/citizen/interview.html", context, status=400 if form.errors else 200)


@never_cache
@tenant_login_required
@require_GET
def join(request: HttpRequest, code: str) -> HttpResponse:
    """Signed, just-in-time join for the employer, the candidate and the invited advisor; 404 for others."""
    found = interview_by_code(request, code)
    if interviews.role_of(found, user(request)) is None:
        raise Http404
    try:
        url = interviews.join_url(found, user=user(request), request=request)
    except interviews.NotJoinable as closed:
        return render(request, "employerservice/join_closed.html", {"interview": found, "reason": closed.reason,
                      "opens_at": closed.opens_at})  # fmt: skip
    except ProviderError as error:
        log_change(actor=user(request), jobcenter=found.jobcenter, action="employerservice.interview_join_failed",
                   target=found, subject=found.candidate, details={"code": found.code, "reason": error.key},
                   request=request)  # fmt: skip
        return render(
            request, "employerservice/join_failed.html", {"interview": found, "reason": error.key}, status=503
        )
    return HttpResponseRedirect(url)  # top level, never in a frame
