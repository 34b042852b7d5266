"""Pages: public search and vacancy, employer registration and vacancies, the employer service,
saved searches; who may see and do what, and Jobcenter A sees nothing of B."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.jobs.models import Employer, EmployerStatus, SavedSearch, Vacancy, VacancyStatus
from openjobcenter.jobs.tests.conftest import make_vacancy


def test_the_public_search_finds_by_text_and_radius(client, koch):
    response = client.get("/demo/jobs/", {"q": "Köchin", "plz": "40210", "radius_km": "25"})
    assert response.status_code == 200
    assert "Koch (m/w/d)" in response.content.decode()
    assert "Klassifikation der Berufe 2010" in response.content.decode()  # attribution


def test_bad_search_input_shows_a_message_next_to_the_field(client, demo):
    response = client.get("/demo/jobs/", {"plz": "99999", "q": "Koch"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Postleitzahl 99999 ist uns nicht bekannt." in page
    assert 'value="Koch"' in page  # nothing lost


def test_vacancy_page_is_public_when_published(client, koch):
    response = client.get(f"/demo/jobs/{koch.pk}/")
    assert response.status_code == 200
    assert "Gasthaus Zur Linde GmbH" in response.content.decode()


def test_drafts_are_only_for_the_company_and_the_employer_service(client, company, anton, aylin, bernd):
    draft = make_vacancy(company, anton, publish=False)
    assert client.get(f"/demo/jobs/{draft.pk}/").status_code == 404
    client.force_login(aylin)
    assert client.get(f"/demo/jobs/{draft.pk}/").status_code == 404
    client.force_login(anton)
    assert client.get(f"/demo/jobs/{draft.pk}/").status_code == 200
    sign_in(client, bernd)
    assert client.get(f"/demo/jobs/{draft.pk}/").status_code == 200


def test_another_jobcenter_never_shows_a_vacancy(client, koch, nord_vacancy, nora):
    assert client.get(f"/nord/jobs/{koch.pk}/").status_code == 404
    assert client.get(f"/demo/jobs/{nord_vacancy.pk}/").status_code == 404
    page = client.get("/nord/jobs/", {"q": "Koch"}).content.decode()
    assert "Kantine" in page and "Gasthaus Zur Linde" not in page


def test_an_employer_registers_and_the_employer_service_confirms(client, demo, anton, bernd):
    client.force_login(anton)
    response = client.post(
        "/demo/jobs/company/register/",
        {
            "name": "Bäckerei Sonne", "street": "Markt 1", "postal_code": "40213", "city": "Düsseldorf",
            "contact_name": "Anton Arndt", "contact_email": "anton@employer.example", "size": "micro",
        },
    )  # fmt: skip
    assert response.status_code == 302
    employer = Employer.objects.for_tenant(demo).get(name="Bäckerei Sonne")
    assert employer.status == EmployerStatus.PENDING
    assert client.get(f"/demo/staff/jobs/employers/{employer.pk}/").status_code == 403
    sign_in(client, bernd)
    assert "Bäckerei Sonne" in client.get("/demo/staff/jobs/employers/").content.decode()
    response = client.post(f"/demo/staff/jobs/employers/{employer.pk}/", {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert "Grund" in response.content.decode()
    response = client.post(f"/demo/staff/jobs/employers/{employer.pk}/", {"decision": "confirm"})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.status == EmployerStatus.CONFIRMED


def test_registration_keeps_input_and_explains_a_bad_postal_code(client, anton):
    client.force_login(anton)
    response = client.post("/demo/jobs/company/register/", {"name": "Bäckerei Sonne", "postal_code": "00000"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Diese Postleitzahl ist uns nicht bekannt" in page
    assert 'value="Bäckerei Sonne"' in page


def test_a_citizen_cannot_register_a_company_or_confirm(client, aylin, pending_company):
    client.force_login(aylin)
    assert client.get("/demo/jobs/company/register/").status_code == 403
    assert client.get(f"/demo/staff/jobs/employers/{pending_company.pk}/").status_code == 403


def _vacancy_post(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Koch (m/w/d)",
        "occupation_query": "Koch/Köchin",
        "description": "Regionale Küche.",
        "postal_code": "40233",
        "working_time": "full_time",
        "remote_share": "0",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_an_employer_creates_and_publishes_a_vacancy(client, company, anton, demo):
    client.force_login(anton)
    response = client.post(f"/demo/jobs/company/{company.pk}/vacancies/new/", _vacancy_post(occupation="29302"))
    assert response.status_code == 302
    vacancy = Vacancy.objects.for_tenant(demo).get(title="Koch (m/w/d)")
    assert vacancy.occupation_id == "29302" and vacancy.place == "Düsseldorf"
    client.post(f"/demo/jobs/vacancies/{vacancy.pk}/publish/")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED


def test_the_occupation_is_found_without_javascript(client, company, anton):
    client.force_login(anton)
    response = client.post(
        f"/demo/jobs/company/{company.pk}/vacancies/new/", _vacancy_post(occupation_query="Köchin", find_occupation="1")
    )
    assert response.status_code == 200
    assert 'value="29302"' in response.content.decode()


def test_the_occupation_fragment_for_htmx(client, demo):
    response = client.get("/demo/jobs/occupations/", {"occupation_query": "Köchin"})
    assert response.status_code == 200
    assert 'name="occupation" id="id_occupation_0"' in response.content.decode()


def test_vacancy_form_errors_keep_the_input(client, company, anton):
    client.force_login(anton)
    response = client.post(
        f"/demo/jobs/company/{company.pk}/vacancies/new/",
        _vacancy_post(
            occupation_query="xyzxyz", postal_code="99999", pay_min="3000", pay_max="2000", pay_period="month"
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte suchen Sie den Beruf" in page
    assert "Diese Postleitzahl ist uns nicht bekannt" in page
    assert "Der Höchstbetrag ist kleiner" in page
    assert 'value="Koch (m/w/d)"' in page


def test_another_employer_cannot_touch_the_company(client, company, koch, demo):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    other = make_user("other@employer.example", Role.EMPLOYER, jobcenter=demo, name="Olga Other")
    client.force_login(other)
    assert client.get(f"/demo/jobs/company/{company.pk}/vacancies/new/").status_code == 404
    assert client.get(f"/demo/jobs/vacancies/{koch.pk}/edit/").status_code == 404
    assert client.post(f"/demo/jobs/vacancies/{koch.pk}/withdraw/").status_code == 404
    assert client.get(f"/demo/jobs/company/{company.pk}/edit/").status_code == 404


def test_the_employer_service_creates_a_vacancy_on_the_companys_behalf(client, company, bernd, demo):
    sign_in(client, bernd)
    response = client.post(f"/demo/jobs/company/{company.pk}/vacancies/new/", _vacancy_post(occupation="29302"))
    assert response.status_code == 302
    assert Vacancy.objects.for_tenant(demo).get(title="Koch (m/w/d)").created_by == bernd


def test_staff_of_another_jobcenter_cannot_act_for_the_company(client, company, niklas):
    sign_in(client, niklas)
    assert client.get(f"/demo/jobs/company/{company.pk}/vacancies/new/").status_code == 404
    assert client.get(f"/nord/jobs/company/{company.pk}/vacancies/new/").status_code == 404
    assert client.get(f"/nord/staff/jobs/employers/{company.pk}/").status_code == 404


def test_a_citizen_saves_a_search_and_only_sees_her_own(client, aylin, demo, nora):
    client.force_login(aylin)
    response = client.post(
        "/demo/jobs/saved/new/", {"q": "Koch", "plz": "40210", "radius_km": "25", "name": "Koch", "alerts": "on"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.for_tenant(demo).get(owner=aylin)
    assert saved.query == {"q": "Koch", "plz": "40210", "radius_km": "25"}
    assert "Koch" in client.get("/demo/jobs/saved/").content.decode()
    client.force_login(nora)
    assert client.post(f"/nord/jobs/saved/{saved.pk}/delete/").status_code == 404
    assert SavedSearch.all_tenants.filter(pk=saved.pk).exists()


@pytest.mark.parametrize("url", ["/demo/jobs/saved/", "/demo/jobs/company/"])
def test_signed_out_people_are_sent_to_sign_in(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
