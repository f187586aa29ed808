"""Numbers in the reader's words: shares as percentages, durations in days (and years)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return f"{float(value) * 100:.1f}%"


@register.filter
def days(value: Any) -> str:
    """`812 days (2.2 years)`; a dash when unknown."""
    if value is None or value == "":
        return "–"
    count = round(float(value))
    text = ngettext("%(days)s day", "%(days)s days", count) % {"days": count}
    if count >= 365:
        text += " " + _("(%(years)s years)") % {"years": f"{count / 365.25:.1f}"}
    return text
