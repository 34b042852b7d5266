"""API messages come in the language the client asks for (Accept-Language)."""

import polib
import pytest
from django.utils import translation


@pytest.fixture
def english_catalog(tmp_path, settings):
    """A tiny English catalogue, so the test does not depend on the state of the real .po files."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for german, english in {
        "Bitte melden Sie sich an oder senden Sie einen gültigen API-Token.": "Please sign in or send a valid API token.",
        "Unter dieser Adresse gibt es kein Jobcenter.": "There is no Jobcenter at this address.",
        "Dieses Feld ist erforderlich.": "This field is required.",
    }.items():
        catalog.append(polib.POEntry(msgid=german, msgstr=english))
    directory = tmp_path / "en" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    catalog.save_as_mofile(str(directory / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_errors_follow_accept_language(client, demo, english_catalog):
    english = {"Accept-Language": "en"}
    assert client.get("/api/v1/demo/me", headers=english).json()["error"]["message"] == (
        "Please sign in or send a valid API token."
    )
    assert client.get("/api/v1/nowhere/locations", headers=english).json()["error"]["message"] == (
        "There is no Jobcenter at this address."
    )
    german = client.get("/api/v1/demo/me", headers={"Accept-Language": "de"}).json()["error"]["message"]
    assert german == "Bitte melden Sie sich an oder senden Sie einen gültigen API-Token."


def test_field_messages_follow_accept_language(client, aylin, english_catalog):
    from openjobcenter.accounts.api_tokens import create_token

    response = client.put(
        "/api/v1/demo/me/language",
        {},
        "application/json",
        headers={"Authorization": f"Bearer {create_token(aylin)}", "Accept-Language": "en"},
    )
    assert response.json()["error"]["fields"] == {"language": ["This field is required."]}
