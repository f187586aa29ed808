"""The report's charts, drawn by matplotlib as SVG on the server (no JavaScript, and the same
picture in the page and the PDF). Hidden small cells ("<5") are drawn as nothing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

BAR = "#1f5f8b"
BASELINE = "#9bb7cc"
FONT = ["DejaVu Sans", "Noto Sans Bengali", "Liberation Sans", "sans-serif"]


_WHOLE = FuncFormatter(lambda value, _position: f"{value:,.0f}")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")
    svg = out.getvalue()
    # Drop the XML prologue and DOCTYPE so that the SVG can sit inside HTML.
    return svg[svg.index("<svg") :]


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(7.5, height))
    figure.set_layout_engine("tight")
    return figure


def values_against_baseline(items: Sequence[dict[str, Any]], *, period: str, baseline: str) -> str:
    """Each headline indicator's value beside its baseline average, on one scale per row."""
    rows = [i for i in items if _number(i["value"]) is not None]
    figure = _figure(0.45 * len(rows) + 0.9)
    axes = figure.add_subplot()
    positions = range(len(rows))
    values = [_number(i["value"]) or 0.0 for i in rows]
    baselines = [_number(i["baseline"]) or 0.0 for i in rows]
    axes.barh([p + 0.2 for p in positions], values, height=0.4, color=BAR, label=period)
    axes.barh([p - 0.2 for p in positions], baselines, height=0.4, color=BASELINE, label=baseline)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position + 0.2, f" {value:g}", va="center", fontsize=8, family=FONT)
    axes.set_yticks(list(positions), [str(i["name"]) for i in rows], fontsize=8, family=FONT)
    axes.invert_yaxis()
    axes.set_xscale("symlog", linthresh=10)
    axes.set_xlim(left=0, right=max([*values, *baselines, 10.0]) * 1.5)
    axes.xaxis.set_major_formatter(_WHOLE)
    axes.set_xlabel(_("Number (log scale)"), fontsize=8, family=FONT)
    axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def by_country(item: dict[str, Any], *, labels: dict[str, str]) -> str:
    """One indicator across countries."""
    cells = item["breakdowns"].get("country", {})
    keys = [key for key in cells if _number(cells[key]) is not None]
    figure = _figure(0.4 * max(len(keys), 1) + 0.8)
    axes = figure.add_subplot()
    values = [_number(cells[key]) or 0.0 for key in keys]
    axes.barh(range(len(keys)), values, color=BAR)
    axes.set_yticks(range(len(keys)), [labels.get(k, k) for k in keys], fontsize=8, family=FONT)
    axes.invert_yaxis()
    for position, value in enumerate(values):
        axes.text(value, position, f" {value:g}", va="center", fontsize=8, family=FONT)
    axes.set_title(str(item["name"]), fontsize=9, family=FONT)
    axes.set_xlim(left=0, right=max([*values, 1.0]) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)
