"""Matching: KldB closeness, skills, distance against the radius, working time and constraints —
scores, reasons, the prefilter and its equality with the baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.casefile.tests.conftest import david  # noqa: F401 – another client of demo
from openjobcenter.jobs.models import Occupation
from openjobcenter.jobs.services import matching
from openjobcenter.jobs.services.candidates import CandidateError, save_profile
from openjobcenter.jobs.tests.conftest import make_vacancy

pytestmark = pytest.mark.django_db

BASE = {
    "postal_code": "40210", "mobility_radius_km": 25, "accepts_full_time": True, "accepts_part_time": True,
    "accepts_mini_job": False, "accepts_shifts": True, "childcare": "", "skills": "",
}  # fmt: skip


def profile_for(person, jobcenter, codes=("29302",), **fields):
    occupations = [Occupation.objects.get(code=code) for code in codes]
    return save_profile(person=person, jobcenter=jobcenter, fields={**BASE, **fields}, occupations=occupations)


def reasons(match):
    return [reason.text for reason in match.reasons]


def test_closeness_follows_the_kldb_hierarchy():
    assert matching.closeness("29302", "29302") == 5
    assert matching.closeness("29302", "29301") == 4
    assert matching.closeness("29302", "29312") == 3
    assert matching.closeness("29302", "29222") == 2
    assert matching.closeness("29302", "51112") == 0


def test_same_occupation_ranks_above_related_ones_and_says_why(aylin, demo, company, anton):
    same = make_vacancy(company, anton, title="Koch", occupation="29302")
    related = make_vacancy(company, anton, title="Küchenhilfe", occupation="29301")
    area = make_vacancy(company, anton, title="Bäcker", occupation="29222")
    unrelated = make_vacancy(company, anton, title="Lagerhelfer", occupation="51311")
    profile = profile_for(aylin, demo)
    found = matching.vacancies_for(profile)
    ids = [m.vacancy_id for m in found]
    assert ids[:3] == [same.pk, related.pk, area.pk]
    assert unrelated.pk not in ids  # another occupation area: not in the prefilter
    assert "Gleicher Beruf" in reasons(found[0])
    assert any(r.startswith("Gleicher Beruf, anderes Anforderungsniveau") for r in reasons(found[1]))
    assert any("km entfernt (Ihr Radius: 25 km)" in r for r in reasons(found[0]))


def test_distance_outside_the_radius_excludes_unless_fully_remote(aylin, demo, company, anton):
    far = make_vacancy(company, anton, title="Koch Berlin", postal_code="10115")
    remote = make_vacancy(company, anton, title="Koch remote", postal_code="10115", remote_share=100)
    profile = profile_for(aylin, demo)
    found = {m.vacancy_id: m for m in matching.vacancies_for(profile)}
    assert far.pk not in found
    assert any("vollständig mobiles Arbeiten" in r for r in reasons(found[remote.pk]))


def test_working_time_and_constraints(aylin, demo, company, anton):
    mini = make_vacancy(company, anton, title="Koch Minijob", working_time="mini_job")
    shifts = make_vacancy(company, anton, title="Koch Schicht", shifts=True)
    calm = make_vacancy(company, anton, title="Koch Frühdienst", suitable_single_parents=True)
    early = make_vacancy(company, anton, title="Koch bald", start_date=timezone.localdate() + dt.timedelta(days=3))
    profile = profile_for(
        aylin, demo, childcare="mornings", available_from=timezone.localdate() + dt.timedelta(days=30)
    )
    found = {m.vacancy_id: m for m in matching.vacancies_for(profile)}
    assert mini.pk not in found  # mini jobs not accepted
    assert "Schichtarbeit – passt nicht zur Kinderbetreuung" in reasons(found[shifts.pk])
    assert not next(r for r in found[shifts.pk].reasons if r.text.startswith("Schicht")).positive
    assert "Geeignet für Alleinerziehende" in reasons(found[calm.pk])
    assert found[calm.pk].score > found[shifts.pk].score
    assert any(r.startswith("Beginn am") for r in reasons(found[early.pk]))


def test_skills_overlap_counts_and_is_named(aylin, demo, company, anton):
    plain = make_vacancy(company, anton, title="Koch A", skills="Pizza, Pasta")
    skilled = make_vacancy(company, anton, title="Koch B", skills="Gabelstapler, Regionale Küche")
    profile = profile_for(aylin, demo, skills="regionale Küche, Gabelstaplerschein, Gabelstapler")
    found = {m.vacancy_id: m for m in matching.vacancies_for(profile)}
    assert found[skilled.pk].score > found[plain.pk].score
    assert "Kenntnisse: Gabelstapler, Regionale Küche (2 von 2)" in reasons(found[skilled.pk])


def test_prefilter_gives_the_same_best_results_as_scoring_everything(aylin, demo, company, anton):
    for index, (code, plz) in enumerate(
        [("29302", "40210"), ("29301", "40597"), ("29312", "41460"), ("29222", "40878"), ("51311", "40210")]
    ):
        make_vacancy(company, anton, title=f"Stelle {index}", occupation=code, postal_code=plz)
    profile = profile_for(aylin, demo)
    fast = [(m.vacancy_id, m.score) for m in matching.vacancies_for(profile)]
    slow = [(m.vacancy_id, m.score) for m in matching.vacancies_for_baseline(profile)]
    assert fast == slow


def test_other_jobcenters_vacancies_never_match(aylin, demo, koch, nord_vacancy):
    ids = [m.vacancy_id for m in matching.vacancies_for(profile_for(aylin, demo))]
    assert koch.pk in ids and nord_vacancy.pk not in ids


def test_bad_postal_code_and_radius_are_refused(aylin, demo):
    with pytest.raises(CandidateError, match="Postleitzahl 99999"):
        profile_for(aylin, demo, postal_code="99999")
    with pytest.raises(CandidateError, match="Umkreis"):
        profile_for(aylin, demo, mobility_radius_km=500)


def test_candidates_for_a_vacancy_only_visible_profiles_nearby(aylin, david, demo, koch):
    hidden = profile_for(aylin, demo)
    assert matching.candidates_for(koch) == []
    visible = profile_for(david, demo, visible_to_employers=True)
    found = matching.candidates_for(koch)
    assert [m.profile_id for m in found] == [visible.pk]
    assert "Gleicher Beruf" in reasons(found[0])
    assert any("Radius: 25 km" in r for r in reasons(found[0]))
    assert hidden.pk not in [m.profile_id for m in found]
