"""The printable summary of a backlog analysis: charts (matplotlib, SVG) and one template
that is both the web page's body and, through WeasyPrint, the PDF."""

from __future__ import annotations

import io
import itertools
import logging
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from mukti.justice.models import Stage  # noqa: E402

# Text stays text in the SVG: the browser (or WeasyPrint) draws it in the reader's script
# with the fonts it has, and nothing is downloaded.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "mukti"
COLOURS = ["#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#7f8c8d"]
TOP_ROWS = 15
_CHART_NUMBERS = itertools.count(1)


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    # Inline in HTML: drop the XML prolog and fixed size, keep the viewBox (it scales).
    text = text[text.find("<svg") :]
    text = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", text, count=1)
    # Several charts share a page: their element ids must not collide.
    prefix = f"chart{next(_CHART_NUMBERS)}-"
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}\1"', text)
    return re.sub(r'(url\(#|href="#)', rf"\1{prefix}", text)


def _stage_label(stage: str) -> str:
    if stage == "filing_to_verdict":
        return _("Filing to verdict")
    return str(Stage(stage).label) if stage in Stage.values else stage


def _time_in_stage_chart(result: dict[str, Any]) -> str:
    figure, axes = plt.subplots(figsize=(7, 3.6))
    for colour, summary in zip(COLOURS, result["time_in_stage"], strict=False):
        if not summary["curve"]:
            continue
        days, share = zip(*summary["curve"], strict=True)
        axes.step(days, share, where="post", color=colour, label=_stage_label(summary["stage"]))
    axes.set_xlabel(_("Days in the stage"))
    axes.set_ylabel(_("Share of cases still in it"))
    axes.set_ylim(0, 1.02)
    axes.grid(alpha=0.3)
    axes.legend(frameon=False, fontsize=8)
    return _svg(figure)


def _bar_chart(labels: list[str], values: list[float], *, xlabel: str, colour: str) -> str:
    height = max(2.0, 0.28 * len(labels) + 0.8)
    figure, axes = plt.subplots(figsize=(7, height))
    positions = range(len(labels))
    axes.barh(list(positions), values, color=colour)
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.grid(axis="x", alpha=0.3)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value:,.0f}", va="center", fontsize=8)
    return _svg(figure)


def charts_for(result: dict[str, Any]) -> dict[str, str]:
    """SVG charts of the analysis, by name."""
    ages = result["ages"]["bands"]
    charts = {
        "time_in_stage": _time_in_stage_chart(result),
        "ages": _bar_chart(
            [_("%(band)s years") % {"band": band["band"]} for band in ages],
            [band["open"] for band in ages],
            xlabel=_("Open cases"),
            colour=COLOURS[0],
        ),
        "stages": _bar_chart(
            [_stage_label(row["stage"]) for row in result["open_by_stage"]],
            [row["open"] for row in result["open_by_stage"]],
            xlabel=_("Open cases"),
            colour=COLOURS[3],
        ),
        "districts": _bar_chart(
            [row["name"] for row in result["by_district"][:TOP_ROWS]],
            [row["open"] for row in result["by_district"][:TOP_ROWS]],
            xlabel=_("Open cases"),
            colour=COLOURS[2],
        ),
    }
    adjournments = result.get("adjournments")
    if adjournments:
        charts["adjournments"] = _bar_chart(
            [row["band"] for row in adjournments["distribution"]],
            [row["cases"] for row in adjournments["distribution"]],
            xlabel=_("Cases by number of adjournments"),
            colour=COLOURS[1],
        )
    return charts


def report_context(result: dict[str, Any], *, title: str) -> dict[str, Any]:
    """What the report template needs: the numbers, words for stages, and the charts."""
    stage_rows = [
        {**row, "label": _stage_label(row["stage"])}
        for row in [*result["time_in_stage"], result["filing_to_verdict"]]
    ]
    limits = [
        {
            **limit,
            "from_label": _stage_label(limit["from_stage"]),
            "until_label": _stage_label(limit["until_stage"]),
        }
        for limit in result["limits"]
    ]
    return {
        "title": title,
        "result": result,
        "stage_rows": stage_rows,
        "limits": limits,
        "open_by_stage": [
            {**row, "label": _stage_label(row["stage"])} for row in result["open_by_stage"]
        ],
        "charts": charts_for(result),
        "top_rows": TOP_ROWS,
        "top_slice": f":{TOP_ROWS}",
    }


def render_pdf(result: dict[str, Any], *, title: str) -> bytes:
    """The printable summary as PDF, from the same template as the page."""
    from weasyprint import HTML

    # WeasyPrint names every SVG style property it does not draw; the charts look right.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    html = render_to_string("justice/backlog_print.html", report_context(result, title=title))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
