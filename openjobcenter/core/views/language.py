"""The language switch: remembered in a cookie and, for signed-in people, in their account."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from openjobcenter.accounts.services import set_preferred_language
from openjobcenter.accounts.views.common import set_language_cookie


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            set_preferred_language(request.user, language)
        set_language_cookie(response, language)
    return response
