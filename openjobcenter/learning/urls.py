from django.urls import URLPattern, URLResolver, path

from openjobcenter.learning.views import admin, citizen, partner, public, staff

app_name = "learning"

urlpatterns: list[URLPattern | URLResolver] = [
    # Everybody (views/public.py)
    path("courses/", public.catalogue_page, name="catalogue"),
    path("courses/<int:pk>/", public.course_page, name="course"),
    path("courses/<int:pk>/request/", public.request_place, name="request"),
    # Citizens (views/citizen.py)
    path("my/courses/", citizen.my_courses, name="my_courses"),
    path("my/courses/<int:pk>/cancel/", citizen.my_cancel, name="my_cancel"),
    path("my/courses/<int:pk>/absence/", citizen.my_absence, name="my_absence"),
    # Advisors (views/staff.py)
    path("staff/courses/requests/", staff.requests, name="requests"),
    path("staff/courses/assign/", staff.assign, name="assign"),
    path("staff/courses/enrolments/<int:pk>/confirm/", staff.confirm, name="confirm"),
    path("staff/courses/enrolments/<int:pk>/decline/", staff.decline, name="decline"),
    path("staff/courses/enrolments/<int:pk>/remove/", staff.remove, name="remove"),
    path("staff/cases/<int:case>/courses/", staff.participation, name="participation"),
    # Catalogue staff (views/admin.py)
    path("staff/courses/providers/", admin.provider_list, name="providers"),
    path("staff/courses/providers/<int:pk>/members/", admin.provider_member, name="provider_member"),
    path("staff/courses/childcare/", admin.childcare, name="childcare"),
    # Providers and catalogue staff (views/partner.py)
    path("partner/courses/", partner.manage, name="manage"),
    path("partner/courses/new/", partner.course_edit, name="course_new"),
    path("partner/courses/<int:pk>/edit/", partner.course_edit, name="course_edit"),
    path("partner/courses/<int:pk>/sessions/", partner.sessions, name="sessions"),
    path("partner/courses/<int:pk>/sessions/<int:session>/delete/", partner.session_delete, name="session_delete"),
    path("partner/courses/<int:pk>/sessions/<int:session>/attendance/", partner.attendance_page, name="attendance"),
    path(
        "partner/courses/<int:pk>/participants/<int:enrolment_id>/remove/",
        partner.participant_remove,
        name="participant_remove",
    ),
]
