"""Demo data: two Jobcenters, locations, teams, and one persona for every role.

Loading is idempotent: running it again updates the same records instead of adding copies.
All people and addresses are invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import STAFF_ROLES, Role
from openjobcenter.applications.demo import load_demo_applications
from openjobcenter.appointments.demo import load_demo_appointments
from openjobcenter.assistant.demo import load_demo_assistant
from openjobcenter.audit.demo import load_demo_reads
from openjobcenter.casefile.demo import load_demo_casefile
from openjobcenter.cooperation.demo import load_demo_cooperation
from openjobcenter.core.models import Jobcenter, Location, OpeningHours, ReceptionZone, Team
from openjobcenter.elearning.demo import load_demo_elearning
from openjobcenter.employerservice.demo import load_demo_employerservice
from openjobcenter.folder.demo import load_demo_folder
from openjobcenter.jobs.demo import load_demo_jobs
from openjobcenter.learning.demo import load_demo_learning
from openjobcenter.messaging.demo import load_demo_messaging
from openjobcenter.reception.demo import load_demo_reception
from openjobcenter.statistics.demo import load_demo_statistics
from openjobcenter.video.demo import load_demo_video

DEMO_PASSWORD = "Demo-Passwort-2026"
# Every demo staff persona has an authenticator app set up with this published key (hex of
# "OpenJobcenter-Demo!!"). Enter it by hand in any TOTP app as Base32: J5YG K3SK N5RG GZLO ORSX ELKE MVWW 6IJB.
# In demo mode the 2FA page also shows the current code for devices with this key, and only for them.
DEMO_TOTP_KEY = "4f70656e4a6f6263656e7465722d44656d6f2121"


@dataclass(frozen=True)
class Persona:
    email: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    jobcenter: str | None
    team: str | None = None
    language: str = "de"


PERSONAS: tuple[Persona, ...] = (
    Persona("kundin@demo.example", "Aylin", "Kaya", (Role.CLIENT,), "demo", language="de"),
    Persona("kunde@demo.example", "Oleksandr", "Melnyk", (Role.CLIENT,), "demo", language="uk"),
    Persona("beratung@demo.example", "Bernd", "Brandt", (Role.ADVISOR,), "demo", "Team Markt und Integration 1"),
    Persona("leistung@demo.example", "Lena", "Lorenz", (Role.BENEFITS_OFFICER,), "demo", "Team Leistung 1"),
    Persona("empfang@demo.example", "Emre", "Yilmaz", (Role.RECEPTION,), "demo", "Team Eingangszone"),
    Persona(
        "teamleitung@demo.example", "Tanja", "Tiedemann", (Role.TEAM_LEAD,), "demo", "Team Markt und Integration 1"
    ),
    Persona(
        "arbeitgeberservice@demo.example",
        "Sabine",
        "Schulte",
        (Role.EMPLOYER_SERVICE,),
        "demo",
        "Team Markt und Integration 1",
    ),
    Persona("arbeitgeber@demo.example", "Anton", "Arndt", (Role.EMPLOYER,), "demo"),
    Persona("traeger@demo.example", "Petra", "Paulsen", (Role.PROGRAMME_PROVIDER,), "demo"),
    Persona("admin@demo.example", "Anja", "Albrecht", (Role.JOBCENTER_ADMIN,), "demo"),
    Persona("plattform@openjobcenter.example", "Paul", "Plattner", (Role.PLATFORM_ADMIN,), None),
    Persona("kundin@nord.example", "Nora", "Nielsen", (Role.CLIENT,), "nord"),
    Persona("beratung@nord.example", "Niklas", "Nowak", (Role.ADVISOR,), "nord", "Team Nord 1"),
    Persona("admin@nord.example", "Nina", "Neumann", (Role.JOBCENTER_ADMIN,), "nord"),
)

WEEKDAY_HOURS = [(day, dt.time(8, 0), dt.time(12, 30)) for day in range(5)] + [(3, dt.time(14, 0), dt.time(18, 0))]

JOBCENTERS: dict[str, dict[str, object]] = {
    "demo": {
        "name": "Jobcenter Musterstadt",
        "street": "Am Rathausplatz 1",
        "postal_code": "12345",
        "city": "Musterstadt",
        "phone": "0123 4567-0",
        "email": "kontakt@jobcenter-musterstadt.example",
        "legal_representative": "Geschäftsführerin Dr. Maria Muster",
        "privacy_officer": "Datenschutzbeauftragte, Am Rathausplatz 1, 12345 Musterstadt, datenschutz@jobcenter-musterstadt.example",
        "brand_colour": "#004B76",
        "locations": [
            (
                "Hauptstelle Mitte",
                "Am Rathausplatz 1",
                "12345",
                [("A", "Anmeldung und Terminvergabe"), ("B", "Leistungen")],
            ),
            ("Geschäftsstelle Süd", "Südring 40", "12347", [("S", "Empfang Süd")]),
            ("Geschäftsstelle West", "Westallee 7", "12349", [("W", "Empfang West")]),
        ],
        "teams": ["Team Markt und Integration 1", "Team Leistung 1", "Team Eingangszone"],
    },
    "nord": {
        "name": "Jobcenter Nordkreis",
        "street": "Hafenstraße 3",
        "postal_code": "24999",
        "city": "Nordhafen",
        "phone": "04999 100-0",
        "email": "kontakt@jobcenter-nordkreis.example",
        "legal_representative": "Geschäftsführer Jan Jansen",
        "privacy_officer": "Datenschutzbeauftragter, Hafenstraße 3, 24999 Nordhafen",
        "brand_colour": "#0B6B3A",
        "locations": [("Hauptstelle Nordhafen", "Hafenstraße 3", "24999", [("N", "Empfang")])],
        "teams": ["Team Nord 1"],
    },
}

ACCESSIBILITY = {
    "de": "Stufenloser Eingang, Aufzug, barrierefreie Toilette, Induktionsschleife am Empfang.",
    "en": "Step-free entrance, lift, accessible toilet, induction loop at reception.",
    "tr": "Basamaksız giriş, asansör, engelli tuvaleti, danışmada indüksiyon döngüsü.",
    "ar": "مدخل بدون درج، مصعد، دورة مياه مهيأة لذوي الإعاقة، حلقة حثية في الاستقبال.",
    "uk": "Вхід без сходинок, ліфт, доступний туалет, індукційна петля на рецепції.",
    "ru": "Вход без ступенек, лифт, доступный туалет, индукционная петля на ресепшене.",
}


ZONE_NAMES: dict[str, dict[str, str]] = {
    "Anmeldung und Terminvergabe": {
        "en": "Registration and appointments",
        "tr": "Kayıt ve randevu",
        "ar": "التسجيل وحجز المواعيد",
        "uk": "Реєстрація та запис на прийом",
        "ru": "Регистрация и запись на приём",
    },
    "Leistungen": {"en": "Benefits", "tr": "Yardımlar", "ar": "الإعانات", "uk": "Виплати", "ru": "Выплаты"},
    "Empfang Süd": {
        "en": "Reception South",
        "tr": "Danışma Güney",
        "ar": "الاستقبال الجنوبي",
        "uk": "Рецепція Південь",
        "ru": "Приёмная Юг",
    },
    "Empfang West": {
        "en": "Reception West",
        "tr": "Danışma Batı",
        "ar": "الاستقبال الغربي",
        "uk": "Рецепція Захід",
        "ru": "Приёмная Запад",
    },
    "Empfang": {"en": "Reception", "tr": "Danışma", "ar": "الاستقبال", "uk": "Рецепція", "ru": "Приёмная"},
}


def _zone_names(german: str) -> dict[str, str]:
    return {"de": german, **ZONE_NAMES.get(german, {})}


@transaction.atomic
def load_demo() -> dict[str, int]:
    created = {"jobcenters": 0, "locations": 0, "users": 0}
    for slug, data in JOBCENTERS.items():
        fields = {k: v for k, v in data.items() if k not in {"locations", "teams"}}
        jobcenter, was_created = Jobcenter.objects.update_or_create(slug=slug, defaults=fields)
        locations: list[tuple[str, str, str, list[tuple[str, str]]]] = data["locations"]  # type: ignore[assignment]
        teams: list[str] = data["teams"]  # type: ignore[assignment]
        created["jobcenters"] += was_created
        for name, street, plz, zones in locations:
            location, was_created = Location.all_tenants.update_or_create(
                jobcenter=jobcenter,
                name=name,
                defaults={"street": street, "postal_code": plz, "city": jobcenter.city, "accessibility": ACCESSIBILITY},
            )
            created["locations"] += was_created
            if was_created:
                for weekday, opens, closes in WEEKDAY_HOURS:
                    OpeningHours.all_tenants.create(
                        jobcenter=jobcenter, location=location, weekday=weekday, opens=opens, closes=closes
                    )
            for code, zone_name in zones:
                ReceptionZone.all_tenants.update_or_create(
                    jobcenter=jobcenter, location=location, code=code, defaults={"name": _zone_names(zone_name)}
                )
        for team_name in teams:
            Team.all_tenants.get_or_create(jobcenter=jobcenter, name=team_name)
    for persona in PERSONAS:
        created["users"] += _load_persona(persona)
    created["audit_reads"] = load_demo_reads()
    created.update(load_demo_appointments())
    created.update(load_demo_reception())
    created.update(load_demo_statistics())
    created.update(load_demo_assistant())
    created.update(load_demo_video())
    created.update(load_demo_casefile())
    created.update(load_demo_messaging())
    created.update(load_demo_cooperation())
    created.update(load_demo_applications())
    created.update(load_demo_jobs())
    created.update(load_demo_folder())
    created.update(load_demo_learning())
    created.update(load_demo_elearning())
    created.update(load_demo_employerservice())
    return created


def _load_persona(persona: Persona) -> bool:
    jobcenter = Jobcenter.objects.get(slug=persona.jobcenter) if persona.jobcenter else None
    team = Team.all_tenants.get(jobcenter=jobcenter, name=persona.team) if persona.team else None
    user, was_created = User.objects.get_or_create(
        email=persona.email,
        defaults={
            "first_name": persona.first_name,
            "last_name": persona.last_name,
            "jobcenter": jobcenter,
            "team": team,
            "language": persona.language,
        },
    )
    if was_created:
        user.set_password(DEMO_PASSWORD)
        user.email_verified_at = user.date_joined
        user.is_staff = Role.PLATFORM_ADMIN in persona.roles
        user.is_superuser = Role.PLATFORM_ADMIN in persona.roles
        user.save()
    for role in persona.roles:
        RoleAssignment.objects.get_or_create(user=user, role=role)
    if STAFF_ROLES.intersection(persona.roles):
        # Staff must use 2FA; the demo app key is fixed so a newcomer can sign in (see DEMO_TOTP_KEY).
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        if not devices.filter(key=DEMO_TOTP_KEY).exists():
            devices.delete()
            TOTPDevice.objects.create(user=user, name="authenticator", key=DEMO_TOTP_KEY, confirmed=True)
    return was_created
