"""Search indexes over published vacancies only (PostgreSQL; outside Django's model state like
migration 0003). Drafts and expired vacancies pile up over the years; the search never shows them.

- ``jobs_vacancy_search_live``: GIN over the ``tsvector``.
- ``jobs_vacancy_geo_live``: GiST over ``point(lon, lat)`` carrying every column that radius
  searches filter and sort on, so that their count and the ids of a page come from an index-only
  scan of the bounding box (no heap visit per vacancy in the box).
"""

from typing import Any

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS jobs_vacancy_search_live ON jobs_vacancy USING GIN (search_vector)"
    " WHERE status = 'published'",
    "CREATE INDEX IF NOT EXISTS jobs_vacancy_geo_live ON jobs_vacancy USING GIST (point(lon, lat))"
    " INCLUDE (id, jobcenter_id, lat, lon, working_time, occupation_id, published_at, expires_on)"
    " WHERE status = 'published'",
]
DROP = ["DROP INDEX IF EXISTS jobs_vacancy_geo_live", "DROP INDEX IF EXISTS jobs_vacancy_search_live"]


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0006_remote_index")]

    operations = [migrations.RunPython(forwards, backwards)]
