"""Entries are inserted unsealed (PostgreSQL) and sealed later in id order, never skipping one.

SQLite seals on append; the deferred path is exercised there too by switching that off.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from openjobcenter.audit import chain
from openjobcenter.audit.chain import seal, verify_chain
from openjobcenter.audit.models import AuditChainHead, AuditEntry
from openjobcenter.audit.services import log_change
from openjobcenter.audit.tasks import PERIODIC, seal_audit_entries_task

from .helpers import add_changes, execute, guards_lifted

TABLE = AuditEntry._meta.db_table
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL sessions")


@pytest.fixture
def deferred(monkeypatch):
    """Append unsealed on every database (the default on PostgreSQL)."""
    monkeypatch.setattr(chain, "seals_on_append", lambda connection: False)


def ids_in_chain_order(jobcenter_id: int) -> list[int]:
    return list(
        AuditEntry.all_tenants.filter(jobcenter_id=jobcenter_id).order_by("sequence").values_list("id", flat=True)
    )


class HeldTransaction:
    """Another session appends one entry and keeps its transaction open until told to end it."""

    def __init__(self, *, actor, jobcenter, commit: bool = True) -> None:
        self.inserted = threading.Event()
        self.finish = threading.Event()
        self.commit = commit
        self.entry_id: int | None = None
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, args=(actor, jobcenter))

    def _run(self, actor, jobcenter) -> None:
        try:
            with transaction.atomic():
                log_change(actor=actor, jobcenter=jobcenter, action="core.slow_change")
                self.entry_id = AuditEntry.all_tenants.order_by("-id").values_list("id", flat=True).first()
                self.inserted.set()
                self.finish.wait(timeout=30)
                if not self.commit:
                    transaction.set_rollback(True)
        except BaseException as exc:  # surfaced in the main thread
            self.errors.append(exc)
        finally:
            self.inserted.set()
            connections.close_all()

    @contextmanager
    def open(self) -> Iterator["HeldTransaction"]:
        self.thread.start()
        assert self.inserted.wait(timeout=30)
        try:
            yield self
        finally:
            self.finish.set()
            self.thread.join(timeout=30)
        assert self.errors == []


def test_appending_leaves_entries_unsealed_until_sealed(deferred, demo, anja):
    add_changes(3, actor=anja, jobcenter=demo)
    assert AuditEntry.all_tenants.filter(sequence__isnull=True, hash="").count() == 3
    assert seal() == 3
    assert [e.sequence for e in AuditEntry.all_tenants.order_by("id")] == [1, 2, 3]
    assert seal() == 0
    assert verify_chain(demo.pk, "demo").ok


def test_unsealed_entries_are_reported_as_pending_not_as_a_problem(deferred, demo, anja):
    add_changes(2, actor=anja, jobcenter=demo)
    seal()
    add_changes(3, actor=anja, jobcenter=demo)
    report = verify_chain(demo.pk, "demo")
    assert report.ok, report.problems
    assert (report.checked, report.pending) == (2, 3)


def test_the_verify_command_seals_first(deferred, demo, anja, capsys):
    add_changes(4, actor=anja, jobcenter=demo)
    call_command("verify_audit_chain", "--jobcenter", "demo")
    out = capsys.readouterr().out
    assert "4 entries sealed before verifying" in out
    assert "demo: 4 entries checked – ok" in out
    assert "nicht versiegelt" not in out


def test_sealing_keeps_each_jobcenter_in_its_own_chain(deferred, demo, nord, anja, niklas):
    add_changes(2, actor=anja, jobcenter=demo)
    add_changes(1, actor=niklas, jobcenter=nord)
    add_changes(1, actor=anja, jobcenter=demo)
    seal()
    assert AuditChainHead.objects.get(jobcenter=demo).sequence == 3
    assert AuditChainHead.objects.get(jobcenter=nord).sequence == 1
    assert verify_chain(demo.pk, "demo").ok and verify_chain(nord.pk, "nord").ok


def test_the_database_lets_an_unsealed_entry_be_sealed_only_once_and_nothing_else(deferred, demo, anja):
    add_changes(1, actor=anja, jobcenter=demo)
    entry = AuditEntry.all_tenants.get()
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET sequence = 1, hash = 'x', purpose = 'Neugier' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET purpose = 'Neugier' WHERE id = %s", [entry.pk])
    seal()
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET sequence = 7, hash = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        execute(f"UPDATE {TABLE} SET sequence = NULL, hash = '', prev_hash = '' WHERE id = %s", [entry.pk])


def test_a_sealed_entry_made_to_look_unsealed_and_changed_is_detected(deferred, demo, anja):
    add_changes(3, actor=anja, jobcenter=demo)
    seal()
    last = AuditEntry.all_tenants.latest("id")
    with guards_lifted():
        execute(
            f"UPDATE {TABLE} SET sequence = NULL, hash = '', prev_hash = '', purpose = 'Neugier' WHERE id = %s",
            [last.pk],
        )
        # Sealing it again cannot give it its old place: the head has moved past it.
        with pytest.raises(CommandError, match=rf"entry id={last.pk} \(sequence 4\): expected sequence 3"):
            call_command("verify_audit_chain", "--jobcenter", "demo")


def test_a_modified_entry_sealed_later_is_detected_after_sealing(deferred, demo, anja):
    add_changes(3, actor=anja, jobcenter=demo)
    seal()
    second = AuditEntry.all_tenants.order_by("id")[1]
    with guards_lifted():
        execute(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", ["Neugier", second.pk])
        with pytest.raises(CommandError, match=rf"entry id={second.pk} \(sequence 2\): content does not match"):
            call_command("verify_audit_chain", "--jobcenter", "demo")


def test_the_worker_seals_periodically(deferred, demo, anja):
    assert any(task is seal_audit_entries_task for _seconds, task in PERIODIC)
    add_changes(2, actor=anja, jobcenter=demo)
    seal_audit_entries_task.enqueue()  # the immediate backend in tests runs it now
    assert not AuditEntry.all_tenants.filter(sequence__isnull=True).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_sealer_waits_for_an_open_transaction_that_holds_a_lower_id(demo, anja):
    with HeldTransaction(actor=anja, jobcenter=demo).open() as held:
        log_change(actor=anja, jobcenter=demo, action="core.quick_change")  # committed at once
        later = AuditEntry.all_tenants.get()
        assert held.entry_id is not None and held.entry_id < later.pk
        # Sealing the later entry now would put it before the held one, or skip that one.
        assert seal(wait=0.3) == 0
        later.refresh_from_db()
        assert later.sequence is None
        report = verify_chain(demo.pk, "demo")
        assert report.ok and (report.checked, report.pending) == (0, 1)
    assert seal() == 2
    assert ids_in_chain_order(demo.pk) == [held.entry_id, later.pk]
    assert verify_chain(demo.pk, "demo").ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_lower_id_leaves_no_gap(demo, anja):
    with HeldTransaction(actor=anja, jobcenter=demo, commit=False).open():
        log_change(actor=anja, jobcenter=demo, action="core.quick_change")
        assert seal(wait=0.2) == 0
    assert seal() == 1
    assert AuditEntry.all_tenants.get().sequence == 1
    assert verify_chain(demo.pk, "demo").ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_verify_command_reports_entries_it_cannot_seal_yet_as_pending(demo, anja, capsys):
    with HeldTransaction(actor=anja, jobcenter=demo).open():
        add_changes(2, actor=anja, jobcenter=demo)
        call_command("verify_audit_chain", "--jobcenter", "demo", "--wait", "0.2")
        out = capsys.readouterr().out
    assert "demo: 0 entries checked – ok" in out
    assert "2 newer entries not sealed yet (noch nicht versiegelt)" in out
    assert "Audit trail intact" in out
    call_command("verify_audit_chain", "--jobcenter", "demo")
    assert "demo: 3 entries checked – ok" in capsys.readouterr().out


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_sealing_while_writers_append_gives_a_gap_free_chain_in_id_order(demo, anja):
    errors: list[BaseException] = []
    writing = threading.Barrier(3)
    done = threading.Event()

    def writer(actor, jobcenter) -> None:
        try:
            writing.wait()
            for i in range(40):
                with transaction.atomic():
                    log_change(actor=actor, jobcenter=jobcenter, action="core.test_changed", details={"n": i})
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    def sealer() -> None:
        try:
            writing.wait()
            while not done.is_set():
                seal(wait=2.0)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=writer, args=args) for args in ((anja, demo), (anja, demo))]
    sealing = threading.Thread(target=sealer)
    for thread in [*writers, sealing]:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    done.set()
    sealing.join(timeout=60)
    assert errors == []
    seal()
    ids = ids_in_chain_order(demo.pk)
    assert len(ids) == 80 and ids == sorted(ids)
    assert list(AuditEntry.all_tenants.order_by("sequence").values_list("sequence", flat=True)) == list(range(1, 81))
    assert verify_chain(demo.pk, "demo").ok
