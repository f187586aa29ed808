"""Prevention: how long the demo's prevention records take to add (target: well under 20 s at
100,000 cases), and how long the period figures take (one grouped query per breakdown;
target: median under 100 ms each), on a fresh SQLite database in a temporary directory.

The demo's organisation is created, then `mukti/prevention/demo.py` adds its records as it
would for a demo of --cases cases (the prevention volume grows with the demo's size), and
each breakdown of a half-year's figures is asked --runs times as an organisation-wide
programme manager.

    .venv/bin/python benchmarks/prevention_figures.py [--cases 100000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.pop("DATABASE_URL", None)
os.environ["MUKTI_VAR_DIR"] = tempfile.mkdtemp(prefix="mukti-prevention-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from mukti.accounts.selectors import forget_memberships  # noqa: E402
from mukti.core.demo.organisation import create_organisation  # noqa: E402
from mukti.prevention import demo  # noqa: E402
from mukti.prevention.selectors import prevention_figures  # noqa: E402

BREAKDOWNS = ((), ("office",), ("country",), ("activity_type",), ("audience_type",),
              ("profession",), ("office", "activity_type", "audience_type"))  # fmt: skip
TARGET_DEMO_S = 20
TARGET_MS = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    organisation = create_organisation(password_hash=make_password("benchmark"))
    today = timezone.localdate()
    started, cpu_started = time.monotonic(), time.process_time()
    counts = demo.add_demo_records(
        demo=organisation, today=today, rng=random.Random(1), cases=options.cases
    )
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu_started
    print(f"demo records for {options.cases} cases: {counts}")
    verdict = "ok" if seconds < TARGET_DEMO_S else "SLOW"
    # CPU time too: SQLite runs in this process, so it is the time on an idle machine.
    print(f"  added in {seconds:.1f} s, {cpu:.1f} s of CPU (target < {TARGET_DEMO_S} s) {verdict}")

    manager = next(user for user, spec in organisation.staff if spec.role == "programme_manager")
    manager.memberships.update(scope="organisation")
    forget_memberships(manager)
    start, end = today - timedelta(days=182), today
    for by in BREAKDOWNS:
        times = []
        for _ in range(options.runs):
            begun = time.perf_counter()
            rows = prevention_figures(manager, start=start, end=end, by=by)
            times.append((time.perf_counter() - begun) * 1000)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_MS else "SLOW"
        name = ", ".join(by) or "total"
        print(f"figures by {name:<40} {len(rows):>4} rows  median {median:6.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
