from django.urls import path

from openjobcenter.casefile.views import citizen, staff

app_name = "casefile"

urlpatterns = [
    # Citizens (views/citizen.py)
    path("my/documents/", citizen.my_documents, name="my_documents"),
    path("my/documents/<int:pk>/download/", citizen.download, name="my_download"),
    # Staff (views/staff.py)
    path("staff/cases/", staff.search, name="search"),
    path("staff/cases/<int:pk>/", staff.case_detail, name="case"),
    path("staff/cases/<int:pk>/reason/", staff.give_reason, name="reason"),
    path("staff/cases/<int:pk>/documents/", staff.upload, name="upload"),
    path("staff/cases/<int:pk>/documents/<int:doc>/version/", staff.new_version, name="new_version"),
    path("staff/cases/<int:pk>/documents/<int:doc>/download/", staff.download, name="download"),
    path("staff/cases/<int:pk>/notes/", staff.note, name="note"),
]
