from django.urls import path

from openjobcenter.video.views import adhoc, portal, staff

app_name = "video"

urlpatterns = [
    path("video/check/", portal.check, name="check"),
    path("video/left/", portal.left, name="left"),
    path("video/ended/<int:meeting>/<str:token>/", portal.ended, name="ended"),
    path("video/<str:appointment_id>/join", portal.join, name="join"),
    path("staff/video/", staff.video_settings, name="settings"),
    # Ad-hoc calls from the case file (views/adhoc.py)
    path("staff/cases/<int:case>/video/", adhoc.start, name="adhoc_start"),
    path("video/sofort/<str:code>/join", adhoc.join, name="adhoc_join"),
    path("video/sofort/<str:code>/end/", adhoc.end, name="adhoc_end"),
    path("video/sofort/ended/<int:call>/<str:token>/", adhoc.ended, name="adhoc_ended"),
]
