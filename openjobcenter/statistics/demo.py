"""Demo data: real annual figures per Kreis and Land 2015–2020, and the demo Jobcenters' districts.

Idempotent: loading again replaces the annual figures and keeps everything else. Called by
``python manage.py load_labour_market_demo`` (and from the project's demo loader).
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from openjobcenter.core.models import Jobcenter
from openjobcenter.statistics.models import LabourMarketFigure, LabourMarketImport, Period, StatisticsSettings

DATA_FILE = Path(__file__).parent / "data" / "regionalstatistik_13211-02-05-4_arbeitslose_2015_2020.csv"
ATTRIBUTION = (
    "© Statistische Ämter des Bundes und der Länder, Deutschland, 2021 (Regionaldatenbank, Tabelle "
    "13211-02-05-4); Datenlizenz Deutschland – Namensnennung – Version 2.0; Daten: Statistik der "
    "Bundesagentur für Arbeit; eigene Aufbereitung"
)
# The demo Jobcenters are fictional; they report on real districts: "demo" on the Kreis Bergstraße
# (the example), "nord" (PLZ 24…) on the Kreis Schleswig-Flensburg.
DEMO_DISTRICTS = {"demo": ["06431"], "nord": ["01059"]}


def _figures(record: LabourMarketImport) -> list[LabourMarketFigure]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    states = {row["regionalschluessel"]: row["name"] for row in rows if row["ebene"] == "land"}
    figures = []
    for row in rows:
        if row["ebene"] not in ("land", "kreis") or not row["arbeitslose"]:
            continue
        try:
            rate = Decimal(row["alq_alle_zivilen_ep"]) if row["alq_alle_zivilen_ep"] else None
        except InvalidOperation:
            rate = None
        ags = row["regionalschluessel"]
        figures.append(
            LabourMarketFigure(
                ags=ags,
                region=row["name"],
                state=states.get(ags[:2], ""),
                period=Period.YEAR,
                month=dt.date(int(row["jahr"]), 1, 1),
                unemployed=int(row["arbeitslose"]),
                published_rate=rate,
                source_import=record,
            )
        )
    return figures


def load_demo_statistics() -> dict[str, int]:
    with transaction.atomic():
        LabourMarketFigure.objects.filter(period=Period.YEAR).delete()
        LabourMarketImport.objects.filter(filename=DATA_FILE.name, figures__isnull=True).delete()
        record = LabourMarketImport.objects.create(filename=DATA_FILE.name, source=ATTRIBUTION)
        figures = LabourMarketFigure.objects.bulk_create(_figures(record), batch_size=500)
        record.imported = len(figures)
        record.report = {"note": "Jahresdurchschnitte 2015–2020 (Demo-Daten)"}
        record.save(update_fields=["imported", "report"])
        for slug, districts in DEMO_DISTRICTS.items():
            jobcenter = Jobcenter.objects.filter(slug=slug).first()
            if jobcenter is not None:
                StatisticsSettings.all_tenants.update_or_create(jobcenter=jobcenter, defaults={"districts": districts})
    return {"labour_market_figures": len(figures)}
