"""Backup and restore (issue 13): a backup restored into a fresh database and a fresh storage
directory has the same row count in every table and the same SHA-256 for every file; the
documents stay encrypted and decrypt again after the restore. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from openjobcenter.casefile.services.encryption import decrypt, encrypt
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.core.services import backups

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_target(tmp_path: Path) -> Iterator[dict[str, object]]:
    """Where to restore: a new SQLite file, or a new PostgreSQL database dropped afterwards."""
    if connection.vendor == "sqlite":
        yield {"sqlite_path": tmp_path / "restored.sqlite3"}
        return
    import psycopg
    from psycopg import sql

    conninfo, _env = backups.pg_conninfo(connection.settings_dict)
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    admin = psycopg.conninfo.make_conninfo(conninfo, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {"pg_conninfo_override": psycopg.conninfo.make_conninfo(conninfo, dbname=name)}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def some_data(media: Path) -> dict[str, bytes]:
    jobcenter = Jobcenter.objects.create(
        slug="sicherung", name="Jobcenter Sicherung", street="Weg 1", postal_code="12345", city="Musterstadt"
    )
    for n in range(3):
        Location.all_tenants.create(
            jobcenter=jobcenter, name=f"Standort {n}", street="Weg 1", postal_code="12345", city="Musterstadt"
        )
    plain = {f"casefile/{jobcenter.pk}/{uuid.uuid4()}": f"Bescheid Nr. {n} – Ä Ö Ü".encode() * 50 for n in range(3)}
    for name, text in plain.items():
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encrypt(text, binding=name).data)
    return plain


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    tmp_path: Path, fresh_target: dict[str, object]
) -> None:
    media = tmp_path / "media"
    plain = some_data(media)

    manifest = backups.create(tmp_path / "backup", media=media)

    assert manifest["rows"]["core_jobcenter"] >= 1
    assert manifest["rows"]["core_location"] >= 3
    assert set(manifest["files"]) == set(plain)
    for name, text in plain.items():  # stored as they were: encrypted, not plain text
        assert text not in (tmp_path / "backup" / "files" / name).read_bytes()

    restored_media = tmp_path / "restored-media"
    problems = backups.restore(tmp_path / "backup", media=restored_media, **fresh_target)  # type: ignore[arg-type]

    assert problems == []
    assert backups.file_hashes(restored_media) == manifest["files"]
    for name, text in plain.items():
        assert decrypt((restored_media / name).read_bytes(), binding=name) == text


def test_restore_reports_a_damaged_file_and_refuses_a_database_that_is_not_empty(
    tmp_path: Path, fresh_target: dict[str, object]
) -> None:
    media = tmp_path / "media"
    plain = some_data(media)
    backups.create(tmp_path / "backup", media=media)
    damaged = next(iter(plain))
    (tmp_path / "backup" / "files" / damaged).write_bytes(b"kaputt")

    problems = backups.restore(tmp_path / "backup", media=tmp_path / "restored-media", **fresh_target)  # type: ignore[arg-type]

    assert problems == [f"file {damaged}: different content"]
    with pytest.raises(backups.RestoreError, match=r"not empty|holds tables"):
        backups.restore(tmp_path / "backup", media=tmp_path / "again", **fresh_target)  # type: ignore[arg-type]
