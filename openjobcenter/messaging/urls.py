from django.urls import path

from openjobcenter.messaging.views import citizen, staff, templates

app_name = "messaging"

urlpatterns = [
    # Citizens (views/citizen.py)
    path("my/messages/", citizen.inbox, name="inbox"),
    path("my/messages/new/", citizen.new, name="new"),
    path("my/messages/<int:pk>/", citizen.thread, name="thread"),
    path("my/messages/<int:pk>/live/", citizen.thread_live, name="thread_live"),
    # Staff (views/staff.py, views/templates.py)
    path("staff/messages/", staff.inbox, name="staff_inbox"),
    path("staff/messages/templates/", templates.template_list, name="templates"),
    path("staff/messages/templates/<int:pk>/", templates.template_edit, name="template_edit"),
    path("staff/messages/templates/<int:pk>/delete/", templates.template_delete, name="template_delete"),
    path("staff/messages/<int:pk>/", staff.thread, name="staff_thread"),
    path("staff/messages/<int:pk>/live/", staff.thread_live, name="staff_thread_live"),
    path("staff/messages/<int:pk>/reason/", staff.give_reason, name="staff_reason"),
    path("staff/messages/<int:pk>/hand-over/", staff.hand_over, name="staff_assign"),
    path("staff/messages/<int:pk>/status/", staff.change_status, name="staff_status"),
    path("staff/cases/<int:case>/messages/new/", staff.new, name="staff_new"),
]
