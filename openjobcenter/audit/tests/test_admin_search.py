import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.audit.models import AuditEntry, Kind
from openjobcenter.audit.services import log_auth, log_change, log_read

from .helpers import add_changes, add_reads, chain_of, sign_in

URL = "/demo/staff/audit/"


@pytest.fixture
def nina(nord):
    return make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")


@pytest.fixture
def trail(demo, nord, aylin, bernd, lena, nora, niklas):
    log_read(actor=bernd, jobcenter=demo, subject=aylin, purpose="Beratung vorbereiten", target=aylin)
    log_change(actor=lena, jobcenter=demo, action="applications.decision_sent", subject=aylin)
    log_auth(action="accounts.logged_in", jobcenter=demo, actor=bernd, subject=bernd)
    log_read(actor=niklas, jobcenter=nord, subject=nora, purpose="Geheim in Nord")


def rows(response) -> list[AuditEntry]:
    return list(response.context["page"].object_list)


def test_an_admin_sees_only_her_jobcenters_entries(client, trail, anja):
    response = sign_in(client, anja).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beratung vorbereiten" in page and "applications.decision_sent" in page
    assert "Geheim in Nord" not in page and "Niklas" not in page
    assert {entry.jobcenter_id for entry in rows(response)} == {anja.jobcenter_id}


def test_it_filters_by_person_subject_action_kind_and_date(client, trail, anja, aylin):
    sign_in(client, anja)
    assert {e.actor_label for e in rows(client.get(URL, {"person": "lena@"}))} == {"Lena Lorenz"}
    assert {e.actor_label for e in rows(client.get(URL, {"person": "brandt"}))} == {"Bernd Brandt"}
    by_subject = rows(client.get(URL, {"subject": "AYLIN@example.org"}))
    assert {e.action for e in by_subject} >= {"accounts.user_viewed", "applications.decision_sent"}
    assert all(e.subject_id == aylin.pk for e in by_subject)
    assert [e.action for e in rows(client.get(URL, {"action": "applications."}))] == ["applications.decision_sent"]
    signed_in = rows(client.get(URL, {"kind": Kind.AUTH}))
    assert {(e.action, e.actor_label) for e in signed_in} == {
        ("accounts.logged_in", "Bernd Brandt"),
        ("accounts.logged_in", "Anja Albrecht"),  # her own sign-in for this test
    }
    today = timezone.localdate().isoformat()
    assert len(rows(client.get(URL, {"date_from": today, "date_to": today}))) >= 3
    assert rows(client.get(URL, {"date_to": "2000-01-01"})) == []


def test_bad_filters_get_a_clear_message_and_keep_the_input(client, demo, anja):
    sign_in(client, anja)
    response = client.get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01", "person": "lena"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Enddatum liegt vor dem Anfangsdatum." in page
    assert 'value="lena"' in page
    response = client.get(URL, {"subject": "nora@example.org"})
    assert response.status_code == 400
    assert "kein Konto mit dieser E-Mail-Adresse" in response.content.decode()
    assert client.get(URL, {"date_from": "gestern"}).status_code == 400
    assert client.get(URL, {"action": "DROP TABLE"}).status_code == 400


def test_searching_is_itself_logged_and_shown_to_the_person_searched_for(client, trail, anja, aylin):
    sign_in(client, anja).get(URL, {"subject": aylin.email, "kind": "read"})
    entry = chain_of(anja.jobcenter)[-1]
    assert (entry.kind, entry.action, entry.purpose) == (Kind.READ, "audit.log_searched", "Protokollprüfung")
    assert entry.actor == anja and entry.subject == aylin
    assert entry.details == {"filters": {"subject": aylin.pk, "kind": "read"}}
    sign_in(client, aylin)
    page = client.get("/demo/my/access-log/").content.decode()
    assert "Anja Albrecht" in page and "Protokollprüfung" in page


def test_results_are_paginated_by_25(client, demo, anja, bernd, aylin):
    add_reads(30, actor=bernd, subject=aylin, jobcenter=demo)
    sign_in(client, anja)
    first = client.get(URL)
    assert len(rows(first)) == 25
    assert "Seite 1 von 2" in first.content.decode()
    second = client.get(URL, {"page": 2, "person": "bernd"})
    assert len(rows(second)) == 5
    assert "person=bernd&amp;page=1" in second.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_entries(
    client, demo, anja, bernd, aylin, django_assert_num_queries
):
    add_reads(2, actor=bernd, subject=aylin, jobcenter=demo)
    sign_in(client, anja)
    client.get(URL)  # warm caches (content types, the user's roles) like a second request would
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add_reads(40, actor=bernd, subject=aylin, jobcenter=demo)
    add_changes(10, actor=None, jobcenter=demo)
    with django_assert_num_queries(len(few)):
        response = client.get(URL)
    assert len(rows(response)) == 25


def test_an_admin_of_another_jobcenter_gets_404(client, trail, nina):
    sign_in(client, nina)
    assert client.get(URL).status_code == 404
    assert client.get("/nord/staff/audit/").status_code == 200


def test_staff_without_the_permission_get_403(client, demo, bernd, tanja, aylin):
    for person in (bernd, tanja, aylin):
        assert sign_in(client, person).get(URL).status_code == 403
