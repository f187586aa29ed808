"""Backlog analysis of a generated national case list (target: 100,000 cases in under 10 s).

Generates a list like the one Bangladesh's government asked to have analysed (deterministic
seed; 64 districts, a tribunal per division and district courts; most cases open; hearing and
adjournment counts), writes it as CSV, then times reading and checking the file, the analysis
(limits, Kaplan–Meier per stage, breakdowns, adjournments), the charts and, once, the PDF.

    .venv/bin/python benchmarks/justice_backlog.py [--cases 100000] [--runs 5] [--pdf]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")

import django  # noqa: E402

django.setup()

from mukti.justice.backlog_analysis import LimitRule, analyse  # noqa: E402
from mukti.justice.backlog_import import read_case_list  # noqa: E402
from mukti.justice.backlog_report import charts_for, render_pdf  # noqa: E402

TARGET_SECONDS = 10.0
AS_OF = date(2026, 11, 1)
BD_TRIAL_LIMIT = LimitRule(
    label="PSHTA 2012 s.24",
    from_stage="trial",
    until_stage="verdict",
    days=180,
    working_days=True,
    weekmask="1111001",
)


def generate(cases: int, *, seed: int = 2017) -> pd.DataFrame:
    """A case list shaped like a national trafficking backlog: old cases, slow stages,
    few verdicts and fewer convictions."""
    rng = np.random.default_rng(seed)
    districts = [f"District {i:02d}" for i in range(1, 65)]
    district = rng.choice(districts, size=cases, p=_weights(rng, len(districts)))
    division = np.char.add("Division ", (np.char.str_len(district.astype(str)) % 8).astype(str))
    tribunal = np.char.add("Anti-Human Trafficking Offence Tribunal, ", division)
    court = np.where(rng.random(cases) < 0.6, tribunal, np.char.add("Sessions Court, ", district))
    as_of = np.datetime64(AS_OF.isoformat())
    filing = as_of - rng.integers(30, 12 * 365, size=cases).astype("timedelta64[D]")

    def step(after: np.ndarray, scale: float) -> np.ndarray:
        return after + rng.exponential(scale, size=cases).astype("int64").astype("timedelta64[D]")

    investigation = step(filing, 10)
    charge_sheet = step(investigation, 300)
    trial = step(charge_sheet, 400)
    verdict = step(trial, 900)
    appeal = step(verdict, 200)
    dates = {
        "investigation_date": investigation,
        "charge_sheet_date": charge_sheet,
        "trial_date": trial,
        "verdict_date": verdict,
        "appeal_date": appeal,
    }
    appealed = rng.random(cases) < 0.2
    reached = {column: values <= as_of for column, values in dates.items()}
    reached["appeal_date"] &= appealed
    for later, earlier in zip(list(dates)[1:], list(dates)[:-1], strict=True):
        reached[later] &= reached[earlier]
    stage = np.full(cases, "complaint", dtype=object)
    for column, name in zip(
        dates, ["investigation", "charge_sheet", "trial", "verdict", "appeal"], strict=True
    ):
        stage[reached[column]] = name
    withdrawn = (rng.random(cases) < 0.05) & ~reached["verdict_date"]
    outcome = np.full(cases, "", dtype=object)
    decided = reached["verdict_date"]
    outcome[decided] = rng.choice(
        ["acquitted", "convicted", "discharged"], size=int(decided.sum()), p=[0.8, 0.05, 0.15]
    )
    outcome[withdrawn] = "withdrawn"
    disposed_date = np.where(withdrawn, as_of - np.timedelta64(15, "D"), np.datetime64("NaT"))
    frame = pd.DataFrame(
        {
            "case_id": [f"C{n:07d}" for n in range(cases)],
            "court": court,
            "district": district,
            "filing_date": filing,
            "stage": stage,
        }
    )
    for column, values in dates.items():
        frame[column] = np.where(reached[column], values, np.datetime64("NaT"))
    frame["outcome"] = outcome
    frame["disposed_date"] = disposed_date
    hearings = rng.poisson(6 + (as_of - filing).astype(int) / 120)
    frame["hearings"] = hearings
    frame["adjournments"] = rng.binomial(hearings, 0.7)
    for column in [*dates, "filing_date", "disposed_date"]:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d").fillna("")
    return frame


def _weights(rng: np.random.Generator, n: int) -> np.ndarray:
    raw = rng.gamma(2.0, 1.0, size=n)
    return raw / raw.sum()


def timed(function, runs: int) -> tuple[float, object]:
    seconds, result = [], None
    for _run in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF (once)")
    arguments = parser.parse_args()
    frame = generate(arguments.cases)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        frame.to_csv(path, index=False)
        content = path.read_bytes()
    print(f"{arguments.cases} cases, {len(content) / 1e6:.1f} MB of CSV")
    read, case_list = timed(
        lambda: read_case_list(content, filename="cases.csv", today=AS_OF), arguments.runs
    )
    analysed, result = timed(
        lambda: analyse(case_list, as_of=AS_OF, limits=[BD_TRIAL_LIMIT]), arguments.runs
    )
    drawn, _charts = timed(lambda: charts_for(result), arguments.runs)
    total = read + analysed + drawn
    print(f"read and check: median {read:.2f} s")
    print(f"analysis:       median {analysed:.2f} s")
    print(f"charts (SVG):   median {drawn:.2f} s")
    print(f"total:          {total:.2f} s (target under {TARGET_SECONDS:.0f} s)")
    print(
        f"open {result['open']}, past the trial limit {result['limits'][0]['passed_open']}, "
        f"median trial stage {result['time_in_stage'][3]['median_days']} days"
    )
    if arguments.pdf:
        pdf_seconds, pdf = timed(lambda: render_pdf(result, title="Benchmark"), 1)
        print(f"PDF:            {pdf_seconds:.2f} s ({len(pdf) / 1e3:.0f} kB)")
    print("OK" if total < TARGET_SECONDS else "SLOWER THAN THE TARGET")


if __name__ == "__main__":
    main()
