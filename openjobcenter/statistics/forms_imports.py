"""Forms of the admin's import page."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class LabourMarketUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "Spalten ags, region, state, month (JJJJ-MM), unemployed, unemployed_sgb2, civilian_labour_force; "
            "UTF-8 oder Latin-1, getrennt durch Komma oder Semikolon; höchstens 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    source = forms.CharField(
        label=_("Quelle (wird mit den Zahlen angezeigt)"),
        max_length=500,
        required=False,
        initial="Statistik der Bundesagentur für Arbeit",
    )
    strict = forms.BooleanField(
        label=_("Nur importieren, wenn alle Zeilen fehlerfrei sind"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB."))
        return upload


class DistrictsForm(forms.Form):
    districts = forms.CharField(
        label=_("Kreise des Jobcenters (Regionalschlüssel)"),
        help_text=_("Fünfstellige Regionalschlüssel, getrennt durch Komma, z. B. 06431."),
        max_length=200,
    )

    def clean_districts(self) -> list[str]:
        keys = [key.strip() for key in re.split(r"[,;\s]+", self.cleaned_data["districts"]) if key.strip()]
        wrong = [key for key in keys if not re.fullmatch(r"\d{5}", key)]
        if wrong:
            raise forms.ValidationError(
                _("Ein Regionalschlüssel hat fünf Ziffern: %(keys)s.") % {"keys": ", ".join(wrong)}
            )
        if not keys:
            raise forms.ValidationError(_("Bitte geben Sie mindestens einen Regionalschlüssel an."))
        return keys
