"""The editor's workflow as services: draft → reviewed → published, four eyes, revert, own topics, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services import editor
from openjobcenter.assistant.services.answers import published_versions
from openjobcenter.assistant.tests.editor_helpers import edited, parking_data, published_of, shipped
from openjobcenter.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(knowledge):
    return shipped("payment-date")


def _published_draft(demo, topic, author, reviewer, **changes):
    version = editor.start_draft(demo, topic, actor=author)
    version = editor.save_draft(version, edited(version, **changes), actor=author)
    version = editor.mark_reviewed(version, actor=reviewer)
    return editor.publish(version, actor=author)


def test_a_draft_starts_from_the_shipped_version_and_stays_the_only_open_one(demo, topic, anja):
    draft = editor.start_draft(demo, topic, actor=anja)
    base = published_of(topic)
    assert draft.status == VersionStatus.DRAFT and draft.jobcenter == demo and draft.created_by == anja
    assert draft.answer == base.answer and draft.examples == base.examples and draft.sources == base.sources
    assert draft.number == base.number + 1
    assert editor.start_draft(demo, topic, actor=anja) == draft


def test_the_author_cannot_review_their_own_draft(demo, topic, anja, tanja):
    draft = editor.start_draft(demo, topic, actor=anja)
    draft = editor.save_draft(draft, edited(draft), actor=anja)
    allowed, why = editor.may_review(draft, anja)
    assert not allowed and "Vier-Augen-Prinzip" in why
    with pytest.raises(ValidationError):
        editor.mark_reviewed(draft, actor=anja)
    reviewed = editor.mark_reviewed(draft, actor=tanja)
    assert reviewed.status == VersionStatus.REVIEWED and reviewed.reviewed_by == tanja


def test_whoever_saves_last_is_the_author(demo, topic, anja, tanja, paul):
    draft = editor.start_draft(demo, topic, actor=anja)
    draft = editor.save_draft(draft, edited(draft), actor=paul)
    assert not editor.may_review(draft, paul)[0]
    assert editor.may_review(draft, anja)[0]


def test_wrong_transitions_are_refused(demo, topic, anja, tanja):
    draft = editor.start_draft(demo, topic, actor=anja)
    draft = editor.save_draft(draft, edited(draft), actor=anja)
    with pytest.raises(ValidationError):
        editor.publish(draft, actor=anja)  # not reviewed
    with pytest.raises(PermissionDenied):
        editor.publish(draft, actor=tanja)  # team leads review, they do not publish
    with pytest.raises(PermissionDenied):
        editor.save_draft(draft, edited(draft), actor=tanja)
    reviewed = editor.mark_reviewed(draft, actor=tanja)
    with pytest.raises(ValidationError):
        editor.save_draft(reviewed, edited(reviewed), actor=anja)  # only drafts are edited
    with pytest.raises(ValidationError):
        editor.mark_reviewed(reviewed, actor=tanja)  # reviewed already
    published = editor.publish(reviewed, actor=anja)
    with pytest.raises(ValidationError):
        editor.publish(published, actor=anja)  # a second publisher with a stale page
    with pytest.raises(ValidationError):
        editor.return_to_draft(published, "zu spät", actor=tanja)


def test_an_unfinished_draft_cannot_be_reviewed(demo, anja, tanja, knowledge):
    version = editor.create_topic(demo, "parken", "Parken", actor=anja)
    with pytest.raises(ValidationError):
        editor.mark_reviewed(version, actor=tanja)


def test_back_to_draft_needs_a_note_and_keeps_it(demo, topic, anja, tanja):
    draft = editor.start_draft(demo, topic, actor=anja)
    draft = editor.save_draft(draft, edited(draft), actor=anja)
    reviewed = editor.mark_reviewed(draft, actor=tanja)
    with pytest.raises(ValidationError):
        editor.return_to_draft(reviewed, "  ", actor=tanja)
    back = editor.return_to_draft(reviewed, "Bitte die Quelle ergänzen.", actor=tanja)
    assert back.status == VersionStatus.DRAFT and back.reviewed_by is None
    assert back.review_note == "Bitte die Quelle ergänzen."


def test_publishing_replaces_the_own_version_which_stays_as_reviewed(demo, topic, anja, tanja):
    first = _published_draft(demo, topic, anja, tanja, answer={**published_of(topic).answer, "de": "Erste."})
    second = _published_draft(demo, topic, anja, tanja, answer={**first.answer, "de": "Zweite."})
    first.refresh_from_db()
    assert second.status == VersionStatus.PUBLISHED and second.published_by == anja
    assert first.status == VersionStatus.REVIEWED and editor.is_superseded(first)
    assert TopicVersion.objects.for_tenant(demo).filter(status=VersionStatus.PUBLISHED).count() == 1
    assert published_versions(demo)["payment-date"] == second
    assert published_of(topic).status == VersionStatus.PUBLISHED  # the shipped one is untouched


def test_revert_to_the_shipped_version(demo, topic, anja, tanja):
    own = _published_draft(demo, topic, anja, tanja)
    assert editor.current_version(demo, topic) == own
    editor.revert_to_shipped(demo, topic, actor=anja)
    assert editor.current_version(demo, topic) == published_of(topic)
    assert published_versions(demo)["payment-date"] == published_of(topic)
    with pytest.raises(ValidationError):
        editor.revert_to_shipped(demo, topic, actor=anja)


def test_every_step_is_audited(demo, topic, anja, tanja):
    own = _published_draft(demo, topic, anja, tanja)
    editor.revert_to_shipped(demo, topic, actor=anja)
    actions = list(AuditEntry.all_tenants.filter(jobcenter=demo).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "assistant.version_drafted",
        "assistant.version_saved",
        "assistant.version_reviewed",
        "assistant.version_published",
        "assistant.version_reverted",
    ]
    entry = AuditEntry.all_tenants.get(action="assistant.version_reviewed")
    assert entry.actor == tanja and entry.target_id == str(own.pk)
    assert entry.details["topic"] == "payment-date"


# --- Validation -------------------------------------------------------------------------------


def _errors(topic, data):
    with pytest.raises(ValidationError) as caught:
        editor.check_version(topic, data)
    return caught.value.message_dict


def test_validation_names_each_field(demo, topic):
    base = published_of(topic)
    data = edited(
        base,
        answer={**base.answer, "de": "Rufen Sie {telefon} an.", "en": ""},
        examples={**base.examples, "tr": base.examples["tr"][:3]},
        sources=[{"title": "SGB II", "reference": "§ 42", "url": "http://unsicher.example"}],
        actions=["fly_to_the_moon"],
        change_note="",
    )
    errors = _errors(topic, data)
    assert "{telefon}" in errors["answer_de"][0]
    assert "Titel und Antwort" in errors["answer_en"][0]
    assert "mindestens 8" in errors["examples_tr"][0]
    assert "https://" in errors["sources"][0]
    assert errors["actions"] and errors["change_note"]


def test_shipped_topics_need_a_source_own_topics_do_not(demo, topic):
    assert "sources" in _errors(topic, edited(published_of(topic), sources=[]))
    own = Topic.all_tenants.create(jobcenter=demo, key="parken")
    editor.check_version(own, parking_data())  # no source, five German examples, German only


def test_own_topics_need_five_german_examples(demo):
    own = Topic.all_tenants.create(jobcenter=demo, key="parken")
    data = parking_data()
    data.examples = {"de": data.examples["de"][:4]}
    assert "mindestens 5" in _errors(own, data)["examples_de"][0]


def test_own_topic_keys_must_not_collide(demo, nord, anja, knowledge):
    for key in ("payment-date", "a", "mit leerzeichen", "_own_case", "umlaut-ä"):
        with pytest.raises(ValidationError):
            editor.create_topic(demo, key, "Titel", actor=anja)
    editor.create_topic(demo, "parken", "Parken", actor=anja)
    with pytest.raises(ValidationError):
        editor.create_topic(demo, "parken", "Noch einmal", actor=anja)
    nina = _nord_admin(nord)
    editor.create_topic(nord, "parken", "Parken im Norden", actor=nina)  # another Jobcenter may


def _nord_admin(nord):
    return make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")


def test_an_admin_of_another_jobcenter_cannot_touch_a_version(demo, nord, topic, anja, tanja):
    draft = editor.start_draft(demo, topic, actor=anja)
    nina = _nord_admin(nord)
    with pytest.raises(PermissionDenied):
        editor.start_draft(nord, Topic.all_tenants.create(jobcenter=demo, key="eigen"), actor=nina)
    assert editor.open_version(nord, topic) is None
    assert draft not in editor.versions_for(nord, topic)
