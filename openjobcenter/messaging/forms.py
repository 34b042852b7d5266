"""Forms of the Postfach. An attachment goes through the case file's upload pipeline in ``clean_attachment``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.forms import checked, document_file_field
from openjobcenter.casefile.services.uploads import CleanFile
from openjobcenter.messaging.models import Topic
from openjobcenter.messaging.services.threads import MAX_BODY, MAX_SUBJECT, NotYourAdvisor


def attachment_field() -> forms.FileField:
    field = document_file_field()
    field.required = False
    field.label = _("Anhang")
    field.help_text = _(
        "PDF oder Foto (JPEG, PNG, HEIC). Der Anhang wird auf Viren geprüft und verschlüsselt in Ihrer Akte gespeichert."
    )
    return field


def body_field(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Ihre Nachricht"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte schreiben Sie eine Nachricht.")},
    )


class AttachmentMixin(forms.Form):
    attachment = attachment_field()

    def clean_attachment(self) -> CleanFile | None:
        upload = self.cleaned_data.get("attachment")
        return checked(upload) if upload else None


class CitizenNewForm(AttachmentMixin):
    recipient = forms.ChoiceField(label=_("An"))
    topic = forms.ChoiceField(
        label=_("Thema"),
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie ein Thema.")},
    )
    subject = forms.CharField(
        label=_("Betreff"),
        max_length=MAX_SUBJECT,
        error_messages={"required": _("Bitte geben Sie einen Betreff ein.")},
        help_text=_("Ein paar Worte, worum es geht. Zum Beispiel „Frage zu meinem Bescheid“."),
    )
    body = body_field()
    field_order = ["recipient", "topic", "subject", "body", "attachment"]

    def __init__(self, *args: Any, recipients: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ChoiceField)
        recipient.choices = recipients
        recipient.error_messages["invalid_choice"] = NotYourAdvisor.message
        recipient.error_messages["required"] = NotYourAdvisor.message


class StaffNewForm(AttachmentMixin):
    citizen = forms.TypedChoiceField(label=_("An"), coerce=int)
    topic = forms.ChoiceField(label=_("Thema"), choices=[("", "–"), *Topic.choices])
    subject = forms.CharField(label=_("Betreff"), max_length=MAX_SUBJECT)
    body = body_field(_("Nachricht"))
    field_order = ["citizen", "topic", "subject", "body", "attachment"]

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        citizen = self.fields["citizen"]
        assert isinstance(citizen, forms.TypedChoiceField)
        citizen.choices = members


class ReplyForm(AttachmentMixin):
    body = body_field(_("Antwort"))
    field_order = ["body", "attachment"]


class StaffReplyForm(ReplyForm):
    template = forms.TypedChoiceField(label=_("Antwortvorlage"), coerce=int, required=False, empty_value=None)
    field_order = ["template", "body", "attachment"]

    def __init__(self, *args: Any, templates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        template = self.fields["template"]
        assert isinstance(template, forms.TypedChoiceField)
        template.choices = [("", _("– Vorlage wählen –")), *templates]
        self.fields["body"].label = _("Antwort")


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Übergeben an"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(
        label=_("Hinweis für die Kollegin oder den Kollegen"),
        max_length=300,
        required=False,
        help_text=_("Wird im Protokoll gespeichert. Bitte keine Gesundheitsdaten."),
    )

    def __init__(self, *args: Any, colleagues: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.TypedChoiceField)
        assignee.choices = [("", _("niemand (zurück an das Team)")), *colleagues]


class AnswerTemplateForm(forms.Form):
    title = forms.CharField(label=_("Bezeichnung"), max_length=100)
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Platzhalter: {name} (Name der Kundin / des Kunden), {vorname}, {nachname}, "
            "{berater} (Ihr Name), {jobcenter}."
        ),
    )
