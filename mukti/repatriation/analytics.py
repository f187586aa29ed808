"""How long repatriations take: the median and 90th percentile of days per step and end to
end, by corridor, for a period. Counts only, never a name.

The database does the heavy part in one grouped query per measure: how many steps took each
number of days. The percentiles then come exactly from that frequency table (with linear
interpolation between order statistics, as numpy's default does), so the cost grows with the
number of distinct day counts, not with the number of repatriations.

A step's days run from when it could start (the step before it done, or the repatriation
started) to when it was done: the time a survivor waited on it, which is what the targets
measure. A step counts in the period in which it was done; a journey in the one it ended.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing
from mukti.repatriation.models import (
    Corridor,
    Milestone,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    StepTemplate,
    TemplateStep,
)
from mukti.repatriation.vocabulary import step_label

# The organisation reports by half-years starting in September and March (the six-month
# report runs from 1 September to the end of February).
HALF_YEAR_START_MONTHS = (3, 9)
# Below this many, a median says little: the page says so next to the figure.
FEW = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        return f"{date_format(self.start, 'M Y')} – {date_format(self.end, 'M Y')}"

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _month_start(year: int, month: int) -> date:
    while month < 1:
        year, month = year - 1, month + 12
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, 1)


def half_year_of(day: date) -> Period:
    """The reporting half-year that holds `day`."""
    first, second = HALF_YEAR_START_MONTHS
    if day.month >= second:
        start = date(day.year, second, 1)
    elif day.month >= first:
        start = date(day.year, first, 1)
    else:
        start = date(day.year - 1, second, 1)
    end = _month_start(start.year, start.month + 6) - timedelta(days=1)
    return Period(start, end)


def recent_half_years(*, today: date, count: int = 6) -> list[Period]:
    """The current reporting half-year and the ones before it, newest first."""
    periods = [half_year_of(today)]
    while len(periods) < count:
        periods.append(half_year_of(periods[-1].start - timedelta(days=1)))
    return periods


@dataclass(frozen=True)
class Figures:
    """One row of the table: a step, or a whole journey."""

    label: str
    count: int
    median: float | None
    p90: float | None
    target_days: int | None = None

    @property
    def few(self) -> bool:
        return 0 < self.count < FEW

    @property
    def over_target(self) -> bool:
        return (
            self.target_days is not None
            and self.median is not None
            and (self.median > self.target_days)
        )


@dataclass(frozen=True)
class CorridorFigures:
    corridor: Corridor
    steps: list[Figures]
    to_repatriation: Figures
    end_to_end: Figures

    @property
    def target_total(self) -> int:
        return sum(step.target_days or 0 for step in self.steps)


def percentiles(
    values: np.ndarray, counts: np.ndarray, quantiles: tuple[float, ...]
) -> list[float]:
    """Exact percentiles of a sample given as distinct values and how often each occurs,
    interpolating linearly between the order statistics around rank q·(n−1)."""
    order = np.argsort(values)
    values, counts = values[order], counts[order]
    last_rank = np.cumsum(counts) - 1  # the rank of the last copy of each value
    n = int(last_rank[-1]) + 1
    answers = []
    for q in quantiles:
        rank = q * (n - 1)
        low, high = int(np.floor(rank)), int(np.ceil(rank))
        value_low = values[np.searchsorted(last_rank, low)]
        value_high = values[np.searchsorted(last_rank, high)]
        answers.append(float(value_low + (value_high - value_low) * (rank - low)))
    return answers


def _figures(label: str, table: dict[int, int], target_days: int | None = None) -> Figures:
    if not table:
        return Figures(label=label, count=0, median=None, p90=None, target_days=target_days)
    values = np.fromiter(table.keys(), dtype=float)
    counts = np.fromiter(table.values(), dtype=np.int64)
    median, p90 = percentiles(values, counts, (0.5, 0.9))
    return Figures(
        label=label, count=int(counts.sum()), median=median, p90=p90, target_days=target_days
    )


def _frequencies(rows: Any, *, group: str, days: str) -> dict[Any, dict[int, int]]:
    tables: dict[Any, dict[int, int]] = defaultdict(dict)
    for row in rows:
        tables[row[group]][row[days]] = row["n"]
    return tables


def _step_names(corridors: list[Corridor]) -> dict[tuple[Any, str], TemplateStep]:
    """Each step key's latest definition per corridor (a renamed step keeps its key)."""
    names: dict[tuple[Any, str], TemplateStep] = {}
    templates = StepTemplate.objects.filter(corridor__in=corridors).order_by("number")
    steps = TemplateStep.objects.filter(template__in=templates).select_related("template")
    for step in steps.order_by("template__number", "position"):
        names[step.template.corridor_id, step.key] = step
    return names


def step_analytics(user: Any, *, period: Period, corridor_id: Any = None) -> list[CorridorFigures]:
    """Per corridor: each step's median and 90th percentile of days, and the same for the
    time to the handover at home and for the whole journey, over the user's offices."""
    office_ids = list(offices_allowing(user, Action.VIEW_ANALYTICS).values_list("pk", flat=True))
    corridors = list(Corridor.objects.order_by("code").select_related("current_template"))
    if corridor_id:
        corridors = [c for c in corridors if str(c.pk) == str(corridor_id)]
    if not office_ids or not corridors:
        return []
    in_scope = {"office_id__in": office_ids, "corridor__in": corridors}
    steps = (
        RepatriationStep.objects.filter(
            done_on__range=(period.start, period.end),
            days_taken__isnull=False,
            repatriation__office_id__in=office_ids,
            repatriation__corridor__in=corridors,
        )
        .values("repatriation__corridor_id", "key", "days_taken")
        .annotate(n=Count("id"))
        .order_by()
    )
    step_tables: dict[tuple[Any, str], dict[int, int]] = defaultdict(dict)
    for row in steps:
        step_tables[row["repatriation__corridor_id"], row["key"]][row["days_taken"]] = row["n"]
    home = (
        Repatriation.objects.filter(repatriated_on__range=(period.start, period.end), **in_scope)
        .exclude(status=RepatriationStatus.CANCELLED)
        .values("corridor_id", "days_to_repatriation")
        .annotate(n=Count("id"))
        .order_by()
    )
    ended = (
        Repatriation.objects.filter(
            status=RepatriationStatus.COMPLETED,
            completed_on__range=(period.start, period.end),
            **in_scope,
        )
        .values("corridor_id", "days_end_to_end")
        .annotate(n=Count("id"))
        .order_by()
    )
    home_tables = _frequencies(home, group="corridor_id", days="days_to_repatriation")
    ended_tables = _frequencies(ended, group="corridor_id", days="days_end_to_end")
    definitions = _step_names(corridors)
    return [
        _corridor_figures(
            corridor,
            step_tables=step_tables,
            definitions=definitions,
            home=home_tables.get(corridor.pk, {}),
            ended=ended_tables.get(corridor.pk, {}),
        )
        for corridor in corridors
    ]


def _corridor_figures(
    corridor: Corridor,
    *,
    step_tables: dict[tuple[Any, str], dict[int, int]],
    definitions: dict[tuple[Any, str], TemplateStep],
    home: dict[int, int],
    ended: dict[int, int],
) -> CorridorFigures:
    current = [
        step
        for (corridor_id, _key), step in definitions.items()
        if corridor_id == corridor.pk and step.template_id == corridor.current_template_id
    ]
    keys = [step.key for step in sorted(current, key=lambda s: s.position)]
    # Steps that only older versions had still count, after the current ones.
    keys += sorted(
        key for (corridor_id, key) in step_tables if corridor_id == corridor.pk and key not in keys
    )
    rows = []
    for key in keys:
        definition = definitions.get((corridor.pk, key))
        label = step_label(definition.name) if definition else key
        target = definition.target_days if definition else None
        rows.append(_figures(label, step_tables.get((corridor.pk, key), {}), target))
    ordered = sorted(current, key=lambda s: s.position)
    handover = [s.position for s in ordered if s.milestone == Milestone.REPATRIATED]
    until_home = sum(s.target_days for s in ordered if handover and s.position <= handover[0])
    return CorridorFigures(
        corridor=corridor,
        steps=rows,
        to_repatriation=_figures(_("Until handed over at home"), home, until_home or None),
        end_to_end=_figures(_("End to end"), ended, sum(s.target_days for s in ordered) or None),
    )
