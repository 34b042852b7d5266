"""Backup and restore of the database plus the stored files (``manage.py backup`` / ``restore``).

PostgreSQL: the row counts are taken in a repeatable-read transaction whose snapshot is handed
to ``pg_dump --snapshot``, so the manifest describes exactly the dump, also while the portal
keeps writing. SQLite: the online backup API copies the database; the counts are read from the
copy. Files: the default storage's directory, copied byte for byte (documents stay encrypted),
each with its SHA-256 in the manifest. See docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FILES = "files"


class RestoreError(Exception):
    """The backup does not match its manifest, or the target database is not empty."""


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def media_root() -> Path:
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise RestoreError(
            "The default storage is not a directory (e.g. S3): back up the bucket with the provider's tools "
            "(versioning or replication) and only the database here."
        )
    return Path(storage.location)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# --- PostgreSQL -----------------------------------------------------------------------------------------


def pg_conninfo(settings_dict: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A libpq connection string (without the password) and the environment carrying the password."""
    from psycopg.conninfo import make_conninfo

    parts = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
    }
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return make_conninfo(**{k: v for k, v in parts.items() if v}), env


def pg_row_counts(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts: dict[str, int] = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 – names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def dump_postgres(conninfo: str, env: dict[str, str], target: Path) -> dict[str, int]:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        with conn.cursor() as cursor:
            counts = pg_row_counts(cursor)
        done = subprocess.run(  # noqa: S603 – fixed argv
            [shutil.which("pg_dump") or "pg_dump", "--format=custom", "--no-owner", "--no-acl",
             f"--snapshot={snapshot[0]}", f"--file={target}", f"--dbname={conninfo}"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        conn.rollback()
    if done.returncode != 0:
        raise RestoreError(f"pg_dump failed: {done.stderr.strip()}")
    return counts


def restore_postgres(dump: Path, conninfo: str, env: dict[str, str], *, replace: bool) -> dict[str, int]:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        existing = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()
        if existing and existing[0]:
            if not replace:
                raise RestoreError(
                    "The target database is not empty: restore into a new database (createdb) or give --replace."
                )
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    done = subprocess.run(  # noqa: S603 – fixed argv
        [shutil.which("pg_restore") or "pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
         "--single-transaction", f"--dbname={conninfo}", str(dump)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RestoreError(f"pg_restore failed: {done.stderr.strip()}")
    with psycopg.connect(conninfo) as conn, conn.cursor() as cursor:
        return pg_row_counts(cursor)


# --- SQLite -----------------------------------------------------------------------------------------------


def sqlite_row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables}  # noqa: S608


def copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    with sqlite3.connect(target) as destination:
        source.backup(destination)
    destination.close()


# --- Both ------------------------------------------------------------------------------------------------


def create(target: Path, *, alias: str = "default", media: Path | None = None) -> dict[str, Any]:
    """Write a backup into the new directory ``target``; returns the manifest."""
    connection = connections[alias]
    media = media if media is not None else media_root()
    target.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        conninfo, env = pg_conninfo(connection.settings_dict)
        rows = dump_postgres(conninfo, env, target / PG_DUMP)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy_sqlite(connection.connection, target / SQLITE_COPY)
        rows = sqlite_row_counts(target / SQLITE_COPY)
    else:
        raise RestoreError(f"no backup for the database engine {connection.vendor}")
    files = file_hashes(media)
    for name in files:
        destination = target / FILES / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(media / name, destination)
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "engine": connection.vendor,
        "rows": rows,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def compare(manifest: dict[str, Any], rows: dict[str, int], files: dict[str, str]) -> list[str]:
    problems = [
        f"table {table}: {rows.get(table)} rows restored, {count} in the backup"
        for table, count in manifest["rows"].items()
        if rows.get(table) != count
    ]
    problems += [f"table {table}: not in the backup" for table in sorted(set(rows) - set(manifest["rows"]))]
    problems += [
        f"file {name}: {'missing' if name not in files else 'different content'}"
        for name, digest in manifest["files"].items()
        if files.get(name) != digest
    ]
    return problems


def restore(
    source: Path,
    *,
    replace: bool = False,
    alias: str = "default",
    media: Path | None = None,
    sqlite_path: Path | None = None,
    pg_conninfo_override: str | None = None,
) -> list[str]:
    """Restore ``source`` into the database ``alias`` (or the SQLite file ``sqlite_path``, or the
    PostgreSQL database ``pg_conninfo_override``) and the storage directory ``media``; returns the
    differences from the manifest (empty: all equal)."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise RestoreError(f"{source} holds no readable {MANIFEST}: {error}") from None
    connection = connections[alias]
    if manifest["engine"] == "postgresql":
        if pg_conninfo_override:
            conninfo, env = pg_conninfo_override, dict(os.environ)
        elif connection.vendor != "postgresql":
            raise RestoreError("The backup is of PostgreSQL; DATABASE_URL names another engine.")
        else:
            connection.close()
            conninfo, env = pg_conninfo(connection.settings_dict)
        rows = restore_postgres(source / PG_DUMP, conninfo, env, replace=replace)
    else:
        path = sqlite_path or Path(str(connection.settings_dict["NAME"]))
        if sqlite_path is None and connection.vendor != "sqlite":
            raise RestoreError("The backup is of SQLite; DATABASE_URL names another engine.")
        if path.exists() and sqlite_row_counts(path) and not replace:
            raise RestoreError(f"{path} holds tables: restore to a new path or give --replace.")
        connection.close()
        with sqlite3.connect(source / SQLITE_COPY) as backup:
            copy_sqlite(backup, path)
        rows = sqlite_row_counts(path)
    media = media if media is not None else media_root()
    stored = source / FILES
    for name in manifest["files"]:
        destination = media / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(stored / name, destination)
    restored = {name: sha256(media / name) for name in manifest["files"] if (media / name).exists()}
    return compare(manifest, rows, restored)
