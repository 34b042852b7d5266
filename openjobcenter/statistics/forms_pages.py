"""Forms of the statistics pages: which district and period a report shows, and the filters of the
service figures. Choices are limited to this Jobcenter's districts, locations and teams, so a forged
value is a form error, never another Jobcenter's data."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter, Location, Team

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        validators=[
            MinValueValidator(EARLIEST, _("Bitte geben Sie ein Datum ab dem Jahr 2000 an.")),
            MaxValueValidator(LATEST, _("Bitte geben Sie ein Datum vor dem Jahr 2100 an.")),
        ],
    )


# --- district report -------------------------------------------------------------------------------


def period_value(month: dt.date, *, annual: bool) -> str:
    """``2024-02`` for a month, ``2020`` for an annual average (the value of a period choice)."""
    return f"{month.year:04d}" if annual else f"{month.year:04d}-{month.month:02d}"


def parse_period(value: str) -> tuple[dt.date, bool] | None:
    """The first day of the period and whether it is an annual average; None for anything else."""
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1), True
        if len(value) == 7 and value[4] == "-":
            return dt.date(int(value[:4]), int(value[5:]), 1), False
    except ValueError:
        return None
    return None


def month_label(month: dt.date, *, annual: bool, short: bool = False) -> str:
    """The period's label in the page's language: "Februar 2024" or "Jahresdurchschnitt 2020"
    (``short``: "Feb. 2024" or "2020", for chart axes and table rows)."""
    if annual and short:
        return str(month.year)
    if short:
        return formats.date_format(month, "M Y")
    if annual:
        return str(_("Jahresdurchschnitt %(year)s") % {"year": month.year})
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


class ReportForm(forms.Form):
    """District and period of the report. The district field is only offered when the Jobcenter
    reports on more than one district."""

    district = forms.ChoiceField(label=_("Kreis"))
    period = forms.ChoiceField(label=_("Zeitraum"))

    def __init__(
        self,
        data: Any,
        *,
        districts: list[tuple[str, str]],
        months: list[dt.date],
        years: list[dt.date],
    ) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["district"]).choices = districts
        periods: list[Any] = []
        if months:
            periods.append(
                (_("Monate"), [(period_value(m, annual=False), month_label(m, annual=False)) for m in months])
            )
        if years:
            periods.append(
                (_("Jahresdurchschnitte"), [(period_value(y, annual=True), month_label(y, annual=True)) for y in years])
            )
        cast(forms.ChoiceField, self.fields["period"]).choices = periods
        if len(districts) < 2:
            self.fields["district"].widget = forms.HiddenInput()


# --- service figures -------------------------------------------------------------------------------


class ServiceFilterForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Standort"), queryset=Location.all_tenants.none(), required=False, empty_label=_("Alle Standorte")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.all_tenants.none(), required=False, empty_label=_("Alle Teams")
    )
    date_from = _date_field(_("von"))
    date_to = _date_field(_("bis"))

    def __init__(self, data: Any, *, jobcenter: Jobcenter) -> None:
        super().__init__(data)
        location = cast(forms.ModelChoiceField, self.fields["location"])
        location.queryset = Location.objects.for_tenant(jobcenter).filter(is_active=True)
        team = cast(forms.ModelChoiceField, self.fields["team"])
        team.queryset = Team.objects.for_tenant(jobcenter).filter(is_active=True)
