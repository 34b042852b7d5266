"""Forms of the accounts pages. Labels, hints and errors in German with formal "Sie"."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.services import ASSIGNABLE_ROLES, is_pending_verification, normalise_email
from openjobcenter.core.models import Jobcenter, Team

WRONG_CREDENTIALS = _("E-Mail-Adresse oder Passwort falsch.")


def language_choices(jobcenter: Jobcenter | None) -> list[tuple[str, str]]:
    offered = set(jobcenter.languages) if jobcenter is not None and jobcenter.languages else None
    return [(code, name) for code, name in settings.LANGUAGES if offered is None or code in offered or code == "de"]


def _text(label: Any, *, autocomplete: str, max_length: int = 150) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.TextInput(attrs={"autocomplete": autocomplete})
    )


def _email(**kwargs: Any) -> forms.EmailField:
    return forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "dir": "ltr"}),
        **kwargs,
    )


def _password(label: Any, *, autocomplete: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}), **kwargs
    )


NEW_PASSWORD_HELP = _(
    "Mindestens 10 Zeichen, nicht nur Ziffern und nicht zu ähnlich zu Ihrem Namen oder Ihrer E-Mail-Adresse."
)


class NewPasswordMixin(forms.Form):
    """Two password fields, checked against each other and Django's password validators."""

    password1 = _password(_("Neues Passwort"), autocomplete="new-password", help_text=NEW_PASSWORD_HELP)
    password2 = _password(_("Neues Passwort wiederholen"), autocomplete="new-password")

    def password_owner(self) -> User:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            try:
                validate_password(first, user=self.password_owner())
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


# --- Registration, sign-in, links by e-mail ------------------------------------------------------


class RegistrationForm(NewPasswordMixin):
    first_name = _text(_("Vorname"), autocomplete="given-name")
    last_name = _text(_("Nachname"), autocomplete="family-name")
    email = _email(help_text=_("An diese Adresse senden wir Ihnen einen Link zur Bestätigung."))
    language = forms.ChoiceField(label=_("Bevorzugte Sprache"), help_text=_("In dieser Sprache schreiben wir Ihnen."))
    privacy = forms.BooleanField(
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben.")}
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2", "language", "privacy"]

    def __init__(self, *args: Any, jobcenter: Jobcenter, privacy_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Passwort")
        self.fields["password2"].label = _("Passwort wiederholen")
        choices = language_choices(jobcenter)
        cast(forms.ChoiceField, self.fields["language"]).choices = choices
        current = (get_language() or "de").split("-")[0]
        self.fields["language"].initial = current if current in dict(choices) else "de"
        link = format_html(
            '<a class="kern-link" href="{}" target="_blank" rel="noopener">{}</a>',
            privacy_url,
            _("Datenschutzhinweis (öffnet in neuem Fenster)"),
        )
        # One sentence with the link as a placeholder, so every language can order it naturally.
        sentence = _(
            "Ich habe den %(privacy_notice)s gelesen und bin einverstanden, dass meine Angaben für mein Konto verarbeitet werden."
        )
        self.fields["privacy"].label = format_html(
            "<span>{}</span>",
            mark_safe(conditional_escape(sentence) % {"privacy_notice": link}),  # noqa: S308 – both parts escaped
        )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def password_owner(self) -> User:
        data = self.cleaned_data
        return User(
            email=data.get("email", ""), first_name=data.get("first_name", ""), last_name=data.get("last_name", "")
        )


class LoginForm(forms.Form):
    """E-mail and password. ``authenticate(request=…)`` lets django-axes count every failure."""

    # Named "username" for django-axes (AXES_USERNAME_FORM_FIELD). A plain text field: whatever
    # was typed goes to authenticate(), so every failure is counted and audited alike.
    username = forms.CharField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autofocus": True, "dir": "ltr"}
        ),
    )
    password = _password(_("Passwort"), autocomplete="current-password")

    def __init__(self, *args: Any, request: HttpRequest, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.jobcenter = jobcenter
        self.user: User | None = None
        self.pending_verification = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, password = cleaned.get("username"), cleaned.get("password")
        if not email or not password:
            return cleaned
        email = normalise_email(email)
        user = authenticate(self.request, username=email, password=password)
        if user is None:
            locked = getattr(self.request, "axes_locked_out", False)
            self.pending_verification = not locked and self._is_pending(email, password)
            raise ValidationError(
                _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse über den Link, den wir Ihnen geschickt haben.")
                if self.pending_verification
                else WRONG_CREDENTIALS
            )
        if not user.belongs_to(self.jobcenter):
            # Right password, wrong Jobcenter: answered (and counted by axes) like a wrong password,
            # so this page does not reveal where somebody has an account.
            user_login_failed.send(sender=__name__, credentials={"username": email}, request=self.request)
            raise ValidationError(WRONG_CREDENTIALS)
        self.user = user
        return cleaned

    def _is_pending(self, email: str, password: str) -> bool:
        # Only somebody who knows the password learns that the account waits for verification.
        user = User.objects.filter(email=email, jobcenter=self.jobcenter).first()
        return bool(user and is_pending_verification(user) and user.check_password(password))


class EmailForm(forms.Form):
    email = _email()

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class SetPasswordForm(NewPasswordMixin):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def password_owner(self) -> User:
        return self.user


# --- Account settings -------------------------------------------------------------------------


class ProfileForm(forms.Form):
    first_name = _text(_("Vorname"), autocomplete="given-name")
    last_name = _text(_("Nachname"), autocomplete="family-name")
    language = forms.ChoiceField(
        label=_("Bevorzugte Sprache"), help_text=_("Das Portal und unsere E-Mails erscheinen in dieser Sprache.")
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices(jobcenter)


class CurrentPasswordForm(forms.Form):
    """Asks for the current password before something security-relevant changes."""

    current_password = _password(_("Aktuelles Passwort"), autocomplete="current-password")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Das aktuelle Passwort ist nicht richtig."))
        return str(password)


class PasswordChangeForm(CurrentPasswordForm, NewPasswordMixin):
    field_order = ["current_password", "password1", "password2"]

    def password_owner(self) -> User:
        return self.user


# --- Two-factor authentication ----------------------------------------------------------------


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Sicherheitscode"),
        max_length=20,
        help_text=_("Der 6-stellige Code aus Ihrer Authenticator-App – oder einer Ihrer Wiederherstellungscodes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.RegexField(
        label=_("Code aus der App"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        help_text=_("Geben Sie den 6-stelligen Code ein, den die App jetzt anzeigt."),
        error_messages={"invalid": _("Bitte geben Sie die 6 Ziffern aus der App ein.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "7", "dir": "ltr"}
        ),
    )


# --- Staff management -----------------------------------------------------------------------------


class StaffAccountForm(forms.Form):
    first_name = _text(_("Vorname"), autocomplete="off")
    last_name = _text(_("Nachname"), autocomplete="off")
    email = _email(help_text=_("An diese Adresse senden wir die Einladung."))
    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(role, Role(role).label) for role in ASSIGNABLE_ROLES],
        error_messages={"required": _("Bitte wählen Sie mindestens eine Rolle.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.all_tenants.none(), required=False, empty_label=_("kein Team")
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.for_tenant(jobcenter).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class StaffEditForm(StaffAccountForm):
    """The same without the address: it is the person's sign-in name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["email"]
