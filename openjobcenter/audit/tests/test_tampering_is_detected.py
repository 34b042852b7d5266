import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from openjobcenter.audit import guards
from openjobcenter.audit.models import AuditEntry

from .helpers import add_changes, chain_of, execute, guards_lifted

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def five_entries(demo, anja):
    add_changes(5, actor=anja, jobcenter=demo)
    return chain_of(demo)


def verify_fails(match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("verify_audit_chain", "--jobcenter", "demo")


def test_a_modified_field_is_detected(five_entries):
    third = five_entries[2]
    with guards_lifted():
        execute(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", ["Neugier", third.pk])
        verify_fails(rf"entry id={third.pk} \(sequence 3\): content does not match its hash")


def test_modified_details_are_detected(five_entries):
    second = five_entries[1]
    with guards_lifted():
        execute(f"UPDATE {TABLE} SET details = %s WHERE id = %s", ['{"n": 99}', second.pk])
        verify_fails(rf"entry id={second.pk} \(sequence 2\): content does not match its hash")


def test_a_deleted_entry_is_detected(five_entries):
    with guards_lifted():
        execute(f"DELETE FROM {TABLE} WHERE id = %s", [five_entries[1].pk])
        verify_fails(rf"entry id={five_entries[2].pk} \(sequence 3\): expected sequence 2")


def test_deleted_entries_at_the_end_are_detected(five_entries):
    with guards_lifted():
        execute(f"DELETE FROM {TABLE} WHERE id = %s", [five_entries[4].pk])
        verify_fails("chain ends at sequence 4, but its head records 5")


def test_reordered_entries_are_detected(five_entries):
    second, third = five_entries[1], five_entries[2]
    with guards_lifted():
        # Swap positions 2 and 3 (through a free number because of the unique constraint).
        execute(f"UPDATE {TABLE} SET sequence = 999 WHERE id = %s", [second.pk])
        execute(f"UPDATE {TABLE} SET sequence = 2 WHERE id = %s", [third.pk])
        execute(f"UPDATE {TABLE} SET sequence = 3 WHERE id = %s", [second.pk])
        verify_fails(rf"entry id={third.pk} \(sequence 2\): does not link to the previous entry")


def test_an_inserted_entry_is_detected(five_entries):
    copied = five_entries[1]
    jobcenter_id = copied.jobcenter_id
    with guards_lifted():
        # Make room at position 3 (in two steps because of the unique constraint), then put a
        # copy of entry 2 – with its valid hash – there.
        execute(
            f"UPDATE {TABLE} SET sequence = sequence + 1000 WHERE sequence >= 3 AND jobcenter_id = %s", [jobcenter_id]
        )
        execute(
            f"UPDATE {TABLE} SET sequence = sequence - 999 WHERE sequence >= 1003 AND jobcenter_id = %s", [jobcenter_id]
        )
        columns = [connection.ops.quote_name(c) for c in guards.columns_of(AuditEntry) if c != "id"]
        values = ", ".join("3" if column == connection.ops.quote_name("sequence") else column for column in columns)
        execute(f"INSERT INTO {TABLE} ({', '.join(columns)}) SELECT {values} FROM {TABLE} WHERE id = %s", [copied.pk])
        verify_fails(r"\(sequence 3\): does not link to the previous entry")


def test_a_redirected_actor_link_is_detected(five_entries, bernd):
    first = five_entries[0]
    with guards_lifted():
        execute(f"UPDATE {TABLE} SET actor_id = %s WHERE id = %s", [bernd.pk, first.pk])
        verify_fails(rf"entry id={first.pk} \(sequence 1\): actor or subject link was changed")


def test_missing_triggers_are_reported(five_entries):
    with guards_lifted():
        verify_fails("append-only triggers on the audit table are missing")
