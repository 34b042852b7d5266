"""The flat-rate employer's share of the social-insurance contribution in subsidy instalments
(``EmployerShareRate``, recorded by the operator: no figure is shipped), the share per payment, and
the interview's link to the job exchange's employer feedback.

§ 16i Abs. 2 SGB II adds the share "abzüglich des Beitrags zur Arbeitsförderung": the seeded § 16i
rules are marked so (``DEDUCTING``); § 16e adds it in full (§ 91 Abs. 1 SGB III)."""

import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

DEDUCTING = {"16i"}


def mark_deducting(apps, schema_editor):
    SubsidyRule = apps.get_model("employerservice", "SubsidyRule")
    SubsidyRule.objects.filter(kind__in=DEDUCTING).update(employer_share_without_arbeitsfoerderung=True)


class Migration(migrations.Migration):

    dependencies = [
        ('employerservice', '0002_subsidy_rules'),
        ('jobs', '0008_search_vector_slashes'),
    ]

    operations = [
        migrations.AddField(
            model_name='interview',
            name='feedback',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='jobs.candidatefeedback'),
        ),
        migrations.AddField(
            model_name='subsidypayment',
            name='share_amount',
            field=models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=9),
        ),
        migrations.AddField(
            model_name='subsidypayment',
            name='share_percent',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        migrations.AddField(
            model_name='subsidypayment',
            name='share_source',
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name='subsidyrule',
            name='employer_share_without_arbeitsfoerderung',
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name='EmployerShareRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='gültig ab')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='gültig bis')),
                ('total_percent', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='Pauschalierter Arbeitgeberanteil am Gesamtsozialversicherungsbeitrag (Prozent)')),
                ('arbeitsfoerderung_percent', models.DecimalField(decimal_places=2, help_text='Wird bei § 16i SGB II abgezogen.', max_digits=5, verbose_name='darin enthaltener Arbeitgeberbeitrag zur Arbeitsförderung (Prozent)')),
                ('source_note', models.CharField(help_text='Woher der Wert stammt, z. B. Weisung mit Datum und Fundstelle.', max_length=500, verbose_name='Quelle')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'Pauschalierter Arbeitgeberanteil',
                'verbose_name_plural': 'Pauschalierte Arbeitgeberanteile',
                'ordering': ['-valid_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='es_share_period'), models.CheckConstraint(condition=models.Q(('arbeitsfoerderung_percent__gte', 0), ('arbeitsfoerderung_percent__lte', models.F('total_percent')), ('total_percent__lt', 100)), name='es_share_percent')],
            },
        ),
        migrations.RunPython(mark_deducting, migrations.RunPython.noop),
    ]
