"""Share links: unguessable, stored hashed, shown once; every access logged and shown to the citizen;
expired and revoked links answered with a clear 410 page, unknown ones with 404, never a 500."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import django_ratelimit.core
import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.services.uploads import check_bytes
from openjobcenter.casefile.tests.conftest import pdf_bytes
from openjobcenter.folder.models import CoverLetter, Share, ShareAccess
from openjobcenter.folder.services import certificates, sharing
from openjobcenter.folder.services.sharing import coarse_network, describe_client

from .conftest import MY

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def documents(settings, folder, aylin):
    settings.DEMO = True  # no virus scanner needed for these files (the pipeline still checks them)
    certificate = certificates.upload_certificate(
        actor=aylin, folder=folder, clean=check_bytes(pdf_bytes(), "zeugnis.pdf"), title="Arbeitszeugnis",
        issued_on=dt.date(2023, 6, 30),
    )  # fmt: skip
    private = certificates.upload_certificate(
        actor=aylin, folder=folder, clean=check_bytes(pdf_bytes("PRIVAT"), "privat.pdf"), title="Privat",
        issued_on=None,
    )  # fmt: skip
    letter = CoverLetter.objects.create_for_tenant(
        folder.jobcenter, folder=folder, title="Bewerbung als Verkäuferin", company="Backhaus", text="Sehr geehrte"
    )
    return certificate, private, letter


def _create(client, documents, days: int = 14) -> tuple[Share, str]:
    certificate, _private, letter = documents
    response = client.post(f"{MY}/shares/", {
        "recipient": "Backhaus Sonnenschein", "include_cv": "on", "certificates": [certificate.pk],
        "cover_letter": letter.pk, "days": days,
    })  # fmt: skip
    assert response.status_code == 302
    share = Share.objects.for_tenant(certificate.jobcenter).get()
    page = client.get(response["Location"]).content.decode()
    link = re.search(r'value="(http://testserver/demo/folder/shared/[^"]+/)"', page)
    assert link, page
    return share, link.group(1).removeprefix("http://testserver")


def test_a_link_is_shown_once_and_only_its_hash_is_stored(client, aylin, documents):
    sign_in(client, aylin)
    share, url = _create(client, documents)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) == 43 and share.token_hash == sharing.token_hash(token) and token not in share.token_hash
    assert share.expires_at - timezone.now() > dt.timedelta(days=13, hours=23)
    assert token not in client.get(f"{MY}/shares/{share.pk}/").content.decode()  # second visit: gone
    assert not AuditEntry.objects.for_tenant(share.jobcenter).filter(details__icontains=token).exists()


def test_the_employer_sees_only_what_was_shared_and_every_access_is_logged(client, aylin, documents):
    certificate, private, _letter = documents
    sign_in(client, aylin)
    share, url = _create(client, documents)
    client.logout()

    page = client.get(url, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.77")
    html = page.content.decode()
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
    assert "Aylin Kaya" in html and "Arbeitszeugnis" in html and "Bäckerei Schmidt" in html
    assert "Privat" not in html
    assert client.get(f"{url}cv.pdf").status_code == 200
    assert client.get(f"{url}letter.pdf").status_code == 200
    download = client.get(f"{url}certificates/{certificate.pk}/")
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == certificate.sha256
    assert client.get(f"{url}certificates/{private.pk}/").status_code == 404  # not shared

    accesses = list(ShareAccess.objects.for_tenant(share.jobcenter).filter(share=share).order_by("at", "pk"))
    assert [a.kind for a in accesses] == ["page", "cv", "letter", "certificate"]
    assert accesses[0].client == "Firefox · Windows" and accesses[0].network == "203.0.113.0/24"
    assert accesses[3].item == "Arbeitszeugnis"

    sign_in(client, aylin)
    log = client.get(f"{MY}/shares/{share.pk}/").content.decode()
    assert "Wer hat meine Mappe gesehen?" in log and "Firefox · Windows" in log and "203.0.113.0/24" in log
    assert "Nachweis heruntergeladen" in log and "Lebenslauf heruntergeladen" in log


def test_a_revoked_link_answers_410_with_an_explanation(client, aylin, documents):
    sign_in(client, aylin)
    share, url = _create(client, documents)
    assert client.post(f"{MY}/shares/{share.pk}/revoke/").status_code == 302
    client.logout()
    for path in (url, f"{url}cv.pdf", f"{url}certificates/{documents[0].pk}/"):
        response = client.get(path)
        assert response.status_code == 410, path
        assert "zurückgezogen" in response.content.decode()
    assert not ShareAccess.objects.for_tenant(share.jobcenter).exists()


def test_an_expired_link_answers_410_with_an_explanation(client, aylin, documents):
    sign_in(client, aylin)
    share, url = _create(client, documents, days=7)
    Share.objects.for_tenant(share.jobcenter).filter(pk=share.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.logout()
    response = client.get(url)
    assert response.status_code == 410 and "Die Freigabe ist abgelaufen." in response.content.decode()
    sign_in(client, aylin)
    assert "abgelaufen" in client.get(f"{MY}/shares/{share.pk}/").content.decode()


@pytest.mark.parametrize("token", ["x" * 43, "kurz", "a" * 400, "%00%2e%2e", "' OR 1=1 --"])
def test_unknown_or_malformed_tokens_are_not_found(client, token, demo):
    response = client.get(f"/demo/folder/shared/{token}/")
    assert response.status_code == 404
    assert "Link nicht gefunden" in response.content.decode()


def test_a_link_of_jobcenter_demo_does_not_open_in_jobcenter_nord(client, aylin, documents, nord):
    sign_in(client, aylin)
    _share, url = _create(client, documents)
    client.logout()
    assert client.get(url.replace("/demo/", "/nord/")).status_code == 404


def test_trying_many_links_is_rate_limited(client, demo, monkeypatch):
    # One fixed window: the 61 requests must not straddle the end of a minute (a flake on a slow machine).
    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: 1_700_000_000)
    codes = [client.get(f"/demo/folder/shared/{'y' * 43}/").status_code for _ in range(61)]
    assert codes[:60] == [404] * 60 and codes[60] == 429


def test_bad_share_input_is_answered_next_to_the_field(client, aylin, documents):
    sign_in(client, aylin)
    response = client.post(f"{MY}/shares/", {"recipient": "", "days": 365})
    page = response.content.decode()
    assert response.status_code == 400 and "Bitte wählen Sie mindestens ein Dokument aus" in page
    assert not Share.objects.for_tenant(documents[0].jobcenter).exists()


def test_another_citizens_certificate_cannot_be_put_into_a_share(client, david, documents, demo):
    sign_in(client, david)
    response = client.post(f"{MY}/shares/", {"recipient": "X", "certificates": [documents[0].pk], "days": 7})
    assert response.status_code == 400
    assert not Share.objects.for_tenant(demo).exists()


def test_client_descriptions_are_coarse():
    assert describe_client("") == "?"
    assert describe_client("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) AppleWebKit Safari/604.1") == "Safari · iOS"
    assert describe_client("Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile Safari/537.36") == "Chrome · Android"
    assert coarse_network("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert coarse_network("unknown") == ""
