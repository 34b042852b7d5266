"""The admin search form of the audit trail (GET parameters, so a search can be bookmarked)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.models import User
from openjobcenter.audit.models import Kind
from openjobcenter.audit.services import SearchFilters
from openjobcenter.core.models import Jobcenter


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AuditSearchForm(forms.Form):
    person = forms.CharField(
        label=_("Handelnde Person"),
        help_text=_("Name oder E-Mail, auch teilweise."),
        max_length=100,
        required=False,
    )
    subject = forms.EmailField(
        label=_("Betroffene Person"),
        help_text=_("Vollständige E-Mail-Adresse des Kontos."),
        required=False,
    )
    action = forms.CharField(
        label=_("Aktion"),
        help_text=_("Anfang des Namens, z. B. „accounts.“"),
        max_length=100,
        required=False,
        validators=[RegexValidator(r"^[a-z0-9_.]*$", _("Nur Kleinbuchstaben, Ziffern, Punkt und Unterstrich."))],
    )
    kind = forms.ChoiceField(label=_("Art"), choices=[("", _("alle")), *Kind.choices], required=False)
    date_from = forms.DateField(label=_("von (Datum)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("bis (Datum)"), required=False, widget=DateInput())

    def __init__(self, *args: Any, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jobcenter = jobcenter

    def clean_subject(self) -> User | None:
        email = self.cleaned_data["subject"]
        if not email:
            return None
        account = User.in_tenant.for_tenant(self.jobcenter).filter(email__iexact=email).first()
        if account is None:
            raise forms.ValidationError(_("In diesem Jobcenter gibt es kein Konto mit dieser E-Mail-Adresse."))
        return account

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Das Enddatum liegt vor dem Anfangsdatum."))
        return cleaned

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            person=data["person"].strip(),
            subject=data["subject"],
            action=data["action"],
            kind=data["kind"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
