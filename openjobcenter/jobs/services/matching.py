"""Matching both ways: vacancies for a candidate, candidates for a vacancy — a score and reasons.

Score (0–100) from

- occupation closeness in the KldB 2010 hierarchy: the same 5-digit Berufsgattung (45) > the same
  4-digit Berufsuntergruppe (35) > the same 3-digit Berufsgruppe (25) > the same 2-digit
  Berufshauptgruppe (12);
- skills: the share of the vacancy's skills found in the candidate's skills, compared as German
  stems (up to 20);
- distance against the candidate's mobility radius (up to 20; outside the radius only when the
  vacancy is fully remote);
- working time (prefiltered; 10), hours per week above the candidate's maximum (−10);
- constraints: shifts against childcare or "no shifts" (−15), suitable for single parents with
  childcare (+5), a start date before the candidate is available (−5).

Every result carries human-readable reasons ("Gleicher Beruf", "12 km entfernt (Ihr Radius: 25 km)").

Speed at national scale: the prefilter runs in SQL on the index ``(occupation, lat, lon)`` —
occupation codes within the candidate's 2-digit areas (closest tier first: 5-, 4-, 3-, 2-digit, so a
capped candidate set always keeps the closest occupations), a bounding box around the home and the
accepted working times — and fetches only the columns the score needs; Python scores what is left
(at most ``MAX_CANDIDATES`` rows) and loads the best ``limit`` vacancies.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from openjobcenter.core import geo
from openjobcenter.core.models import Jobcenter
from openjobcenter.jobs import text as analysis
from openjobcenter.jobs.models import (
    CandidateProfile,
    Occupation,
    Vacancy,
    VacancyStatus,
    WorkingTime,
)

MAX_CANDIDATES = 1500
DEFAULT_LIMIT = 50
REMOTE_SHARE_IGNORING_DISTANCE = 100
OCCUPATION_POINTS = {5: 45, 4: 35, 3: 25, 2: 12}
SKILL_POINTS = 20
DISTANCE_POINTS = 20
WORKING_TIME_POINTS = 10
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
MAX_PROFILE_RADIUS_KM = 200
_SPLIT = re.compile(r"[,;\n/]+")
VACANCY_COLUMNS = (
    "id", "occupation_id", "lat", "lon", "working_time", "hours_per_week", "shifts", "remote_share",
    "start_date", "skills", "suitable_single_parents",
)  # fmt: skip


# Reason templates are lazy: a ranking scores thousands of rows, but only the shown ones are worded.
SAME = gettext_lazy("Gleicher Beruf")
SAME_GROUP = gettext_lazy("Gleicher Beruf, anderes Anforderungsniveau")
RELATED = gettext_lazy("Verwandter Beruf (gleiche Berufsgruppe)")
SAME_AREA = gettext_lazy("Gleiches Berufsfeld")
SKILLS = gettext_lazy("Kenntnisse: %(skills)s (%(found)s von %(total)s)")
DISTANCE_YOURS = gettext_lazy("%(km)s km entfernt (Ihr Radius: %(radius)s km)")
DISTANCE = gettext_lazy("%(km)s km entfernt (Radius: %(radius)s km)")
REMOTE = gettext_lazy("%(km)s km entfernt, aber vollständig mobiles Arbeiten")
TOO_MANY_HOURS = gettext_lazy("%(hours)s Stunden pro Woche – mehr als %(max)s")
WORKING_TIME_FITS = gettext_lazy("Arbeitszeit passt: %(label)s")
SHIFTS_CHILDCARE = gettext_lazy("Schichtarbeit – passt nicht zur Kinderbetreuung")
SHIFTS_UNWANTED = gettext_lazy("Schichtarbeit – nicht gewünscht")
SINGLE_PARENTS = gettext_lazy("Geeignet für Alleinerziehende")
LATE = gettext_lazy("Beginn am %(start)s, verfügbar erst ab %(available)s")
OCCUPATION_REASONS = {5: SAME, 4: SAME_GROUP, 3: RELATED, 2: SAME_AREA}


@dataclass(frozen=True)
class Reason:
    template: Any
    params: dict[str, Any] | None = None
    positive: bool = True

    @property
    def text(self) -> str:
        if not self.params:
            return str(self.template)
        values = {k: _date(v) if isinstance(v, dt.date) else str(v) for k, v in self.params.items()}
        return str(self.template) % values

    def __str__(self) -> str:
        return self.text


@dataclass
class Match:
    score: int
    reasons: list[Reason]
    distance_km: float | None
    vacancy: Vacancy | None = None
    profile: CandidateProfile | None = None
    vacancy_id: int = 0
    profile_id: int = 0


@dataclass
class Seeker:
    """What the score needs of a candidate profile."""

    occupations: list[str]
    skills: list[str]
    skill_stems: frozenset[str]
    centre: geo.Coordinates | None
    radius_km: int
    working_times: list[str]
    max_hours: int | None
    accepts_shifts: bool
    childcare: str
    available_from: dt.date | None
    profile_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def skill_items(raw: str) -> list[str]:
    """Skills as written, one per comma, semicolon, slash or line."""
    return [item.strip() for item in _SPLIT.split(raw or "") if item.strip()][:40]


def _stem_set(raw: str) -> frozenset[str]:
    return frozenset(analysis.stem(word) for word in analysis.words(raw or ""))


def seeker_of(profile: CandidateProfile, occupations: Iterable[str] | None = None) -> Seeker:
    codes = (
        list(occupations)
        if occupations is not None
        else list(profile.desired_occupations.values_list("code", flat=True))
    )
    centre = (profile.lat, profile.lon) if profile.lat is not None and profile.lon is not None else None
    return Seeker(
        occupations=codes,
        skills=skill_items(profile.skills),
        skill_stems=_stem_set(f"{profile.skills} {profile.experience}"),
        centre=centre,
        radius_km=profile.mobility_radius_km,
        working_times=profile.working_times,
        max_hours=profile.max_hours_per_week,
        accepts_shifts=profile.accepts_shifts,
        childcare=profile.childcare,
        available_from=profile.available_from,
        profile_id=profile.pk or 0,
    )


def closeness(code_a: str, code_b: str) -> int:
    """How many leading digits two KldB codes share (0–5); below 2 counts as unrelated."""
    shared = 0
    for a, b in zip(code_a, code_b, strict=False):
        if a != b:
            break
        shared += 1
    return shared


def _date(value: dt.date) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


@lru_cache(maxsize=50000)
def _skill_sets(raw: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((item, _stem_set(item)) for item in skill_items(raw))


def score(seeker: Seeker, vacancy: dict[str, Any], *, for_citizen: bool = True) -> Match | None:
    """Score one vacancy (a dict of ``VACANCY_COLUMNS``) for ``seeker``; ``None`` when it cannot fit
    (another 2-digit occupation area than every wish, outside the radius without fully remote work,
    or a working time the candidate does not accept)."""
    if vacancy["working_time"] not in seeker.working_times:
        return None
    points = 0
    reasons: list[Reason] = []
    # Occupation
    best = max((closeness(code, vacancy["occupation_id"]) for code in seeker.occupations), default=0)
    if best >= 2:
        points += OCCUPATION_POINTS[best]
        reasons.append(Reason(OCCUPATION_REASONS[best]))
    elif seeker.occupations:
        return None  # another occupation area than any wish: not a match (as the prefilter)
    # Skills
    wanted = _skill_sets(vacancy["skills"] or "")
    if wanted and seeker.skill_stems:
        found = [item for item, stems in wanted if stems and stems <= seeker.skill_stems]
        if found:
            points += round(SKILL_POINTS * len(found) / len(wanted))
            params = {"skills": ", ".join(found[:4]), "found": len(found), "total": len(wanted)}
            reasons.append(Reason(SKILLS, params))
    # Distance
    distance: float | None = None
    if seeker.centre is not None:
        distance = geo.haversine_km(seeker.centre, (vacancy["lat"], vacancy["lon"]))
        shown = max(1, round(distance))
        if distance <= seeker.radius_km:
            points += max(2, round(DISTANCE_POINTS * (1 - distance / max(1, seeker.radius_km))))
            template = DISTANCE_YOURS if for_citizen else DISTANCE
            reasons.append(Reason(template, {"km": shown, "radius": seeker.radius_km}))
        elif vacancy["remote_share"] >= REMOTE_SHARE_IGNORING_DISTANCE:
            reasons.append(Reason(REMOTE, {"km": shown}))
        else:
            return None
    # Working time
    points += WORKING_TIME_POINTS
    hours = vacancy["hours_per_week"]
    if seeker.max_hours and hours and hours > seeker.max_hours:
        points -= WORKING_TIME_POINTS
        reasons.append(Reason(TOO_MANY_HOURS, {"hours": hours, "max": seeker.max_hours}, positive=False))
    else:
        reasons.append(Reason(WORKING_TIME_FITS, {"label": WorkingTime(vacancy["working_time"]).label}))
    # Constraints
    if vacancy["shifts"] and (seeker.childcare or not seeker.accepts_shifts):
        points -= 15
        reasons.append(Reason(SHIFTS_CHILDCARE if seeker.childcare else SHIFTS_UNWANTED, positive=False))
    if seeker.childcare and vacancy["suitable_single_parents"]:
        points += 5
        reasons.append(Reason(SINGLE_PARENTS))
    start = vacancy["start_date"]
    if start and seeker.available_from and start < seeker.available_from:
        points -= 5
        reasons.append(Reason(LATE, {"start": start, "available": seeker.available_from}, positive=False))
    return Match(
        score=max(0, min(100, points)),
        reasons=reasons,
        distance_km=round(distance, 1) if distance is not None else None,
        vacancy_id=vacancy["id"],
        profile_id=seeker.profile_id,
    )


# --- Vacancies for a candidate -----------------------------------------------------------------------


def _published(jobcenter: Jobcenter) -> QuerySet[Vacancy]:
    return Vacancy.objects.for_tenant(jobcenter).filter(
        status=VacancyStatus.PUBLISHED, expires_on__gte=timezone.localdate(), employer__status="confirmed"
    )


def _tiers(codes: list[str]) -> list[list[str]]:
    """Occupation codes (level 5) by closeness to ``codes``: the same codes, then those sharing 4,
    3 and 2 digits — each tier without the codes of the tiers before."""
    if not codes:
        return []
    prefixes = sorted({code[:2] for code in codes if len(code) >= 2})
    pool: list[str] = []
    for prefix in prefixes:
        pool.extend(Occupation.objects.filter(level=5, code__startswith=prefix).values_list("code", flat=True))
    seen: set[str] = set()
    tiers: list[list[str]] = []
    for digits in (5, 4, 3, 2):
        wanted = {code[:digits] for code in codes}
        tier = [code for code in pool if code not in seen and code[:digits] in wanted]
        seen.update(tier)
        if tier:
            tiers.append(tier)
    return tiers


def _box(centre: geo.Coordinates, radius_km: float) -> dict[str, tuple[float, float]]:
    lat0, lon0 = centre
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LON_AT_EQUATOR * max(0.1, math.cos(math.radians(lat0))))
    return {"lat__range": (lat0 - dlat, lat0 + dlat), "lon__range": (lon0 - dlon, lon0 + dlon)}


def candidate_rows(jobcenter: Jobcenter, seeker: Seeker, *, cap: int = MAX_CANDIDATES) -> Iterator[dict[str, Any]]:
    """The prefilter in SQL: rows of ``VACANCY_COLUMNS`` worth scoring, closest occupations first."""
    base = _published(jobcenter).filter(working_time__in=seeker.working_times)
    near = base.filter(**_box(seeker.centre, seeker.radius_km)) if seeker.centre is not None else base
    # Fully remote vacancies count from anywhere (a partial index keeps this cheap).
    far = base.filter(remote_share__gte=REMOTE_SHARE_IGNORING_DISTANCE) if seeker.centre is not None else None
    tiers = _tiers(seeker.occupations)
    remaining = cap
    if not tiers:
        yield from near.order_by("-published_at").values(*VACANCY_COLUMNS)[:remaining]
        return
    for tier in tiers:
        for qs in (near, far):
            if qs is None or remaining <= 0:
                continue
            rows = list(qs.filter(occupation_id__in=tier).order_by().values(*VACANCY_COLUMNS)[:remaining])
            remaining -= len(rows)
            yield from rows


def _best(matches: Iterable[Match], limit: int) -> list[Match]:
    ranked = sorted(matches, key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else 0.0))
    unique: list[Match] = []
    seen: set[int] = set()
    for match in ranked:
        if match.vacancy_id in seen:
            continue
        seen.add(match.vacancy_id)
        unique.append(match)
        if len(unique) == limit:
            break
    return unique


def _attach_vacancies(jobcenter: Jobcenter, matches: list[Match]) -> list[Match]:
    by_id = (
        Vacancy.objects.for_tenant(jobcenter)
        .select_related("employer", "occupation")
        .in_bulk([m.vacancy_id for m in matches])
    )
    for match in matches:
        match.vacancy = by_id.get(match.vacancy_id)
    return [m for m in matches if m.vacancy is not None]


def best_vacancies(jobcenter: Jobcenter, seeker: Seeker, *, limit: int = DEFAULT_LIMIT, for_citizen: bool = True,
                   exclude: Iterable[int] = ()) -> list[Match]:  # fmt: skip
    """The best ``limit`` vacancies for ``seeker``: the SQL prefilter, then the score in Python."""
    excluded = set(exclude)
    scored = (
        score(seeker, row, for_citizen=for_citizen)
        for row in candidate_rows(jobcenter, seeker)
        if row["id"] not in excluded
    )
    return _attach_vacancies(jobcenter, _best((m for m in scored if m is not None), limit))


def best_vacancies_baseline(jobcenter: Jobcenter, seeker: Seeker, *, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The benchmark's baseline: every published vacancy scored in Python (no prefilter)."""
    rows = _published(jobcenter).order_by().values(*VACANCY_COLUMNS).iterator(chunk_size=5000)
    scored = (score(seeker, row) for row in rows)
    return _attach_vacancies(jobcenter, _best((m for m in scored if m is not None), limit))


def vacancies_for(
    profile: CandidateProfile, *, limit: int = DEFAULT_LIMIT, for_citizen: bool = True, exclude: Iterable[int] = ()
) -> list[Match]:
    """The best ``limit`` vacancies for ``profile``, each with its score and reasons."""
    return best_vacancies(profile.jobcenter, seeker_of(profile), limit=limit, for_citizen=for_citizen, exclude=exclude)


def vacancies_for_baseline(profile: CandidateProfile, *, limit: int = DEFAULT_LIMIT) -> list[Match]:
    return best_vacancies_baseline(profile.jobcenter, seeker_of(profile), limit=limit)


# --- Candidates for a vacancy ------------------------------------------------------------------------


def candidates_for(vacancy: Vacancy, *, limit: int = DEFAULT_LIMIT, only_visible: bool = True) -> list[Match]:
    """The best candidate profiles for ``vacancy``: same 2-digit occupation area (or no wish),
    home within their radius of the workplace, the vacancy's working time accepted."""
    profiles = (
        CandidateProfile.objects.for_tenant(vacancy.jobcenter)
        .filter(**{f"accepts_{vacancy.working_time}": True})
        .filter(**_box((vacancy.lat, vacancy.lon), MAX_PROFILE_RADIUS_KM))
        .prefetch_related("desired_occupations")
    )
    if only_visible:
        profiles = profiles.filter(visible_to_employers=True)
    row = {name: getattr(vacancy, name) for name in VACANCY_COLUMNS}
    matches: list[Match] = []
    for profile in profiles[:MAX_CANDIDATES]:
        codes = [o.code for o in profile.desired_occupations.all()]
        if codes and max(closeness(code, vacancy.occupation_id) for code in codes) < 2:
            continue
        match = score(seeker_of(profile, codes), row, for_citizen=False)
        if match is not None:
            match.profile = profile
            match.vacancy = vacancy
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else 0.0, m.profile_id))
    return matches[:limit]
