"""Which proofs (Nachweise) an application needs, derived from its answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openjobcenter.applications.steps import clean_of, persons
from openjobcenter.casefile.models import Category


@dataclass(frozen=True)
class Proof:
    key: str  # stable within one application, e.g. "payslips-p1"
    title: str | Promise
    step: str
    category: str
    person: str = ""
    hint: str | Promise = ""


INCOME_PROOFS: dict[str, tuple[str | Promise, str | Promise]] = {
    "employment": (_("Lohnabrechnungen der letzten 3 Monate"), _("und den Arbeitsvertrag, falls vorhanden")),
    "minijob": (_("Lohnabrechnungen der letzten 3 Monate"), ""),
    "self_employed": (_("Anlage EKS (vorläufige Einkommenserklärung)"), _("Betriebseinnahmen und -ausgaben")),
    "unemployment_benefit": (_("Bescheid über Arbeitslosengeld"), ""),
    "child_benefit": (_("Kindergeldbescheid oder Kontoauszug mit Kindergeld"), ""),
    "maintenance": (_("Nachweis über Unterhalt oder Unterhaltsvorschuss"), ""),
    "pension": (_("Rentenbescheid"), ""),
    "other": (_("Nachweis über das Einkommen"), ""),
}


def required_proofs(data: dict[str, Any]) -> list[Proof]:
    proofs: list[Proof] = []
    people = persons(data)
    applicant = clean_of(data, "applicant") or {}
    proofs.extend(
        Proof(f"id-p{p.index}", _("Personalausweis oder Reisepass"), "household" if p.index else "applicant",
              Category.ID, p.name)
        for p in people
        if p.relationship == "applicant" or (p.age is not None and p.age >= 15)
    )  # fmt: skip
    if applicant.get("nationality") == "other":
        proofs.append(Proof("residence-p0", _("Aufenthaltstitel"), "applicant", Category.ID, people[0].name))
    housing = clean_of(data, "housing") or {}
    if housing.get("housing") == "rent":
        proofs.append(Proof("rent-contract", _("Mietvertrag"), "housing", Category.RENT,
                            hint=_("oder eine aktuelle Mietbescheinigung der Vermieterin / des Vermieters")))  # fmt: skip
        proofs.append(Proof("utilities", _("Letzte Nebenkostenabrechnung"), "housing", Category.RENT))
    if housing.get("heating_type") == "separate":
        proofs.append(Proof("heating", _("Abschlagsplan für Heizung (Gas, Fernwärme, Öl)"), "housing", Category.RENT))
    income = clean_of(data, "income") or {}
    for person in people:
        answer = income.get(f"p{person.index}") or {}
        if answer.get("has_income") == "yes" and answer.get("kind") in INCOME_PROOFS:
            title, hint = INCOME_PROOFS[answer["kind"]]
            proofs.append(Proof(f"income-p{person.index}", title, "income", Category.INCOME, person.name, hint))
    assets = clean_of(data, "assets") or {}
    if assets:
        proofs.append(Proof("bank-statements", _("Kontoauszüge der letzten 3 Monate"), "assets", Category.BANK,
                            hint=_("von allen Konten aller Personen im Haushalt")))  # fmt: skip
    if assets.get("vehicle") == "yes":
        proofs.append(Proof("vehicle", _("Fahrzeugschein (Zulassungsbescheinigung Teil I)"), "assets", Category.OTHER))
    if assets.get("insurance") == "yes":
        proofs.append(
            Proof("insurance", _("Nachweis über Lebens- oder Rentenversicherungen"), "assets", Category.OTHER)
        )
    health = clean_of(data, "health") or {}
    proofs.extend(
        Proof(f"health-p{p.index}", _("Nachweis der privaten Krankenversicherung"), "health", Category.OTHER, p.name)
        for p in people
        if (health.get(f"p{p.index}") or {}).get("insurance") == "private"
    )
    previous = clean_of(data, "previous") or {}
    if previous.get("received") == "yes":
        proofs.append(Proof("previous-decision", _("Letzter Bescheid über die frühere Leistung"), "previous",
                            Category.APPLICATION))  # fmt: skip
    return proofs


def by_key(data: dict[str, Any], key: str) -> Proof | None:
    return next((proof for proof in required_proofs(data) if proof.key == key), None)
