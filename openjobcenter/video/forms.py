"""The video settings form of a Jobcenter admin. Secrets are never shown again: empty keeps them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.video.models import ChecksumAlgorithm, Provider

_URL_ERRORS = {"invalid": _("Bitte geben Sie eine vollständige Adresse an, die mit https:// beginnt.")}


def _minutes(label: Any, maximum: int, help_text: Any) -> forms.IntegerField:
    message = _("Bitte geben Sie eine ganze Zahl zwischen 0 und %(max)s an.") % {"max": maximum}
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class VideoSettingsForm(forms.Form):
    provider = forms.ChoiceField(
        label=_("Anbieter"),
        choices=Provider.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie einen Anbieter."),
            "invalid_choice": _("Bitte wählen Sie einen Anbieter."),
        },
    )
    bbb_url = forms.URLField(
        label=_("BigBlueButton-API-Adresse"),
        required=False,
        assume_scheme="https",
        help_text=_("z. B. https://bbb.example.de/bigbluebutton/api (auch Scalelite). Leer: Wert aus BBB_API_URL."),
        error_messages=_URL_ERRORS,
    )
    bbb_secret = forms.CharField(
        label=_("Gemeinsames Geheimnis (Shared Secret)"),
        required=False,
        strip=True,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leer lassen, um das gespeicherte Geheimnis zu behalten (oder BBB_SECRET zu verwenden)."),
    )
    clear_bbb_secret = forms.BooleanField(
        label=_("Gespeichertes Geheimnis löschen (dann gilt BBB_SECRET)"), required=False
    )
    bbb_checksum_algorithm = forms.ChoiceField(
        label=_("Prüfsummen-Verfahren"),
        choices=ChecksumAlgorithm.choices,
        required=False,
        help_text=_("Scalelite kennt SHA-1, SHA-256 und SHA-512; ältere Scalelite-Versionen nur SHA-1."),
    )
    jitsi_url = forms.URLField(
        label=_("Jitsi-Adresse"),
        required=False,
        assume_scheme="https",
        help_text=_("z. B. https://meet.example.de. Leer: Wert aus JITSI_URL."),
        error_messages=_URL_ERRORS,
    )
    jitsi_app_id = forms.CharField(label=_("Jitsi-App-ID"), required=False, max_length=100)
    jitsi_app_secret = forms.CharField(
        label=_("Jitsi-App-Geheimnis"),
        required=False,
        strip=True,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leer lassen, um das gespeicherte Geheimnis zu behalten (oder JITSI_APP_SECRET zu verwenden)."),
    )
    clear_jitsi_app_secret = forms.BooleanField(
        label=_("Gespeichertes Geheimnis löschen (dann gilt JITSI_APP_SECRET)"), required=False
    )
    opens_minutes_before = _minutes(
        _("Raum öffnet … Minuten vor Beginn"), 60, _("Ab dann führt der Button „Zum Videogespräch“ in den Raum.")
    )
    grace_minutes = _minutes(
        _("Raum bleibt … Minuten nach dem geplanten Ende offen"), 120, _("Falls ein Gespräch länger dauert.")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("bbb_url", "jitsi_url"):
            value = cleaned.get(name) or ""
            if value and not value.startswith(("https://", "http://")):
                self.add_error(name, _URL_ERRORS["invalid"])
        return cleaned
