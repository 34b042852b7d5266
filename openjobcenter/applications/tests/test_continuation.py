"""The continuation application: pre-filled from the last approved application, asking only what changed."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.applications.models import Application, Kind, Status
from openjobcenter.applications.services.drafts import NoApprovalPeriod, start_continuation
from openjobcenter.applications.services.submission import NotReady, submit
from openjobcenter.applications.tests.helpers import answer, submitted_and_approved

pytestmark = pytest.mark.django_db
NOTHING_CHANGED = {slug: "no" for slug in ("applicant", "household", "housing", "income", "assets", "health", "bank")}


@pytest.fixture
def approved(aylin, tanja, draft):
    today = dt.date.today()
    return submitted_and_approved(draft, aylin, tanja, start=today.replace(day=1), end=today + dt.timedelta(days=40))


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"jobcenter": "demo", **kwargs})


def test_it_needs_an_approval_period(aylin, demo, case):
    with pytest.raises(NoApprovalPeriod):
        start_continuation(aylin, demo)


def test_it_starts_with_what_the_jobcenter_knows(aylin, demo, approved):
    draft = start_continuation(aylin, demo)
    assert draft.kind == Kind.CONTINUATION and draft.based_on == approved and draft.current_step == "changes"
    for slug in ("household", "housing", "income", "bank", "health"):
        assert draft.data[slug] == approved.data[slug]
    assert "previous" not in draft.data
    assert start_continuation(aylin, demo) == draft  # one draft: a second tab finds it


def test_nothing_changed_goes_straight_to_the_review_and_submits(client, aylin, demo, approved):
    sign_in(client, aylin)
    response = client.post(url("begin"), {"kind": "continuation"})
    draft = Application.objects.for_tenant(demo).get(kind=Kind.CONTINUATION)
    assert response.url == url("step", pk=draft.pk, step="changes")
    page = client.get(response.url).content.decode()
    assert "Hat sich etwas geändert?" in page and "Schritt 1 von 2" in page
    done = client.post(url("step", pk=draft.pk, step="changes"), {**NOTHING_CHANGED, "action": "next"})
    assert done.url == url("review", pk=draft.pk)
    review = client.get(done.url).content.decode()
    assert "DE89370400440532013000" in review and "Nein, unverändert" in review
    submitted = submit(Application.objects.for_tenant(demo).get(pk=draft.pk), actor=aylin, key=uuid.uuid4())
    assert submitted.reference.startswith("WA-") and submitted.status == Status.SUBMITTED


def test_only_the_changed_sections_are_asked_again_prefilled(client, aylin, demo, approved):
    sign_in(client, aylin)
    client.post(url("begin"), {"kind": "continuation"})
    draft = Application.objects.for_tenant(demo).get(kind=Kind.CONTINUATION)
    changed = client.post(url("step", pk=draft.pk, step="changes"),
                          {**NOTHING_CHANGED, "housing": "yes", "bank": "yes", "action": "next"})  # fmt: skip
    assert changed.url == url("step", pk=draft.pk, step="housing")
    page = client.get(changed.url).content.decode()
    assert 'value="520,00"' in page and "Schritt 2 von 4" in page
    raw = {**draft.data["housing"]["raw"], "base_rent": "560,00", "action": "next"}
    assert client.post(changed.url, raw).url == url("step", pk=draft.pk, step="bank")
    bad = client.post(url("step", pk=draft.pk, step="bank"),
                      {"iban": "DE89370400440532013001", "holder": "Aylin Kaya", "own_account": "yes"})  # fmt: skip
    assert bad.status_code == 400 and "Prüfziffer" in bad.content.decode()
    good = client.post(url("step", pk=draft.pk, step="bank"),
                       {"iban": "DE02120300000000202051", "holder": "Aylin Kaya", "own_account": "yes"})  # fmt: skip
    assert good.url == url("review", pk=draft.pk)
    draft.refresh_from_db()
    assert draft.data["housing"]["clean"]["base_rent"] == "560.00"


def test_an_unanswered_change_question_blocks_submission(aylin, demo, approved):
    draft = start_continuation(aylin, demo)
    with pytest.raises(NotReady) as error:
        submit(draft, actor=aylin, key=uuid.uuid4())
    assert [step.slug for step in error.value.steps] == ["changes"]
    draft = answer(draft, "changes", NOTHING_CHANGED)
    assert submit(draft, actor=aylin, key=uuid.uuid4()).status == Status.SUBMITTED


def test_without_a_period_the_page_says_so(client, aylin, case):
    sign_in(client, aylin)
    response = client.post(url("begin"), {"kind": "continuation"}, follow=True)
    assert "bewilligten Antrag" in response.content.decode()
    assert not Application.objects.for_tenant(aylin.jobcenter).exists()


def test_another_persons_period_is_not_a_basis(client, demo, approved):
    david = make_user("david@example.org", Role.CLIENT, jobcenter=demo, name="David Demir")
    with pytest.raises(NoApprovalPeriod):
        start_continuation(david, demo)


def test_the_api_starts_and_submits_a_continuation(client, aylin, approved):
    base = "/api/v1/demo/applications"
    client.force_login(aylin)
    draft = client.get(f"{base}/draft?kind=continuation").json()
    assert draft["kind"] == "continuation" and draft["incomplete"] == ["changes"]
    saved = client.put(f"{base}/draft/changes?kind=continuation", {"answers": NOTHING_CHANGED},
                       content_type="application/json").json()  # fmt: skip
    assert saved["complete"]
    done = client.post(f"{base}/submit", {"key": str(uuid.uuid4()), "kind": "continuation"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["reference"].startswith("WA-")
    assert client.get(f"{base}/{approved.pk}/status").json()["approval_periods"]


def test_the_api_says_when_there_is_no_period(client, aylin, case):
    client.force_login(aylin)
    response = client.get("/api/v1/demo/applications/draft?kind=continuation")
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_approval_period"
