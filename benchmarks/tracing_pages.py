"""Tracing pages on a demo database: the case panel "which reports may be her" (target:
median under 1 s, the issue's "within a second"), the search form, the review queue, the
side-by-side page and the report list (median under 150 ms, as the case pages), and what
it costs a process to build its index of open reports the first time.

Needs a database holding `mukti demo --cases N` (see benchmarks/demo_generation.py):
SQLite: MUKTI_VAR_DIR=<the --var-dir used there>; PostgreSQL: DATABASE_URL=....
Signed in as the demo programme manager (office scope in BD-KHU).

    MUKTI_VAR_DIR=/tmp/mukti-20k .venv/bin/python benchmarks/tracing_pages.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from mukti.accounts.models import User  # noqa: E402
from mukti.tracing import report_index  # noqa: E402
from mukti.tracing.models import MatchCandidate, MissingPersonReport, ReportStatus  # noqa: E402

USER = "programme-manager@demo.mukti.test"
PANEL_TARGET_MS = 1000
PAGE_TARGET_MS = 150
HTMX = {"HX-Request": "true"}


def timed(
    client: Client, path: str, runs: int, **extra: object
) -> tuple[list[float], list[float], int, int]:
    """Wall-clock and CPU milliseconds per request (CPU time of this process, its DuckDB
    threads included: on a shared, loaded machine it says what the page itself costs)."""
    client.get(path, **extra)  # warm the caches once, as a real server would be
    times, cpu = [], []
    status, queries = 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, **extra)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        status, queries = response.status_code, len(captured)
    return times, cpu, queries, status


def report(
    label: str, target: float, times: list[float], cpu: list[float], queries: int, status: int
) -> bool:
    times.sort()
    median = statistics.median(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    verdict = "ok" if median < target and status == 200 else "MISSED"
    print(
        f"  {label:<40} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
        f"cpu {statistics.median(cpu):6.1f} ms  {queries:3d} queries  HTTP {status}  "
        f"{verdict} (< {target:.0f} ms)"
    )
    return verdict == "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    setup_test_environment(debug=False)
    open_reports = MissingPersonReport.objects.filter(status=ReportStatus.OPEN).count()
    load = os.getloadavg()[0]
    print(
        f"{connection.vendor}: {open_reports:,} open reports; {options.runs} requests each; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )

    report_index.forget()
    started, started_cpu = time.perf_counter(), time.process_time()
    indexed = report_index.indexed_reports()
    build_s, build_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(
        f"  first index build in a process: {indexed:,} reports in {build_s:.1f} s "
        f"(cpu {build_cpu:.1f} s)"
    )

    user = User.objects.get(email=USER)
    client = Client()
    client.force_login(user)
    pair = (
        MatchCandidate.objects.filter(case__office__code="BD-KHU", kind="case_report")
        .select_related("case")
        .order_by("-match_probability")
        .first()
    )
    if pair is None or pair.case is None:
        raise SystemExit("No queued pair in BD-KHU: is the demo loaded?")
    search = "/tracing/search/?given_name=Reena&father_name=Abdul&district=Jessore&age=15"
    all_ok = True
    for label, path, target, extra in (
        (
            "case panel /tracing/cases/<n>/matches/",
            f"/tracing/cases/{pair.case.number}/matches/",
            PANEL_TARGET_MS,
            HTMX,
        ),
        ("search form /tracing/search/?…", search, PANEL_TARGET_MS, {}),
        ("review queue /tracing/review/", "/tracing/review/", PAGE_TARGET_MS, {}),
        ("side by side /tracing/review/<id>/", f"/tracing/review/{pair.pk}/", PAGE_TARGET_MS, {}),
        ("report list /tracing/reports/", "/tracing/reports/", PAGE_TARGET_MS, {}),
    ):
        all_ok &= report(label, target, *timed(client, path, options.runs, headers=extra))
    print(f"targets -> {'met' if all_ok else 'MISSED'}")


if __name__ == "__main__":
    main()
