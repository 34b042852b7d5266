"""Candidate profiles, contact requests, applications with the folder, feedback and suggestions:
pages, the consent/anonymisation matrix, and isolation between employers, people and Jobcenters."""

from __future__ import annotations

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.tests.conftest import (  # noqa: F401 – households of the case file
    carla,
    case,
    david,
    other_team,
)
from openjobcenter.folder.models import Share
from openjobcenter.folder.services import folders
from openjobcenter.folder.services.sharing import create_share
from openjobcenter.jobs.models import (
    CandidateFeedback,
    CandidateProfile,
    ContactRequest,
    ContactStatus,
    Suggestion,
)
from openjobcenter.jobs.services.candidates import CandidateError, give_feedback, request_contact
from openjobcenter.jobs.tests.conftest import make_company, make_vacancy
from openjobcenter.jobs.tests.test_matching import profile_for

pytestmark = pytest.mark.django_db

PROFILE_POST = {
    "add_occupation": "Koch", "postal_code": "40210", "mobility_radius_km": "25", "accepts_full_time": "on",
    "accepts_shifts": "on", "childcare": "", "skills": "Regionale Küche", "headline": "Koch mit Erfahrung",
    "birth_year": "1990", "language_0": "Deutsch", "level_0": "native",
}  # fmt: skip


@pytest.fixture
def berta(demo):
    """The employer of another company in the same Jobcenter."""
    return make_user("berta@other.example", Role.EMPLOYER, jobcenter=demo, name="Berta Brandt")


@pytest.fixture
def other_company(demo, berta, bernd):
    return make_company(demo, berta, bernd, name="Hotel Rheinblick AG", contact_email="berta@other.example")


@pytest.fixture
def visible(aylin, demo):
    return profile_for(aylin, demo, visible_to_employers=True, birth_year=1990)


# --- Citizen pages ----------------------------------------------------------------------------------


def test_citizen_creates_a_profile_and_sees_matching_vacancies_with_reasons(client, aylin, koch):
    client.force_login(aylin)
    assert client.get("/demo/jobs/profile/").status_code == 200
    response = client.post("/demo/jobs/profile/", PROFILE_POST)
    assert response.status_code == 302
    profile = CandidateProfile.objects.for_tenant(koch.jobcenter).get(person=aylin)
    assert [o.code for o in profile.desired_occupations.all()] and profile.visible_to_employers is False
    assert profile.languages == [{"language": "Deutsch", "level": "native"}]
    page = client.get("/demo/jobs/for-me/").content.decode()
    assert "Koch (m/w/d)" in page and "Ihr Radius: 25 km" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "99999", "Diese Postleitzahl ist uns nicht bekannt"),
        ("mobility_radius_km", "500", "Umkreis von 1 bis 200 km"),
        ("mobility_radius_km", "abc", "ganze Zahl"),
        ("add_occupation", "xqzxqz", "Diesen Beruf haben wir nicht gefunden"),
    ],
)
def test_bad_profile_input_keeps_what_was_entered(client, aylin, demo, field, value, message):
    client.force_login(aylin)
    response = client.post("/demo/jobs/profile/", {**PROFILE_POST, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Regionale Küche" in page  # nothing lost
    assert not CandidateProfile.objects.for_tenant(demo).exists()


def test_matches_without_a_profile_invite_to_create_one(client, aylin, demo):
    client.force_login(aylin)
    assert "Profil anlegen" in client.get("/demo/jobs/for-me/").content.decode()


def test_profile_pages_need_the_citizen_role(client, anton, demo):
    client.force_login(anton)
    assert client.get("/demo/jobs/profile/").status_code == 403


# --- Consent and anonymisation -------------------------------------------------------------------------


def test_employer_sees_only_anonymised_profiles_that_opted_in(client, anton, aylin, demo, koch):
    hidden = profile_for(aylin, demo)
    client.force_login(anton)
    page = client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/").content.decode()
    assert f"Bewerberprofil Nr. {hidden.pk}" not in page
    assert client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/{hidden.pk}/").status_code == 404
    hidden.visible_to_employers = True
    hidden.save()
    page = client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/").content.decode()
    assert f"Bewerberprofil Nr. {hidden.pk}" in page and "Gleicher Beruf" in page
    detail = client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/{hidden.pk}/").content.decode()
    assert "PLZ-Gebiet 40" in detail
    for secret in ("Aylin", "Kaya", aylin.email, "40210"):
        assert secret not in page and secret not in detail


def test_contact_request_accepted_reveals_name_to_that_employer_only(
    client, anton, berta, aylin, demo, koch, other_company, visible
):
    client.force_login(anton)
    response = client.post(f"/demo/jobs/vacancies/{koch.pk}/candidates/{visible.pk}/", {"message": "Hallo!"})
    assert response.status_code == 302
    contact = ContactRequest.objects.for_tenant(demo).get(profile=visible)
    # A second open request is refused with a message, not a 500.
    again = client.post(f"/demo/jobs/vacancies/{koch.pk}/candidates/{visible.pk}/", {"message": "Nochmal"})
    assert again.status_code in (200, 400)
    client.force_login(aylin)
    assert "Gasthaus Zur Linde GmbH" in client.get("/demo/jobs/contacts/").content.decode()
    client.post(f"/demo/jobs/contacts/{contact.pk}/decide/", {"decision": "accept"})
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACCEPTED
    client.force_login(anton)
    detail = client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/{visible.pk}/").content.decode()
    assert "Aylin Kaya" in detail and aylin.email in detail
    # Berta's company (same Jobcenter) still sees the anonymous profile only, and not Anton's contacts.
    other_vacancy = make_vacancy(other_company, berta, title="Koch Hotel")
    client.force_login(berta)
    page = client.get(f"/demo/jobs/vacancies/{other_vacancy.pk}/candidates/{visible.pk}/").content.decode()
    assert "Aylin" not in page and aylin.email not in page and "Hallo!" not in page
    assert client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/").status_code == 404


def test_citizen_cannot_decide_someone_elses_request(client, anton, aylin, david, demo, company, visible):
    contact = request_contact(actor=anton, employer=company, profile=visible, vacancy=None, message="Hallo")
    client.force_login(david)
    assert client.post(f"/demo/jobs/contacts/{contact.pk}/decide/", {"decision": "accept"}).status_code == 404
    contact.refresh_from_db()
    assert contact.status == ContactStatus.PENDING


def test_no_contact_request_without_consent(anton, aylin, demo, company):
    hidden = profile_for(aylin, demo)
    with pytest.raises(CandidateError):
        request_contact(actor=anton, employer=company, profile=hidden, vacancy=None, message="Hallo")


def test_another_jobcenter_gets_404(client, niklas, nord_vacancy, aylin, demo, visible, koch):
    sign_in(client, niklas)
    assert client.get(f"/nord/jobs/vacancies/{nord_vacancy.pk}/candidates/{visible.pk}/").status_code == 404
    assert client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/").status_code == 404


# --- Applying with the folder, feedback ----------------------------------------------------------------


def test_apply_with_folder_then_employer_sees_it_and_gives_feedback(client, aylin, anton, demo, koch):
    folders.folder_for(aylin, demo)
    client.force_login(aylin)
    assert "Mit Mappe bewerben" in client.get(f"/demo/jobs/{koch.pk}/").content.decode()
    response = client.post(
        f"/demo/my/folder/apply/{koch.pk}/", {"recipient": "Gasthaus", "include_cv": "on", "days": "30"}
    )
    assert response.status_code == 302
    share = Share.objects.for_tenant(demo).get()
    assert share.employer_id == koch.employer_id and share.vacancy_id == koch.pk
    client.force_login(anton)
    page = client.get(f"/demo/jobs/vacancies/{koch.pk}/candidates/").content.decode()
    assert "Aylin Kaya" in page and "Bewerbung mit Mappe" in page
    assert client.get(f"/demo/folder/applications/{share.pk}/").status_code == 200
    assert share.accesses.count() == 1
    bad = client.post(f"/demo/jobs/vacancies/{koch.pk}/feedback/{aylin.pk}/", {"outcome": "not_hired"})
    assert bad.status_code == 400 and "Bitte geben Sie einen Grund an" in bad.content.decode()
    ok = client.post(
        f"/demo/jobs/vacancies/{koch.pk}/feedback/{aylin.pk}/", {"outcome": "not_hired", "reason": "experience"}
    )
    assert ok.status_code == 302
    assert CandidateFeedback.objects.for_tenant(demo).get().reason == "experience"


def test_employer_cannot_open_another_employers_application_or_give_feedback_blindly(
    client, aylin, anton, berta, david, demo, koch, other_company
):
    folder = folders.folder_for(aylin, demo)
    share, _ = create_share(actor=aylin, folder=folder, recipient="x", days=7, include_cv=True,
                            certificates=[], cover_letter=None, vacancy=koch)  # fmt: skip
    other_vacancy = make_vacancy(other_company, berta, title="Koch Hotel")
    client.force_login(berta)
    assert client.get(f"/demo/folder/applications/{share.pk}/").status_code == 404
    assert client.get(f"/demo/jobs/vacancies/{other_vacancy.pk}/feedback/{aylin.pk}/").status_code == 404
    client.force_login(anton)  # David never applied nor accepted: no feedback on him
    assert client.get(f"/demo/jobs/vacancies/{koch.pk}/feedback/{david.pk}/").status_code == 404
    with pytest.raises(CandidateError):
        give_feedback(actor=berta, employer=other_company, person=aylin, vacancy=None, outcome="invited")


# --- Advisors ------------------------------------------------------------------------------------------


def test_advisor_sees_matches_suggests_and_sees_reaction_and_feedback(client, bernd, aylin, anton, demo, case, koch):
    profile_for(aylin, demo)
    folder = folders.folder_for(aylin, demo)
    create_share(actor=aylin, folder=folder, recipient="x", days=7, include_cv=True, certificates=[],
                 cover_letter=None, vacancy=koch)  # fmt: skip
    give_feedback(actor=anton, employer=koch.employer, person=aylin, vacancy=koch, outcome="invited")
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/cases/{case.pk}/jobs/").content.decode()
    assert "Koch (m/w/d)" in page and "Gleicher Beruf" in page
    assert "zum Gespräch eingeladen" in page  # the employer's feedback
    response = client.post(f"/demo/staff/cases/{case.pk}/jobs/suggest/", {"vacancy": koch.pk, "note": "Passt gut!"})
    assert response.status_code == 302
    suggestion = Suggestion.objects.for_tenant(demo).get()
    client.force_login(aylin)
    assert "Passt gut!" in client.get("/demo/jobs/suggestions/").content.decode()
    client.post(f"/demo/jobs/suggestions/{suggestion.pk}/react/", {"reaction": "interested"})
    sign_in(client, bernd)
    assert "interessiert" in client.get(f"/demo/staff/cases/{case.pk}/jobs/").content.decode()
    timeline = client.get(f"/demo/staff/cases/{case.pk}/").content.decode()
    assert "Rückmeldung eines Arbeitgebers" in timeline


def test_feedback_is_for_the_case_team_only(client, carla, case, niklas, aylin, anton, demo, koch):
    folder = folders.folder_for(aylin, demo)
    create_share(actor=aylin, folder=folder, recipient="x", days=7, include_cv=True, certificates=[],
                 cover_letter=None, vacancy=koch)  # fmt: skip
    give_feedback(actor=anton, employer=koch.employer, person=aylin, vacancy=koch, outcome="hired")
    sign_in(client, carla)  # another team of the same Jobcenter
    assert client.get(f"/demo/staff/cases/{case.pk}/jobs/").status_code == 403
    sign_in(client, niklas)  # another Jobcenter
    assert client.get(f"/nord/staff/cases/{case.pk}/jobs/").status_code == 404
    client.force_login(aylin)  # employers' feedback is for the advisor, not in the citizen's timeline
    timeline = client.get("/demo/my/timeline/")
    assert timeline.status_code == 200
    assert "Rückmeldung eines Arbeitgebers" not in timeline.content.decode()


def test_employer_withdraws_own_pending_request_only(client, anton, berta, demo, koch, other_company, visible):
    contact = request_contact(actor=anton, employer=koch.employer, profile=visible, vacancy=koch, message="Hallo")
    other_vacancy = make_vacancy(other_company, berta, title="Koch Hotel")
    client.force_login(berta)
    url = f"/demo/jobs/vacancies/{other_vacancy.pk}/contacts/{contact.pk}/withdraw/"
    assert client.post(url).status_code == 404
    client.force_login(anton)
    assert client.post(f"/demo/jobs/vacancies/{koch.pk}/contacts/{contact.pk}/withdraw/").status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.WITHDRAWN
