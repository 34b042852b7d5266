"""Error pages: the right status, a clear message in the visitor's language, never a stack trace."""

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client
from django.urls import path
from django.utils import translation

from openjobcenter import urls as project_urls


def boom(request):
    raise RuntimeError("geheimes internes Detail")


urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]
handler500 = project_urls.handler500


def page(response) -> str:
    text = response.content.decode()
    assert "Traceback" not in text and "geheimes internes Detail" not in text
    return text


def test_400_for_a_request_to_an_unknown_host(client, demo):
    response = client.get("/demo/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Ungültige Anfrage" in page(response)


def test_403_for_a_form_without_csrf_token_explains_what_to_do(demo):
    response = Client(enforce_csrf_checks=True).post("/i18n/language/", {"language": "en"})
    assert response.status_code == 403
    assert "Sitzung abgelaufen" in page(response)


def test_404_inside_a_jobcenter_keeps_its_branding(client, demo):
    response = client.get("/demo/gibt-es-nicht/")
    assert response.status_code == 404
    text = page(response)
    assert "Seite nicht gefunden" in text
    assert "Jobcenter Musterstadt" in text


def test_404_for_an_unknown_jobcenter_offers_the_list(client, demo):
    response = client.get("/gibtsnicht/")
    assert response.status_code == 404
    assert "Jobcenter Musterstadt" in page(response)


def test_405_gets_a_page_and_an_allow_header(client, demo):
    response = client.get("/i18n/language/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Aktion nicht möglich" in page(response)


def test_413_gets_a_page_in_the_visitors_language(client, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post(
        "/demo/", "x" * 500, content_type="application/x-www-form-urlencoded", headers={"Accept-Language": "ar"}
    )
    assert response.status_code == 413
    text = page(response)
    assert 'lang="ar" dir="rtl"' in text
    with translation.override("ar"):
        assert translation.gettext("Anfrage zu groß") in text
    assert "Anfrage zu groß" not in text


@pytest.mark.urls(__name__)
def test_500_is_a_standalone_page_in_the_visitors_language(db):
    response = Client(raise_request_exception=False).get("/boom/", headers={"Accept-Language": "ar"})
    assert response.status_code == 500
    text = page(response)
    with translation.override("ar"):
        assert translation.gettext("Technischer Fehler") in text
    assert "Technischer Fehler" not in text
    assert 'lang="ar" dir="rtl"' in text


@pytest.mark.urls(__name__)
def test_an_outage_page_renders_while_the_database_is_down(db, monkeypatch):
    """Without the database even the error page cannot read the session: it still renders, and says
    the portal is temporarily unavailable (503 with Retry-After) instead of a technical error."""

    def database_down(self):
        raise OperationalError("the database server is gone")

    browser = Client(raise_request_exception=False)
    browser.cookies["ojc_session"] = "a-session-that-would-need-the-database"
    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", database_down)
        response = browser.get("/boom/")
    assert response.status_code == 503 and response["Retry-After"]
    assert "Vorübergehend nicht erreichbar" in page(response)
