from django.urls import path

from openjobcenter.core.views import areas, public

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("privacy/", public.privacy, name="privacy"),
    path("imprint/", public.imprint, name="imprint"),
    path("easy-language/", public.easy_language, name="easy_language"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("my/", areas.citizen_area, name="citizen_area"),
    path("staff/", areas.staff_workspace, name="staff_workspace"),
]
