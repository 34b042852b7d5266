from django.urls import path

from openjobcenter.reception.views import display, events, manage, public, staff

app_name = "reception"

urlpatterns = [
    # Public and citizens (views/public.py)
    path("reception/", public.overview, name="overview"),
    path("reception/<int:location_id>/", public.location_waiting, name="location_waiting"),
    path("reception/<int:location_id>/kiosk/", public.kiosk, name="kiosk"),
    path("reception/<int:location_id>/kiosk/ticket/<str:token>/", public.kiosk_ticket, name="kiosk_ticket"),
    path("reception/<int:location_id>/join/", public.remote_join, name="remote_join"),
    path("reception/<int:location_id>/check-in/", public.check_in, name="check_in"),
    path("reception/ticket/<str:token>/", public.ticket, name="ticket"),
    path("reception/ticket/<str:token>/qr.svg", public.ticket_qr, name="ticket_qr"),
    # Live events (views/events.py): Server-Sent Events
    path("reception/<int:location_id>/events", events.location_events, name="events"),
    path("reception/ticket/<str:token>/events", events.ticket_events, name="ticket_events"),
    # Call display (views/display.py)
    path("reception/<int:location_id>/display/<int:zone_id>/", display.display, name="display"),
    # Staff (views/staff.py)
    path("staff/reception/", staff.desk, name="desk"),
    path("staff/reception/counter/", staff.counter, name="counter"),
    path("staff/reception/counter/open/", staff.counter_open, name="counter_open"),
    path("staff/reception/counter/close/", staff.counter_close, name="counter_close"),
    path("staff/reception/counter/call-next/", staff.call_next, name="call_next"),
    path("staff/reception/tickets/<int:ticket_id>/<str:action>/", staff.ticket_action, name="ticket_action"),
    path("staff/reception/figures/", staff.figures, name="figures"),
    # Admin: zones and counters (views/manage.py)
    path("staff/reception/zones/<int:zone_id>/", manage.zone_settings, name="zone_settings"),
    path("staff/reception/counters/", manage.counter_list, name="counter_list"),
    path("staff/reception/counters/new/", manage.counter_create, name="counter_create"),
    path("staff/reception/counters/<int:pk>/edit/", manage.counter_edit, name="counter_edit"),
    path("staff/reception/displays/", manage.display_list, name="display_list"),
]
