from django.urls import path

from openjobcenter.video.views import portal, staff

app_name = "video"

urlpatterns = [
    path("video/check/", portal.check, name="check"),
    path("video/left/", portal.left, name="left"),
    path("video/ended/<int:meeting>/<str:token>/", portal.ended, name="ended"),
    path("video/<str:appointment_id>/join", portal.join, name="join"),
    path("staff/video/", staff.video_settings, name="settings"),
]
