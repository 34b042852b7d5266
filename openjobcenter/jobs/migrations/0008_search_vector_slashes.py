"""Slashes split words in the PostgreSQL search vector: "Koch/Köchin (m/w/d)" is two words.

PostgreSQL's default parser reads "Koch/Köchin" as one file-path token, so the title of the most
common way German job ads are written matched neither "Koch" nor "Köchin" (only the occupation text
and the description did, with lower weights). The generated column now replaces "/" by a space
before parsing. Dropping the column drops its two GIN indexes (0003, 0007); both are rebuilt.
SQLite stems in Python (``jobs.text``), which already splits at slashes.
"""

from typing import Any

from django.db import migrations


def _column(clean: bool) -> str:
    def part(field: str, weight: str) -> str:
        value = f"coalesce({field}, '')"
        if clean:
            value = f"translate({value}, '/', ' ')"
        return f"setweight(to_tsvector('german', {value}), '{weight}')"

    parts = " || ".join([part("title", "A"), part("search_text", "B"), part("description", "C")])
    return f"ALTER TABLE jobs_vacancy ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({parts}) STORED"


def _statements(clean: bool) -> list[str]:
    return [
        "ALTER TABLE jobs_vacancy DROP COLUMN IF EXISTS search_vector",
        _column(clean),
        "CREATE INDEX IF NOT EXISTS jobs_vacancy_search ON jobs_vacancy USING GIN (search_vector)",
        "CREATE INDEX IF NOT EXISTS jobs_vacancy_search_live ON jobs_vacancy USING GIN (search_vector)"
        " WHERE status = 'published'",
    ]


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(clean=True):
            schema_editor.execute(statement)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(clean=False):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0007_search_live_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
