"""Forms on the public pages of a Jobcenter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class AccessibilityFeedbackForm(forms.Form):
    """Report a barrier. Only the message is required, so nobody has to identify themselves."""

    message = forms.CharField(
        label=_("Ihre Nachricht"),
        help_text=_("Beschreiben Sie bitte, was nicht funktioniert hat und welche Hilfsmittel Sie nutzen."),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte beschreiben Sie die Barriere, die Ihnen aufgefallen ist.")},
    )
    page = forms.CharField(
        label=_("Betroffene Seite"),
        help_text=_("Zum Beispiel die Adresse oder die Überschrift der Seite."),
        max_length=300,
        required=False,
    )
    name = forms.CharField(label=_("Ihr Name"), max_length=200, required=False, widget=forms.TextInput())
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Nur nötig, wenn Sie eine Antwort wünschen."),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.")},
    )

    field_order = ["message", "page", "name", "email"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
