from django.urls import path

from openjobcenter.elearning.views import citizen, staff

app_name = "elearning"

urlpatterns = [
    # Citizens (views/citizen.py)
    path("my/elearning/", citizen.modules, name="modules"),
    path("my/elearning/sharing/", citizen.share, name="sharing"),
    path("my/elearning/videos/<int:pk>/", citizen.video, name="video"),
    path("my/elearning/<slug:slug>/", citizen.module, name="module"),
    path("my/elearning/<slug:slug>/lessons/<slug:key>/", citizen.lesson, name="lesson"),
    path("my/elearning/<slug:slug>/quiz/", citizen.quiz, name="quiz"),
    path("my/elearning/<slug:slug>/quiz/<int:pk>/", citizen.result, name="result"),
    path("my/elearning/<slug:slug>/certificate/", citizen.certificate, name="certificate"),
    # Jobcenter admins (views/staff.py)
    path("staff/elearning/", staff.module_list, name="staff_modules"),
    path("staff/elearning/lessons/<int:pk>/video/", staff.lesson_video, name="staff_video"),
    path("staff/elearning/lessons/<int:pk>/video/delete/", staff.lesson_video_delete, name="staff_video_delete"),
]
