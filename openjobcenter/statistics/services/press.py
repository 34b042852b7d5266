"""The press text: a German paragraph like the Kreis Bergstraße's monthly release, from a report.

Numbers in German notation ("4.868", "3,3 Prozent"), words for the direction ("gesunken",
"gestiegen") and the rank ("zweitniedrigste"). The text is a proposal that staff edit before use;
it never changes the figures. Releases are German, so the text is German whatever the page
language (the sentences are still marked for translation, to keep one way of writing strings).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from openjobcenter.statistics.services.report import Change, RegionReport

MONTH_NAMES = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
ORDINAL_PREFIXES = {
    1: "",
    2: "zweit",
    3: "dritt",
    4: "viert",
    5: "fünft",
    6: "sechst",
    7: "siebt",
    8: "acht",
    9: "neunt",
    10: "zehnt",
    11: "elft",
    12: "zwölft",
}


def german_number(value: int) -> str:
    """4868 → "4.868", -1563 → "-1.563" (German thousands separator, independent of the locale)."""
    return f"{value:,}".replace(",", ".")


def german_decimal(value: Decimal) -> str:
    """Decimal("3.3") → "3,3"; the value is already rounded to one decimal."""
    return f"{value:.1f}".replace(".", ",")


def german_percent(value: Decimal) -> str:
    return _("%(value)s Prozent") % {"value": german_decimal(value)}


def region_phrase(region: str) -> str:
    """The district's name as used after "im"/"in der": "Bergstraße, Landkreis" → "im Landkreis Bergstraße"."""
    name, _sep, kind = region.partition(",")
    kind = kind.strip().lower()
    name = name.strip()
    if not kind:
        if name.startswith(("Landkreis ", "Kreis ", "Regionalverband ")):
            return f"im {name}"
        if name.startswith(("Region ", "Städteregion ", "Stadt ")):
            return f"in der {name}"
        return f"in {name}"
    if kind.endswith("landkreis"):
        return f"im Landkreis {name}"
    if kind.endswith("kreis"):
        return f"im Kreis {name}"
    if "stadt" in kind:
        return f"in der Stadt {name}"
    return f"in {name} ({kind})"


def rank_words(rank: int, regions: int) -> str:
    """1 → "niedrigste", 2 → "zweitniedrigste"; from the other end "höchste", "zweithöchste"."""
    from_top = regions - rank + 1
    if rank <= from_top and rank in ORDINAL_PREFIXES:
        return f"{ORDINAL_PREFIXES[rank]}niedrigste"
    if from_top in ORDINAL_PREFIXES:
        return f"{ORDINAL_PREFIXES[from_top]}höchste"
    return ""


def period_phrase(report: RegionReport) -> str:
    if report.annual:
        return _("Im Jahresdurchschnitt %(year)s") % {"year": report.month.year}
    return _("Im %(month)s %(year)s") % {"month": MONTH_NAMES[report.month.month - 1], "year": report.month.year}


def _change_sentence(change: Change | None, *, against: str, missing: str, approximately: bool) -> str:
    if change is None:
        return missing
    if change.absolute == 0:
        return _("Gegenüber %(against)s ist die Zahl unverändert geblieben.") % {"against": against}
    values = {
        "against": against,
        "about": _("rund ") if approximately else "",
        "persons": german_number(abs(change.absolute)),
    }
    if change.percent is None:
        template = (
            _("Gegenüber %(against)s ist die Zahl um %(persons)s Personen gesunken.")
            if change.absolute < 0
            else _("Gegenüber %(against)s ist die Zahl um %(persons)s Personen gestiegen.")
        )
        return template % values
    values["percent"] = german_percent(abs(change.percent))
    template = (
        _("Gegenüber %(against)s ist die Zahl um %(about)s%(percent)s (%(persons)s Personen) gesunken.")
        if change.absolute < 0
        else _("Gegenüber %(against)s ist die Zahl um %(about)s%(percent)s (%(persons)s Personen) gestiegen.")
    )
    return template % values


def _rate_sentence(report: RegionReport) -> str:
    if report.rate is None:
        return ""
    sentence = _("Die Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen betrug %(rate)s") % {
        "rate": german_percent(report.rate)
    }
    if report.rate_previous_year is not None:
        sentence += _(" (Vorjahr: %(rate)s)") % {"rate": german_percent(report.rate_previous_year)}
    if report.state_rate is not None:
        sentence += _(", in %(state)s %(rate)s") % {"state": report.state, "rate": german_percent(report.state_rate)}
    return sentence + "."


def _rank_sentence(report: RegionReport) -> str:
    if report.rank_in_state is None or report.regions_in_state < 2:
        return ""
    words = rank_words(report.rank_in_state, report.regions_in_state)
    values = {"words": words, "regions": report.regions_in_state, "state": report.state}
    if words:
        return (
            _("Das ist die %(words)s Quote unter den %(regions)s Kreisen und kreisfreien Städten in %(state)s.")
            % values
        )
    values["rank"] = report.rank_in_state
    return (
        _("Damit liegt die Quote auf Rang %(rank)s von %(regions)s Kreisen und kreisfreien Städten in %(state)s.")
        % values
    )


def _sgb2_sentence(report: RegionReport) -> str:
    if report.sgb2_rate is None:
        return ""
    sentence = _("Die Arbeitslosenquote im Rechtskreis SGB II (Grundsicherung für Arbeitsuchende) lag bei %(rate)s") % {
        "rate": german_percent(report.sgb2_rate)
    }
    if report.sgb2_rate_previous_year is not None:
        sentence += _(" (Vorjahr: %(rate)s)") % {"rate": german_decimal(report.sgb2_rate_previous_year)}
    if report.state_sgb2_rate is not None:
        sentence += _(", in %(state)s bei %(rate)s") % {
            "state": report.state,
            "rate": german_percent(report.state_sgb2_rate),
        }
    return sentence + "."


def press_text(report: RegionReport) -> str:
    """A German paragraph with the report's figures (German number formatting, words for direction
    and rank). Sentences whose figures are missing are left out or say that there are no figures."""
    with translation.override("de"):
        sentences = [
            _("%(period)s waren %(region)s %(unemployed)s Personen arbeitslos gemeldet.")
            % {
                "period": period_phrase(report),
                "region": region_phrase(report.region),
                "unemployed": german_number(report.unemployed),
            }
        ]
        if not report.annual:
            sentences.append(
                _change_sentence(
                    report.change_previous_month,
                    against=_("dem Vormonat"),
                    missing=_("Für den Vormonat liegen keine Zahlen vor."),
                    approximately=False,
                )
            )
        sentences.append(
            _change_sentence(
                report.change_previous_year,
                against=_("dem Vorjahr") if report.annual else _("dem Vorjahresmonat"),
                missing=_("Für das Vorjahr liegen keine Zahlen vor.")
                if report.annual
                else _("Für den Vorjahresmonat liegen keine Zahlen vor."),
                approximately=True,
            )
        )
        sentences += [_rate_sentence(report), _rank_sentence(report), _sgb2_sentence(report)]
        return " ".join(sentence for sentence in sentences if sentence)
