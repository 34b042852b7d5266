"""Forms: the admin's provider configuration (secret write-only) and the citizen's bank details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from openjobcenter.accounts.oidc.config import is_acceptable_issuer
from openjobcenter.accounts.oidc.services import STAFF_MAPPABLE_ROLES

_SECRET_HELP = _("Wird nie wieder angezeigt. Leer lassen, um das gespeicherte Geheimnis zu behalten.")


class ProviderForm(forms.Form):
    enabled = forms.BooleanField(label=_("Anmeldung über diesen Anbieter einschalten"), required=False)
    display_name = forms.CharField(
        label=_("Name auf der Schaltfläche"), required=False, max_length=60, help_text=_("z. B. BundID")
    )
    issuer = forms.CharField(
        label=_("Aussteller (Issuer-URL)"),
        required=False,
        max_length=300,
        help_text=_("Die Adresse des Anbieters, unter der /.well-known/openid-configuration liegt."),
        widget=forms.URLInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    client_id = forms.CharField(label=_("Client-ID"), required=False, max_length=200)
    client_secret = forms.CharField(
        label=_("Client-Geheimnis"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_SECRET_HELP,
    )
    clear_client_secret = forms.BooleanField(label=_("Gespeichertes Geheimnis löschen"), required=False)
    scopes = forms.CharField(
        label=_("Scopes"), required=False, max_length=300, help_text=_("Durch Leerzeichen getrennt.")
    )

    def clean_issuer(self) -> str:
        issuer = str(self.cleaned_data["issuer"]).strip().rstrip("/")
        if issuer and not is_acceptable_issuer(issuer):
            raise forms.ValidationError(
                _("Bitte geben Sie eine Adresse an, die mit https:// beginnt."), code="insecure"
            )
        return issuer

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("enabled") and not (data.get("issuer") and data.get("client_id")):
            self.add_error("issuer", _("Zum Einschalten braucht es mindestens Aussteller und Client-ID."))
        return data


class CitizenProviderForm(ProviderForm):
    trust_level_claim = forms.CharField(
        label=_("Claim für das Vertrauensniveau"),
        required=False,
        max_length=100,
        help_text=_("Leer: acr. Werte: basis, substanziell, hoch (auch STORK-QAA-Level und eIDAS-LoA)."),
    )


class StaffProviderForm(ProviderForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].help_text = _("z. B. Keycloak oder Anmeldung Jobcenter")

    groups_claim = forms.CharField(label=_("Claim für Gruppen"), required=False, max_length=100)
    team_claim = forms.CharField(
        label=_("Claim für das Team"),
        required=False,
        max_length=100,
        help_text=_("Optional. Der Wert muss dem Namen eines Teams entsprechen."),
    )
    role_mapping = forms.CharField(
        label=_("Zuordnung Gruppen zu Rollen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"}),
        help_text=_("Eine Zeile je Gruppe: Gruppe = Rolle. Rollen: %(roles)s")
        % {"roles": ", ".join(sorted(STAFF_MAPPABLE_ROLES))},
    )

    def clean_role_mapping(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for number, line in enumerate(str(self.cleaned_data["role_mapping"]).splitlines(), start=1):
            if not line.strip():
                continue
            group, sep, role = line.partition("=")
            role = role.strip()
            if not sep or not group.strip() or role not in STAFF_MAPPABLE_ROLES:
                raise forms.ValidationError(
                    _("Zeile %(line)s: bitte „Gruppe = Rolle“ mit einer dieser Rollen: %(roles)s."),
                    code="mapping",
                    params={"line": number, "roles": ", ".join(sorted(STAFF_MAPPABLE_ROLES))},
                )
            mapping[group.strip()] = role
        return mapping


def mapping_as_text(mapping: dict[str, str]) -> str:
    return "\n".join(f"{group} = {role}" for group, role in mapping.items())


class IdentitySettingsForm(forms.Form):
    citizen_two_factor = forms.BooleanField(
        label=_("Bürgerinnen und Bürgern mit lokalem Konto die Zwei-Faktor-Anmeldung anbieten"), required=False
    )


class BankDetailsForm(forms.Form):
    account_holder = forms.CharField(
        label=_("Kontoinhaberin / Kontoinhaber"),
        max_length=150,
        error_messages={"required": _("Bitte geben Sie an, wem das Konto gehört.")},
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Bitte geben Sie Ihre IBAN an.")},
    )

    def clean_iban(self) -> str:
        try:
            return str(IBAN(self.cleaned_data["iban"]).compact)
        except SchwiftyException:
            raise forms.ValidationError(
                _("Diese IBAN ist nicht gültig. Bitte prüfen Sie sie, z. B. DE89 3704 0044 0532 0130 00."),
                code="iban",
            ) from None
