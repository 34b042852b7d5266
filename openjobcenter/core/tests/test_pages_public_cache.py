"""Public pages for visitors without a session come from the cache, yet behave as freshly rendered."""

import re

import pytest
from django.shortcuts import render
from django.test import Client

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.core.views import public

CACHED_PAGES = ["", "privacy/", "easy-language/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def visitor() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("page", CACHED_PAGES)
def test_a_second_visitor_gets_the_page_without_rendering_it(demo, demo_location, page, monkeypatch):
    rendered = []

    def counting_render(*args, **kwargs):
        rendered.append(args[1])
        return render(*args, **kwargs)

    monkeypatch.setattr(public, "render", counting_render)
    assert visitor().get(f"/demo/{page}").status_code == 200
    assert visitor().get(f"/demo/{page}").status_code == 200
    assert len(rendered) == 1


@pytest.mark.parametrize("page", CACHED_PAGES)
def test_the_cached_copy_has_the_same_body_and_headers_apart_from_the_token(demo, demo_location, page):
    fresh = visitor().get(f"/demo/{page}")
    cached = visitor().get(f"/demo/{page}")
    assert TOKEN.sub("", fresh.content.decode()) == TOKEN.sub("", cached.content.decode())
    headers = {name: value for name, value in fresh.headers.items() if name not in {"Set-Cookie"}}
    assert {name: value for name, value in cached.headers.items() if name not in {"Set-Cookie"}} == headers
    assert "Cookie" in cached["Vary"]


def test_every_visitor_gets_an_own_working_csrf_token(demo):
    visitor().get("/demo/")  # fills the cache
    second = visitor()
    page = second.get("/demo/")
    found = TOKEN.search(page.content.decode())
    assert found is not None
    token = found.group(1)
    assert "ojc_csrftoken" in page.cookies
    assert token not in visitor().get("/demo/").content.decode()
    answer = second.post("/i18n/language/", {"language": "en", "next": "/demo/", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_the_page_is_in_the_visitors_language(demo):
    visitor().get("/demo/")
    english = visitor()
    english.cookies["ojc_language"] = "en"
    assert 'lang="en"' in english.get("/demo/").content.decode()
    assert 'lang="de"' in visitor().get("/demo/").content.decode()


def test_signed_in_people_get_their_own_page(demo, aylin):
    visitor().get("/demo/")
    page = sign_in(Client(), aylin).get("/demo/").content.decode()
    assert "Abmelden" in page


def test_a_changed_location_shows_at_once(demo, demo_location):
    assert "Hauptstelle Mitte" in visitor().get("/demo/").content.decode()
    demo_location.name = "Neue Hauptstelle"
    demo_location.save()
    assert "Neue Hauptstelle" in visitor().get("/demo/").content.decode()


def test_changed_jobcenter_settings_show_at_once(demo):
    visitor().get("/demo/privacy/")
    demo.phone = "0999 1111-0"
    demo.save()
    assert "0999 1111-0" in visitor().get("/demo/privacy/").content.decode()


def test_one_jobcenters_cached_page_never_shows_in_another(demo, nord):
    visitor().get("/demo/")
    assert "Musterstadt" not in visitor().get("/nord/").content.decode()
