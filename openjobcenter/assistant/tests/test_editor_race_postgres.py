"""Two people publishing (or starting a draft) at the same moment: the topic's row lock and the status
re-check inside the transaction leave exactly one published version and one open draft.

SQLite runs one writer at a time, so a race there proves nothing: these tests need PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from openjobcenter.accounts.models import User
from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services import editor
from openjobcenter.assistant.tests.editor_helpers import edited, parking_data
from openjobcenter.core.models import Jobcenter

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 8


def race(count: int, attempt: Callable[[int], Any]) -> list[Any]:
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            start.wait(timeout=10)
            results[i] = attempt(i)
        except BaseException as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


@pytest.fixture
def reviewed(demo, anja, tanja) -> TopicVersion:
    version = editor.create_topic(demo, "parken", "Parken", actor=anja)
    version = editor.save_draft(version, parking_data(), actor=anja)
    return editor.mark_reviewed(version, actor=tanja)


def test_two_publishers_at_once_publish_once(demo, anja, paul, reviewed):
    people = [anja, paul]

    def attempt(i: int) -> TopicVersion:
        version = TopicVersion.all_tenants.get(pk=reviewed.pk)  # each request reads the version itself
        return editor.publish(version, actor=User.objects.get(pk=people[i % 2].pk))

    results = race(THREADS, attempt)
    published = [r for r in results if isinstance(r, TopicVersion)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(published) == 1 and len(refused) == THREADS - 1, results
    assert TopicVersion.objects.for_tenant(demo).filter(status=VersionStatus.PUBLISHED).count() == 1


def test_publishing_a_new_version_while_another_is_published_keeps_one(demo, anja, tanja, reviewed):
    editor.publish(reviewed, actor=anja)
    topic = reviewed.topic
    second = editor.start_draft(demo, topic, actor=anja)
    second = editor.save_draft(second, edited(second), actor=anja)
    second = editor.mark_reviewed(second, actor=tanja)

    def attempt(i: int) -> Any:
        version = TopicVersion.all_tenants.get(pk=second.pk)
        return editor.publish(version, actor=User.objects.get(pk=anja.pk))

    race(4, attempt)
    statuses = dict(TopicVersion.objects.for_tenant(demo).filter(topic=topic).values_list("number", "status"))
    assert statuses == {1: VersionStatus.REVIEWED, 2: VersionStatus.PUBLISHED}


def test_many_editors_starting_a_draft_at_once_get_the_same_one(demo, anja, reviewed):
    topic = Topic.all_tenants.get(pk=reviewed.topic_id)
    editor.publish(reviewed, actor=anja)

    def attempt(i: int) -> TopicVersion:
        return editor.start_draft(Jobcenter.objects.get(pk=demo.pk), topic, actor=User.objects.get(pk=anja.pk))

    results = race(THREADS, attempt)
    assert all(isinstance(r, TopicVersion) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert TopicVersion.objects.for_tenant(demo).filter(status=VersionStatus.DRAFT).count() == 1
