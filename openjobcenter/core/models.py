"""Tenants (Jobcenter), their locations with opening hours and reception zones, and teams."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.i18n import translated
from openjobcenter.core.tenancy import TenantManager

slug_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,40}$",
    _("Nur Kleinbuchstaben, Ziffern und Bindestriche; beginnt mit einem Buchstaben."),
)
colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Eine Farbe im Format #RRGGBB."))

# Path segments that can never be a Jobcenter slug because the platform uses them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "healthz",
        "i18n",
        "platform",
        "favicon.ico",
        "jobcenters",
        "docs",
        "openapi.json",
    }
)


def default_languages() -> list[str]:
    return ["de", "en", "tr", "ar", "uk", "ru"]


class OrganisationType(models.TextChoices):
    """The two legal forms of a Jobcenter; they decide e.g. which data protection authority applies."""

    JOINT = "joint", _("Gemeinsame Einrichtung (§ 44b SGB II)")
    MUNICIPAL = "municipal", _("Zugelassener kommunaler Träger (§ 6a SGB II)")


class State(models.TextChoices):
    """The 16 Länder (ISO 3166-2:DE codes); they decide the public holidays."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class Jobcenter(models.Model):
    """A tenant: one Jobcenter with its own clients, staff and data, strictly separated."""

    slug = models.SlugField(_("Kürzel in der Adresse"), unique=True, max_length=41, validators=[slug_validator])
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    state = models.CharField(
        _("Bundesland"),
        max_length=2,
        choices=State.choices,
        default=State.NW,
        help_text=_("Bestimmt die gesetzlichen Feiertage, an denen keine Termine angeboten werden."),
    )
    phone = models.CharField(_("Telefon"), max_length=50)
    email = models.EmailField(_("E-Mail"))
    legal_representative = models.CharField(_("Vertreten durch"), max_length=200, blank=True)
    privacy_officer = models.CharField(_("Datenschutzbeauftragte Stelle"), max_length=300, blank=True)
    languages = models.JSONField(_("Angebotene Sprachen"), default=default_languages)
    brand_colour = models.CharField(_("Markenfarbe"), max_length=7, default="#004B76", validators=[colour_validator])
    organisation_type = models.CharField(
        _("Rechtsform"), max_length=16, choices=OrganisationType.choices, default=OrganisationType.JOINT
    )
    supervisory_authority = models.TextField(
        _("Aufsichtsbehörde"),
        blank=True,
        help_text=_("Erscheint im Impressum, z. B. die zuständige Landesbehörde oder die Trägerversammlung."),
    )
    data_protection_authority = models.TextField(
        _("Datenschutz-Aufsichtsbehörde"),
        blank=True,
        help_text=_(
            "Nur ausfüllen, wenn nicht die Bundesbeauftragte für den Datenschutz zuständig ist "
            "(bei zugelassenen kommunalen Trägern: die oder der Landesbeauftragte für den Datenschutz)."
        ),
    )
    accessibility_enforcement = models.TextField(
        _("Durchsetzungs- oder Schlichtungsstelle für Barrierefreiheit"),
        blank=True,
        help_text=_(
            "Nur ausfüllen, wenn nicht die Schlichtungsstelle nach § 16 BGG zuständig ist, "
            "z. B. die Ombudsstelle Ihres Landes bei zugelassenen kommunalen Trägern."
        ),
    )
    accessibility_statement_date = models.DateField(
        _("Erklärung zur Barrierefreiheit erstellt oder zuletzt überprüft am"), null=True, blank=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Jobcenter")
        verbose_name_plural = _("Jobcenter")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


class Location(models.Model):
    """A Standort / Geschäftsstelle of a Jobcenter."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    accessibility = models.JSONField(_("Barrierefreiheit"), default=dict, blank=True)
    directions = models.JSONField(_("Anfahrt"), default=dict, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "name"], name="location_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"

    def accessibility_text(self) -> str:
        return translated(self.accessibility)

    def directions_text(self) -> str:
        return translated(self.directions)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


class OpeningHours(models.Model):
    """One opening period of a location on one weekday (several per day are allowed)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        constraints = [
            models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")), name="opening_hours_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ReceptionZone(models.Model):
    """An Eingangszone of a location, where walk-in clients wait to be called."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="reception_zones")
    code = models.CharField(_("Kennbuchstabe"), max_length=3, help_text=_("Steht vor der Wartenummer, z. B. A."))
    name = models.JSONField(_("Bezeichnung"), default=dict)
    floor = models.CharField(_("Etage / Raum"), max_length=100, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("Eingangszone")
        verbose_name_plural = _("Eingangszonen")
        constraints = [models.UniqueConstraint(fields=["location", "code"], name="reception_zone_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} – {self.display_name()}"

    def display_name(self) -> str:
        return translated(self.name)


class Team(models.Model):
    """A team of staff; advisors see the cases of their team."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="teams")
    location = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams")
    name = models.CharField(_("Name"), max_length=200)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class AccessibilityFeedback(models.Model):
    """A barrier reported through the accessibility statement's feedback form (§ 12b BGG)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    page = models.CharField(_("Betroffene Seite"), max_length=300, blank=True)
    message = models.TextField(_("Nachricht"))
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y} – {self.page or self.message[:40]}"
