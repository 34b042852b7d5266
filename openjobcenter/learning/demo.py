"""Demo data of learning for ``load_demo``: the provider "Bildungszentrum Musterstadt" (Petra
works there) with a handful of realistic courses, one of them running already; Aylin has a place
in it with recorded attendance and has asked for a place in the German course. Jobcenter
"nord" has its own provider and course (to show separation). Idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter
from openjobcenter.learning.models import (
    AbsenceNotice,
    Attendance,
    AttendanceStatus,
    Course,
    Enrolment,
    EnrolmentStatus,
    Format,
    Programme,
    Provider,
    ProviderMembership,
    Session,
    codes_field,
)
from openjobcenter.learning.services import catalogue

PROVIDER_USER = "traeger@demo.example"
ADVISOR = "beratung@demo.example"
AYLIN = "kundin@demo.example"
PROVIDER_NAME = "Bildungszentrum Musterstadt gGmbH"


@dataclass(frozen=True)
class DemoCourse:
    title: str
    title_en: str
    description: str
    programme: str
    weekdays: tuple[int, ...]  # sessions on these weekdays
    starts: dt.time
    ends: dt.time
    weeks: int
    first_week: int  # weeks from now (negative: running already)
    seats: int
    languages: tuple[str, ...]
    funding: tuple[str, ...]
    requirements: str = ""
    accessibility: str = ""
    online: bool = False
    wheelchair: bool = True


COURSES = (
    DemoCourse(
        "Deutsch für den Beruf B1",
        "German for work B1",
        "Berufsbezogenes Deutsch (DeuFöV): Gespräche am Arbeitsplatz, E-Mails, Bewerbungsgespräche. "
        "Abschluss mit telc-Prüfung B1.",
        "Sprachförderung",
        (0, 2, 4),
        dt.time(8, 30),
        dt.time(12, 30),
        3,
        1,
        16,
        ("de",),
        ("jobcenter",),
        requirements="Deutschkenntnisse auf Niveau A2.",
        accessibility="Aufzug, barrierefreies WC. Unterlagen auf Wunsch in großer Schrift.",
    ),
    DemoCourse(
        "Fit für den Wiedereinstieg – Teilzeit",
        "Back to work – part time",
        "Für Alleinerziehende und Eltern nach der Familienzeit: Stärken erkennen, Bewerbung, digitale "
        "Grundlagen. Online am Vormittag, während die Kinder betreut sind.",
        "Aktivierung und berufliche Eingliederung (§ 45 SGB III)",
        (1, 3),
        dt.time(9, 0),
        dt.time(12, 0),
        4,
        2,
        12,
        ("de", "uk", "ar"),
        ("avgs",),
        online=True,
        accessibility="Online-Kurs mit Untertiteln; Leihgeräte auf Anfrage.",
    ),
    DemoCourse(
        "Staplerschein",
        "Forklift licence",
        "Theorie und Praxis nach DGUV Grundsatz 308-001, mit Prüfung und Fahrausweis.",
        "Berufliche Weiterbildung",
        (0, 1, 2),
        dt.time(7, 30),
        dt.time(15, 30),
        1,
        3,
        10,
        ("de",),
        ("bildungsgutschein",),
        requirements="Mindestalter 18 Jahre, ärztliche Untersuchung G25.",
        wheelchair=False,
    ),
    DemoCourse(
        "Pflegehilfe Basiskurs",
        "Basic care assistant course",
        "Grundlagen der Pflege und Betreuung älterer Menschen, mit Praktikum in einer Einrichtung in "
        "Musterstadt. Der Kurs läuft bereits; Einstieg nach Absprache.",
        "Berufliche Weiterbildung",
        (0, 2),
        dt.time(9, 0),
        dt.time(13, 0),
        6,
        -1,
        14,
        ("de", "tr"),
        ("bildungsgutschein", "jobcenter"),
        requirements="Deutschkenntnisse B1, erweitertes Führungszeugnis.",
    ),
    DemoCourse(
        "Sicher am Computer – Grundkurs",
        "Computer basics",
        "E-Mail, Online-Bewerbung, Dokumente hochladen, Videotermine: Schritt für Schritt.",
        "Aktivierung und berufliche Eingliederung (§ 45 SGB III)",
        (3,),
        dt.time(17, 0),
        dt.time(19, 0),
        4,
        2,
        8,
        ("de", "ru", "uk"),
        ("free",),
    ),
)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _sessions(spec: DemoCourse, today: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=spec.first_week)
    return [
        (_at(day, spec.starts), _at(day, spec.ends))
        for week in range(spec.weeks)
        for weekday in spec.weekdays
        if (day := monday + dt.timedelta(weeks=week, days=weekday))
    ]


def _course(jobcenter: Jobcenter, provider: Provider, spec: DemoCourse, today: dt.date) -> tuple[Course, bool]:
    existing = Course.objects.for_tenant(jobcenter).filter(provider=provider, title__de=spec.title).first()
    if existing is not None:
        return existing, False
    programme = Programme.objects.for_tenant(jobcenter).filter(name__de=spec.programme).first()
    programme = programme or Programme.all_tenants.create(jobcenter=jobcenter, name={"de": spec.programme})
    course = Course.all_tenants.create(
        jobcenter=jobcenter, provider=provider, programme=programme,
        title={"de": spec.title, "en": spec.title_en}, description={"de": spec.description},
        requirements={"de": spec.requirements} if spec.requirements else {},
        accessibility={"de": spec.accessibility} if spec.accessibility else {},
        format=Format.ONLINE if spec.online else Format.IN_PERSON,
        street="" if spec.online else "Lernweg 12", postal_code="" if spec.online else "12345",
        city="" if spec.online else "Musterstadt", seats=spec.seats, languages=codes_field(list(spec.languages)),
        funding=codes_field(list(spec.funding)), wheelchair_accessible=spec.wheelchair,
    )  # fmt: skip
    for start, end in _sessions(spec, today):
        Session.all_tenants.create(jobcenter=jobcenter, course=course, start=start, end=end)
    catalogue.refresh(course)
    course.refresh_from_db()
    return course, True


def _place(course: Course, person: User, advisor: User | None, *, status: str) -> Enrolment:
    """A demo enrolment written directly (no mail is sent while loading demo data)."""
    existing = Enrolment.objects.for_tenant(course.jobcenter).filter(course=course, person=person).first()
    if existing is not None:
        return existing
    now = timezone.now()
    confirmed = status == EnrolmentStatus.CONFIRMED
    if confirmed:
        Course.objects.for_tenant(course.jobcenter).filter(pk=course.pk).update(confirmed=course.confirmed + 1)
        course.confirmed += 1
    return Enrolment.all_tenants.create(
        jobcenter=course.jobcenter, course=course, person=person, status=status, assigned_by=advisor,
        decided_by=advisor if confirmed else None, seat=course.confirmed if confirmed else None,
        confirmed_at=now if confirmed else None,
        note="" if confirmed else "Ich möchte mein Deutsch für die Arbeit verbessern.",
    )  # fmt: skip


@transaction.atomic
def load_demo_learning() -> dict[str, int]:
    today = timezone.localdate()
    demo = Jobcenter.objects.get(slug="demo")
    provider, _created = Provider.all_tenants.get_or_create(
        jobcenter=demo, name=PROVIDER_NAME,
        defaults={"email": "kurse@bz-musterstadt.example", "phone": "0123 98765-0", "website": ""},
    )  # fmt: skip
    petra = User.objects.get(email=PROVIDER_USER)
    ProviderMembership.objects.get_or_create(user=petra, defaults={"provider": provider})
    created = 0
    courses: dict[str, Course] = {}
    for spec in COURSES:
        course, new = _course(demo, provider, spec, today)
        courses[spec.title] = course
        created += new
    bernd = User.objects.get(email=ADVISOR)
    running = courses["Pflegehilfe Basiskurs"]
    aylins = _place(running, User.objects.get(email=AYLIN), bernd, status=EnrolmentStatus.CONFIRMED)
    past = Session.objects.for_tenant(demo).filter(course=running, start__lt=timezone.now()).order_by("start")
    for index, session in enumerate(past):
        # One absence, excused: her child was ill (she reported it in advance).
        excused = index == 2
        Attendance.all_tenants.get_or_create(
            session=session, enrolment=aylins,
            defaults={"jobcenter": demo, "recorded_by": petra,
                      "status": AttendanceStatus.EXCUSED if excused else AttendanceStatus.PRESENT,
                      "reason": "Kind krank, Attest liegt vor" if excused else ""},
        )  # fmt: skip
        if excused:
            AbsenceNotice.all_tenants.get_or_create(
                session=session, enrolment=aylins, defaults={"jobcenter": demo, "reason": "Meine Tochter ist krank."}
            )
    # Her request waits on Bernd's requests page.
    _place(courses["Deutsch für den Beruf B1"], User.objects.get(email=AYLIN), None, status=EnrolmentStatus.REQUESTED)
    nord = Jobcenter.objects.filter(slug="nord").first()
    if nord is not None:
        nord_provider, _ = Provider.all_tenants.get_or_create(jobcenter=nord, name="Hafenakademie Nordhafen")
        created += _course(nord, nord_provider, COURSES[2], today)[1]
    return {"learning_courses": created}
