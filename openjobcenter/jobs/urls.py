from django.urls import URLPattern, URLResolver, path

from openjobcenter.jobs.views import citizen, employer, public, staff

app_name = "jobs"

urlpatterns: list[URLPattern | URLResolver] = [
    # Public (views/public.py)
    path("jobs/", public.search_page, name="search"),
    path("jobs/<int:pk>/", public.vacancy_page, name="vacancy"),
    path("jobs/employers/<int:pk>/", public.employer_page, name="employer"),
    path("jobs/occupations/", public.occupation_options, name="occupation_options"),
    # Citizens (views/citizen.py)
    path("jobs/saved/", citizen.saved_searches, name="saved_searches"),
    path("jobs/saved/new/", citizen.save, name="saved_search_new"),
    path("jobs/saved/<int:pk>/delete/", citizen.delete, name="saved_search_delete"),
    # Employers and the employer service acting for them (views/employer.py)
    path("jobs/company/", employer.my_companies, name="companies"),
    path("jobs/company/register/", employer.register, name="company_register"),
    path("jobs/company/<int:pk>/edit/", employer.edit_company, name="company_edit"),
    path("jobs/company/<int:employer>/vacancies/new/", employer.new_vacancy, name="vacancy_new"),
    path("jobs/vacancies/<int:pk>/edit/", employer.edit_vacancy, name="vacancy_edit"),
    path("jobs/vacancies/<int:pk>/publish/", employer.publish, name="vacancy_publish"),
    path("jobs/vacancies/<int:pk>/withdraw/", employer.withdraw, name="vacancy_withdraw"),
    # The employer service (views/staff.py)
    path("staff/jobs/employers/", staff.employers, name="staff_employers"),
    path("staff/jobs/employers/<int:pk>/", staff.employer, name="staff_employer"),
]
