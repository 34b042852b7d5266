"""Forms of the public queue pages: drawing a number (kiosk, from one's phone) and checking in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import Concern
from openjobcenter.appointments.services import codes
from openjobcenter.core.i18n import translated
from openjobcenter.core.models import ReceptionZone


@dataclass(frozen=True)
class QueueChoice:
    """One button: a concern served in a zone, or the zone itself when it lists no concerns."""

    value: str
    label: str
    zone: ReceptionZone
    concern: Concern | None


def queue_choices(zones: list[ReceptionZone]) -> list[QueueChoice]:
    """The buttons for ``zones`` (with ``queue_settings`` and its concerns prefetched)."""
    choices = []
    for zone in zones:
        zone_settings = getattr(zone, "queue_settings", None)
        concerns = [c for c in zone_settings.concerns.all() if c.is_active] if zone_settings else []
        if concerns:
            choices += [QueueChoice(f"{zone.pk}-{c.pk}", translated(c.name), zone, c) for c in concerns]
        else:
            choices.append(QueueChoice(f"{zone.pk}", zone.display_name(), zone, None))
    return choices


class QueueChoiceForm(forms.Form):
    """Which queue to join; the buttons of the page carry the value."""

    choice = forms.ChoiceField(
        label=_("Ihr Anliegen"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie Ihr Anliegen."),
            "invalid_choice": _("Dieses Anliegen wird hier gerade nicht angeboten. Bitte wählen Sie ein anderes."),
        },
    )

    def __init__(self, *args: Any, choices: list[QueueChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = {choice.value: choice for choice in choices}
        field = cast(forms.ChoiceField, self.fields["choice"])
        field.choices = [(choice.value, choice.label) for choice in choices]

    def selected(self) -> QueueChoice:
        return self.options[self.cleaned_data["choice"]]


def code_from_scan(text: str) -> str:
    """A booking code as typed, or read by a QR scanner: the code itself or a check-in link with ``?code=``."""
    text = text.strip()
    if "://" in text or "?" in text:
        return parse_qs(urlsplit(text).query).get("code", [""])[0]
    return text


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Buchungsnummer"),
        # A scanner types the whole check-in link from the confirmation's QR code.
        max_length=300,
        help_text=_("Sie steht in der Bestätigung Ihres Termins, z. B. ABCDE-23456."),
        error_messages={"required": _("Bitte geben Sie die Buchungsnummer an.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "dir": "ltr", "autocapitalize": "characters"}
        )

    def clean_code(self) -> str:
        code = codes.normalise_code(code_from_scan(self.cleaned_data["code"]))
        if len(code) != codes.CODE_LENGTH:
            raise forms.ValidationError(_("Die Buchungsnummer hat zehn Zeichen, z. B. ABCDE-23456."))
        return code
