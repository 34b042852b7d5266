"""Triggers that reject UPDATE and DELETE on audit entries (see openjobcenter/audit/guards.py).

SQLite loses a table's triggers when a migration rebuilds the table: any later migration that
alters AuditEntry must re-install them the same way (RunPython(install_guards, remove_guards)).
"""

from django.db import migrations

from openjobcenter.audit import guards


def install_guards(apps, schema_editor):
    model = apps.get_model("audit", "AuditEntry")
    guards.install(schema_editor.connection, guards.columns_of(model))


def remove_guards(apps, schema_editor):
    guards.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install_guards, remove_guards, elidable=False)]
