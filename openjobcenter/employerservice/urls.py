from django.urls import URLPattern, URLResolver, path

from openjobcenter.employerservice.views import citizen, employer, staff

app_name = "employerservice"

urlpatterns: list[URLPattern | URLResolver] = [
    # Employers (views/employer.py)
    path("arbeitgeber/", employer.workspace, name="workspace"),
    path("arbeitgeber/<int:pk>/", employer.company, name="company"),
    path("arbeitgeber/<int:pk>/einladen/", employer.invite, name="invite"),
    path("arbeitgeber/<int:pk>/zuschuss/", employer.subsidy_new, name="subsidy_new"),
    path("arbeitgeber/<int:employer>/nachrichten/", employer.thread, name="messages"),
    path("arbeitgeber/gespraeche/<str:code>/", employer.interview, name="interview"),
    path("arbeitgeber/zuschuesse/<int:pk>/", employer.subsidy, name="subsidy"),
    # Candidates (views/citizen.py) and joining for everybody invited
    path("vorstellungsgespraeche/", citizen.my_interviews, name="my_interviews"),
    path("vorstellungsgespraeche/<str:code>/", citizen.my_interview, name="my_interview"),
    path("vorstellungsgespraeche/<str:code>/join", citizen.join, name="join"),
    # The employer service (views/staff.py)
    path("staff/arbeitgeber-service/", staff.home, name="staff_home"),
    path("staff/arbeitgeber-service/stellen/", staff.quality, name="staff_quality"),
    path("staff/arbeitgeber-service/stellen/<int:pk>/zurueckgeben/", staff.return_vacancy, name="staff_return"),
    path("staff/arbeitgeber-service/unternehmen/", staff.company_list, name="staff_companies"),
    path("staff/arbeitgeber-service/unternehmen/<int:pk>/", staff.company, name="staff_company"),
    path("staff/arbeitgeber-service/zuschuesse/", staff.subsidy_list, name="staff_subsidies"),
    path("staff/arbeitgeber-service/zuschuesse/<int:pk>/", staff.subsidy, name="staff_subsidy"),
    path("staff/arbeitgeber-service/zuschuesse/<int:pk>/zahlungen/<int:payment>/", staff.mark_paid, name="staff_paid"),
    path(
        "staff/arbeitgeber-service/zuschuesse/<int:pk>/coaching/<int:session>/",
        staff.record_coaching,
        name="staff_coaching",
    ),
    path("staff/arbeitgeber-service/gespraeche/<str:code>/", staff.staff_interview, name="staff_interview"),
    path("staff/statistik/ziele/", staff.targets_page, name="targets"),
]
