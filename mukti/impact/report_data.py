"""A report's numbers as plain data (what the JSON output, the pages, the PDF and a published
version all read), small-cell suppression for outside readers, and the differences between
a published version and today's records.

The data holds counts only: office codes, countries, sexes and age groups, never a person.
"""

from __future__ import annotations

import copy
from typing import Any

from mukti.impact.figures import Figures, Measure, breakdowns, percentage
from mukti.impact.indicators import UNIT_LABELS, Indicator
from mukti.impact.periods import Period, period_label

FORMAT_VERSION = 1


def figures_as_data(figures: Figures, *, start_month: int) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "period": {**figures.period.as_json(), "label": _label(figures.period, start_month)},
        "baseline_periods": [
            {**p.as_json(), "label": _label(p, start_month)} for p in figures.baseline
        ],
        "offices": [
            {"code": o.code, "name": o.name, "country": o.country, "strategy": o.strategy}
            for o in figures.offices.values()
        ],
        "indicators": [_indicator_data(figures, code) for code in figures.measures],
    }


def _label(period: Period, start_month: int) -> str:
    return period_label(period, start_month=start_month)


def _indicator_data(figures: Figures, code: str) -> dict[str, Any]:
    current = figures.current(code)
    item = current.indicator
    data: dict[str, Any] = {
        "code": item.code,
        "name": str(item.name),
        "rule": str(item.rule_text),
        "unit": item.unit,
        "unit_label": str(UNIT_LABELS[item.unit]),
        "headline": item.headline,
        "value": current.value,
        "baseline": figures.baseline_value(code),
        "growth": figures.growth(code),
        "baseline_values": [m.value for m in figures.measures[code][1:]],
        "status": _status(current),
        "needs": current.needs,
        "awaited": [
            {"office": a.office_code, "start": a.start.isoformat(), "end": a.end.isoformat()}
            for a in current.awaited
        ],
        "breakdowns": {},
    }
    if not current.available:
        return data
    if current.numerator is not None and current.denominator is not None:
        numerators = breakdowns(current.numerator, offices=figures.offices, dims=item.breakdowns)
        denominators = breakdowns(
            current.denominator, offices=figures.offices, dims=item.breakdowns
        )
        data["numerator"] = current.numerator.total
        data["denominator"] = current.denominator.total
        data["baseline_fractions"] = [_fraction(m) for m in figures.measures[code][1:]]
        data["fractions"] = {
            dim: {key: [numerators[dim][key], den] for key, den in cells.items()}
            for dim, cells in denominators.items()
        }
        data["breakdowns"] = {
            dim: {key: percentage(num, den) for key, (num, den) in cells.items()}
            for dim, cells in data["fractions"].items()
        }
    elif current.counts is not None:
        data["breakdowns"] = breakdowns(
            current.counts, offices=figures.offices, dims=item.breakdowns
        )
    return data


def _fraction(measure: Measure) -> list[int] | None:
    if measure.numerator is None or measure.denominator is None:
        return None
    return [measure.numerator.total, measure.denominator.total]


def _status(measure: Measure) -> str:
    if not measure.available:
        return "unavailable"
    if measure.needs or measure.awaited:
        return "partial"
    return "complete"


def indicator_of(data: dict[str, Any]) -> Indicator:
    from mukti.impact.indicators import REGISTRY

    return REGISTRY[data["code"]]


# --- small cells -------------------------------------------------------------------------


def _hidden(threshold: int) -> str:
    return f"<{threshold}"


def _small(value: Any, threshold: int) -> bool:
    return isinstance(value, int | float) and 0 < value < threshold


def suppress(data: dict[str, Any], *, threshold: int) -> dict[str, Any]:
    """A copy for outside readers: every count from 1 to threshold-1 is shown as "<k", and
    in each breakdown a second cell is hidden when one alone would be (so it cannot be
    worked out from the total). Shares are hidden when their denominator is small or their
    numerator is; growth is hidden when it rests on a hidden number."""
    data = copy.deepcopy(data)
    data["suppressed_below"] = threshold
    for item in data["indicators"]:
        if "fractions" in item:
            _suppress_share(item, threshold)
        else:
            _suppress_count(item, threshold)
    return data


def _suppress_count(item: dict[str, Any], threshold: int) -> None:
    hidden = _hidden(threshold)
    total_hidden = _small(item["value"], threshold)
    baseline_hidden = any(_small(v, threshold) for v in item["baseline_values"] or [])
    if total_hidden:
        item["value"] = hidden
    if baseline_hidden or total_hidden:
        item["baseline"] = hidden if baseline_hidden else item["baseline"]
        item["growth"] = None
    item["baseline_values"] = [
        hidden if _small(v, threshold) else v for v in item["baseline_values"] or []
    ]
    for dim, cells in item["breakdowns"].items():
        item["breakdowns"][dim] = _suppress_cells(cells, threshold, everything=total_hidden)


def _suppress_cells(cells: dict[str, Any], threshold: int, *, everything: bool) -> dict:
    hidden = _hidden(threshold)
    if everything:
        return {key: (hidden if value else 0) for key, value in cells.items()}
    small = {key for key, value in cells.items() if _small(value, threshold)}
    if len(small) == 1:
        # One hidden cell could be worked out as the total minus the others: hide another.
        others = sorted((value, key) for key, value in cells.items() if key not in small and value)
        if others:
            small.add(others[0][1])
    return {key: (hidden if key in small else value) for key, value in cells.items()}


def _share_hidden(fraction: list[int] | None, threshold: int) -> bool:
    if not fraction:
        return False
    numerator, denominator = fraction
    return denominator < threshold or _small(numerator, threshold)


def _suppress_share(item: dict[str, Any], threshold: int) -> None:
    hidden = _hidden(threshold)
    if _share_hidden([item["numerator"], item["denominator"]], threshold):
        item["value"] = hidden
        item["growth"] = None
    if any(_share_hidden(f, threshold) for f in item.get("baseline_fractions") or []):
        item["baseline"] = hidden
        item["growth"] = None
    item["baseline_values"] = [
        hidden if _share_hidden(f, threshold) else v
        for v, f in zip(item["baseline_values"], item.get("baseline_fractions") or [], strict=False)
    ]
    for dim, cells in item["fractions"].items():
        item["breakdowns"][dim] = {
            key: (hidden if _share_hidden(fraction, threshold) else item["breakdowns"][dim][key])
            for key, fraction in cells.items()
        }
    # The counts behind a share are not for outside readers: only the percentages.
    for key in ("numerator", "denominator", "fractions", "baseline_fractions"):
        item.pop(key, None)


# --- differences ------------------------------------------------------------------------


def differences(published: dict[str, Any], today: dict[str, Any]) -> list[dict[str, Any]]:
    """Every number of a published version that today's records would give differently."""
    current = {item["code"]: item for item in today["indicators"]}
    changes = []
    for item in published["indicators"]:
        now = current.get(item["code"])
        if now is None:
            continue
        for field in ("value", "baseline", "growth"):
            if item.get(field) != now.get(field):
                changes.append(_change(item, field, "", item.get(field), now.get(field)))
        for dim, cells in item["breakdowns"].items():
            for key, value in cells.items():
                later = now["breakdowns"].get(dim, {}).get(key)
                if later != value:
                    changes.append(_change(item, dim, key, value, later))
    return changes


def _change(item: dict[str, Any], part: str, key: str, before: Any, after: Any) -> dict:
    return {
        "code": item["code"],
        "name": item["name"],
        "part": part,
        "key": key,
        "published": before,
        "today": after,
    }
