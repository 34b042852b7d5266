"""Forms of the Jobcenter admin for the queue: a zone's settings and the counters.

The forms check what a field can tell; the rules against stored data (names unique per zone,
objects of this Jobcenter) live in ``services.admin``, whose errors are shown on their field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.forms_manage import ServiceErrors, _number
from openjobcenter.appointments.models import Concern
from openjobcenter.core.models import Jobcenter, ReceptionZone
from openjobcenter.reception.models import Counter, ZoneSettings
from openjobcenter.reception.services import admin


class ConcernChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name())


class ZoneChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.location.name}: {obj.code} – {obj.display_name()}"


class ZoneSettingsForm(ServiceErrors, forms.Form):
    concerns = ConcernChoice(
        label=_("Anliegen, für die diese Eingangszone zuständig ist"),
        queryset=Concern.all_tenants.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Wer zu einem dieser Anliegen kommt, mit oder ohne Termin, wartet hier. Für Anliegen, für die keine "
            "Zone zuständig ist, gilt die erste geöffnete Zone des Standorts (nach Kennbuchstabe)."
        ),
        error_messages={"invalid_choice": _("Bitte wählen Sie nur Anliegen aus der Liste.")},
    )
    is_open = forms.BooleanField(
        label=_("Nimmt Wartenummern an"),
        required=False,
        help_text=_("Ausgeschaltet: Am Terminal und online gibt es für diese Zone keine Wartenummern."),
    )
    remote_join = forms.BooleanField(
        label=_("Anstellen von unterwegs erlaubt"),
        required=False,
        help_text=_("Menschen können sich mit dem Telefon in die Warteschlange einreihen, bevor sie kommen."),
    )
    default_service_minutes = _number(
        _("Übliche Bearbeitungszeit in Minuten"),
        admin.MIN_SERVICE_MINUTES,
        admin.MAX_SERVICE_MINUTES,
        help_text=_("Für die Wartezeit-Schätzung, solange es noch zu wenige Erfahrungswerte gibt."),
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, current: ZoneSettings | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        concerns = Concern.objects.for_tenant(jobcenter).filter(is_active=True)
        if current is not None and current.pk:
            # A concern no longer bookable stays choosable while the zone still serves it.
            concerns = concerns | Concern.objects.for_tenant(jobcenter).filter(pk__in=current.concerns.values("pk"))
        field = self.fields["concerns"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = concerns.distinct().order_by("sort_order", "pk")

    @staticmethod
    def initial_for(current: ZoneSettings) -> dict[str, Any]:
        return {
            "concerns": list(current.concerns.values_list("pk", flat=True)) if current.pk else [],
            "is_open": current.is_open,
            "remote_join": current.remote_join,
            "default_service_minutes": current.default_service_minutes,
        }

    def to_data(self) -> admin.ZoneSettingsData:
        cleaned = self.cleaned_data
        return admin.ZoneSettingsData(
            concerns=list(cleaned["concerns"]),
            is_open=cleaned["is_open"],
            remote_join=cleaned["remote_join"],
            default_service_minutes=cleaned["default_service_minutes"],
        )


class CounterForm(ServiceErrors, forms.Form):
    zone = ZoneChoice(
        label=_("Eingangszone"),
        queryset=ReceptionZone.all_tenants.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie eine Eingangszone."),
            "invalid_choice": _("Bitte wählen Sie eine Eingangszone aus der Liste."),
        },
    )
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=40,
        help_text=_("Wie er auf der Aufrufanzeige steht, z. B. 3 oder Platz 3."),
        error_messages={
            "required": _("Bitte geben Sie eine Bezeichnung an, z. B. 3."),
            "max_length": _("Bitte höchstens 40 Zeichen."),
        },
    )
    is_active = forms.BooleanField(
        label=_("In Betrieb"),
        required=False,
        help_text=_("Außer Betrieb: Niemand kann sich an diesen Schalter setzen; wer dort sitzt, wird abgemeldet."),
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["zone"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            ReceptionZone.objects.for_tenant(jobcenter).select_related("location").order_by("location__name", "code")
        )

    @staticmethod
    def initial_for(counter: Counter | None, *, zone: ReceptionZone | None = None) -> dict[str, Any]:
        if counter is None:
            return {"zone": zone.pk if zone else None, "is_active": True}
        return {"zone": counter.zone_id, "name": counter.name, "is_active": counter.is_active}

    def to_data(self) -> admin.CounterData:
        cleaned = self.cleaned_data
        return admin.CounterData(zone=cleaned["zone"], name=cleaned["name"], is_active=cleaned["is_active"])
