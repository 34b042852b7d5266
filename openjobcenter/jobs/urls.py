from django.urls import URLPattern, URLResolver, path

from openjobcenter.jobs.views import advising, candidates, citizen, employer, profile, public, staff

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
    # Candidate profile, matching, suggestions, contact requests (views/profile.py)
    path("jobs/profile/", profile.profile, name="profile"),
    path("jobs/for-me/", profile.matches, name="matches"),
    path("jobs/suggestions/", profile.suggestions, name="suggestions"),
    path("jobs/suggestions/<int:pk>/react/", profile.suggestion_react, name="suggestion_react"),
    path("jobs/contacts/", profile.contact_requests, name="contact_requests"),
    path("jobs/contacts/<int:pk>/decide/", profile.contact_decide, name="contact_decide"),
    # Employers and the employer service acting for them (views/employer.py)
    path("jobs/company/", employer.my_companies, name="companies"),
    path("jobs/company/register/", employer.register, name="company_register"),
    path("jobs/company/<int:pk>/edit/", employer.edit_company, name="company_edit"),
    path("jobs/company/<int:employer>/vacancies/new/", employer.new_vacancy, name="vacancy_new"),
    path("jobs/vacancies/<int:pk>/edit/", employer.edit_vacancy, name="vacancy_edit"),
    path("jobs/vacancies/<int:pk>/publish/", employer.publish, name="vacancy_publish"),
    path("jobs/vacancies/<int:pk>/withdraw/", employer.withdraw, name="vacancy_withdraw"),
    path("jobs/vacancies/<int:pk>/candidates/", candidates.vacancy_candidates, name="vacancy_candidates"),
    path("jobs/vacancies/<int:vacancy>/candidates/<int:pk>/", candidates.candidate, name="candidate"),
    path("jobs/vacancies/<int:vacancy>/feedback/<int:person>/", candidates.feedback, name="feedback"),
    path(
        "jobs/vacancies/<int:vacancy>/contacts/<int:pk>/withdraw/",
        candidates.contact_withdraw,
        name="contact_withdraw",
    ),
    # Advisors, from the case file (views/advising.py); the person with ?person=<id> (default: the head)
    path("staff/cases/<int:case>/jobs/", advising.client, name="staff_client"),
    path("staff/cases/<int:case>/jobs/suggest/", advising.suggest_vacancy, name="staff_suggest"),
    # The employer service (views/staff.py)
    path("staff/jobs/employers/", staff.employers, name="staff_employers"),
    path("staff/jobs/employers/<int:pk>/", staff.employer, name="staff_employer"),
]
