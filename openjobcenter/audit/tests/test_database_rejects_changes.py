"""The append-only guard, on SQLite and PostgreSQL alike (run the suite on both)."""

import pytest
from django.db import DatabaseError, connection, transaction

from openjobcenter.audit import guards
from openjobcenter.audit.chain import verify_chain
from openjobcenter.audit.models import AppendOnlyError, AuditEntry

from .helpers import add_changes, add_reads, chain_of, execute

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def entry(demo, anja):
    add_changes(2, actor=anja, jobcenter=demo)
    return chain_of(demo)[0]


def test_the_guards_are_installed(db):
    assert guards.installed(connection)


def test_the_database_rejects_an_update(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET purpose = 'geändert' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET hash = 'x', prev_hash = 'y' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.purpose == ""


def test_the_database_rejects_a_delete(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    assert AuditEntry.all_tenants.filter(pk=entry.pk).exists()


def test_querysets_cannot_change_or_delete_entries(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.all_tenants.filter(pk=entry.pk).update(action="core.something_else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.all_tenants.filter(pk=entry.pk).delete()


def test_models_refuse_to_save_twice_or_delete(entry):
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_a_link_may_not_be_pointed_at_another_account(entry, bernd):
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET actor_id = %s WHERE id = %s", [bernd.pk, entry.pk])


def test_deleting_an_account_clears_the_links_but_keeps_the_entry_and_the_chain(demo, bernd, aylin):
    add_reads(2, actor=bernd, subject=aylin, jobcenter=demo)
    bernd.delete()
    aylin.delete()
    entries = chain_of(demo)
    assert [(e.actor_id, e.subject_id) for e in entries] == [(None, None), (None, None)]
    assert entries[0].actor_label == "Bernd Brandt"
    assert entries[0].actor_team == "Markt und Integration 1"
    assert verify_chain(demo.pk, "demo").ok


def test_deletion_is_possible_only_inside_the_explicit_block(entry):
    with guards.deletion_allowed():
        AuditEntry.all_tenants.filter(pk=entry.pk).delete()
    assert not AuditEntry.all_tenants.filter(pk=entry.pk).exists()
    other = AuditEntry.all_tenants.get()
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"DELETE FROM {TABLE} WHERE id = %s", [other.pk])
