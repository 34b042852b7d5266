"""Append-only at the database level: triggers that reject UPDATE and DELETE of audit entries.

The hash chain makes tampering *visible*; these triggers stop the application (a stray
``QuerySet.update()``/``delete()``, a buggy migration) from changing entries in the first place.
Someone with DDL rights can still drop them: that is what the chain and ``verify_audit_chain``
are for.

Three exceptions:

- sealing: an unsealed entry (``sequence`` NULL) may get its ``sequence``, ``prev_hash`` and
  ``hash``, once, and nothing else with them (``chain.seal``); a sealed entry stays as it is;
- clearing ``actor_id``/``subject_id`` to NULL, which Django does (ON DELETE SET NULL) when an
  account is deleted; the hash covers ``actor_ref``/``subject_ref`` instead, so the chain holds;
- deleting inside ``deletion_allowed()`` – for ``manage.py flush`` (which empties the whole
  database, e.g. between tests) and a future retention job.

SQLite drops a table's triggers when Django rebuilds the table in a migration (``ALTER`` of a
column): every later migration that alters ``audit_auditentry`` must call ``install`` again.
The test suite and ``verify_audit_chain`` check that the guards are present.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

TABLE = "audit_auditentry"
# Set once by sealing (see the module docstring).
SEAL_COLUMNS = ("sequence", "prev_hash", "hash")
# Django's ON DELETE SET NULL may clear these when an account is deleted.
CLEARABLE_LINKS = ("actor_id", "subject_id")
PG_SETTING = "openjobcenter.audit_deletion"
SQLITE_FUNCTION = "ojc_audit_deletion_allowed"
SQLITE_TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete")
PG_TRIGGER = "audit_entry_append_only"
PG_FUNCTION = "ojc_audit_entry_guard"

_deletion_allowed: ContextVar[bool] = ContextVar("ojc_audit_deletion_allowed", default=False)

_PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    probe {TABLE}%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('{PG_SETTING}', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only: DELETE rejected';
    END IF;
    IF (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
       OR (NEW.subject_id IS NOT NULL AND NEW.subject_id IS DISTINCT FROM OLD.subject_id) THEN
        RAISE EXCEPTION 'audit entries are append-only: UPDATE rejected';
    END IF;
    probe := NEW;
    probe.actor_id := OLD.actor_id;
    probe.subject_id := OLD.subject_id;
    IF OLD.sequence IS NULL AND NEW.sequence IS NOT NULL AND NEW.hash <> '' THEN
        -- Sealing (chain.seal): an unsealed entry gets its place and hash, once.
        probe.sequence := OLD.sequence;
        probe.prev_hash := OLD.prev_hash;
        probe.hash := OLD.hash;
    END IF;
    -- A whole-row comparison, so columns added later are covered without changing this function.
    IF probe IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'audit entries are append-only: UPDATE rejected';
    END IF;
    RETURN NEW;
END;
$$;
"""


def _sqlite_update_trigger(columns: Sequence[str]) -> str:
    fixed = [column for column in columns if column not in CLEARABLE_LINKS + SEAL_COLUMNS]
    changed = [f'NEW."{column}" IS NOT OLD."{column}"' for column in fixed]
    changed += [f'(NEW."{link}" IS NOT NULL AND NEW."{link}" IS NOT OLD."{link}")' for link in CLEARABLE_LINKS]
    sealing = '(OLD."sequence" IS NULL AND NEW."sequence" IS NOT NULL AND NEW."hash" <> \'\')'
    seal_changed = " OR ".join(f'NEW."{column}" IS NOT OLD."{column}"' for column in SEAL_COLUMNS)
    changed.append(f"(({seal_changed}) AND NOT {sealing})")
    return (
        f'CREATE TRIGGER {SQLITE_TRIGGERS[0]} BEFORE UPDATE ON "{TABLE}" '
        f"WHEN {' OR '.join(changed)} "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE rejected'); END;"
    )


def _sqlite_delete_trigger() -> str:
    # Without the function (sqlite3 shell, another program) the trigger fails – and so does the DELETE.
    return (
        f'CREATE TRIGGER {SQLITE_TRIGGERS[1]} BEFORE DELETE ON "{TABLE}" '
        f"WHEN NOT {SQLITE_FUNCTION}() "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: DELETE rejected'); END;"
    )


def columns_of(model: type[Model]) -> list[str]:
    """The audit table's columns as the given (possibly historical) model defines them."""
    return [field.column for field in model._meta.concrete_fields if field.column]


def install(connection: BaseDatabaseWrapper, columns: Sequence[str]) -> None:
    """(Re)create the guards. ``columns``: every column of the audit table at this migration."""
    uninstall(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION_SQL)
            cursor.execute(
                f'CREATE TRIGGER {PG_TRIGGER} BEFORE UPDATE OR DELETE ON "{TABLE}" '
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(_sqlite_update_trigger(columns))
            cursor.execute(_sqlite_delete_trigger())
        else:
            raise NotImplementedError(f"No append-only guard for database vendor {connection.vendor!r}")


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'DROP TRIGGER IF EXISTS {PG_TRIGGER} ON "{TABLE}"')
            cursor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass AND tgenabled <> 'D'",
                [PG_TRIGGER, TABLE],
            )
            return bool(cursor.fetchone()[0] == 1)
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name IN (%s, %s)",
                [TABLE, *SQLITE_TRIGGERS],
            )
            return bool(cursor.fetchone()[0] == len(SQLITE_TRIGGERS))
    return False


def register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: the function the SQLite DELETE trigger asks."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(_deletion_allowed.get()))


@contextmanager
def deletion_allowed(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let the block delete audit entries (whole-database flush, retention). Use nowhere else."""
    connection = connections[using]
    token = _deletion_allowed.set(True)
    try:
        with transaction.atomic(using=using):
            _set_pg_deletion(connection, "on")
            yield
            # On an exception the rollback undoes the setting; on success switch it off explicitly,
            # because a transaction-local setting would otherwise outlive this block.
            _set_pg_deletion(connection, "off")
    finally:
        _deletion_allowed.reset(token)


def _set_pg_deletion(connection: BaseDatabaseWrapper, value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [PG_SETTING, value])
