"""Labour-market figures per district (shared reference data) and each Jobcenter's districts.

The Bundesagentur's figures are public and the same for every Jobcenter, so they are *not*
tenant-owned: one row per district (or Land total), period and month, read by all Jobcenters.
Only ``StatisticsSettings`` (which districts a Jobcenter reports on) belongs to a tenant.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager

# Amtlicher Gemeindeschlüssel: 5 digits for a Kreis / kreisfreie Stadt, 2 digits for a Land total.
ags_validator = RegexValidator(r"^(\d{2}|\d{5})$", _("Ein Regionalschlüssel mit 2 (Land) oder 5 Ziffern (Kreis)."))


def is_state_total(ags: str) -> bool:
    """A two-digit key is the total of a Land, not a district."""
    return len(ags) == 2


class Period(models.TextChoices):
    MONTH = "month", _("Monat")
    YEAR = "year", _("Jahresdurchschnitt")


class LabourMarketImport(models.Model):
    """One import run: what was read, what was skipped and why (the report shown to the admin)."""

    created_at = models.DateTimeField(_("importiert am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importiert von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    filename = models.CharField(_("Datei"), max_length=255)
    source = models.CharField(_("Quelle"), max_length=500, blank=True)
    imported = models.PositiveIntegerField(_("übernommene Zeilen"), default=0)
    skipped = models.PositiveIntegerField(_("übersprungene Zeilen"), default=0)
    report = models.JSONField(_("Bericht"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Import Arbeitsmarktdaten")
        verbose_name_plural = _("Importe Arbeitsmarktdaten")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


class LabourMarketFigure(models.Model):
    """The figures of one district (or Land total) for one month or one year (annual average)."""

    ags = models.CharField(_("Regionalschlüssel"), max_length=5, validators=[ags_validator])
    region = models.CharField(_("Region"), max_length=200)
    state = models.CharField(_("Bundesland"), max_length=100)
    period = models.CharField(_("Zeitraum"), max_length=5, choices=Period.choices, default=Period.MONTH)
    # First day of the month; for an annual average 1 January of the year.
    month = models.DateField(_("Monat"))
    unemployed = models.PositiveIntegerField(_("Arbeitslose"))
    unemployed_sgb2 = models.PositiveIntegerField(_("Arbeitslose SGB II"), null=True, blank=True)
    civilian_labour_force = models.PositiveIntegerField(_("alle zivilen Erwerbspersonen"), null=True, blank=True)
    # Only for sources that publish the rate but not its base (the annual demo data): used when
    # the civilian labour force is unknown.
    published_rate = models.DecimalField(
        _("veröffentlichte Arbeitslosenquote"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    source_import = models.ForeignKey(
        LabourMarketImport,
        verbose_name=_("Import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
    )

    class Meta:
        ordering = ["ags", "period", "month"]
        verbose_name = _("Arbeitsmarktzahl")
        verbose_name_plural = _("Arbeitsmarktzahlen")
        constraints = [
            models.UniqueConstraint(fields=["ags", "period", "month"], name="labour_market_figure_unique_period"),
        ]
        indexes = [models.Index(fields=["state", "period", "month"], name="labour_market_state_month")]

    def __str__(self) -> str:
        return f"{self.region} {self.month:%Y-%m}"


class StatisticsSettings(models.Model):
    """Which district(s) a Jobcenter reports on (AGS keys, in the order they are shown)."""

    jobcenter = models.OneToOneField(Jobcenter, on_delete=models.CASCADE, related_name="statistics_settings")
    districts = models.JSONField(_("Kreise (Regionalschlüssel)"), default=list, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Statistik-Einstellungen")
        verbose_name_plural = _("Statistik-Einstellungen")

    def __str__(self) -> str:
        return f"{self.jobcenter}: {', '.join(self.districts)}"
