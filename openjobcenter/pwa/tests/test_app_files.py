"""The app's files per Jobcenter: manifest, icons, service worker and the offline page."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from openjobcenter.core.models import Location, OpeningHours

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_jobcenter_its_colour_and_its_scope(client, demo, nord):
    demo.brand_colour = "#7A1F5C"
    demo.save()
    data = client.get("/demo/manifest.webmanifest").json()
    assert data["name"] == demo.name and data["theme_color"] == "#7A1F5C"
    assert data["scope"] == "/demo/" and data["start_url"] == "/demo/my/" and data["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    other = client.get("/nord/manifest.webmanifest").json()
    assert other["name"] == nord.name and other["scope"] == "/nord/"


def test_the_manifest_speaks_the_visitors_language(client, demo):
    client.cookies["ojc_language"] = "ar"
    data = json.loads(client.get("/demo/manifest.webmanifest").content)
    assert data["lang"] == "ar" and data["dir"] == "rtl"


def test_icons_are_pngs_of_the_announced_size_in_the_brand_colour(client, demo):
    demo.brand_colour = "#004B76"
    demo.save()
    for path, size in (("/demo/app-icon-192.png", 192), ("/demo/app-icon-maskable-512.png", 512)):
        response = client.get(path)
        assert response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.content)).convert("RGB")
        assert image.size == (size, size)
        assert image.getpixel((size // 2, size - size // 10)) == (0, 75, 118)  # the colour, below the mark
    assert client.get("/demo/app-icon-100.png").status_code == 404


def test_the_service_worker_caches_the_shell_and_the_offline_pages_only(client, demo):
    response = client.get("/demo/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/demo/offline/de/"' in body and '"/demo/offline/ar/"' in body
    assert "skipWaiting" not in body.replace("no skipWaiting", "")  # an update never takes over open forms
    assert "__VERSION__" not in body
    assert 'credentials: "omit"' in body  # the cached offline page is fetched without cookies: it names nobody


def test_the_offline_page_shows_how_to_reach_the_jobcenter_in_the_chosen_language(client, demo, demo_location):
    OpeningHours.all_tenants.create(jobcenter=demo, location=demo_location, weekday=0, opens="08:00", closes="12:30")
    Location.all_tenants.filter(pk=demo_location.pk).update(phone="0211 12345")
    german = client.get("/demo/offline/de/")
    assert german.status_code == 200 and "Keine Internetverbindung" in german.text
    assert demo.phone in german.text and "0211 12345" in german.text and "08:00" in german.text
    arabic = client.get("/demo/offline/ar/")
    assert 'lang="ar"' in arabic.text and 'dir="rtl"' in arabic.text
    assert client.get("/demo/offline/xx/").status_code == 404


def test_every_page_of_a_jobcenter_links_its_manifest(client, demo):
    page = client.get("/demo/").text
    assert 'rel="manifest" href="/demo/manifest.webmanifest"' in page
    assert 'data-service-worker="/demo/sw.js"' in page
