"""The knowledge files: the shipped ones are valid and complete; broken ones are refused with clear messages."""

from __future__ import annotations

import copy
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services.knowledge import KNOWLEDGE_DIR, KnowledgeError, load_files, topic_ids


def test_the_shipped_knowledge_base_is_valid_and_covers_every_topic():
    topics, out_of_scope = load_files()
    assert sorted(t["id"] for t in topics) == sorted(topic_ids())
    assert {"_own_case", "_other_person", "_misuse"} <= set(out_of_scope["classes"])


@pytest.fixture
def broken_dir(tmp_path):
    shutil.copy(KNOWLEDGE_DIR / "topics.tsv", tmp_path / "topics.tsv")
    good = json.loads((KNOWLEDGE_DIR / "payment-date.json").read_text(encoding="utf-8"))
    return tmp_path, good


def test_validation_names_file_and_field(broken_dir):
    directory, good = broken_dir
    bad = copy.deepcopy(good)
    del bad["answer"]["uk"]
    bad["answer"]["de"] += " Rufen Sie {telefon} an."
    bad["examples"]["tr"] = bad["examples"]["tr"][:3]
    bad["actions"] = ["fly_to_the_moon"]
    (directory / "payment-date.json").write_text(json.dumps(bad), encoding="utf-8")
    unknown = copy.deepcopy(good) | {"id": "no-such-topic"}
    (directory / "no-such-topic.json").write_text(json.dumps(unknown), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_files(directory, require_all=False)
    text = str(caught.value)
    assert "payment-date.json: answer.uk fehlt" in text
    assert "unbekannten Platzhalter {telefon}" in text
    assert "examples.tr hat 3 verschiedene Fragen, mindestens 8" in text
    assert "actions darf nur" in text
    assert "no-such-topic.json: id 'no-such-topic' steht nicht in topics.tsv" in text


def test_missing_files_are_reported(broken_dir):
    directory, good = broken_dir
    (directory / "payment-date.json").write_text(json.dumps(good), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_files(directory)
    assert "apply-first-time.json: die Datei fehlt." in caught.value.problems


def test_command_refuses_broken_files(db, broken_dir):
    directory, _good = broken_dir
    (directory / "payment-date.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"payment-date\.json: kein gültiges JSON"):
        call_command("load_assistant_knowledge", directory=directory, partial=True)


def test_loading_is_idempotent_and_versions_changes(db, broken_dir):
    directory, good = broken_dir
    (directory / "payment-date.json").write_text(json.dumps(good), encoding="utf-8")
    call_command("load_assistant_knowledge", directory=directory, partial=True)
    call_command("load_assistant_knowledge", directory=directory, partial=True)
    topic = Topic.all_tenants.get(jobcenter=None, key="payment-date")
    assert list(TopicVersion.all_tenants.filter(topic=topic).values_list("number", "status")) == [
        (1, VersionStatus.PUBLISHED)
    ]
    changed = copy.deepcopy(good)
    changed["answer"]["de"] = "Geänderte Antwort."
    (directory / "payment-date.json").write_text(json.dumps(changed), encoding="utf-8")
    call_command("load_assistant_knowledge", directory=directory, partial=True)
    versions = dict(TopicVersion.all_tenants.filter(topic=topic).values_list("number", "status"))
    assert versions == {2: VersionStatus.PUBLISHED, 1: VersionStatus.REVIEWED}


def test_demo_hook_publishes_every_shipped_topic(db):
    from openjobcenter.assistant.demo import load_demo_assistant

    assert load_demo_assistant() == {"assistant_topics": len(topic_ids())}
    assert load_demo_assistant() == {"assistant_topics": len(topic_ids())}
    assert TopicVersion.all_tenants.filter(status=VersionStatus.PUBLISHED).count() == len(topic_ids())
