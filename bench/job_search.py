"""Vacancy search at national scale: p50/p95 of a realistic query mix, indexed against unindexed scans.

Sets up its own database (PostgreSQL: drops and creates ``oj_bench_jobs``; SQLite: a temporary
file), migrates, generates N vacancies with ``openjobcenter.jobs.generator`` (the code behind
``manage.py generate_vacancies``), then runs the production search (``jobs.services.search.search``:
the count and the first page of 20, as the API and the search page do) for a fixed mix of queries:

- text only ("Köchin", "Lagerhelfer Staplerschein", …),
- text + radius (a city's postal code, 10–50 km),
- radius + filters (working time, published in the last 7/14/30 days, sorted by distance).

Baseline, measured in the same run on the same data: the same queries as unindexed scans —
PostgreSQL with ``enable_indexscan``, ``enable_bitmapscan`` and ``enable_indexonlyscan`` off (so
the GIN and lat/lon indexes cannot be used); SQLite with ``indexed=False`` (a LIKE scan over the
stems instead of FTS5, lat/lon wrapped so their indexes cannot be used). The baseline runs fewer
queries (it is slow); both sides run the same first queries of the mix.

    .venv/bin/python bench/job_search.py                                   # PostgreSQL, 1,000,000
    .venv/bin/python bench/job_search.py --count 200000
    .venv/bin/python bench/job_search.py --database sqlite                 # 200,000 on SQLite
    .venv/bin/python bench/job_search.py --reuse                           # keep the data of a previous run

``--rank`` adds matching: p50/p95 of "the best 50 vacancies for a candidate"
(``jobs.services.matching.best_vacancies``: the SQL prefilter on occupation codes, bounding box and
working time, then the score in Python) for a mix of synthetic candidates (occupations taken from the
generated vacancies, a city, a radius of 10–50 km, accepted working times, sometimes childcare), beside
the baseline of scoring every published vacancy in Python (``best_vacancies_baseline``), also
checking that both give the same best 50. ``--skip-search`` leaves out the search mix.

    .venv/bin/python bench/job_search.py --database sqlite --rank --skip-search --reuse

Only this machine; every loop is bounded (``--queries``, ``--baseline-queries``, ``--max-seconds``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench"

TEXTS = [
    "Köchin", "Koch", "Lagerhelfer Staplerschein", "Pflegefachkraft", "Verkäuferin", "Erzieherin",
    "Fachinformatiker", "Reinigungskraft", "Berufskraftfahrer", "Elektroniker", "Buchhalterin DATEV",
    "Servicekraft Restaurant", "Medizinische Fachangestellte", "Kassiererin", "Friseurin", "Gärtner",
]  # fmt: skip
CITIES = ["10115", "20095", "80331", "50667", "60311", "70173", "40210", "04109", "30159", "90402", "01067", "28195"]
RADII = ["10", "25", "50"]
WORKING_TIMES = ["full_time", "part_time", "mini_job"]


def query_mix(count: int, seed: int) -> list[tuple[str, dict[str, str]]]:
    rng = random.Random(seed)
    mix: list[tuple[str, dict[str, str]]] = []
    for index in range(count):
        kind = ("text", "text+radius", "radius+filters")[index % 3]
        if kind == "text":
            params = {"q": rng.choice(TEXTS)}
        elif kind == "text+radius":
            params = {"q": rng.choice(TEXTS), "plz": rng.choice(CITIES), "radius_km": rng.choice(RADII)}
        else:
            params = {
                "plz": rng.choice(CITIES),
                "radius_km": rng.choice(RADII),
                "working_time": rng.choice(WORKING_TIMES),
                "sort": "distance",
            }
            if rng.random() < 0.5:
                params["published_within_days"] = rng.choice(["7", "14", "30"])
        mix.append((kind, params))
    return mix


# --- Database ---------------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def reset_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1", "test"}:
        raise SystemExit(f"refusing to reset the database {name!r}: give a benchmark database in --database-url")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="openjobcenter.settings",
        DATABASE_URL=url,
        DEMO="on",
        DEBUG="off",
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("OJC_TESTING", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(count: int, *, reuse: bool) -> Any:
    from django.core.management import call_command
    from django.db import connection

    from openjobcenter.core.models import Jobcenter
    from openjobcenter.jobs.generator import generate
    from openjobcenter.jobs.models import Vacancy

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate:   {time.perf_counter() - started:.1f} s")
    jobcenter, _created = Jobcenter.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "Jobcenter Lasttest", "street": "Messeweg 1", "postal_code": "40474", "city": "Düsseldorf",
                  "phone": "0211 000-0", "email": "kontakt@lasttest.example"},
    )  # fmt: skip
    existing = Vacancy.objects.for_tenant(jobcenter).count()
    if reuse and existing >= count:
        print(f"data:      {existing:,} vacancies kept from a previous run")
        return jobcenter
    started = time.perf_counter()
    generate(jobcenter, count - existing if reuse else count)
    seconds = time.perf_counter() - started
    print(f"generate:  {count:,} vacancies in {seconds:.0f} s ({count / seconds:,.0f} per second)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE jobs_vacancy")
    print(f"analyze:   {time.perf_counter() - started:.1f} s")
    return jobcenter


@contextmanager
def unindexed_postgres() -> Any:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        yield


# --- Measuring --------------------------------------------------------------------------------------


def measure(
    run: Callable[[dict[str, str]], int], mix: list[tuple[str, dict[str, str]]], deadline: float
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"all": []}
    for kind, params in mix:
        if time.monotonic() > deadline:
            print("  (time limit reached; fewer queries measured)")
            break
        started = time.perf_counter()
        run(params)
        elapsed = (time.perf_counter() - started) * 1000
        times.setdefault(kind, []).append(elapsed)
        times["all"].append(elapsed)
    return times


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(indexed: dict[str, list[float]], baseline: dict[str, list[float]]) -> None:
    print()
    print(
        f"{'query kind':<16}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}  |{'n':>4}{'base p50':>11}{'base p95':>11}  |{'speed-up p50':>13}{'p95':>8}"
    )
    for kind in ("text", "text+radius", "radius+filters", "all"):
        a, b = indexed.get(kind, []), baseline.get(kind, [])
        if not a:
            continue
        a50, a95 = percentile(a, 50), percentile(a, 95)
        line = f"{kind:<16}{len(a):>5}{a50:>10.1f}{a95:>10.1f}  |"
        if b:
            b50, b95 = percentile(b, 50), percentile(b, 95)
            line += f"{len(b):>4}{b50:>11.1f}{b95:>11.1f}  |{b50 / a50:>12.1f}x{b95 / a95:>7.1f}x"
        print(line)


def seekers(jobcenter: Any, count: int, seed: int) -> list[Any]:
    """Synthetic candidates: wished occupations taken from the generated vacancies, a city, a radius."""
    from openjobcenter.core import geo
    from openjobcenter.jobs.models import Vacancy
    from openjobcenter.jobs.services.matching import Seeker, _stem_set, skill_items

    rng = random.Random(seed)
    ids = Vacancy.objects.for_tenant(jobcenter).order_by("id").values_list("id", flat=True)
    first, last = ids.first() or 0, ids.last() or 0
    sample = list(
        Vacancy.objects.for_tenant(jobcenter)
        .filter(id__in=[rng.randint(first, last) for _ in range(count * 3)])
        .values_list("occupation_id", "skills")
    )
    result = []
    for index in range(count):
        occupation, skills = sample[index % len(sample)]
        times = rng.choice([["full_time"], ["full_time", "part_time"], ["part_time", "mini_job"], WORKING_TIMES])
        childcare = rng.choice(["", "", "", "mornings", "school_hours"])
        result.append(
            Seeker(
                occupations=[occupation] + ([sample[(index + 7) % len(sample)][0]] if rng.random() < 0.3 else []),
                skills=skill_items(skills), skill_stems=_stem_set(skills), centre=geo.coordinates(rng.choice(CITIES)),
                radius_km=int(rng.choice(RADII)), working_times=times, max_hours=rng.choice([None, None, 30]),
                accepts_shifts=not childcare, childcare=childcare, available_from=None,
            )
        )  # fmt: skip
    return result


def rank(jobcenter: Any, args: argparse.Namespace) -> None:
    from openjobcenter.jobs.services.matching import best_vacancies, best_vacancies_baseline

    candidates = seekers(jobcenter, args.rank_queries, args.seed)
    for seeker in candidates[:5]:  # warm-up
        best_vacancies(jobcenter, seeker)
    print(f"\nranking:   best 50 vacancies for {len(candidates)} candidates, baseline {args.rank_baseline_queries}")
    times: list[float] = []
    sizes: list[int] = []
    deadline = time.monotonic() + args.max_seconds
    for seeker in candidates:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        found = best_vacancies(jobcenter, seeker)
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(found))
    base_times: list[float] = []
    same = 0
    for seeker in candidates[: args.rank_baseline_queries]:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        slow = best_vacancies_baseline(jobcenter, seeker)
        base_times.append((time.perf_counter() - started) * 1000)
        fast = best_vacancies(jobcenter, seeker)
        same += [m.score for m in fast] == [m.score for m in slow]
    a50, a95 = percentile(times, 50), percentile(times, 95)
    print(
        f"{'ranking':<16}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}  |{'n':>4}{'base p50':>11}{'base p95':>11}  |{'speed-up p50':>13}{'p95':>8}"
    )
    line = f"{'best 50':<16}{len(times):>5}{a50:>10.1f}{a95:>10.1f}  |"
    if base_times:
        b50, b95 = percentile(base_times, 50), percentile(base_times, 95)
        line += f"{len(base_times):>4}{b50:>11.1f}{b95:>11.1f}  |{b50 / a50:>12.1f}x{b95 / a95:>7.1f}x"
    print(line)
    print(
        f"results per candidate: median {statistics.median(sizes):.0f}; same best scores as the baseline: {same} of {len(base_times)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oj_bench_jobs"),
        help="PostgreSQL database to DROP and create anew (default: %(default)s)",
    )
    parser.add_argument(
        "--count", type=int, default=0, help="vacancies (default 1,000,000 on PostgreSQL, 200,000 on SQLite)"
    )
    parser.add_argument("--queries", type=int, default=300, help="indexed queries in the mix (default 300)")
    parser.add_argument("--baseline-queries", type=int, default=30, help="baseline queries (default 30)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-seconds", type=float, default=900, help="time limit of each measuring phase")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a previous run (no reset)")
    parser.add_argument("--rank", action="store_true", help="also measure matching: the best 50 for a candidate")
    parser.add_argument("--rank-queries", type=int, default=100, help="candidates ranked (default 100)")
    parser.add_argument("--rank-baseline-queries", type=int, default=5, help="baseline rankings (default 5)")
    parser.add_argument("--skip-search", action="store_true", help="leave out the search mix")
    args = parser.parse_args()
    count = args.count or (1_000_000 if args.database == "postgres" else 200_000)

    if args.database == "postgres":
        url = args.database_url
        if not args.reuse:
            reset_postgres(url)
    else:
        path = Path(tempfile.gettempdir()) / "oj_bench_jobs.sqlite3"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    setup_django(url)

    from django.db import connection

    from openjobcenter.jobs.services.search import parse, search

    print(
        f"database:  {connection.vendor} ({url.rsplit('@', 1)[-1]}); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    jobcenter = prepare(count, reuse=args.reuse)
    mix = query_mix(args.queries, args.seed)

    def indexed(params: dict[str, str]) -> int:
        return search(jobcenter, parse(params)).count

    def unindexed(params: dict[str, str]) -> int:
        if connection.vendor == "postgresql":
            with unindexed_postgres():
                return search(jobcenter, parse(params)).count
        return search(jobcenter, parse(params), indexed=False).count

    if not args.skip_search:
        # Warm-up: the same first queries once, so both sides start from a warm cache.
        for _kind, params in mix[:10]:
            indexed(params)
        print(f"measuring: {len(mix)} indexed queries, {args.baseline_queries} baseline queries (same mix, first ones)")
        indexed_times = measure(indexed, mix, time.monotonic() + args.max_seconds)
        baseline_times = measure(unindexed, mix[: args.baseline_queries], time.monotonic() + args.max_seconds)
        report(indexed_times, baseline_times)
        sample = [(params, indexed(params)) for _kind, params in mix[:3]]
        print("\nsample counts: " + "; ".join(f"{p} → {n:,}" for p, n in sample))
    if args.rank:
        rank(jobcenter, args)
    print(f"load average after: {os.getloadavg()[0]:.1f} (other processes on this machine skew the figures)")


if __name__ == "__main__":
    main()
