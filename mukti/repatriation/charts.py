"""The analytics chart, drawn on the server as SVG (matplotlib), so it needs no JavaScript
and prints as sharp as the text. The page shows the same figures as a table beside it."""

from __future__ import annotations

import io
import re

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from matplotlib import rcParams
from matplotlib.figure import Figure

from mukti.repatriation.analytics import CorridorFigures

_MEDIAN = "#0b5cad"
_P90 = "#8fb8e6"
_TARGET = "#a01919"
# Text stays text: the browser renders Bengali labels with its own fonts.
rcParams["svg.fonttype"] = "none"
_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def _draw(figures: CorridorFigures, *, title_id: str) -> str:
    rows = [row for row in [*figures.steps, figures.end_to_end] if row.count]
    labels = [row.label for row in rows][::-1]
    medians = [row.median or 0 for row in rows][::-1]
    p90s = [row.p90 or 0 for row in rows][::-1]
    targets = [row.target_days for row in rows][::-1]
    figure = Figure(figsize=(8, 0.45 * len(rows) + 1.2))
    axes = figure.add_subplot()
    positions = range(len(rows))
    axes.barh(
        [p + 0.2 for p in positions], p90s, height=0.4, color=_P90, label=_("90th percentile")
    )
    axes.barh([p - 0.2 for p in positions], medians, height=0.4, color=_MEDIAN, label=_("Median"))
    target_rows = [(p, t) for p, t in zip(positions, targets, strict=True) if t]
    if target_rows:
        axes.scatter(
            [t for _p, t in target_rows],
            [p for p, _t in target_rows],
            marker="|",
            s=400,
            color=_TARGET,
            label=_("Target"),
            zorder=3,
        )
    axes.set_yticks(list(positions), labels)
    axes.set_xlabel(_("Days"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="lower right", frameon=False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _SIZE.sub("", svg.split(">", 1)[0], count=2) + ">" + svg.split(">", 1)[1]
    return svg.replace("<svg", f'<svg role="img" aria-labelledby="{title_id}"', 1)


def chart_svg(figures: CorridorFigures, *, title_id: str) -> SafeString:
    """The corridor's step times as an inline SVG bar chart: median and 90th percentile of
    days per step and end to end, with each target marked."""
    # Every string in it was escaped by matplotlib's SVG writer.
    return mark_safe(_draw(figures, title_id=title_id))  # noqa: S308
