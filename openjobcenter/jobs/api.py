"""The job exchange's API (API.md, Job exchange), mounted under ``/{jobcenter}/jobs``.

Published vacancies are public: no sign-in, the general public rate limit.
No ``from __future__ import annotations``: django-ninja reads the annotations at runtime.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from openjobcenter.core.api import ApiError, errors, public_rate_limit, tenant_from_path
from openjobcenter.jobs.services.search import SearchError, parse, parse_page, search

router = Router(tags=["Jobbörse"])

JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]


class VacancyOut(Schema):
    id: int
    title: str
    employer: str = Field(description="The company's name.")
    plz: str = Field(description="Postal code of the place of work.")
    place: str
    distance_km: float | None = Field(description="Great-circle distance from `plz` of the query; null without.")
    occupation_code: str = Field(description="KldB 2010 code (5 digits) of the occupation.")
    working_time: str = Field(description="full_time, part_time or mini_job.")
    published_at: dt.datetime


class VacancyPage(Schema):
    count: int = Field(
        description="All matches (the results are one page of 20); at most 10,000, see count_is_lower_bound."
    )
    count_is_lower_bound: bool = Field(
        default=False,
        description="Only present (true) when more than `count` (10,000) vacancies match: the count was capped.",
    )
    results: list[VacancyOut]


class VacancyQuery(Schema):
    # Strings on purpose: every input is checked by the same parser as the search page, with the
    # same messages (a radius of "abc" gets the radius message, not a generic type error).
    q: str | None = Field(None, description="Free text; German stemming (Köchin finds Koch). At most 200 characters.")
    plz: str | None = Field(None, description="Postal code (5 digits) for the radius and the distance.")
    radius_km: str | None = Field(None, description="1–200 km around `plz`; default 25 when `plz` is given.")
    working_time: str | None = Field(None, description="full_time, part_time or mini_job.")
    occupation: str | None = Field(None, description="KldB 2010 code of any level (e.g. 293 or 29302).")
    published_within_days: str | None = Field(None, description="1, 7, 14 or 30.")
    sort: str | None = Field(
        None,
        description="relevance, distance or date (default: relevance with text, else distance with plz, else date).",
    )
    page: str | None = Field(None, description="1–500; 20 results per page.")


@router.get(
    "/vacancies",
    response={200: VacancyPage, **errors(404, 422, 429)},
    summary="Stellenangebote suchen",
    exclude_unset=True,  # count_is_lower_bound only when the count was capped (API.md's shape otherwise)
)
@public_rate_limit
def vacancies(request: HttpRequest, jobcenter: JobcenterSlug, filters: Query[VacancyQuery]) -> dict[str, Any]:
    """Published vacancies of the Jobcenter by text, radius around a postal code and filters."""
    tenant = tenant_from_path(request, jobcenter)
    params = filters.dict()
    try:
        criteria = parse(params)
        page = parse_page(params.get("page"))
    except SearchError as error:
        raise ApiError(422, "invalid", _("Bitte prüfen Sie Ihre Eingaben."), fields=error.fields) from None
    results = search(tenant, criteria, page=page)
    body: dict[str, Any] = {
        "count": results.count,
        "results": [
            {
                "id": hit.vacancy.pk,
                "title": hit.vacancy.title,
                "employer": hit.vacancy.employer.name,
                "plz": hit.vacancy.postal_code,
                "place": hit.vacancy.place,
                "distance_km": hit.distance_km,
                "occupation_code": hit.vacancy.occupation_id,
                "working_time": hit.vacancy.working_time,
                "published_at": timezone.localtime(hit.vacancy.published_at),
            }
            for hit in results.hits
        ],
    }
    if results.count_is_lower_bound:
        body["count_is_lower_bound"] = True
    return body
