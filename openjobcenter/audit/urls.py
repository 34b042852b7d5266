from django.urls import path

from openjobcenter.audit.views import portal, staff

app_name = "audit"

urlpatterns = [
    path("my/access-log/", portal.my_access_log, name="my_access_log"),
    path("staff/audit/", staff.search, name="search"),
]
