"""Repatriation step analytics over 100,000 repatriations (target: under 2 seconds).

Into its own database (a MUKTI_VAR_DIR of its own, never var/): the demo organisation with a
few thousand cases (`mukti demo`), then 100,000 repatriations with their steps spread over
the corridors, the offices and the last three years, written in bulk. A second run with the
same --var-dir reuses them. Then, as an M&E officer whose scope is the whole organisation,
it times `step_analytics` (median and 90th percentile of days per step, until the handover
and end to end, for every corridor) over the current half-year, over all three years (every
repatriation), and for one corridor; and the analytics page itself, chart included.

    .venv/bin/python benchmarks/repatriation_analytics.py [--repatriations 100000]
        [--var-dir /tmp/mukti-repatriation-bench] [--runs 7]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
DEMO_CASES = 3000
ANALYST = "bench-analyst@demo.mukti.test"


def manage(*args: str) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: S603


def prepare(var_dir: str) -> None:
    os.environ["MUKTI_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    manage("migrate", "--noinput")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")
    import django

    django.setup()


def generate(count: int, *, rng: random.Random) -> None:
    """`count` repatriations with their steps, in bulk: most completed, some cancelled, one
    in progress per case at most, steps taking days in each corridor's proportions."""
    from types import SimpleNamespace

    from django.db import transaction
    from django.utils import timezone

    from mukti.cases.models import Case
    from mukti.core.demo.rows import OrderedIds, clock_ms
    from mukti.repatriation.demo import ROUTES, insert_rows
    from mukti.repatriation.models import (
        Corridor,
        Repatriation,
        RepatriationStatus,
        RepatriationStep,
    )
    from mukti.repatriation.progress import derive

    today = timezone.localdate()
    now = timezone.now()
    ids = OrderedIds(clock_ms(), rng)
    cases = list(Case.objects.values_list("id", "office_id"))
    corridors = {c.code: c for c in Corridor.objects.select_related("current_template")}
    routes = {route.corridor: route for route in ROUTES}
    templates = {
        code: list(c.current_template.steps.order_by("position"))  # type: ignore[union-attr]
        for code, c in corridors.items()
    }
    weights = {"IN-BD": 0.8, "GB-RO": 0.15, "TH-MM": 0.05}
    in_progress_cases: set[object] = set()
    repatriations, steps = [], []
    for _ in range(count):
        code = rng.choices(list(weights), weights=list(weights.values()))[0]
        route, template = routes[code], templates[code]
        case_id, office_id = rng.choice(cases)
        started_on = today - timedelta(days=rng.randint(30, 3 * 365))
        row = SimpleNamespace(
            id=ids.next(),
            version=1,
            created_at=now,
            updated_at=now,
            case_id=case_id,
            office_id=office_id,
            corridor_id=corridors[code].pk,
            template_id=corridors[code].current_template_id,
            status=RepatriationStatus.IN_PROGRESS,
            started_on=started_on,
            cancel_reason="",
        )
        day, stopped = started_on, rng.random() < 0.1
        repatriation_steps = []
        for index, definition in enumerate(template):
            taken = round(rng.lognormvariate(math.log(route.medians[index]), route.spread[index]))
            day += timedelta(days=taken)
            done_on = day if day <= today and not stopped else None
            if done_on is None:
                stopped = True
            repatriation_steps.append(
                SimpleNamespace(
                    id=ids.next(),
                    version=1,
                    created_at=now,
                    updated_at=now,
                    repatriation_id=row.id,
                    position=definition.position,
                    key=definition.key,
                    name=definition.name,
                    target_days=definition.target_days,
                    milestone=definition.milestone,
                    responsible_agency=definition.responsible_agency,
                    done_on=done_on,
                )
            )
        standing = derive(started_on=started_on, steps=repatriation_steps)
        for name in ("repatriated_on", "reunited_on", "days_to_repatriation", "days_end_to_end"):
            setattr(row, name, getattr(standing, name))
        if standing.completed_on is not None:
            row.status, row.completed_on = RepatriationStatus.COMPLETED, standing.completed_on
        elif case_id not in in_progress_cases:
            in_progress_cases.add(case_id)
            row.current_step_id = standing.current_step.id  # type: ignore[union-attr]
            row.waiting_since, row.due_on = standing.waiting_since, standing.due_on
        else:
            row.status = RepatriationStatus.CANCELLED
            row.cancelled_on = min(today, (standing.waiting_since or started_on))
        repatriations.append(row)
        steps += repatriation_steps
    with transaction.atomic():
        insert_rows(Repatriation, repatriations)
        insert_rows(RepatriationStep, steps)


def analyst() -> object:
    """An M&E officer whose analytics reach every office of the organisation."""
    from mukti.accounts.models import Membership, Organisation, User
    from mukti.accounts.roles import Role, Scope

    user = User.objects.filter(email=ANALYST).first()
    if user is None:
        user = User.objects.create(email=ANALYST, full_name="Benchmark analyst")
        office = Organisation.objects.get(is_partner=False).offices.order_by("code").first()
        Membership.objects.create(
            user=user, office=office, role=Role.ME_OFFICER, scope=Scope.ORGANISATION
        )
    return user


def timed(label: str, run: object, runs: int) -> float:
    run()  # type: ignore[operator]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"  {label:<58} median {median:6.3f} s   min {min(times):6.3f} s")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repatriations", type=int, default=100_000)
    parser.add_argument("--var-dir", default="")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    var_dir = options.var_dir or tempfile.mkdtemp(prefix="mukti-repatriation-bench-")
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    prepare(var_dir)
    setup_django()

    from django.test import Client

    from mukti.accounts.models import Organisation
    from mukti.repatriation.analytics import Period, half_year_of, step_analytics
    from mukti.repatriation.models import Corridor, Repatriation, RepatriationStep

    print(f"Database: {var_dir}")
    if not Organisation.objects.exists():
        started = time.monotonic()
        manage("demo", "--cases", str(DEMO_CASES), "--seed", "1")
        print(f"  demo organisation and {DEMO_CASES} cases: {time.monotonic() - started:.0f} s")
    missing = options.repatriations - Repatriation.objects.count()
    if missing > 0:
        started = time.monotonic()
        generate(missing, rng=random.Random(1))
        print(f"  {missing} repatriations generated: {time.monotonic() - started:.0f} s")
    done_steps = RepatriationStep.objects.filter(done_on__isnull=False).count()
    print(f"  {Repatriation.objects.count()} repatriations, {done_steps} steps done")

    from django.utils import timezone

    user = analyst()
    today = timezone.localdate()
    half_year = half_year_of(today)
    everything = Period(today - timedelta(days=4 * 365), today)
    india = Corridor.objects.get(code="IN-BD").pk
    covered = sum(
        row.count for item in step_analytics(user, period=everything) for row in item.steps
    )
    print(f"  steps counted over all three years: {covered}")
    print("Step analytics (median and 90th percentile per step and end to end, every corridor):")
    results = [
        timed(
            f"current half-year {half_year.label}",
            lambda: step_analytics(user, period=half_year),
            options.runs,
        ),
        timed(
            "all three years (every repatriation)",
            lambda: step_analytics(user, period=everything),
            options.runs,
        ),
        timed(
            "all three years, India → Bangladesh only",
            lambda: step_analytics(user, period=everything, corridor_id=india),
            options.runs,
        ),
    ]
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    query = f"?period=custom&start={everything.start}&end={everything.end}"
    page = timed(
        "the analytics page, all three years, with its charts",
        lambda: client.get(f"/repatriation/analytics/{query}"),
        options.runs,
    )
    worst = max(results)
    verdict = "ok" if worst < TARGET_SECONDS else "MISSED"
    print(f"Slowest analytics: {worst:.3f} s (target {TARGET_SECONDS:.0f} s): {verdict}")
    print(f"Page with charts: {page:.3f} s")


if __name__ == "__main__":
    main()
