import pytest
from django.utils.translation import gettext_noop

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.audit.services import log_change, log_read

from .helpers import add_reads, sign_in

URL = "/demo/my/access-log/"


@pytest.fixture
def oleksandr(demo):
    return make_user("oleksandr@example.org", Role.CLIENT, jobcenter=demo, name="Oleksandr Melnyk")


def test_a_citizen_sees_who_read_her_data_when_and_why(client, demo, aylin, bernd):
    log_read(actor=bernd, jobcenter=demo, subject=aylin, purpose="Vorbereitung des Beratungsgesprächs", target=aylin)
    page = sign_in(client, aylin).get(URL).content.decode()
    assert "Wer hat meine Daten gesehen?" in page
    assert "Bernd Brandt" in page
    assert "Integrationsfachkraft" in page
    assert "Markt und Integration 1" in page
    assert "Vorbereitung des Beratungsgesprächs" in page
    assert "Konto: Aylin Kaya" in page
    assert "§ 83" in page and "Artikel 15" in page
    assert 'href="/demo/privacy/"' in page


def test_a_citizen_does_not_see_reads_of_another_citizens_data(client, demo, aylin, oleksandr, bernd):
    log_read(actor=bernd, jobcenter=demo, subject=oleksandr, purpose="Antrag von Oleksandr prüfen")
    page = sign_in(client, aylin).get(URL).content.decode()
    assert "Antrag von Oleksandr prüfen" not in page
    assert "Bisher hat niemand" in page


def test_a_citizen_does_not_see_reads_in_another_jobcenter(client, demo, nord, aylin, nora, niklas):
    log_read(actor=niklas, jobcenter=nord, subject=nora, purpose="Beratung in Nord")
    sign_in(client, nora)
    page = client.get("/nord/my/access-log/").content.decode()
    assert "Beratung in Nord" in page and "Niklas Nowak" in page
    sign_in(client, aylin)
    assert "Beratung in Nord" not in client.get(URL).content.decode()
    assert client.get("/nord/my/access-log/").status_code == 404


def test_her_own_actions_and_changes_are_not_listed_as_reads(client, demo, aylin, bernd):
    log_read(actor=aylin, jobcenter=demo, subject=aylin, purpose="Eigene Akte angesehen")
    log_change(actor=bernd, jobcenter=demo, action="casefile.note_added", subject=aylin)
    page = sign_in(client, aylin).get(URL).content.decode()
    assert "Eigene Akte angesehen" not in page
    assert "Bisher hat niemand" in page


def test_reads_are_listed_newest_first_and_paginated(client, demo, aylin, bernd, lena):
    add_reads(20, actor=bernd, subject=aylin, jobcenter=demo, purpose="Ältere Beratung")
    log_read(actor=lena, jobcenter=demo, subject=aylin, purpose="Neuester Zugriff")
    sign_in(client, aylin)
    first = client.get(URL).content.decode()
    assert first.index("Neuester Zugriff") < first.index("Ältere Beratung")
    assert "Es sind 21 Zugriffe verzeichnet" in first
    assert "Seite 1 von 2" in first
    second = client.get(URL + "?page=2").content.decode()
    assert "Seite 2 von 2" in second and "Neuester Zugriff" not in second
    assert client.get(URL + "?page=kaputt").status_code == 200


def test_purposes_are_shown_in_the_readers_language(client, demo, aylin, bernd):
    log_read(actor=bernd, jobcenter=demo, subject=aylin, purpose=gettext_noop("Protokollprüfung"))
    page = sign_in(client, aylin).get(URL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Protokollprüfung" in page


def test_staff_and_anonymous_visitors_cannot_open_it(client, demo, bernd):
    response = client.get(URL)
    assert response.status_code == 302 and "/demo/" in response["Location"]
    assert sign_in(client, bernd).get(URL).status_code == 403
