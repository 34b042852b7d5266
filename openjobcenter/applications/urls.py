from django.urls import path

from openjobcenter.applications.views import citizen, staff

app_name = "applications"

urlpatterns = [
    # Citizens (views/citizen.py)
    path("my/applications/", citizen.start, name="start"),
    path("my/applications/new/", citizen.begin, name="begin"),
    path("my/applications/change/", citizen.change_topics, name="change_topics"),
    path("my/applications/<int:pk>/", citizen.status, name="status"),
    path("my/applications/<int:pk>/live/", citizen.status_live, name="status_live"),
    path("my/applications/<int:pk>/receipt/", citizen.receipt, name="receipt"),
    path("my/applications/<int:pk>/step/<slug:step>/", citizen.step, name="step"),
    path("my/applications/<int:pk>/step/<slug:step>/autosave/", citizen.autosave, name="autosave"),
    path("my/applications/<int:pk>/proofs/<slug:proof>/", citizen.upload_proof, name="upload_proof"),
    path("my/applications/<int:pk>/review/", citizen.review, name="review"),
    path("my/applications/<int:pk>/requests/<int:request_id>/", citizen.upload_requested, name="upload_requested"),
    # Staff (views/staff.py)
    path("staff/applications/", staff.inbox, name="staff_inbox"),
    path("staff/applications/<int:pk>/", staff.detail, name="staff_detail"),
    path("staff/applications/<int:pk>/reason/", staff.give_reason, name="staff_reason"),
    path("staff/applications/<int:pk>/action/", staff.act, name="staff_act"),
    path("staff/applications/<int:pk>/files/<int:attachment_id>/", staff.download, name="staff_download"),
]
