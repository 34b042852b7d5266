"""The full-text index of vacancies, different per database (outside Django's model state).

PostgreSQL: a stored generated ``tsvector`` (``german`` configuration; the title weighted A,
``search_text`` B, the description C) with a GIN index. SQLite: an FTS5 table over ``search_stems`` (stemmed in Python with
Snowball German), kept in sync by triggers.
"""

from typing import Any

from django.db import migrations

POSTGRES = [
    """ALTER TABLE jobs_vacancy ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', coalesce(title, '')), 'A')
        || setweight(to_tsvector('german', coalesce(search_text, '')), 'B')
        || setweight(to_tsvector('german', coalesce(description, '')), 'C')) STORED""",
    "CREATE INDEX jobs_vacancy_search ON jobs_vacancy USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS jobs_vacancy_search",
    "ALTER TABLE jobs_vacancy DROP COLUMN IF EXISTS search_vector",
]
SQLITE = [
    """CREATE VIRTUAL TABLE jobs_vacancy_fts USING fts5(
        search_stems, content='jobs_vacancy', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER jobs_vacancy_fts_insert AFTER INSERT ON jobs_vacancy BEGIN
        INSERT INTO jobs_vacancy_fts(rowid, search_stems) VALUES (new.id, new.search_stems); END""",
    """CREATE TRIGGER jobs_vacancy_fts_delete AFTER DELETE ON jobs_vacancy BEGIN
        INSERT INTO jobs_vacancy_fts(jobs_vacancy_fts, rowid, search_stems)
        VALUES ('delete', old.id, old.search_stems); END""",
    """CREATE TRIGGER jobs_vacancy_fts_update AFTER UPDATE OF search_stems ON jobs_vacancy BEGIN
        INSERT INTO jobs_vacancy_fts(jobs_vacancy_fts, rowid, search_stems)
        VALUES ('delete', old.id, old.search_stems);
        INSERT INTO jobs_vacancy_fts(rowid, search_stems) VALUES (new.id, new.search_stems); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS jobs_vacancy_fts_update",
    "DROP TRIGGER IF EXISTS jobs_vacancy_fts_delete",
    "DROP TRIGGER IF EXISTS jobs_vacancy_fts_insert",
    "DROP TABLE IF EXISTS jobs_vacancy_fts",
]


def _run(schema_editor: Any, *, forwards: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = POSTGRES if forwards else POSTGRES_DROP
    elif vendor == "sqlite":
        statements = SQLITE if forwards else SQLITE_DROP
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, forwards=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, backwards)]
