"""URL layout: platform-wide paths first, then everything of one Jobcenter under ``/<slug>/``."""

from django.contrib import admin
from django.urls import include, path

from openjobcenter.api import api
from openjobcenter.core.views import language, public, system

tenant_patterns = [
    path("", include("openjobcenter.core.urls")),
    path("", include("openjobcenter.accounts.urls")),
    path("", include("openjobcenter.audit.urls")),
    path("", include("openjobcenter.notifications.urls")),
    path("", include("openjobcenter.appointments.urls")),
    path("", include("openjobcenter.reception.urls")),
    path("", include("openjobcenter.statistics.urls")),
    path("", include("openjobcenter.assistant.urls")),
    path("", include("openjobcenter.casefile.urls")),
    path("", include("openjobcenter.video.urls")),
    path("", include("openjobcenter.messaging.urls")),
    path("", include("openjobcenter.cooperation.urls")),
    path("", include("openjobcenter.applications.urls")),
    path("", include("openjobcenter.pwa.urls")),
    path("", include("openjobcenter.jobs.urls")),
    path("", include("openjobcenter.folder.urls")),
    path("", include("openjobcenter.learning.urls")),
    path("", include("openjobcenter.elearning.urls")),
    path("", include("openjobcenter.employerservice.urls")),
]

urlpatterns = [
    path("", public.platform_root, name="platform_root"),
    path("healthz", system.healthz, name="healthz"),
    path("metrics", system.metrics, name="metrics"),
    path("i18n/language/", language.set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("<slug:jobcenter>/", include(tenant_patterns)),
]

handler400 = "openjobcenter.core.views.errors.bad_request"
handler403 = "openjobcenter.core.views.errors.permission_denied"
handler404 = "openjobcenter.core.views.errors.page_not_found"
handler500 = "openjobcenter.core.views.errors.server_error"
