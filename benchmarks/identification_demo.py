"""How long the identification app adds to `mukti demo` (its share of the 180 s budget for
100,000 cases: well under 20 s).

Builds the core demo (organisation, cases and their timelines, without the other apps'
records) into a fresh SQLite database in a temporary MUKTI_VAR_DIR, then times
`mukti.identification.demo.add_demo_records` several times, each inside a transaction that
is rolled back, and prints the medians (wall clock and this process's CPU time: on a
shared machine the CPU time is the steadier of the two).

    .venv/bin/python benchmarks/identification_demo.py [--cases 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")
os.environ.pop("DATABASE_URL", None)
VAR_DIR = tempfile.mkdtemp(prefix="mukti-bench-identification-")
os.environ["MUKTI_VAR_DIR"] = VAR_DIR

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from mukti.cases.models import CaseNumberSequence  # noqa: E402
from mukti.core.demo.generate import (  # noqa: E402
    case_number_sequences,
    office_contexts,
    seed_cases,
    write_cases,
)
from mukti.core.demo.organisation import create_organisation  # noqa: E402
from mukti.identification.demo import add_demo_records  # noqa: E402

TARGET_SECONDS_AT_100K = 20


class RolledBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        today = timezone.localdate()
        with transaction.atomic():
            demo = create_organisation(password_hash=make_password(None))
        seeds = seed_cases(rng=random.Random(1), count=options.cases, today=today)
        write_cases(seeds, offices=office_contexts(demo), today=today)
        CaseNumberSequence.objects.bulk_create(case_number_sequences(demo, seeds))
        print(f"{options.cases} demo cases; load average {os.getloadavg()[0]:.1f}")
        walls, cpus, counts = [], [], {}
        for run in range(options.runs):
            started, cpu_started = time.monotonic(), time.process_time()
            try:
                with transaction.atomic():
                    counts = add_demo_records(
                        demo=demo, today=today, rng=random.Random(run), cases=options.cases
                    )
                    walls.append(time.monotonic() - started)
                    cpus.append(time.process_time() - cpu_started)
                    raise RolledBack
            except RolledBack:
                pass
        for label, count in counts.items():
            print(f"  {count:>9,}  {label}")
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        scale = 100_000 / options.cases
        print(f"median of {options.runs}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(
            f"scaled to 100,000 cases: {wall * scale:.1f} s wall, {cpu * scale:.1f} s CPU "
            f"(target: well under {TARGET_SECONDS_AT_100K} s)"
        )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(VAR_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
