"""Number formatting of the statistics pages: grouped, localised, with an explicit sign for changes."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()

MINUS = "\u2212"  # a real minus sign, not a hyphen: read out as "minus" by screen readers


def _format(value: int | float | Decimal, decimals: int | None) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """``{{ n|number }}`` → "4.868"; ``{{ rate|number:1 }}`` → "3,3"; None → "–"."""
    if value is None:
        return "–"
    return _format(value, decimals)


@register.filter
def signed(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """``{{ change|signed }}`` → "+134" or "−134" (0 without a sign); None → "–"."""
    if value is None:
        return "–"
    text = _format(-value if value < 0 else value, decimals)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


@register.filter
def plain(value: int | float | Decimal | None) -> str:
    """The machine-readable value for ``data-value`` (dot decimal, no grouping); None → ""."""
    return "" if value is None else str(value)
