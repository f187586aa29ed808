"""A report's data made readable: the headline table, the detail by strategy and country,
the other measures, breakdowns, charts and narrative; as a page, a standalone HTML file and
a PDF printed by WeasyPrint from the same template (system fonts only, nothing fetched)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from mukti.accounts.models import Office
from mukti.core.geography import COUNTRIES
from mukti.impact import charts
from mukti.impact.indicators import AGE_GROUP_LABELS, BREAKDOWN_LABELS, REGISTRY
from mukti.people.models import Sex

# A number's link to the records behind it: (code, dimension, key) -> address, or None.
DrillLink = Callable[[str, str, str], str]


def country_name(code: str) -> str:
    return str(COUNTRIES[code][1]) if code in COUNTRIES else code


def _key_label(dim: str, key: str) -> str:
    if dim == "country":
        return country_name(key)
    if dim == "strategy":
        return str(dict(Office.Strategy.choices).get(key, key))
    if dim == "sex":
        return str(dict(Sex.choices).get(key, key))
    if dim == "age_group":
        return str(AGE_GROUP_LABELS.get(key, key))
    return key


@dataclass(frozen=True)
class Cell:
    value: Any
    link: str = ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _growth_text(growth: Any) -> str:
    if growth is None:
        return "–"
    return f"{growth:+d}%"


def _strategy_groups(data: dict[str, Any], link: DrillLink | None) -> list[dict[str, Any]]:
    """The seed's "detail by strategy": direct work and joint operations, by country, with
    each headline indicator (summed over the country's offices of that strategy)."""
    headline = [i for i in data["indicators"] if i["headline"]]
    groups = []
    for strategy, label in Office.Strategy.choices:
        offices = [o for o in data["offices"] if o["strategy"] == strategy]
        countries = sorted({o["country"] for o in offices})
        if not countries:
            continue
        rows = []
        for country in countries:
            codes = [o["code"] for o in offices if o["country"] == country]
            cells = []
            for item in headline:
                by_office = item["breakdowns"].get("office", {})
                values = [by_office.get(code) for code in codes]
                value: Any
                if any(isinstance(v, str) for v in values):
                    value = next(v for v in values if isinstance(v, str))
                elif any(_is_number(v) for v in values):
                    value = sum(v for v in values if _is_number(v))
                else:
                    value = None
                awaited = [a for a in item["awaited"] if a["office"] in codes]
                cells.append({"value": value, "awaited": awaited})
            rows.append({"country": country_name(country), "cells": cells})
        groups.append({"label": label, "rows": rows})
    return groups


def _breakdown_tables(item: dict[str, Any], link: DrillLink | None) -> list[dict[str, Any]]:
    tables = []
    for dim, cells in item["breakdowns"].items():
        tables.append(
            {
                "label": BREAKDOWN_LABELS.get(dim, dim),
                "cells": [
                    {
                        "label": _key_label(dim, key),
                        "value": value,
                        "link": link(item["code"], dim, key) if link and _is_number(value) else "",
                    }
                    for key, value in cells.items()
                ],
            }
        )
    return tables


def _row(item: dict[str, Any], link: DrillLink | None) -> dict[str, Any]:
    indicator = REGISTRY.get(item["code"])
    return {
        **item,
        "name": str(indicator.name) if indicator else item["name"],
        "rule": str(indicator.rule_text) if indicator else item["rule"],
        "growth_text": _growth_text(item["growth"]),
        "link": link(item["code"], "", "") if link and _is_number(item["value"]) else "",
        "is_share": item["unit"] == "percent",
        "tables": _breakdown_tables(item, link),
    }


def report_context(
    data: dict[str, Any],
    *,
    narrative: list[dict[str, str]],
    outside: bool,
    link: DrillLink | None = None,
    with_charts: bool = True,
) -> dict[str, Any]:
    """What the report template shows. `outside`: a reader outside the organisation (the
    data is already suppressed; what needs a domain app is shown as "not reported")."""
    rows = [_row(item, link) for item in data["indicators"]]
    headline = [row for row in rows if row["headline"]]
    baseline_label = " + ".join(p["label"] for p in data["baseline_periods"])
    context: dict[str, Any] = {
        "data": data,
        "title": data.get("title") or _("Impact report"),
        "organisation": data.get("organisation", ""),
        "period_label": data["period"]["label"],
        # An unaligned period's label is its dates, already shown.
        "period_named": not data["period"]["label"].startswith(data["period"]["start"]),
        "baseline_label": baseline_label,
        "headline": headline,
        "others": [row for row in rows if not row["headline"]],
        "strategy_groups": _strategy_groups(data, link),
        "headline_names": [row["name"] for row in headline],
        "narrative": narrative,
        "outside": outside,
        "suppressed_below": data.get("suppressed_below"),
        "charts": [],
    }
    if with_charts and headline:
        labels = {c: country_name(c) for o in data["offices"] for c in [o["country"]]}
        context["charts"] = [
            charts.values_against_baseline(
                headline,
                period=data["period"]["label"],
                baseline=_("Average of %(periods)s") % {"periods": baseline_label},
            ),
            *[
                charts.by_country(row, labels=labels)
                for row in headline
                if row["code"] in ("victims_removed", "survivors_cared_for")
            ],
        ]
    return context


def report_document(context: dict[str, Any]) -> str:
    """The report as one standalone HTML file (inline styles and charts, no links out)."""
    return render_to_string("impact/report_document.html", context)


def _refuse_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("The report fetches nothing: " + url.split(":", 1)[0])


def report_pdf(context: dict[str, Any]) -> bytes:
    """The same document printed to PDF; fonts come from the system, nothing is fetched."""
    from weasyprint import HTML

    html = report_document(context)
    return HTML(string=html, url_fetcher=_refuse_fetching).write_pdf()  # type: ignore[no-any-return]
