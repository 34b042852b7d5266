"""Vacancy search: free text with German stemming, radius around a postal code, filters, sorting.

Text: PostgreSQL matches the stored ``search_vector`` (``german`` configuration, GIN index) and
ranks with ``ts_rank``; SQLite matches the FTS5 table ``jobs_vacancy_fts`` over Python-made
Snowball stems and ranks with ``bm25``. Query words are reduced to letters and digits, so quotes,
operators and brackets can never reach the database's query syntax.

Radius: a bounding box first (PostgreSQL: ``point(lon, lat)`` on a GiST index of published
vacancies that carries the filtered columns, so counts and page ids need no heap visit; SQLite: the
``lat``/``lon`` indexes), then the distance on an equirectangular projection around the centre
(error below 0.5 % up to the 200 km maximum), which also orders by distance. The distance shown is
the great-circle distance. A page is read as ids first (narrow, index-only where possible), then
those rows.

Scale (about a million vacancies): every text match costs a heap visit, so broad words ("Koch")
are bounded twice. The count is exact up to ``COUNT_CAP`` and otherwise reported as a lower bound
(``Results.count_is_lower_bound``). On PostgreSQL, when more than ``RANK_ALL`` vacancies match,
only the matches among the newest vacancies (a window sized for about ``RANK_CANDIDATES`` of them)
are ranked by ``ts_rank``; older matches follow by date. Pages beyond the ranked ones stay
consistent: ranked candidates first, then the rest, newest first.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet, Value
from django.db.models.expressions import ExpressionWrapper, RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.core import geo
from openjobcenter.core.models import Jobcenter
from openjobcenter.jobs import text as analysis
from openjobcenter.jobs.models import Occupation, Vacancy, VacancyStatus, WorkingTime

PER_PAGE = 20
MAX_PAGE = 500
MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 200
DEFAULT_RADIUS_KM = 25
PUBLISHED_WITHIN_DAYS = (1, 7, 14, 30)
SORTS = ("relevance", "distance", "date")
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
COUNT_CAP = 10_000  # counted exactly up to here; beyond, "more than 10,000"
RANK_ALL = 2_000  # up to this many text matches, all are ranked (PostgreSQL)
RANK_CANDIDATES = 500  # otherwise about this many of the newest matches are ranked ...
RANK_WINDOW_MIN = 5_000  # ... from a window of the newest published vacancies of this size
RANK_WINDOW_MAX = 100_000
LIVE_TOTAL_SECONDS = 600


class SearchError(Exception):
    """Invalid search input: ``fields`` maps a parameter to its messages (already translated)."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(fields)
        self.fields = fields


@dataclass(frozen=True)
class Criteria:
    text: str = ""
    postal_code: str = ""
    radius_km: int = DEFAULT_RADIUS_KM
    working_time: str = ""
    occupation: str = ""
    published_within_days: int | None = None
    sort: str = ""

    @property
    def centre(self) -> geo.Coordinates | None:
        return geo.coordinates(self.postal_code) if self.postal_code else None

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        if analysis.query_terms(self.text):
            return "relevance"
        return "distance" if self.postal_code else "date"

    def as_params(self) -> dict[str, str]:
        """The criteria as query parameters (for links, saved searches)."""
        params = {
            "q": self.text,
            "plz": self.postal_code,
            "radius_km": str(self.radius_km) if self.postal_code else "",
            "working_time": self.working_time,
            "occupation": self.occupation,
            "published_within_days": str(self.published_within_days or ""),
            "sort": self.sort,
        }
        return {key: value for key, value in params.items() if value}


@dataclass
class Hit:
    vacancy: Vacancy
    distance_km: float | None


@dataclass
class Results:
    criteria: Criteria
    count: int
    page: int
    hits: list[Hit] = field(default_factory=list)
    # True when more than ``count`` (= ``COUNT_CAP``) vacancies match: the count was capped.
    count_is_lower_bound: bool = False

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, math.ceil(self.count / PER_PAGE)))


def _integer(raw: str, name: str, errors: dict[str, list[str]], message: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 6:
        errors.setdefault(name, []).append(message)
        return None
    return int(raw)


def parse(params: Mapping[str, Any]) -> Criteria:
    """Validate search parameters (``q``, ``plz``, ``radius_km``, ``working_time``, ``occupation``,
    ``published_within_days``, ``sort``); raises ``SearchError`` with a message per field."""

    def get(name: str) -> str:
        value = params.get(name)
        return "" if value is None else str(value)

    errors: dict[str, list[str]] = {}
    text = " ".join(get("q").split())
    if len(text) > analysis.MAX_QUERY_LENGTH:
        errors["q"] = [
            _("Der Suchtext ist zu lang: höchstens %(count)s Zeichen.") % {"count": analysis.MAX_QUERY_LENGTH}
        ]
    postal_code = ""
    if raw_plz := get("plz").strip():
        postal_code = geo.normalise_postal_code(raw_plz)
        if not postal_code:
            errors["plz"] = [_("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an, z. B. 40210.")]
        elif geo.coordinates(postal_code) is None:
            errors["plz"] = [_("Die Postleitzahl %(plz)s ist uns nicht bekannt.") % {"plz": postal_code}]
    radius_message = _("Bitte wählen Sie einen Umkreis von %(min)s bis %(max)s km.") % {
        "min": MIN_RADIUS_KM,
        "max": MAX_RADIUS_KM,
    }
    radius = _integer(get("radius_km"), "radius_km", errors, radius_message)
    if radius is not None and not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
        errors.setdefault("radius_km", []).append(radius_message)
    if radius is not None and not raw_plz and "radius_km" not in errors:
        errors["plz"] = [_("Für die Suche im Umkreis geben Sie bitte eine Postleitzahl an.")]
    working_time = get("working_time").strip()
    if working_time and working_time not in WorkingTime.values:
        errors["working_time"] = [_("Bitte wählen Sie Vollzeit, Teilzeit oder Minijob.")]
    occupation = get("occupation").strip()
    if occupation and not (
        len(occupation) <= 5 and occupation.isdigit() and Occupation.objects.filter(code=occupation).exists()
    ):
        errors["occupation"] = [_("Diesen Beruf gibt es in der Klassifikation der Berufe nicht.")]
    days = _integer(
        get("published_within_days"), "published_within_days", errors, _("Bitte wählen Sie einen Zeitraum.")
    )
    if days is not None and days not in PUBLISHED_WITHIN_DAYS:
        errors.setdefault("published_within_days", []).append(_("Bitte wählen Sie einen Zeitraum."))
    sort = get("sort").strip()
    if sort and sort not in SORTS:
        errors["sort"] = [_("Bitte wählen Sie nach Relevanz, Entfernung oder Datum.")]
    elif sort == "distance" and not raw_plz:
        errors["sort"] = [_("Um nach Entfernung zu sortieren, geben Sie bitte eine Postleitzahl an.")]
    if errors:
        raise SearchError(errors)
    return Criteria(
        text=text,
        postal_code=postal_code,
        radius_km=radius or DEFAULT_RADIUS_KM,
        working_time=working_time,
        occupation=occupation,
        published_within_days=days,
        sort=sort,
    )


# --- Query building --------------------------------------------------------------------------------


def published(jobcenter: Jobcenter) -> QuerySet[Vacancy]:
    """Vacancies anyone may see: published and not past their expiry date."""
    return Vacancy.objects.for_tenant(jobcenter).filter(
        status=VacancyStatus.PUBLISHED, expires_on__gte=timezone.localdate()
    )


def _postgres_tsquery(text: str) -> str:
    # Words are letters and digits only (analysis.words), so they cannot form tsquery operators.
    groups = analysis.query_words(text)
    return " & ".join("(" + " | ".join(group) + ")" for group in groups)


def _fts5_query(text: str) -> str:
    groups = analysis.query_terms(text)
    return " AND ".join("(" + " OR ".join(f'"{stem}"' for stem in group) + ")" for group in groups)


def _with_text(qs: QuerySet[Vacancy], text: str, *, indexed: bool) -> QuerySet[Vacancy]:
    if not analysis.query_terms(text):
        return qs
    if connection.vendor == "postgresql":
        tsquery = _postgres_tsquery(text)
        return qs.filter(
            RawSQL("jobs_vacancy.search_vector @@ to_tsquery('german', %s)", [tsquery], output_field=BooleanField())
        ).annotate(
            relevance=RawSQL(
                "ts_rank(jobs_vacancy.search_vector, to_tsquery('german', %s))", [tsquery], output_field=FloatField()
            )
        )
    if not indexed:
        # The baseline: a scan of every row's stems (same matching, no FTS index).
        for group in analysis.query_terms(text):
            clause = " OR ".join(["(' ' || jobs_vacancy.search_stems || ' ') LIKE %s"] * len(group))
            params = [f"% {stem} %" for stem in group]
            # The SQL is fixed text; the stems are parameters.
            qs = qs.filter(RawSQL(f"({clause})", params, output_field=BooleanField()))  # noqa: S611
        return qs.annotate(relevance=Value(0.0, output_field=FloatField()))
    fts = _fts5_query(text)
    # The FTS5 table drives the query (MATCH once), joined to the vacancy by rowid; bm25 is lower
    # for better matches: negated so that "higher is better" on both databases.
    return qs.extra(
        tables=["jobs_vacancy_fts"],
        where=["jobs_vacancy_fts.rowid = jobs_vacancy.id", "jobs_vacancy_fts MATCH %s"],
        params=[fts],
        select={"relevance": "-bm25(jobs_vacancy_fts)"},
    )


def _with_radius(qs: QuerySet[Vacancy], centre: geo.Coordinates, radius_km: int, *, indexed: bool) -> QuerySet[Vacancy]:
    lat0, lon0 = centre
    km_per_degree_lon = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat0))
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / km_per_degree_lon
    if connection.vendor == "postgresql":
        # The bounding box on the GiST index of published vacancies (migration 0007).
        box = [lon0 - dlon, lat0 - dlat, lon0 + dlon, lat0 + dlat]
        qs = qs.filter(
            RawSQL(
                "point(jobs_vacancy.lon, jobs_vacancy.lat) <@ box(point(%s, %s), point(%s, %s))",
                box,
                output_field=BooleanField(),
            )
        )
    else:
        lat: Any = F("lat")
        lon: Any = F("lon")
        if not indexed:
            # "+ 0" keeps SQLite from using the lat/lon indexes (the baseline scan).
            lat, lon = lat + 0.0, lon + 0.0
        qs = qs.alias(
            _lat=ExpressionWrapper(lat, output_field=FloatField()),
            _lon=ExpressionWrapper(lon, output_field=FloatField()),
        )
        qs = qs.filter(_lat__range=(lat0 - dlat, lat0 + dlat), _lon__range=(lon0 - dlon, lon0 + dlon))
    dy = (F("lat") - lat0) * KM_PER_DEGREE_LAT
    dx = (F("lon") - lon0) * km_per_degree_lon
    return qs.annotate(distance_sq=ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())).filter(
        distance_sq__lte=radius_km * radius_km
    )


def filtered(jobcenter: Jobcenter, criteria: Criteria, *, indexed: bool = True) -> QuerySet[Vacancy]:
    """All matching vacancies, ordered as asked. ``indexed=False`` is the benchmark's baseline on
    SQLite (on PostgreSQL the benchmark switches the planner's index scans off instead)."""
    qs = published(jobcenter)
    if criteria.working_time:
        qs = qs.filter(working_time=criteria.working_time)
    if criteria.occupation:
        qs = qs.filter(occupation__code__startswith=criteria.occupation)
    if criteria.published_within_days:
        qs = qs.filter(published_at__gte=timezone.now() - dt.timedelta(days=criteria.published_within_days))
    qs = _with_text(qs, criteria.text, indexed=indexed)
    centre = criteria.centre
    if centre is not None:
        qs = _with_radius(qs, centre, criteria.radius_km, indexed=indexed)
    sort = criteria.effective_sort
    if sort == "relevance" and analysis.query_terms(criteria.text):
        return qs.order_by("-relevance", "-published_at", "-id")  # type: ignore[misc]
    if sort == "distance" and centre is not None:
        return qs.order_by("distance_sq", "-published_at", "-id")  # type: ignore[misc]
    return qs.order_by("-published_at", "-id")


def _capped_count(qs: QuerySet[Vacancy]) -> tuple[int, bool]:
    """The number of matches, exact up to ``COUNT_CAP``; beyond it ``(COUNT_CAP, True)``."""
    count = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return (COUNT_CAP, True) if count > COUNT_CAP else (count, False)


_live_totals: dict[int, tuple[float, int]] = {}


def _live_total(jobcenter: Jobcenter) -> int:
    """Published vacancies of the Jobcenter, remembered per process for a few minutes (it only
    sizes the ranking window, so an old figure is harmless)."""
    remembered = _live_totals.get(jobcenter.pk)
    if remembered is not None and remembered[0] > time.monotonic():
        return remembered[1]
    total = Vacancy.objects.for_tenant(jobcenter).filter(status=VacancyStatus.PUBLISHED).count()
    _live_totals[jobcenter.pk] = (time.monotonic() + LIVE_TOTAL_SECONDS, total)
    return total


def _window_start(jobcenter: Jobcenter, matches: int) -> dt.datetime | None:
    """The publication time from which on matches are ranked: a window of the newest published
    vacancies expected to hold about ``RANK_CANDIDATES`` matches; ``None``: rank them all."""
    total = _live_total(jobcenter)
    rows = min(RANK_WINDOW_MAX, max(RANK_WINDOW_MIN, math.ceil(RANK_CANDIDATES * total / max(matches, 1))))
    if rows >= total:
        return None
    newest = Vacancy.objects.for_tenant(jobcenter).filter(status=VacancyStatus.PUBLISHED).order_by("-published_at")
    return newest.values_list("published_at", flat=True)[rows : rows + 1].first()


def _rows(jobcenter: Jobcenter, qs: QuerySet[Vacancy], start: int, stop: int) -> list[Vacancy]:
    """The page's ids first (a narrow query: index-only where possible), then their rows."""
    ids = list(qs.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    rows = Vacancy.objects.for_tenant(jobcenter).select_related("employer").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _page(
    jobcenter: Jobcenter, criteria: Criteria, qs: QuerySet[Vacancy], count: int, offset: int, per_page: int
) -> list[Vacancy]:
    ranked_window = (
        connection.vendor == "postgresql"
        and count > RANK_ALL
        and criteria.effective_sort == "relevance"
        and bool(analysis.query_terms(criteria.text))
    )
    start = _window_start(jobcenter, count) if ranked_window else None
    if start is None:
        return _rows(jobcenter, qs, offset, offset + per_page)
    # The newest matches by relevance (the text index and the date index intersected), ...
    ranked = qs.filter(published_at__gte=start)
    vacancies = _rows(jobcenter, ranked, offset, offset + per_page)
    if len(vacancies) == per_page:
        return vacancies
    # ... then the older ones by date.
    skip = max(0, offset - ranked.count())
    older = qs.filter(published_at__lt=start).order_by("-published_at", "-id")
    return vacancies + _rows(jobcenter, older, skip, skip + per_page - len(vacancies))


def search(
    jobcenter: Jobcenter, criteria: Criteria, *, page: int = 1, indexed: bool = True, per_page: int = PER_PAGE
) -> Results:
    qs = filtered(jobcenter, criteria, indexed=indexed)
    count, capped = _capped_count(qs)
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * per_page
    vacancies = _page(jobcenter, criteria, qs, count, offset, per_page) if offset < count else []
    centre = criteria.centre
    hits = [
        Hit(v, round(geo.haversine_km(centre, (v.lat, v.lon)), 1) if centre is not None else None) for v in vacancies
    ]
    return Results(criteria=criteria, count=count, page=page, hits=hits, count_is_lower_bound=capped)


def parse_page(raw: Any) -> int:
    """The page number, 1 … ``MAX_PAGE``; raises ``SearchError`` otherwise."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:
        raise SearchError({"page": [_("Bitte geben Sie eine Seite von 1 bis %(max)s an.") % {"max": MAX_PAGE}]})
    return int(text)
