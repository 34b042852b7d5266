from django.urls import path

from openjobcenter.cooperation.views import citizen, staff

app_name = "cooperation"

urlpatterns = [
    # Citizens (views/citizen.py)
    path("my/plan/", citizen.my_plan, name="my_plan"),
    path("my/plan/<int:version>/pdf/", citizen.my_plan_pdf, name="my_plan_pdf"),
    path("my/plan/<int:version>/acknowledge/", citizen.my_acknowledge, name="my_acknowledge"),
    path("my/plan/<int:version>/comment/", citizen.my_comment, name="my_comment"),
    path("my/plan/steps/<int:step>/", citizen.my_step, name="my_step"),
    # Staff (views/staff.py); the person of the household is chosen with ?person=<id> (default: the head)
    path("staff/cases/<int:case>/plan/", staff.staff_plan, name="staff_plan"),
    path("staff/cases/<int:case>/plan/edit/", staff.staff_edit, name="staff_edit"),
    path("staff/cases/<int:case>/plan/publish/", staff.staff_publish, name="staff_publish"),
    path("staff/cases/<int:case>/plan/answer/", staff.staff_answer, name="staff_answer"),
    path("staff/cases/<int:case>/plan/reason/", staff.staff_reason, name="staff_reason"),
    path("staff/cases/<int:case>/plan/versions/<int:version>/", staff.staff_version, name="staff_version"),
    path("staff/cases/<int:case>/plan/versions/<int:version>/pdf/", staff.staff_pdf, name="staff_pdf"),
    path("staff/cases/<int:case>/plan/breaches/new/", staff.staff_breach, name="staff_breach_new"),
    path("staff/cases/<int:case>/plan/breaches/<int:breach>/", staff.staff_breach, name="staff_breach"),
]
