from django.urls import path

from openjobcenter.core.views import areas, manage, public

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("privacy/", public.privacy, name="privacy"),
    path("imprint/", public.imprint, name="imprint"),
    path("easy-language/", public.easy_language, name="easy_language"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("accessibility/thanks/", public.accessibility_feedback_sent, name="accessibility_feedback_sent"),
    path("my/", areas.citizen_area, name="citizen_area"),
    path("staff/", areas.staff_workspace, name="staff_workspace"),
    path("staff/locations/", manage.location_list, name="location_list"),
    path("staff/locations/new/", manage.location_create, name="location_create"),
    path("staff/locations/<int:pk>/", manage.location_detail, name="location_detail"),
    path("staff/locations/<int:pk>/edit/", manage.location_edit, name="location_edit"),
    path("staff/locations/<int:pk>/hours/", manage.location_hours, name="location_hours"),
    path("staff/locations/<int:pk>/zones/", manage.location_zones, name="location_zones"),
    path("staff/locations/<int:pk>/status/", manage.location_status, name="location_status"),
    path("staff/teams/", manage.team_list, name="team_list"),
    path("staff/teams/new/", manage.team_create, name="team_create"),
    path("staff/teams/<int:pk>/edit/", manage.team_edit, name="team_edit"),
    path("staff/teams/<int:pk>/status/", manage.team_status, name="team_status"),
    path("staff/settings/", manage.jobcenter_settings, name="jobcenter_settings"),
]
