"""How the report writes a number: thousands grouped, shares with %, hidden cells as given."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: Any, is_share: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)  # a hidden small cell, "<5"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.1f}"
    else:
        text = f"{int(value):,}"
    return f"{text}%" if is_share else text
