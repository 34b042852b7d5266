from datetime import timedelta

from axes.models import AccessAttempt
from django.db.models import F

from .helpers import login

WRONG = "Falsches-Passwort-1"


def fail(client, email, times, slug="demo", **extra):
    return [login(client, slug, email, WRONG, **extra) for _ in range(times)]


def test_four_failures_still_allow_the_right_password(client, aylin, settings):
    responses = fail(client, aylin.email, settings.AXES_FAILURE_LIMIT - 1)
    assert {r.status_code for r in responses} == {400}
    assert login(client, "demo", aylin.email).status_code == 302


def test_it_locks_after_five_failures_and_says_when_to_try_again(client, aylin, settings):
    *_, fifth = fail(client, aylin.email, settings.AXES_FAILURE_LIMIT)
    assert fifth.status_code == 429
    assert 0 < int(fifth["Retry-After"]) <= 15 * 60
    page = fifth.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in page
    assert "15 Minuten" in page and " Uhr erneut" in page
    assert 'href="/demo/password/reset/"' in page
    # Locked: even the right password does not get in now.
    response = login(client, "demo", aylin.email)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_cool_off_time(client, aylin, settings):
    fail(client, aylin.email, settings.AXES_FAILURE_LIMIT)
    assert login(client, "demo", aylin.email).status_code == 429
    # Sixteen minutes pass.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = login(client, "demo", aylin.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(aylin.pk)


def test_a_guesser_elsewhere_does_not_lock_out_the_real_person(client, aylin, settings):
    fail(client, aylin.email, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.9")
    assert login(client, "demo", aylin.email, REMOTE_ADDR="198.51.100.4").status_code == 302


def test_the_right_password_at_the_wrong_jobcenter_counts_as_a_failure(client, demo, nora, settings):
    responses = [login(client, "demo", nora.email) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert responses[-1].status_code == 429


def test_the_lockout_page_speaks_the_visitors_language(client, aylin, settings):
    *_, last = fail(client, aylin.email, settings.AXES_FAILURE_LIMIT, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=ar")
    assert last.status_code == 429
    assert 'lang="ar" dir="rtl"' in last.content.decode()


def test_it_is_the_same_password_form_that_axes_counts(client, aylin):
    fail(client, aylin.email, 2)
    [attempt] = AccessAttempt.objects.all()
    assert attempt.username == aylin.email and attempt.failures_since_start == 2
