"""The Jobcenter admin uploads a CSV, sees what was imported and skipped, and sets the districts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.statistics.models import LabourMarketFigure, LabourMarketImport, StatisticsSettings
from openjobcenter.statistics.tests.labour_market_data import HEADER, bergstrasse_csv

pytestmark = pytest.mark.django_db

URL = "/demo/staff/statistik/import/"


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


def upload(text: str, *, encoding: str = "utf-8", name: str = "februar.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_the_url_is_the_import_page():
    assert reverse("statistics_import", kwargs={"jobcenter": "demo"}) == URL


def test_anonymous_visitors_are_sent_to_sign_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/demo/login/")


@pytest.mark.parametrize("persona", ["aylin", "bernd", "tanja"])
def test_only_admins_import(client, request, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(bergstrasse_csv())}).status_code == 403
    assert not LabourMarketFigure.objects.exists()


def test_the_admin_sees_the_report_after_uploading(admin_client):
    text = bergstrasse_csv() + "06999,Nirgendwo,Hessen,2022-02,*,1,10\n"

    response = admin_client.post(URL, {"file": upload(text, encoding="latin-1"), "source": "Statistik der BA"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "29 Zeilen übernommen" in page
    assert "1 Zeile übersprungen" in page
    assert "gesperrt oder nicht vorhanden" in page
    assert "februar.csv" in page
    assert LabourMarketFigure.objects.count() == 29
    assert set(LabourMarketImport.objects.values_list("source", flat=True)) == {"Statistik der BA"}


def test_a_file_without_the_columns_imports_nothing_and_says_why(admin_client):
    response = admin_client.post(URL, {"file": upload("a;b\n1;2\n")})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nichts importiert" in page and "Es fehlen Spalten" in page
    assert not LabourMarketFigure.objects.exists()


def test_strict_mode_from_the_page(admin_client):
    text = f"{HEADER}\n06431,Bergstraße,Hessen,2022-02,4868,2660,147900\n06432,x,Hessen,2022-02,-,1,1\n"

    response = admin_client.post(URL, {"file": upload(text), "strict": "on"})

    assert response.status_code == 400
    assert not LabourMarketFigure.objects.exists()


def test_no_file_is_a_form_error(admin_client):
    response = admin_client.post(URL, {})

    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()


def test_the_admin_sets_the_districts(admin_client, demo):
    admin_client.post(URL, {"file": upload(bergstrasse_csv())})

    response = admin_client.post(URL, {"districts": "06431, 06432"})

    assert response.status_code == 302
    assert StatisticsSettings.objects.for_tenant(demo).get().districts == ["06431", "06432"]
    assert AuditEntry.objects.for_tenant(demo).filter(action="statistics.districts_changed").exists()
    assert "Bergstraße, Landkreis" in admin_client.get(URL).content.decode()


@pytest.mark.parametrize(("value", "message"), [("6431", "fünf Ziffern"), ("99999", "keine Kreiszahlen"), ("", "")])
def test_unknown_districts_are_refused(admin_client, demo, value, message):
    response = admin_client.post(URL, {"districts": value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StatisticsSettings.objects.for_tenant(demo).exists()
