"""The public API: Jobcenters, their contact data and their locations."""

from openjobcenter.core.models import Location, OpeningHours, ReceptionZone


def test_it_lists_the_active_jobcenters(client, demo, nord):
    jobcenters = client.get("/api/v1/jobcenters").json()
    assert [jc["slug"] for jc in jobcenters] == ["demo", "nord"]
    assert jobcenters[0] == {
        "slug": "demo",
        "name": "Jobcenter Musterstadt",
        "address": "Am Rathausplatz 1, 12345 Musterstadt",
        "languages": ["de", "en", "tr", "ar", "uk", "ru"],
    }


def test_it_filters_jobcenters_by_language(client, demo, nord):
    nord.languages = ["de", "en"]
    nord.save()
    assert [jc["slug"] for jc in client.get("/api/v1/jobcenters", {"language": "ar"}).json()] == ["demo"]


def test_it_shows_a_jobcenters_contact_details(client, demo):
    detail = client.get("/api/v1/demo").json()
    assert detail["contact"] == {"phone": "0123 4567-0", "email": "kontakt@musterstadt.example"}
    assert detail["postal_code"] == "12345"


def test_it_lists_locations_with_hours_zones_and_accessibility_in_the_requested_language(client, demo_location):
    demo = demo_location.jobcenter
    demo_location.accessibility = {"de": "Stufenloser Eingang", "en": "Step-free entrance"}
    demo_location.save()
    OpeningHours.all_tenants.create(jobcenter=demo, location=demo_location, weekday=0, opens="08:00", closes="12:30")
    ReceptionZone.all_tenants.create(
        jobcenter=demo, location=demo_location, code="A", name={"de": "Erdgeschoss", "en": "Ground floor"}
    )

    [location] = client.get("/api/v1/demo/locations", headers={"Accept-Language": "en"}).json()
    assert location["opening_hours"] == [{"weekday": 0, "opens": "08:00", "closes": "12:30"}]
    assert location["reception_zones"] == [{"code": "A", "name": "Ground floor"}]
    assert location["accessibility"] == "Step-free entrance"
    [location] = client.get("/api/v1/demo/locations", headers={"Accept-Language": "de"}).json()
    assert location["accessibility"] == "Stufenloser Eingang"


def test_inactive_locations_are_not_listed(client, demo_location):
    Location.all_tenants.filter(pk=demo_location.pk).update(is_active=False)
    assert client.get("/api/v1/demo/locations").json() == []


def test_the_location_list_needs_the_same_queries_for_one_or_many_locations(
    client, demo_location, django_assert_max_num_queries
):
    demo = demo_location.jobcenter
    for number in range(10):
        location = Location.all_tenants.create(
            jobcenter=demo, name=f"Standort {number}", street="Weg 1", postal_code="12345", city="Musterstadt"
        )
        OpeningHours.all_tenants.create(jobcenter=demo, location=location, weekday=1, opens="08:00", closes="16:00")
        ReceptionZone.all_tenants.create(jobcenter=demo, location=location, code="A", name={"de": "Zone"})
    with django_assert_max_num_queries(4):  # jobcenter, locations, hours, zones
        assert len(client.get("/api/v1/demo/locations").json()) == 11
