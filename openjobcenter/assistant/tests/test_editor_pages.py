"""The editor's pages: who may open what, the list, the edit form keeps what was entered, the
four-eyes hint, the comparison escapes HTML, and Jobcenter B never sees A's topics or versions."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.assistant.models import Feedback, Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services import editor, editor_diff
from openjobcenter.assistant.tests.editor_helpers import (
    edited,
    form_data,
    kb_url,
    parking_data,
    published_of,
    shipped,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina(nord):
    return make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")


@pytest.fixture
def topic(knowledge):
    return shipped("payment-date")


@pytest.fixture
def draft(demo, topic, anja):
    version = editor.start_draft(demo, topic, actor=anja)
    return editor.save_draft(version, edited(version), actor=anja)


@pytest.fixture
def own_topic(demo, anja, tanja, knowledge):
    version = editor.create_topic(demo, "parken", "Parken am Jobcenter", actor=anja)
    version = editor.save_draft(version, parking_data(), actor=anja)
    version = editor.mark_reviewed(version, actor=tanja)
    return editor.publish(version, actor=anja).topic


def _pages(topic, version):
    return [
        kb_url("list"),
        kb_url("topic", pk=topic.pk),
        kb_url("version", topic=topic.pk, pk=version.pk),
        kb_url("compare", pk=topic.pk),
    ]


# --- Who may open what ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, topic, draft):
    for page in [*_pages(topic, draft), kb_url("create"), kb_url("edit", topic=topic.pk, pk=draft.pk)]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page


@pytest.mark.parametrize("persona", ["aylin", "bernd", "lena", "emre"])
def test_clients_and_advisors_get_403(client, request, persona, topic, draft):
    sign_in(client, request.getfixturevalue(persona))
    for page in [*_pages(topic, draft), kb_url("create"), kb_url("edit", topic=topic.pk, pk=draft.pk)]:
        assert client.get(page).status_code == 403, page
    assert client.post(kb_url("review", topic=topic.pk, pk=draft.pk)).status_code == 403


def test_team_leads_read_and_review_but_do_not_edit(client, tanja, topic, draft):
    sign_in(client, tanja)
    for page in _pages(topic, draft):
        assert client.get(page).status_code == 200, page
    assert client.get(kb_url("edit", topic=topic.pk, pk=draft.pk)).status_code == 403
    assert client.get(kb_url("create")).status_code == 403
    assert client.post(kb_url("start", pk=topic.pk)).status_code == 403
    assert client.post(kb_url("publish", topic=topic.pk, pk=draft.pk)).status_code == 403
    page = client.get(kb_url("version", topic=topic.pk, pk=draft.pk)).content.decode()
    assert "Als geprüft markieren" in page and "Veröffentlichen</span>" not in page


def test_an_admin_of_another_jobcenter_gets_404_in_demo(client, nina, topic, draft):
    sign_in(client, nina)
    for page in [*_pages(topic, draft), kb_url("edit", topic=topic.pk, pk=draft.pk)]:
        assert client.get(page).status_code == 404, page
    assert client.post(kb_url("publish", topic=topic.pk, pk=draft.pk)).status_code == 404


def test_jobcenter_b_never_sees_a_s_own_topics_or_versions(client, nina, own_topic, topic, draft):
    sign_in(client, nina)
    listing = client.get(kb_url("list", "nord")).content.decode()
    assert "payment-date" in listing and "parken" not in listing and "Parken am Jobcenter" not in listing
    own_version = TopicVersion.all_tenants.get(topic=own_topic, status=VersionStatus.PUBLISHED)
    assert client.get(kb_url("topic", "nord", pk=own_topic.pk)).status_code == 404
    assert client.get(kb_url("version", "nord", topic=own_topic.pk, pk=own_version.pk)).status_code == 404
    # Demo's draft of a shipped topic: the topic is visible in nord, the draft is not.
    history = client.get(kb_url("topic", "nord", pk=topic.pk)).content.decode()
    assert "Fassung 2 (eigene)" not in history and "Geändert im Test" not in history
    assert client.get(kb_url("version", "nord", topic=topic.pk, pk=draft.pk)).status_code == 404
    assert (
        client.get(kb_url("compare", "nord", pk=topic.pk) + f"?b={draft.pk}").content.decode().count("Geändert im Test")
        == 0
    )
    assert client.post(kb_url("start", "nord", pk=own_topic.pk)).status_code == 404


def test_the_workspace_links_to_the_editor_for_admins_and_team_leads(client, anja, tanja, bernd):
    for person, shown in ((anja, True), (tanja, True), (bernd, False)):
        sign_in(client, person)
        page = client.get("/demo/staff/").content.decode()
        assert (kb_url("list") in page) is shown, person


# --- The list ------------------------------------------------------------------------------------------


def test_the_list_shows_status_feedback_and_filters(client, demo, anja, topic, draft, own_topic):
    today = timezone.localdate()
    Feedback.all_tenants.create(jobcenter=demo, topic_key="payment-date", score=1, language="de", date=today)
    Feedback.all_tenants.create(jobcenter=demo, topic_key="payment-date", score=-1, language="de", date=today)
    Feedback.all_tenants.create(jobcenter=demo, topic_key="payment-date", score=1, language="en", date=today)
    sign_in(client, anja)
    rows = {row.topic.key: row for row in client.get(kb_url("list")).context["rows"]}
    assert len(rows) == 43
    assert rows["payment-date"].status == "draft" and (
        rows["payment-date"].helpful,
        rows["payment-date"].unhelpful,
    ) == (2, 1)
    assert rows["parken"].status == "published" and not rows["parken"].topic.is_shipped
    assert rows["opening-hours"].status == "shipped"
    drafts = client.get(kb_url("list"), {"status": "draft"}).context["rows"]
    assert [row.topic.key for row in drafts] == ["payment-date"]
    own = client.get(kb_url("list"), {"status": "own"}).context["rows"]
    assert [row.topic.key for row in own] == ["parken"]
    found = client.get(kb_url("list"), {"q": "parken"}).context["rows"]
    assert [row.topic.key for row in found] == ["parken"]


def test_the_list_flags_reviews_older_than_a_year(client, anja, topic):
    import datetime as dt

    TopicVersion.all_tenants.filter(pk=published_of(topic).pk).update(reviewed_on=dt.date(2024, 1, 1))
    sign_in(client, anja)
    due = client.get(kb_url("list"), {"status": "due"})
    assert [row.topic.key for row in due.context["rows"]] == ["payment-date"]
    assert "älter als 12 Monate" in due.content.decode()


def test_the_list_needs_few_queries(client, anja, knowledge, django_assert_max_num_queries):
    sign_in(client, anja)
    client.get(kb_url("list"))
    with django_assert_max_num_queries(14):
        client.get(kb_url("list"))


# --- Editing ------------------------------------------------------------------------------------------


def test_starting_a_draft_opens_the_form_prefilled(client, anja, topic):
    sign_in(client, anja)
    response = client.post(kb_url("start", pk=topic.pk))
    draft = TopicVersion.all_tenants.get(topic=topic, status=VersionStatus.DRAFT)
    assert response["Location"].startswith(kb_url("edit", topic=topic.pk, pk=draft.pk))
    page = client.get(kb_url("edit", topic=topic.pk, pk=draft.pk)).content.decode()
    assert published_of(topic).examples["de"][0] in page
    assert "Musterstadt" in page  # the preview fills the placeholders


def test_bad_input_is_explained_per_field_and_nothing_is_lost(client, anja, topic, draft):
    sign_in(client, anja)
    post = form_data(
        draft,
        answer_de="Neue Antwort, rufen Sie {telefon} an.",
        **{"sources-0-url": "ftp://falsch", "sources-2-title": "Eine neue Quelle ohne Fundstelle"},
        reviewed_on="morgen",
    )
    response = client.post(kb_url("edit", topic=topic.pk, pk=draft.pk), post)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert "Neue Antwort, rufen Sie {telefon} an." in page
    assert "Eine neue Quelle ohne Fundstelle" in page and "ftp://falsch" in page
    assert "gültiges Datum" in page
    draft.refresh_from_db()
    assert "{telefon}" not in draft.answer["de"]  # nothing saved
    post["reviewed_on"] = draft.reviewed_on.isoformat()
    page = client.post(kb_url("edit", topic=topic.pk, pk=draft.pk), post).content.decode()
    assert "Unbekannter Platzhalter {telefon}" in page
    assert "Quelle 1: Die Adresse muss mit https://" in page
    assert "Quelle 3: Bitte geben Sie Titel und Fundstelle an" in page


def test_saving_and_removing_a_source(client, anja, topic, draft):
    sign_in(client, anja)
    post = form_data(
        draft,
        answer_de="Das Geld kommt am Monatsanfang, Fragen an {jobcenter_phone}.",
        **{
            "sources-0-DELETE": "on",
            "sources-2-title": "Fachliche Weisung",
            "sources-2-reference": "FW § 42",
            "sources-2-url": "https://www.arbeitsagentur.de/",
        },
    )
    response = client.post(kb_url("edit", topic=topic.pk, pk=draft.pk), post)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answer["de"].startswith("Das Geld kommt am Monatsanfang")
    assert draft.sources[-1] == {
        "title": "Fachliche Weisung",
        "reference": "FW § 42",
        "url": "https://www.arbeitsagentur.de/",
    }
    assert len(draft.sources) == len(published_of(topic).sources)  # one removed, one added


def test_the_preview_button_fills_placeholders_without_saving(client, anja, topic, draft):
    sign_in(client, anja)
    post = form_data(draft, answer_de="Rufen Sie {jobcenter_phone} an.", action="preview")
    response = client.post(kb_url("edit", topic=topic.pk, pk=draft.pk), post)
    assert response.status_code == 200
    assert "Rufen Sie 0123 4567-0 an." in response.content.decode()
    draft.refresh_from_db()
    assert "Rufen Sie" not in draft.answer["de"]


def test_the_author_sees_why_the_review_button_is_missing(client, anja, topic, draft):
    sign_in(client, anja)
    page = client.get(kb_url("version", topic=topic.pk, pk=draft.pk)).content.decode()
    assert "Als geprüft markieren" not in page and "Vier-Augen-Prinzip" in page


def test_the_whole_workflow_through_the_pages(client, anja, tanja, topic, draft):
    sign_in(client, tanja)
    assert client.post(kb_url("review", topic=topic.pk, pk=draft.pk)).status_code == 302
    response = client.post(kb_url("return", topic=topic.pk, pk=draft.pk), {"note": ""})
    assert response.status_code == 400 and "was geändert werden soll" in response.content.decode()
    client.post(kb_url("return", topic=topic.pk, pk=draft.pk), {"note": "Bitte <b>Quelle</b> prüfen."})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    sign_in(client, anja)
    page = client.get(kb_url("edit", topic=topic.pk, pk=draft.pk)).content.decode()
    assert "Bitte &lt;b&gt;Quelle&lt;/b&gt; prüfen." in page
    client.post(kb_url("edit", topic=topic.pk, pk=draft.pk), form_data(draft))
    sign_in(client, tanja)
    client.post(kb_url("review", topic=topic.pk, pk=draft.pk))
    sign_in(client, anja)
    response = client.post(kb_url("publish", topic=topic.pk, pk=draft.pk), follow=True)
    assert "Der Assistent antwortet ab sofort mit dieser Fassung" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    response = client.post(kb_url("revert", pk=topic.pk), follow=True)
    assert "wieder mit der ausgelieferten Fassung" in response.content.decode()


def test_creating_and_deactivating_an_own_topic(client, anja, knowledge):
    sign_in(client, anja)
    response = client.post(kb_url("create"), {"key": "payment-date", "title": "Doppelt"})
    assert response.status_code == 400 and "ausgelieferten Thema" in response.content.decode()
    assert 'value="Doppelt"' in response.content.decode()
    response = client.post(kb_url("create"), {"key": "parken", "title": "Parken am Jobcenter"})
    topic = Topic.all_tenants.get(key="parken")
    assert topic.jobcenter_id == anja.jobcenter_id and response.status_code == 302
    client.post(kb_url("active", pk=topic.pk), {"active": "0"})
    topic.refresh_from_db()
    assert not topic.is_active
    client.post(kb_url("active", pk=topic.pk), {"active": "1"})
    topic.refresh_from_db()
    assert topic.is_active


# --- Comparing ---------------------------------------------------------------------------------------


def test_the_comparison_shows_changes_and_escapes_html(client, anja, topic, draft):
    base = published_of(topic)
    editor.save_draft(
        draft,
        edited(draft, answer={**draft.answer, "de": "<script>alert(1)</script> " + draft.answer["de"]}),
        actor=anja,
    )
    sign_in(client, anja)
    response = client.get(kb_url("compare", pk=topic.pk), {"a": base.pk, "b": draft.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert '<mark class="ojc-kb-diff__word"> &lt;script&gt;alert(1)&lt;/script&gt;</mark>' in page
    assert page.count("<ins>") >= 1 and page.count("<del>") >= 1
    kinds = {line.kind for line in response.context["lines"]}
    assert {"added", "removed"} <= kinds
    # A wholly new line is shown whole, without word marks.
    lines = editor_diff.diff(base, base)
    assert lines == []
