from django.urls import path

from openjobcenter.casefile.views import citizen, retention, rights, staff

app_name = "casefile"

urlpatterns = [
    # Citizens (views/citizen.py, views/rights.py)
    path("my/documents/", citizen.my_documents, name="my_documents"),
    path("my/documents/<int:pk>/download/", citizen.download, name="my_download"),
    path("my/timeline/", rights.my_timeline, name="my_timeline"),
    path("my/export/", rights.my_export, name="my_export"),
    path("my/correction/", rights.my_correction, name="my_correction"),
    path("my/correction/<int:pk>/", rights.my_correction_detail, name="my_correction_detail"),
    # Staff (views/staff.py)
    path("staff/cases/", staff.search, name="search"),
    path("staff/cases/<int:pk>/", staff.case_detail, name="case"),
    path("staff/cases/<int:pk>/reason/", staff.give_reason, name="reason"),
    path("staff/cases/<int:pk>/documents/", staff.upload, name="upload"),
    path("staff/cases/<int:pk>/documents/<int:doc>/version/", staff.new_version, name="new_version"),
    path("staff/cases/<int:pk>/documents/<int:doc>/download/", staff.download, name="download"),
    path("staff/cases/<int:pk>/notes/", staff.note, name="note"),
    path("staff/cases/<int:pk>/hold/", staff.hold, name="hold"),
    path("staff/cases/<int:pk>/holds/<int:hold_id>/lift/", staff.lift, name="lift_hold"),
    path("staff/cases/<int:pk>/corrections/<int:correction_id>/", staff.resolve, name="resolve_correction"),
    # Retention (views/retention.py)
    path("staff/retention/", retention.rules, name="retention"),
    path("staff/retention/deletions/", retention.deletions, name="deletions"),
    path("staff/retention/holds/", retention.holds, name="holds"),
    path("staff/retention/holds/<int:hold_id>/lift/", retention.lift_case_hold, name="lift_case_hold"),
]
