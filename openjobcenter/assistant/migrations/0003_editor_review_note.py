# The staff editor (part B): the reviewer's note when a version goes back to draft.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assistant", "0002_workflow_counts_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="topicversion",
            name="review_note",
            field=models.CharField(
                blank=True,
                help_text="Warum die Fassung zurück an den Entwurf ging.",
                max_length=500,
                verbose_name="Hinweis der Prüfung",
            ),
        ),
    ]
