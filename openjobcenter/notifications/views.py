"""The portal inbox: a signed-in person's own notifications in this Jobcenter."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import tenant_login_required
from openjobcenter.notifications import services
from openjobcenter.notifications.models import Notification

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

PAGE_SIZE = 20


def _owner(request: HttpRequest) -> tuple[User, Jobcenter]:
    # tenant_login_required has made sure: signed in, and a person of this Jobcenter.
    return cast("User", request.user), request.jobcenter  # type: ignore[attr-defined]


@require_GET
@tenant_login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user, jobcenter = _owner(request)
    unread_first = (F("read_at").asc(nulls_first=True), "-created_at", "-pk")
    notifications = services.inbox_for(user, jobcenter).order_by(*unread_first)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": services.unread_count(user, jobcenter)}
    return render(request, "notifications/inbox.html", context)


@require_POST
@tenant_login_required
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    user, jobcenter = _owner(request)
    try:
        services.mark_read(user, jobcenter, notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Die Benachrichtigung ist als gelesen markiert."))
    return redirect("notifications:inbox", jobcenter=jobcenter.slug)


@require_POST
@tenant_login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    user, jobcenter = _owner(request)
    services.mark_all_read(user, jobcenter)
    messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications:inbox", jobcenter=jobcenter.slug)
