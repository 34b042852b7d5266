from django.urls import path

from openjobcenter.appointments.views import citizen, manage, staff

app_name = "appointments"

urlpatterns = [
    # Citizens (views/citizen.py)
    path("appointments/", citizen.start, name="start"),
    path("appointments/challenge/", citizen.challenge, name="challenge"),
    path("appointments/find/", citizen.find, name="find"),
    path("appointments/<int:concern_id>/", citizen.choose, name="choose"),
    path("appointments/<int:concern_id>/book/<int:slot_id>/", citizen.details, name="details"),
    path("appointments/booked/<str:code>/", citizen.booked, name="booked"),
    path("appointments/manage/<str:code>/", citizen.manage, name="manage"),
    path("appointments/manage/<str:code>/cancel/", citizen.cancel, name="cancel"),
    path("appointments/manage/<str:code>/reschedule/", citizen.reschedule, name="reschedule"),
    path("appointments/manage/<str:code>/calendar.ics", citizen.ics, name="ics"),
    path("my/appointments/", citizen.my_appointments, name="my_appointments"),
    # Staff: calendars and bookings (views/staff.py)
    path("staff/appointments/", staff.today, name="staff_today"),
    path("staff/appointments/calendar/", staff.calendar, name="staff_calendar"),
    path("staff/appointments/new/", staff.book_for_client, name="staff_book"),
    path("staff/appointments/figures/", staff.figures, name="figures"),
    path("staff/appointments/<str:code>/", staff.booking_detail, name="staff_booking"),
    path("staff/appointments/<str:code>/cancel/", staff.cancel, name="staff_cancel"),
    path("staff/appointments/<str:code>/move/", staff.move, name="staff_move"),
    path("staff/appointments/<str:code>/outcome/", staff.outcome, name="staff_outcome"),
    # Staff: availability, concerns, booking rules (views/manage.py)
    path("staff/availability/", manage.availability, name="availability"),
    path("staff/availability/<int:staff_id>/hours/", manage.working_hours, name="working_hours"),
    path("staff/availability/<int:staff_id>/absences/", manage.absences, name="absences"),
    path("staff/concerns/", manage.concern_list, name="concern_list"),
    path("staff/concerns/new/", manage.concern_create, name="concern_create"),
    path("staff/concerns/<int:pk>/edit/", manage.concern_edit, name="concern_edit"),
    path("staff/appointments-settings/", manage.policy, name="policy"),
]
