"""The subsidy rules in force (§ 16e and § 16i SGB II, as amended by the Teilhabechancengesetz 2019
and the Bürgergeld-Gesetz 2023, which removed § 16i's time limit). A change in the law is a new row
with its own ``valid_from``; the old one gets ``valid_until``."""

import datetime as dt

from django.db import migrations

RULES = [
    {
        "kind": "16e",
        "valid_from": dt.date(2019, 1, 1),
        "legal_basis": "§ 16e SGB II (Eingliederung von Langzeitarbeitslosen)",
        "conditions": [
            {"code": "unemployed_months", "value": 24,
             "label": {"de": "mindestens zwei Jahre arbeitslos", "en": "unemployed for at least two years"}},
            {"code": "min_contract_months", "value": 24,
             "label": {"de": "Arbeitsverhältnis für mindestens zwei Jahre", "en": "employment for at least two years"}},
            {"code": "eligible", "value": None,
             "label": {"de": "erwerbsfähig und leistungsberechtigt nach dem SGB II",
                       "en": "able to work and entitled to SGB II benefits"}},
        ],
        "funding_percent": [75, 50],
        "max_months": 24,
        "wage_basis": "wage",
    },
    {
        "kind": "16i",
        "valid_from": dt.date(2019, 1, 1),
        "legal_basis": "§ 16i SGB II (Teilhabe am Arbeitsmarkt)",
        "conditions": [
            {"code": "min_age", "value": 25,
             "label": {"de": "mindestens 25 Jahre alt", "en": "at least 25 years old"}},
            {"code": "benefit_years", "value": {"years": 6, "window": 7, "reduced_years": 5},
             "label": {"de": "mindestens sechs der letzten sieben Jahre Leistungen nach dem SGB II "
                             "(fünf bei Schwerbehinderung oder minderjährigem Kind in der Bedarfsgemeinschaft)",
                       "en": "SGB II benefits for at least six of the last seven years (five with a severe "
                             "disability or a minor child in the household)"}},
            {"code": "little_employment", "value": None,
             "label": {"de": "in dieser Zeit nicht oder nur kurz beschäftigt oder selbstständig",
                       "en": "not or only briefly employed or self-employed in that time"}},
            {"code": "no_prior_16i", "value": None,
             "label": {"de": "noch nicht fünf Jahre nach § 16i gefördert",
                       "en": "not yet funded for five years under § 16i"}},
        ],
        "funding_percent": [100, 100, 90, 80, 70],
        "max_months": 60,
        "wage_basis": "minimum_or_agreed",
    },
]


def seed(apps, schema_editor):
    SubsidyRule = apps.get_model("employerservice", "SubsidyRule")
    for rule in RULES:
        SubsidyRule.objects.update_or_create(kind=rule["kind"], valid_from=rule["valid_from"], defaults=rule)


def unseed(apps, schema_editor):
    SubsidyRule = apps.get_model("employerservice", "SubsidyRule")
    SubsidyRule.objects.filter(valid_from=dt.date(2019, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("employerservice", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
