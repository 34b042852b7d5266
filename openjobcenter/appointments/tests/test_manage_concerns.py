"""The Jobcenter admin maintains concerns: texts per language, duration, channels, teams, rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import BookingStatus, Concern
from openjobcenter.appointments.services import concerns as svc
from openjobcenter.appointments.services.slots import bookable_slots
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import Team

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "demo", **kwargs) -> str:
    return reverse(f"appointments:{name}", kwargs={"jobcenter": slug, **kwargs})


def concern_data(team=None, **changes) -> dict:
    data = {
        "name_de": "Fragen zum Bürgergeld",
        "name_en": "Questions about citizen's income",
        "name_ar": "أسئلة حول دخل المواطن",
        "description_de": "Wir beantworten Ihre Fragen zum Antrag.",
        "description_ar": "نجيب على أسئلتك",
        "what_to_bring_de": "Personalausweis, letzter Bescheid",
        "duration_minutes": "30",
        "channels": ["in_person", "phone"],
        "teams": [str(team.pk)] if team else [],
        "booking_horizon_days": "28",
        "min_lead_minutes": "120",
        "sort_order": "10",
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def arabic_offered(demo):
    demo.languages = ["de", "en", "ar"]
    demo.save()
    return demo


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


# --- Who may open what --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, concern):
    for page in (url("concern_list"), url("concern_create"), url("concern_edit", pk=concern.pk)):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/")


@pytest.mark.parametrize("persona", ["aylin", "bernd", "tanja", "emre"])
def test_only_admins_maintain_concerns(client, request, persona, concern):
    sign_in(client, request.getfixturevalue(persona))
    for page in (url("concern_list"), url("concern_create"), url("concern_edit", pk=concern.pk)):
        assert client.get(page).status_code == 403, page


def test_admins_and_platform_admins_open_every_page(client, anja, paul, concern):
    for person in (anja, paul):
        sign_in(client, person)
        for page in (url("concern_list"), url("concern_create"), url("concern_edit", pk=concern.pk)):
            assert client.get(page).status_code == 200, page


def test_nobody_of_nord_reaches_demo_concerns(client, niklas, nord, concern):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    nina = make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")
    sign_in(client, nina)
    assert client.get(url("concern_list")).status_code == 404
    assert client.get(url("concern_edit", "nord", pk=concern.pk)).status_code == 404
    assert client.post(url("concern_edit", "nord", pk=concern.pk), concern_data()).status_code == 404
    assert "Beratung zur Arbeitsuche" not in client.get(url("concern_list", "nord")).content.decode()


# --- Creating and changing ----------------------------------------------------------------


def test_the_admin_creates_a_concern_with_texts_per_language(admin_client, arabic_offered, demo, demo_team):
    page = admin_client.get(url("concern_create")).content.decode()
    assert 'name="name_ar"' in page and 'lang="ar"' in page and 'name="name_tr"' not in page
    response = admin_client.post(url("concern_create"), concern_data(demo_team))
    assert response.status_code == 302 and response["Location"] == url("concern_list") + "#main"
    concern = Concern.objects.for_tenant(demo).get()
    assert concern.name == {
        "de": "Fragen zum Bürgergeld",
        "en": "Questions about citizen's income",
        "ar": "أسئلة حول دخل المواطن",
    }
    assert concern.description == {"de": "Wir beantworten Ihre Fragen zum Antrag.", "ar": "نجيب على أسئلتك"}
    assert concern.what_to_bring == {"de": "Personalausweis, letzter Bescheid"}
    assert concern.channels == ["in_person", "phone"] and list(concern.teams.all()) == [demo_team]
    assert (concern.booking_horizon_days, concern.min_lead_minutes, concern.sort_order) == (28, 120, 10)
    assert concern.is_active and not concern.requires_sign_in
    entry = AuditEntry.all_tenants.get(action="appointments.concern_created")
    assert entry.details["teams"] == [demo_team.pk]
    listing = admin_client.get(url("concern_list")).content.decode()
    assert "Fragen zum Bürgergeld" in listing
    assert "<bdi>Deutsch</bdi>, <bdi>English</bdi>, <bdi>العربية</bdi>" in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_de": ""}, "name_de", "Bitte geben Sie die Bezeichnung auf Deutsch an."),
        ({"channels": []}, "channels", "Bitte wählen Sie mindestens einen Weg."),
        ({"duration_minutes": "2"}, "duration_minutes", "ganze Zahl von 5 bis 480"),
        ({"booking_horizon_days": "93"}, "booking_horizon_days", "ganze Zahl von 1 bis 92"),
        ({"booking_horizon_days": "0"}, "booking_horizon_days", "ganze Zahl von 1 bis 92"),
        ({"min_lead_minutes": "-5"}, "min_lead_minutes", "ganze Zahl von 0 bis"),
        ({"booking_horizon_days": "1", "min_lead_minutes": "1440"}, "min_lead_minutes", "kürzer sein"),
        ({"description_de": ""}, "description_de", "zuerst auf Deutsch"),
    ],
)
def test_invalid_input_shows_the_message_at_the_field_and_keeps_the_texts(
    admin_client, arabic_offered, demo, changes, field, message
):
    response = admin_client.post(url("concern_create"), concern_data(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'id="id_{field}_error"' in page
    assert "أسئلة حول دخل المواطن" in page  # nothing entered is lost
    assert not Concern.objects.for_tenant(demo).exists()


def test_a_team_of_another_jobcenter_cannot_be_chosen(admin_client, demo, nord):
    foreign = Team.all_tenants.create(jobcenter=nord, name="Fremdes Team")
    response = admin_client.post(url("concern_create"), concern_data(foreign))
    assert response.status_code == 400
    assert "Bitte wählen Sie nur Teams aus der Liste." in response.content.decode()


def test_editing_keeps_texts_of_languages_no_longer_offered(admin_client, demo, concern):
    # demo offers German and English only: the Arabic name stays although no field shows it
    demo.languages = ["de", "en"]
    demo.save()
    page = admin_client.get(url("concern_edit", pk=concern.pk)).content.decode()
    assert 'value="Job search advice"' in page and 'name="name_ar"' not in page
    data = concern_data(name_de="Beratung zur Arbeitssuche", name_en="Job search advice", duration_minutes="45")
    data.pop("name_ar")
    response = admin_client.post(url("concern_edit", pk=concern.pk), data)
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.name == {"de": "Beratung zur Arbeitssuche", "en": "Job search advice", "ar": "استشارة البحث عن عمل"}
    assert concern.duration_minutes == 45
    assert list(concern.teams.all()) == []  # no team chosen: every team serves it
    entry = AuditEntry.all_tenants.get(action="appointments.concern_changed")
    assert {"name", "duration_minutes", "teams"} <= set(entry.details["fields"])


def test_saving_without_changes_writes_nothing(admin_client, demo, concern):
    data = concern_data(
        name_de=concern.name["de"], name_en=concern.name["en"], name_ar=concern.name["ar"],
        description_de=concern.description["de"], description_ar="", what_to_bring_de=concern.what_to_bring["de"],
        channels=concern.channels, teams=[str(t.pk) for t in concern.teams.all()], booking_horizon_days="42",
        min_lead_minutes="60", sort_order="100",
    )  # fmt: skip
    demo.languages = ["de", "en", "ar"]
    demo.save()
    response = admin_client.post(url("concern_edit", pk=concern.pk), data, follow=True)
    assert "Sie haben nichts geändert." in response.content.decode()
    assert not AuditEntry.all_tenants.filter(action="appointments.concern_changed").exists()


def test_deactivating_hides_the_concern_but_keeps_its_bookings(
    admin_client, demo, concern, slots, free_slot, make_booking
):
    booking = make_booking(free_slot)
    data = concern_data(
        name_de=concern.name["de"], channels=concern.channels, teams=[str(t.pk) for t in concern.teams.all()]
    )
    data.pop("is_active")
    response = admin_client.post(url("concern_edit", pk=concern.pk), data, follow=True)
    assert "Bereits gebuchte Termine bleiben bestehen." in response.content.decode()
    concern.refresh_from_db()
    booking.refresh_from_db()
    assert not concern.is_active and booking.status == BookingStatus.BOOKED
    assert AuditEntry.all_tenants.get(action="appointments.concern_changed").details["is_active"] is False
    assert "nicht buchbar" in response.content.decode()


def test_the_channels_chosen_decide_what_can_be_booked(demo, concern, slots, anja):
    data = svc.ConcernData(name=concern.name, duration_minutes=30, channels=["phone"], teams=list(concern.teams.all()))
    svc.update_concern(concern, data, actor=anja)
    assert not bookable_slots(demo, concern, "in_person").exists()
    assert bookable_slots(demo, concern, "phone").exists()


def test_the_list_needs_few_queries(admin_client, demo, demo_team, django_assert_max_num_queries):
    for number in range(10):
        concern = Concern.all_tenants.create(jobcenter=demo, name={"de": f"Anliegen {number}"}, channels=["phone"])
        concern.teams.add(demo_team)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url("concern_list")).status_code == 200
