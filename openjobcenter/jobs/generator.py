"""Synthetic vacancies for demos and benchmarks (``manage.py generate_vacancies``).

Real KldB occupations (mostly common ones, some drawn from the whole classification), real postal
codes with their coordinates, plausible German texts from templates. Inserts in bulk: PostgreSQL
through ``COPY`` (a million rows in minutes), SQLite through ``executemany`` in large transactions.
Reproducible with ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from openjobcenter.core.models import Jobcenter
from openjobcenter.jobs import places
from openjobcenter.jobs import text as analysis
from openjobcenter.jobs.models import CompanySize, Employer, EmployerStatus, Occupation, VacancyStatus
from openjobcenter.jobs.reference import ensure_loaded

# (KldB code, job title as employers write it, skills) — common jobs in Jobcenter placements.
COMMON = [
    ("29302", "Koch/Köchin", "HACCP, Kochausbildung, Belastbarkeit"),
    ("29301", "Küchenhilfe", "Hygieneregeln, Teamfähigkeit"),
    ("63302", "Servicekraft Restaurant", "Gästeorientierung, Kassensystem"),
    ("51312", "Fachkraft für Lagerlogistik", "Staplerschein, Warenwirtschaftssystem, SAP"),
    ("51311", "Lagerhelfer/Lagerhelferin", "Staplerschein, Kommissionierung, Zuverlässigkeit"),
    ("52122", "Berufskraftfahrer/Berufskraftfahrerin", "Führerschein CE, Modul 95, Fahrerkarte"),
    ("52202", "Zugbegleiter/Zugbegleiterin", "Kundenorientierung, Englisch"),
    ("62102", "Verkäufer/Verkäuferin", "Kassenerfahrung, Kundenberatung, Warenpräsentation"),
    ("62112", "Kassierer/Kassiererin", "Kassensystem, Genauigkeit"),
    ("81302", "Pflegefachkraft", "Examen Pflege, Behandlungspflege, Dokumentation"),
    ("82101", "Pflegehelfer/Pflegehelferin", "Grundpflege, Einfühlungsvermögen"),
    ("83112", "Erzieher/Erzieherin", "staatliche Anerkennung, Sprachförderung"),
    ("71402", "Kaufmann/Kauffrau für Büromanagement", "MS Office, Korrespondenz, Terminplanung"),
    ("71302", "Sachbearbeiter/Sachbearbeiterin", "MS Office, Organisation"),
    ("54101", "Reinigungskraft", "Gebäudereinigung, Zuverlässigkeit"),
    ("25212", "Kfz-Mechatroniker/Kfz-Mechatronikerin", "Fahrzeugdiagnose, Führerschein B"),
    ("26212", "Elektroniker/Elektronikerin", "Elektroinstallation, VDE-Vorschriften"),
    ("34212", "Anlagenmechaniker/Anlagenmechanikerin SHK", "Heizungstechnik, Sanitär, Führerschein B"),
    ("24412", "Metallbauer/Metallbauerin", "Schweißen, Technisches Zeichnen"),
    ("43412", "Softwareentwickler/Softwareentwicklerin", "Python, Java, SQL, Git"),
    ("43102", "Fachinformatiker/Fachinformatikerin", "Netzwerke, Windows Server, Support"),
    ("72212", "Buchhalter/Buchhalterin", "DATEV, Finanzbuchhaltung"),
    ("92112", "Kaufmann/Kauffrau im E-Commerce", "Onlineshop, Social Media"),
    ("53112", "Fachkraft für Schutz und Sicherheit", "Sachkunde § 34a, Schichtdienst"),
    ("11102", "Landwirt/Landwirtin", "Tierhaltung, Führerschein T"),
    ("12112", "Gärtner/Gärtnerin", "Pflanzenkenntnis, Grünflächenpflege"),
    ("32112", "Maurer/Maurerin", "Mauerwerksbau, Betonarbeiten"),
    ("33102", "Maler/Malerin und Lackierer/Lackiererin", "Innenausbau, Farbgestaltung"),
    ("82312", "Friseur/Friseurin", "Haarschnitt, Kundenberatung"),
    ("63212", "Hotelfachmann/Hotelfachfrau", "Rezeption, Englisch, Buchungssystem"),
    ("52532", "Staplerfahrer/Staplerfahrerin", "Staplerschein, Lagerlogistik"),
    ("81102", "Medizinische Fachangestellte", "Praxissoftware, Terminvergabe, Blutabnahme"),
    ("73202", "Verwaltungsfachangestellte", "Verwaltungsrecht, MS Office"),
]
COMPANY_STEMS = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schulz",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Maier",
    "Herrmann",
    "König",
    "Walter",
    "Peters",
]
COMPANY_KINDS = [
    "Logistik GmbH",
    "Gastronomie GmbH & Co. KG",
    "Pflegedienst gGmbH",
    "Bau GmbH",
    "Handel KG",
    "Haustechnik GmbH",
    "IT-Systeme GmbH",
    "Gebäudeservice GmbH",
    "Autohaus GmbH",
    "Kita gGmbH",
    "Steuerberatung",
    "Metallbau GmbH",
    "Hotel & Restaurant",
    "Transporte e. K.",
    "Elektrotechnik GmbH",
]
INTROS = [
    "Wir sind ein familiengeführtes Unternehmen in {place} und suchen Verstärkung für unser Team.",
    "Für unseren Standort in {place} suchen wir ab sofort eine engagierte Persönlichkeit.",
    "Unser wachsendes Team in {place} freut sich auf Ihre Bewerbung.",
    "Seit über 20 Jahren sind wir in der Region {place} tätig und bieten sichere Arbeitsplätze.",
]
TASKS = [
    "Zu Ihren Aufgaben gehören die selbstständige Erledigung der täglichen Arbeiten als {job} und die enge Abstimmung im Team.",
    "Sie arbeiten als {job} in einem freundlichen Team und übernehmen Verantwortung für Ihren Bereich.",
    "Als {job} unterstützen Sie unsere Kundinnen und Kunden zuverlässig und mit Freude.",
]
OFFERS = [
    "Wir bieten eine faire Bezahlung nach Tarif, 30 Tage Urlaub und ein Jobticket.",
    "Sie erwartet eine gründliche Einarbeitung, flexible Arbeitszeiten und Weiterbildungsmöglichkeiten.",
    "Wir bieten einen sicheren Arbeitsplatz, betriebliche Altersvorsorge und ein gutes Betriebsklima.",
    "Quereinsteigerinnen und Quereinsteiger sind willkommen; wir arbeiten Sie gründlich ein.",
]
REQUIREMENTS = [
    "Abgeschlossene Berufsausbildung oder vergleichbare Erfahrung. Deutschkenntnisse mindestens B1.",
    "Erste Berufserfahrung wünschenswert, Zuverlässigkeit und Teamfähigkeit.",
    "Freude an der Arbeit mit Menschen, Pünktlichkeit und Sorgfalt.",
    "Führerschein Klasse B von Vorteil, Bereitschaft zur Weiterbildung.",
]
INCLUSION = [
    "",
    "",
    "Barrierefreier Arbeitsplatz. Bewerbungen schwerbehinderter Menschen sind ausdrücklich erwünscht.",
    "Arbeitszeiten können an Kita- und Schulzeiten angepasst werden.",
]
REBUILD_INDEX_FROM = 50_000
WORKING_TIMES = (("full_time", 0.6), ("part_time", 0.3), ("mini_job", 0.1))

COLUMNS = [
    "jobcenter_id", "employer_id", "title", "description", "occupation_id", "postal_code", "place", "lat", "lon",
    "working_time", "hours_per_week", "shifts", "remote_share", "fixed_term", "fixed_term_months", "start_date",
    "requirements", "skills", "pay_min", "pay_max", "pay_period", "inclusion_notes", "suitable_part_time_training",
    "suitable_single_parents", "status", "published_at", "expires_on", "created_at", "updated_at", "search_text",
    "search_stems",
]  # fmt: skip


@dataclass
class Pools:
    occupations: list[tuple[str, str, str, str]]  # code, title, skills, occupation title
    postal_codes: list[tuple[str, str, float, float]]
    employers: list[tuple[int, str]]


def _pools(jobcenter: Jobcenter, rng: random.Random, employer_count: int) -> Pools:
    ensure_loaded()
    titles = dict(Occupation.objects.filter(level=5).values_list("code", "short_title"))
    common = [(code, title, skills, titles[code]) for code, title, skills in COMMON if code in titles]
    others = [(code, title.split(" - ")[0], "", title) for code, title in titles.items()]
    occupations = common * 20 + rng.sample(others, min(len(others), 300))
    return Pools(occupations, places.all_postal_codes(), _employers(jobcenter, rng, employer_count))


def _employers(jobcenter: Jobcenter, rng: random.Random, count: int) -> list[tuple[int, str]]:
    """Synthetic confirmed companies (reused on the next run)."""
    existing = list(
        Employer.objects.for_tenant(jobcenter)
        .filter(status=EmployerStatus.CONFIRMED, contact_email__endswith="@generated.example")
        .values_list("pk", "name")[:count]
    )
    missing = count - len(existing)
    if missing > 0:
        postal = places.all_postal_codes()
        new = []
        for index in range(missing):
            plz, place, _lat, _lon = rng.choice(postal)
            name = f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_KINDS)} ({len(existing) + index + 1})"
            new.append(
                Employer(
                    jobcenter=jobcenter,
                    name=name,
                    street=f"Hauptstraße {rng.randint(1, 120)}",
                    postal_code=plz,
                    city=place,
                    contact_name="Personalabteilung",
                    contact_email=f"jobs{len(existing) + index + 1}@generated.example",
                    size=rng.choice(CompanySize.values),
                    description="Synthetisches Unternehmen für Demo und Lasttests.",
                    status=EmployerStatus.CONFIRMED,
                    decided_at=timezone.now(),
                )
            )
        Employer.all_tenants.bulk_create(new, batch_size=1000)
        existing = list(
            Employer.objects.for_tenant(jobcenter)
            .filter(status=EmployerStatus.CONFIRMED, contact_email__endswith="@generated.example")
            .values_list("pk", "name")[:count]
        )
    return existing


def _rows(jobcenter: Jobcenter, pools: Pools, rng: random.Random, count: int, *, stems: bool) -> Iterator[list[Any]]:
    now = timezone.now()
    today = timezone.localdate()
    for _index in range(count):
        code, job, skills, occupation_title = rng.choice(pools.occupations)
        plz, place, lat, lon = rng.choice(pools.postal_codes)
        employer_id, _employer_name = rng.choice(pools.employers)
        working_time = rng.choices([w for w, _p in WORKING_TIMES], [p for _w, p in WORKING_TIMES])[0]
        title = f"{job} (m/w/d)" + (" in Teilzeit" if working_time == "part_time" else "")
        title += " – Minijob" if working_time == "mini_job" else ""
        description = "\n\n".join(
            (
                rng.choice(INTROS).format(place=place),
                rng.choice(TASKS).format(job=job),
                rng.choice(OFFERS),
            )
        )
        requirements = rng.choice(REQUIREMENTS)
        published = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        pay = rng.random() < 0.5
        pay_min = rng.choice((13.5, 14, 15, 16.5, 18, 21)) if pay else None
        search_text = " ".join((occupation_title, skills, requirements, place))
        search_stems = (
            f"{analysis.stems(title)} {analysis.stems(title)} {analysis.stems(search_text)} {analysis.stems(description)}"
            if stems
            else ""
        )
        yield [
            jobcenter.pk, employer_id, title, description, code, plz, place, lat, lon, working_time,
            {"full_time": 40, "part_time": rng.choice((20, 25, 30)), "mini_job": 8}[working_time],
            rng.random() < 0.2, rng.choice((0, 0, 0, 20, 50)), rng.random() < 0.3, 12, None,
            requirements, skills, pay_min, (pay_min + 4) if pay_min else None, "hour" if pay else "",
            rng.choice(INCLUSION), rng.random() < 0.1, rng.random() < 0.2, VacancyStatus.PUBLISHED, published,
            today + dt.timedelta(days=rng.randint(1, 120)), published, published, search_text, search_stems,
        ]  # fmt: skip


def generate(jobcenter: Jobcenter, count: int, *, seed: int = 2010, batch: int = 20000) -> int:
    """Insert ``count`` published vacancies of synthetic employers into ``jobcenter``."""
    rng = random.Random(seed)
    pools = _pools(jobcenter, rng, employer_count=max(1, min(5000, count // 40)))
    postgres = connection.vendor == "postgresql"
    rows = _rows(jobcenter, pools, rng, count, stems=not postgres)
    # A large load into PostgreSQL is faster without the GIN index, built once afterwards.
    rebuild = postgres and count >= REBUILD_INDEX_FROM
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS jobs_vacancy_search")
    written = 0
    try:
        while written < count:
            chunk = [next(rows) for _ in range(min(batch, count - written))]
            with transaction.atomic():
                if postgres:
                    _copy(chunk)
                else:
                    _insert(chunk)
            written += len(chunk)
    finally:
        if rebuild:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS jobs_vacancy_search ON jobs_vacancy USING GIN (search_vector)"
                )
    return written


def _copy(chunk: list[list[Any]]) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY is not part of the DB-API
        with raw.copy(f"COPY jobs_vacancy ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in chunk:
                copy.write_row(row)


def _insert(chunk: list[list[Any]]) -> None:
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO jobs_vacancy ({', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 – fixed column names
    with connection.cursor() as cursor:
        cursor.executemany(sql, chunk)
