"""Ad-hoc video calls: the advisor starts one from the case file; the citizen joins from the message.

Start: the responsible team's staff who may host meetings (others 403; another Jobcenter's case 404).
Join: the host and the invited citizen only, signed in; everybody else gets a 404, as for a code
that does not exist. The end callback is authorised by the token in its path.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.appointments.services.codes import normalise_code
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case
from openjobcenter.notifications.services import notify
from openjobcenter.video.models import AdHocCall
from openjobcenter.video.services import adhoc
from openjobcenter.video.services.providers import ProviderError

FAILURE_NOTICE_SECONDS = 600


class StartForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Mit wem möchten Sie sprechen?"), coerce=int)
    note = forms.CharField(
        label=_("Kurze Nachricht (freiwillig)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Steht über der Einladung, z. B. „Wie besprochen, hier der Link für unser Gespräch.“"),
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        field: Any = self.fields["person"]
        field.choices = [(p.pk, p.get_full_name() or p.email) for p in people]
        if len(people) == 1:
            self.fields["person"].initial = people[0].pk


def _jobcenter(request: HttpRequest) -> Any:
    return request.jobcenter  # type: ignore[attr-defined]


def _case(request: HttpRequest, pk: int) -> Case:
    case = Case.objects.for_tenant(_jobcenter(request)).select_related("jobcenter", "team").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


@permission_required(adhoc.HOST_PERMISSION)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, case: int) -> HttpResponse:
    found = _case(request, case)
    user: Any = request.user
    if not adhoc.may_start(user, found):
        raise PermissionDenied
    people = adhoc.household(found)
    form = StartForm(request.POST or None, people=people)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            call = adhoc.start_call(
                found,
                host=user,
                client=form.people[form.cleaned_data["person"]],
                note=form.cleaned_data["note"],
                request=request,
            )
        except adhoc.CannotStart as refused:
            error = refused.message
        else:
            return redirect(adhoc.join_path(call))
    recent = AdHocCall.objects.for_tenant(_jobcenter(request)).filter(case=found).select_related("client", "host")[:5]
    return render(
        request,
        "video/adhoc_start.html",
        {"case": found, "form": form, "error": error, "recent": recent, "now": timezone.now()},
    )


def _call(request: HttpRequest, code: str) -> AdHocCall:
    call = (
        AdHocCall.objects.for_tenant(_jobcenter(request))
        .select_related("jobcenter", "case", "client", "host")
        .filter(code=normalise_code(code))
        .first()
    )
    if call is None:
        raise Http404
    return call


@never_cache
@tenant_login_required
@require_GET
def join(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    user: Any = request.user
    as_host = adhoc.authorise(call, user)
    if as_host is None:
        raise Http404
    context: dict[str, Any] = {"call": call, "as_host": as_host}
    try:
        url = adhoc.join_url(call, as_host=as_host, user=user, request=request)
    except adhoc.CallClosed as closed:
        context["reason"] = closed.reason
        return render(request, "video/adhoc_closed.html", context)
    except ProviderError as error:
        log_change(
            actor=user,
            jobcenter=call.jobcenter,
            action="video.adhoc_join_failed",
            target=call,
            subject=call.client,
            details={"code": call.code, "reason": error.key, "role": "host" if as_host else "client"},
            request=request,
        )
        if not as_host and cache.add(f"video-adhoc-failure:{call.pk}", 1, FAILURE_NOTICE_SECONDS):
            link = reverse("casefile:case", kwargs={"jobcenter": call.jobcenter.slug, "pk": call.case_id})
            notify(
                call.host,
                "video_adhoc_failed",
                {"call": call, "reason": error.key},
                jobcenter=call.jobcenter,
                link=link,
            )
        context["reason"] = error.key
        return render(request, "video/adhoc_failed.html", context, status=503)
    return HttpResponseRedirect(url)  # top level, never in a frame


@permission_required(adhoc.HOST_PERMISSION)
@require_POST
def end(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    if adhoc.authorise(call, request.user) is not True:  # type: ignore[arg-type]
        raise Http404
    adhoc.end_call(call, user=request.user, request=request)  # type: ignore[arg-type]
    return redirect("video:adhoc_start", jobcenter=call.jobcenter.slug, case=call.case_id)


@csrf_exempt  # called by the video server, which has no session; the token in the path authorises
@require_http_methods(["GET", "POST"])
def ended(request: HttpRequest, call: int, token: str) -> HttpResponse:
    found = adhoc.call_for_callback(_jobcenter(request).pk, call, token[:200])
    if found is None:
        raise Http404
    outcome = adhoc.server_ended(found, request=request)
    return HttpResponse(
        outcome, content_type="text/plain; charset=utf-8", status=202 if outcome == "unconfirmed" else 200
    )
