"""Loads KldB 2010 occupations and their everyday titles (ESCO via ISCO-08) from ``jobs/data``."""

from typing import Any

from django.db import migrations


def load_reference_data(apps: Any, schema_editor: Any) -> None:
    from openjobcenter.jobs.reference import load

    load(apps.get_model("jobs", "Occupation"), apps.get_model("jobs", "OccupationLabel"))


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
