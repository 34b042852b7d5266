"""Subsidy rules as data: pick the rule valid on the start date, check each condition against the
facts staff confirmed, and compute the monthly payment schedule from the rule's funding rates.

Each condition has one of three results: ``met``, ``not_met`` or ``manual`` (a fact is missing or the
rule says it needs a person's judgement): staff confirm ``manual`` ones explicitly before approving.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openjobcenter.employerservice.models import SubsidyRule

MET = "met"
NOT_MET = "not_met"
MANUAL = "manual"


class NoRule(Exception):
    """No rule of this kind is valid on that date."""


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    result: str  # MET, NOT_MET or MANUAL
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "label": self.label, "result": self.result, "detail": self.detail}


@dataclass(frozen=True)
class Instalment:
    month: dt.date  # first day of the employment month the instalment is for
    rate_percent: int
    amount: Decimal


def ensure_rules() -> int:
    """Seed the rules of migration 0002 when the table is empty (a test database flushed between
    transactional tests loses migration data); returns how many were added."""
    if SubsidyRule.objects.exists():
        return 0
    seeded = importlib.import_module("openjobcenter.employerservice.migrations.0002_subsidy_rules").RULES
    for data in seeded:
        SubsidyRule.objects.create(**data)
    return len(seeded)


def rule_for(kind: str, on: dt.date) -> SubsidyRule:
    """The rule of ``kind`` valid on ``on`` (the latest one starting on or before that day)."""
    ensure_rules()
    rule = (
        SubsidyRule.objects.filter(kind=kind, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise NoRule(kind)
    return rule


def _label(condition: dict[str, Any]) -> str:
    labels = condition.get("label") or {}
    return str(labels.get(get_language() or "de") or labels.get("de") or condition.get("code", ""))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (1 March → 28 February of the next year is 11)."""
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def _check(code: str, condition: dict[str, Any], facts: dict[str, Any], start: dt.date, end: dt.date | None) -> Check:
    label = _label(condition)
    value: Any = condition.get("value")
    if code == "unemployed_months":
        since = _date(facts.get("unemployed_since"))
        if since is None:
            return Check(code, label, MANUAL, _("Beginn der Arbeitslosigkeit fehlt."))
        months = months_between(since, start)
        detail = _("%(months)d Monate arbeitslos bis zum Beginn") % {"months": months}
        return Check(code, label, MET if months >= int(value) else NOT_MET, detail)
    if code == "min_age":
        born = _date(facts.get("birth_date"))
        if born is None:
            return Check(code, label, MANUAL, _("Geburtsdatum fehlt."))
        age = relativedelta(start, born).years
        detail = _("%(age)d Jahre alt zum Beginn") % {"age": age}
        return Check(code, label, MET if age >= int(value) else NOT_MET, detail)
    if code == "benefit_years":
        years = facts.get("benefit_years")
        if years in (None, ""):
            return Check(code, label, MANUAL, _("Jahre im Leistungsbezug fehlen."))
        needed = int(value["years"])
        if facts.get("special_group") and value.get("reduced_years") is not None:
            needed = int(value["reduced_years"])
        detail = _("%(years)s von %(window)s Jahren im Leistungsbezug, nötig: %(needed)d") % {
            "years": years,
            "window": value["window"],
            "needed": needed,
        }
        return Check(code, label, MET if int(years) >= needed else NOT_MET, detail)
    if code == "min_contract_months":
        if end is None:
            return Check(code, label, MET, _("unbefristet"))
        months = months_between(start, end + dt.timedelta(days=1))
        detail = _("Vertrag über %(months)d Monate") % {"months": months}
        return Check(code, label, MET if months >= int(value) else NOT_MET, detail)
    # A condition only a person can judge (e.g. "not only briefly employed"): always checked by hand.
    return Check(code, label, MANUAL, "")


def evaluate(rule: SubsidyRule, facts: dict[str, Any], *, start: dt.date, contract_end: dt.date | None) -> list[Check]:
    """Every condition of the rule, with its result; ``manual`` ones confirmed by staff count as met."""
    confirmed = set(facts.get("confirmed", []))
    checks = []
    for condition in rule.conditions:
        code = str(condition.get("code", ""))
        check = _check(code, condition, facts, start, contract_end)
        if check.result == MANUAL and code in confirmed:
            check = Check(check.code, check.label, MET, _("von Hand bestätigt"))
        checks.append(check)
    return checks


def all_met(checks: list[Check] | list[dict[str, str]]) -> bool:
    results = [c.result if isinstance(c, Check) else c["result"] for c in checks]
    return all(result == MET for result in results)


def schedule(rule: SubsidyRule, *, start: dt.date, contract_end: dt.date | None, wage: Decimal) -> list[Instalment]:
    """One instalment per employment month, at the rate of the employment year, up to the cap.

    Employment month 1 runs from the start date; month 13 is the first of year 2, and so on. A
    contract ending earlier ends the schedule (a started month counts in full).
    """
    months = rule.max_months
    if contract_end is not None:
        months = min(
            months,
            months_between(start, contract_end + dt.timedelta(days=1)) + (1 if _partial(start, contract_end) else 0),
        )
    rates = [int(rate) for rate in rule.funding_percent] or [0]
    instalments = []
    for index in range(max(months, 0)):
        rate = rates[min(index // 12, len(rates) - 1)]
        amount = (wage * rate / Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        instalments.append(Instalment(start + relativedelta(months=index), rate, amount))
    return instalments


def _partial(start: dt.date, contract_end: dt.date) -> bool:
    """Whether the contract ends inside an employment month (not on its last day)."""
    whole = months_between(start, contract_end + dt.timedelta(days=1))
    return start + relativedelta(months=whole) <= contract_end


def total(instalments: list[Instalment]) -> Decimal:
    return sum((item.amount for item in instalments), Decimal(0))
