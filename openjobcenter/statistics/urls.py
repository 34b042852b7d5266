"""Statistics pages under ``/<slug>/statistik/…``."""

from django.urls import path

from openjobcenter.statistics.views import imports, pages, service

urlpatterns = [
    # imports (S1)
    path("staff/statistik/import/", imports.import_upload, name="statistics_import"),
    # pages (S2)
    path("statistik/", pages.public, name="statistics_public"),
    path("staff/statistik/bericht/", pages.report, name="statistics_report"),
    path("staff/statistik/pressetext/", pages.press, name="statistics_press"),
    path("staff/statistik/service/", service.service, name="statistics_service"),
]
