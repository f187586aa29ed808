"""Small charts of a survivor's assessments over time, drawn on the server as SVG
(matplotlib), so they need no JavaScript. The page shows the same figures as a table."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from mukti.aftercare.models import Dass21Assessment, RecoveryAssessment, RecoveryInstrument

# Text stays text: the browser draws Bengali labels with its own fonts.
rcParams["svg.fonttype"] = "none"
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
_COLOURS = ("#0b5cad", "#a01919", "#1b6b35")


def _svg(figure: Figure, *, labelled_by: str) -> SafeString:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    head, rest = svg.split(">", 1)
    # No fixed size: the stylesheet fits the chart to the panel, on a phone too.
    head = _SIZE.sub("", head, count=2)
    head = head.replace("<svg", f'<svg role="img" aria-labelledby="{labelled_by}"', 1)
    return mark_safe(f"{head}>{rest}")  # noqa: S308 - drawn by matplotlib from numbers and labels


def _axes(figure: Figure, *, low: float, high: float, label: str) -> Axes:
    axes = figure.add_subplot()
    axes.set_ylim(low, high)
    axes.set_ylabel(label)
    axes.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e3e7ee")
    return axes


def dass21_chart(assessments: Sequence[Dass21Assessment], *, labelled_by: str) -> SafeString:
    """Depression, anxiety and stress scores (0-42) at each assessment, oldest first."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.created_at))
    days: list[Any] = [a.assessed_on for a in ordered]
    figure = Figure(figsize=(6, 2.6))
    axes = _axes(figure, low=0, high=42, label=_("Score (0-42)"))
    series = (
        (_("Depression"), [a.depression for a in ordered]),
        (_("Anxiety"), [a.anxiety for a in ordered]),
        (_("Stress"), [a.stress for a in ordered]),
    )
    for (label, values), colour in zip(series, _COLOURS, strict=True):
        axes.plot(days, values, marker="o", color=colour, label=label)
    axes.legend(loc="upper right", frameon=False, ncols=3)
    figure.autofmt_xdate()
    figure.tight_layout()
    return _svg(figure, labelled_by=labelled_by)


def recovery_chart(
    assessments: Sequence[RecoveryAssessment],
    *,
    instrument: RecoveryInstrument,
    labelled_by: str,
) -> SafeString:
    """The mean and the lowest domain score at each assessment, with the stable threshold."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.created_at))
    days: list[Any] = [a.assessed_on for a in ordered]
    figure = Figure(figsize=(6, 2.6))
    axes = _axes(
        figure, low=instrument.scale_min - 0.2, high=instrument.scale_max + 0.2, label=_("Score")
    )
    means = [float(a.mean_score) for a in ordered]
    lowest = [a.lowest_score for a in ordered]
    axes.plot(days, means, marker="o", color=_COLOURS[0], label=_("Mean of the domains"))
    axes.plot(days, lowest, marker="s", color=_COLOURS[1], label=_("Lowest domain"))
    axes.axhline(
        float(instrument.stable_threshold),
        color=_COLOURS[2],
        linestyle="--",
        label=_("Stable threshold"),
    )
    axes.legend(loc="lower right", frameon=False, ncols=3)
    figure.autofmt_xdate()
    figure.tight_layout()
    return _svg(figure, labelled_by=labelled_by)
