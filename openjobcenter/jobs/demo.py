"""Demo data of jobs for ``load_demo``: Anton's company (confirmed) with published vacancies, a
company waiting for the employer service, and one company with a vacancy in Jobcenter "nord".

Idempotent: a company that exists (by name) is left as it is. Everything goes through the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter
from openjobcenter.jobs.models import Employer, Occupation
from openjobcenter.jobs.reference import ensure_loaded
from openjobcenter.jobs.services.employers import decide_employer, register_employer
from openjobcenter.jobs.services.vacancies import create_vacancy, publish_vacancy

EMPLOYER = "arbeitgeber@demo.example"
ADVISOR = "beratung@demo.example"

COMPANY = {
    "name": "Gasthaus Zur Linde GmbH",
    "street": "Lindenstraße 12",
    "postal_code": "40233",
    "city": "Düsseldorf",
    "contact_name": "Anton Arndt",
    "contact_email": "arbeitgeber@demo.example",
    "contact_phone": "0211 123456",
    "size": "small",
    "description": "Traditionsgasthaus mit Biergarten und Catering, 35 Beschäftigte, seit 1962 in Familienhand.",
}
PENDING = {
    "name": "Arndt Logistik KG",
    "street": "Am Hafen 4",
    "postal_code": "41460",
    "city": "Neuss",
    "contact_name": "Anton Arndt",
    "contact_email": "arbeitgeber@demo.example",
    "size": "medium",
    "description": "Lager und Spedition am Neusser Hafen.",
}
VACANCIES: list[dict[str, Any]] = [
    {
        "title": "Koch/Köchin (m/w/d) in Vollzeit",
        "occupation": "29302",
        "postal_code": "40233",
        "working_time": "full_time",
        "hours_per_week": 39,
        "shifts": True,
        "description": "Sie bereiten regionale Gerichte à la carte und für unser Catering zu und achten auf Frische und Qualität.\n\nWir bieten ein junges Team, Bezahlung über Tarif und freie Sonntage im Wechsel.",
        "requirements": "Abgeschlossene Ausbildung als Koch/Köchin oder mehrjährige Erfahrung in der Küche.",
        "skills": "HACCP, regionale Küche, Teamfähigkeit",
        "pay_min": 16,
        "pay_max": 19,
        "pay_period": "hour",
        "inclusion_notes": "Die Küche ist ebenerdig und mit dem Aufzug erreichbar.",
    },
    {
        "title": "Küchenhilfe (m/w/d) in Teilzeit – auch für Alleinerziehende",
        "occupation": "29301",
        "postal_code": "40233",
        "working_time": "part_time",
        "hours_per_week": 20,
        "description": "Sie unterstützen unser Küchenteam bei der Vorbereitung und halten die Küche sauber.\n\nArbeitszeiten vormittags von 8 bis 12 Uhr, passend zu Kita und Schule.",
        "requirements": "Keine Ausbildung nötig, Deutschkenntnisse A2.",
        "skills": "Hygieneregeln, Zuverlässigkeit",
        "suitable_single_parents": True,
        "suitable_part_time_training": True,
    },
    {
        "title": "Servicekraft (m/w/d) Minijob am Wochenende",
        "occupation": "63302",
        "postal_code": "40474",
        "working_time": "mini_job",
        "hours_per_week": 8,
        "description": "Sie bedienen unsere Gäste im Biergarten und im Restaurant an Wochenenden.",
        "skills": "Freundlichkeit, Kassensystem",
    },
]
NORD_COMPANY = {
    "name": "Fischräucherei Nordhafen GmbH",
    "street": "Kai 2",
    "postal_code": "24103",
    "city": "Kiel",
    "contact_name": "Nele Jensen",
    "contact_email": "jobs@fischraeucherei.example",
    "size": "small",
    "description": "Räucherei und Fischhandel im Kieler Hafen.",
}
NORD_VACANCY: dict[str, Any] = {
    "title": "Verkäufer/Verkäuferin (m/w/d) Fischtheke",
    "occupation": "62102",
    "postal_code": "24103",
    "working_time": "part_time",
    "hours_per_week": 25,
    "description": "Sie beraten Kundinnen und Kunden an unserer Fischtheke und verkaufen frische und geräucherte Ware.",
    "skills": "Kundenberatung, Kasse",
}


def _vacancy(actor: User, employer: Employer, data: dict[str, Any]) -> None:
    fields = dict(data)
    fields["occupation"] = Occupation.objects.get(code=fields["occupation"])
    fields.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=60))
    fields.setdefault("start_date", timezone.localdate() + dt.timedelta(days=30))
    vacancy = create_vacancy(actor=actor, employer=employer, fields=fields)
    publish_vacancy(actor=actor, vacancy=vacancy)


def _company(
    jobcenter: Jobcenter, actor: User, advisor: User | None, data: dict[str, Any], *, confirm: bool
) -> Employer | None:
    if Employer.objects.for_tenant(jobcenter).filter(name=data["name"]).exists():
        return None
    employer = register_employer(actor=actor, jobcenter=jobcenter, fields=data)
    if confirm and advisor is not None:
        employer = decide_employer(actor=advisor, employer=employer, confirm=True)
    return employer


@transaction.atomic
def load_demo_jobs() -> dict[str, int]:
    counts = {"employers": 0, "vacancies": 0}
    ensure_loaded()
    demo = Jobcenter.objects.filter(slug="demo").first()
    anton = User.objects.filter(email=EMPLOYER).first()
    bernd = User.objects.filter(email=ADVISOR).first()
    if demo is None or anton is None:
        return counts
    employer = _company(demo, anton, bernd, COMPANY, confirm=True)
    if employer is not None:
        counts["employers"] += 1
        for data in VACANCIES:
            _vacancy(anton, employer, data)
            counts["vacancies"] += 1
    if _company(demo, anton, bernd, PENDING, confirm=False) is not None:
        counts["employers"] += 1
    nord = Jobcenter.objects.filter(slug="nord").first()
    nord_staff = User.objects.filter(jobcenter=nord, role_assignments__role="advisor").first() if nord else None
    if nord is not None and nord_staff is not None:
        company = _company(nord, nord_staff, nord_staff, NORD_COMPANY, confirm=True)
        if company is not None:
            counts["employers"] += 1
            _vacancy(nord_staff, company, NORD_VACANCY)
            counts["vacancies"] += 1
    return counts


# --- Candidate profiles, an application with the folder, contact requests, feedback, suggestions ----

CLIENT = "kundin@demo.example"
OTHER_CLIENT = "kunde@demo.example"


def load_demo_candidates() -> dict[str, int]:
    """Aylin's profile (visible to employers), her application with the folder to the kitchen-help
    vacancy with the company's feedback, a suggestion of her advisor, and a pending contact request;
    David's anonymous profile. Called after the folder demo (the application needs Aylin's folder)."""
    from openjobcenter.folder.models import Folder
    from openjobcenter.folder.services import sharing
    from openjobcenter.jobs.models import CandidateProfile, Vacancy
    from openjobcenter.jobs.services.candidates import give_feedback, request_contact, save_profile, suggest

    demo = Jobcenter.objects.filter(slug="demo").first()
    aylin = User.objects.filter(email=CLIENT).first()
    anton = User.objects.filter(email=EMPLOYER).first()
    bernd = User.objects.filter(email=ADVISOR).first()
    if demo is None or aylin is None or anton is None or bernd is None:
        return {"profiles": 0}
    if CandidateProfile.objects.for_tenant(demo).filter(person=aylin).exists():
        return {"profiles": 0}
    vacancies = Vacancy.objects.for_tenant(demo).filter(employer__name=COMPANY["name"])
    cook = vacancies.filter(occupation_id="29302").first()
    helper = vacancies.filter(occupation_id="29301").first()
    with transaction.atomic():
        profile = save_profile(
            person=aylin, jobcenter=demo, occupations=list(Occupation.objects.filter(code__in=["29301", "62102"])),
            fields={
                "headline": "Zuverlässige Verkäuferin, sucht Teilzeit am Vormittag",
                "skills": "Kundenberatung, Kasse, Hygieneregeln, Warenpräsentation",
                "experience_years": 5, "experience": "Verkäuferin in einer Bäckerei (2018–2023)",
                "languages": [{"language": "Deutsch", "level": "native"}, {"language": "Türkisch", "level": "native"},
                              {"language": "Englisch", "level": "B1"}],
                "postal_code": "40233", "mobility_radius_km": 15, "accepts_full_time": False,
                "accepts_part_time": True, "accepts_mini_job": True, "max_hours_per_week": 25,
                "accepts_shifts": False, "childcare": "mornings", "driving_licence": "B", "birth_year": 1991,
                "visible_to_employers": True,
            },
        )  # fmt: skip
        counts = {"profiles": 1}
        other = User.objects.filter(email=OTHER_CLIENT).first()
        if other is not None:
            save_profile(
                person=other, jobcenter=demo, occupations=list(Occupation.objects.filter(code__in=["29302"])),
                fields={"headline": "Koch mit zehn Jahren Erfahrung", "skills": "HACCP, regionale Küche",
                        "experience_years": 10, "postal_code": "40474", "mobility_radius_km": 30,
                        "accepts_full_time": True, "accepts_part_time": True, "visible_to_employers": True,
                        "birth_year": 1979},
            )  # fmt: skip
            counts["profiles"] += 1
        folder = Folder.objects.for_tenant(demo).filter(owner=aylin).first()
        if helper is not None and folder is not None:
            sharing.create_share(
                actor=aylin, folder=folder, recipient=COMPANY["name"], days=30, include_cv=True, certificates=[],
                cover_letter=None, vacancy=helper,
            )  # fmt: skip
            give_feedback(actor=anton, employer=helper.employer, person=aylin, vacancy=helper, outcome="invited",
                          reason_text="Vorstellungsgespräch am Montag um 10 Uhr.")  # fmt: skip
        if cook is not None:
            request_contact(
                actor=anton, employer=cook.employer, profile=profile, vacancy=cook,
                message="Guten Tag, wir suchen Verstärkung in der Küche – auch vormittags. Haben Sie Interesse?",
            )  # fmt: skip
        if helper is not None:
            suggest(advisor=bernd, person=aylin, vacancy=helper,
                    note="Die Arbeitszeiten passen zur Kita. Bewerben Sie sich gern mit Ihrer Mappe!")  # fmt: skip
    return counts
