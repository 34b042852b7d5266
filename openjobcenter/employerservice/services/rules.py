"""Subsidy rules as data: pick the rule valid on the start date, check each condition against the
facts staff confirmed, and compute the monthly payment schedule from the rule's funding rates.

Each condition has one of three results: ``met``, ``not_met`` or ``manual`` (a fact is missing or the
rule says it needs a person's judgement): staff confirm ``manual`` ones explicitly before approving.

Each instalment adds the flat-rate employer's share of the social-insurance contribution
(``EmployerShareRate``, valid on the first day of the employment month). No figure is shipped: for a
month without one the instalment omits the share, and the extra check ``employer_share`` is ``manual``
until staff confirm they have seen that.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from openjobcenter.employerservice.models import EmployerShareRate, SubsidyRule

MET = "met"
NOT_MET = "not_met"
MANUAL = "manual"
EMPLOYER_SHARE = "employer_share"  # the code of the check for months without a recorded share


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
    amount: Decimal  # wage_amount + share_amount
    wage_amount: Decimal = Decimal(0)
    share_percent: Decimal | None = None  # added to the wage; None: no figure recorded for the month
    share_amount: Decimal = Decimal(0)
    share_source: str = ""

    @property
    def share_missing(self) -> bool:
        return self.share_percent is None


def ensure_rules() -> int:
    """Seed the rules of migration 0002 when the table is empty (a test database flushed between
    transactional tests loses migration data); returns how many were added."""
    if SubsidyRule.objects.exists():
        return 0
    seeded = importlib.import_module("openjobcenter.employerservice.migrations.0002_subsidy_rules").RULES
    deducting = importlib.import_module("openjobcenter.employerservice.migrations.0003_employer_share").DEDUCTING
    for data in seeded:
        SubsidyRule.objects.create(**data, employer_share_without_arbeitsfoerderung=data["kind"] in deducting)
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
    """Every condition of the rule, with its result, and last the ``employer_share`` check when a month
    of the schedule has no recorded share; ``manual`` ones confirmed by staff count as met."""
    confirmed = set(facts.get("confirmed", []))
    checks = []
    for condition in rule.conditions:
        code = str(condition.get("code", ""))
        checks.append(_check(code, condition, facts, start, contract_end))
    missing = [item.month for item in schedule(rule, start=start, contract_end=contract_end, wage=Decimal(0))
               if item.share_missing]  # fmt: skip
    if missing:
        checks.append(_share_check(missing))
    return [
        Check(check.code, check.label, MET, _("von Hand bestätigt"))
        if check.result == MANUAL and check.code in confirmed
        else check
        for check in checks
    ]


def _share_check(missing: list[dt.date]) -> Check:
    first, last = (date_format(day, "SHORT_DATE_FORMAT") for day in (missing[0], missing[-1]))
    detail = ngettext(
        "Für %(count)d Monat (ab %(first)s) ist kein pauschalierter Arbeitgeberanteil am "
        "Gesamtsozialversicherungsbeitrag hinterlegt; die Rate enthält ihn nicht.",
        "Für %(count)d Monate (%(first)s bis %(last)s) ist kein pauschalierter Arbeitgeberanteil am "
        "Gesamtsozialversicherungsbeitrag hinterlegt; diese Raten enthalten ihn nicht.",
        len(missing),
    ) % {"count": len(missing), "first": first, "last": last}
    label = _("Raten ohne pauschalierten Arbeitgeberanteil geprüft")
    return Check(EMPLOYER_SHARE, label, MANUAL, detail)


def share_rates(first: dt.date, last: dt.date) -> list[EmployerShareRate]:
    """The recorded figures whose period touches ``first``..``last``, latest first."""
    return list(
        EmployerShareRate.objects.filter(valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
        .order_by("-valid_from")
    )


def _share_on(rates: list[EmployerShareRate], day: dt.date) -> EmployerShareRate | None:
    for rate in rates:  # latest first: the one starting last on or before ``day`` wins
        if rate.valid_from <= day and (rate.valid_until is None or day <= rate.valid_until):
            return rate
    return None


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
    months = max(months, 0)
    shares = share_rates(start, start + relativedelta(months=months - 1)) if months else []
    instalments = []
    for index in range(months):
        month = start + relativedelta(months=index)
        rate = rates[min(index // 12, len(rates) - 1)]
        wage_amount = _cents(wage * rate / Decimal(100))
        share = _share_on(shares, month)
        if share is None:
            instalments.append(Instalment(month, rate, wage_amount, wage_amount))
            continue
        # The share raises the wage the rate is paid on: rate × (wage + wage × share).
        percent = share.percent_for(without_arbeitsfoerderung=rule.employer_share_without_arbeitsfoerderung)
        share_amount = _cents(wage * percent * rate / Decimal(10000))
        instalments.append(
            Instalment(month, rate, wage_amount + share_amount, wage_amount, percent, share_amount, share.source_note)
        )
    return instalments


@dataclass(frozen=True)
class SharePeriod:
    """Consecutive instalments with the same share (or none): for the summary above a schedule."""

    first: dt.date
    last: dt.date
    months: int
    percent: Decimal | None
    source: str

    @property
    def missing(self) -> bool:
        return self.percent is None


def share_periods(rows: list[Any]) -> list[SharePeriod]:
    """Group instalments or payments (anything with ``month``, ``share_percent``, ``share_source``)."""
    periods: list[SharePeriod] = []
    for row in rows:
        last = periods[-1] if periods else None
        if last is not None and (last.percent, last.source) == (row.share_percent, row.share_source):
            periods[-1] = SharePeriod(last.first, row.month, last.months + 1, last.percent, last.source)
        else:
            periods.append(SharePeriod(row.month, row.month, 1, row.share_percent, row.share_source))
    return periods


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _partial(start: dt.date, contract_end: dt.date) -> bool:
    """Whether the contract ends inside an employment month (not on its last day)."""
    whole = months_between(start, contract_end + dt.timedelta(days=1))
    return start + relativedelta(months=whole) <= contract_end


def total(instalments: list[Instalment]) -> Decimal:
    return sum((item.amount for item in instalments), Decimal(0))
