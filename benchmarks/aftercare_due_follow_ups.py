"""A worker's due-follow-ups queue with 500 assigned cases, on a national-scale database
(target: median under 100 ms).

Needs a database holding `mukti demo --cases 100000` in a var dir of its own:

    .venv/bin/python benchmarks/demo_generation.py --cases 100000 --var-dir /tmp/aftercare-100k
    MUKTI_VAR_DIR=/tmp/aftercare-100k .venv/bin/python benchmarks/aftercare_due_follow_ups.py

The first run adds a benchmark worker (a caseworker of BD-KHU) assigned to 500 open cases,
each with one to three planned follow-ups (overdue, due this week or later), and keeps them
for the next runs. It then times, with medians and 95th percentiles:
- the queue selector (`due_follow_ups`, first page and the next page by cursor),
- the My work page (`/aftercare/`, three queues) and the API's `/my-work/follow-ups`,
through Django's test client, signed in as that worker;
and, for scale, the same queue of the demo caseworker, who leads every case of her team.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from mukti.accounts.models import Membership, Office, User  # noqa: E402
from mukti.accounts.roles import Role, Scope  # noqa: E402
from mukti.accounts.selectors import forget_memberships  # noqa: E402
from mukti.aftercare.models import FollowUp, FollowUpKind  # noqa: E402
from mukti.aftercare.selectors import due_follow_ups, due_follow_ups_query  # noqa: E402
from mukti.cases.models import Case, CaseAssignment, Status  # noqa: E402

WORKER = "aftercare-bench-worker@demo.mukti.test"
DEMO_CASEWORKER = "caseworker@demo.mukti.test"
ASSIGNED = 500
TARGET_MS = 100


def bench_worker() -> User:
    """The benchmark worker, assigned to 500 open BD-KHU cases with planned follow-ups."""
    worker = User.objects.filter(email=WORKER).first()
    if worker is not None:
        return worker
    rng = random.Random(500)
    office = Office.objects.get(code="BD-KHU")
    today = timezone.localdate()
    with transaction.atomic():
        worker = User.objects.create(
            email=WORKER, full_name="Benchmark Worker", is_demo_account=True
        )
        Membership.objects.create(
            user=worker, office=office, role=Role.CASEWORKER, scope=Scope.ASSIGNED
        )
        open_cases = list(
            Case.objects.filter(office=office, status=Status.OPEN).values_list("pk", flat=True)
        )
        chosen = rng.sample(open_cases, ASSIGNED)
        CaseAssignment.objects.bulk_create(
            [CaseAssignment(case_id=pk, user=worker, created_by=worker) for pk in chosen],
            batch_size=2000,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    case_id=pk,
                    kind=rng.choice(FollowUpKind.values),
                    status="planned",
                    due_on=today + timedelta(days=rng.randint(-30, 30)),
                    created_by=worker,
                    updated_by=worker,
                )
                for pk in chosen
                for _ in range(rng.randint(1, 3))
            ],
            batch_size=2000,
        )
    return worker


def timed(run: Callable[[], object], runs: int) -> tuple[list[float], int]:
    run()  # warm the caches once, as a running server would be
    times = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(runs):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
    return times, len(queries) // runs


def report(label: str, times: list[float], queries: int, *, target: bool = True) -> bool:
    times.sort()
    median = statistics.median(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    verdict = ("ok" if median < TARGET_MS else "MISSED") if target else "(for scale)"
    print(
        f"  {label:<48} median {median:7.1f} ms   p95 {p95:7.1f} ms   "
        f"{queries:3d} queries   {verdict}"
    )
    return median < TARGET_MS or not target


def selector_run(user: User, cursor: str = "") -> Callable[[], object]:
    def run() -> object:
        forget_memberships(user)  # a request starts with no cached memberships
        return due_follow_ups(user, cursor=cursor).items

    return run


def page_run(client: Client, path: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return response

    return run


def query_plan(user: User) -> list[str]:
    """How the database answers the queue's first page."""
    page = due_follow_ups_query(user).order_by("due_on", "pk")[:26]
    return page.explain().splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    options = parser.parse_args()
    setup_test_environment(debug=False)
    worker = bench_worker()
    assigned = CaseAssignment.objects.filter(user=worker, ended_at__isnull=True).count()
    print(
        f"{connection.vendor}: {Case.objects.count():,} cases, "
        f"{FollowUp.objects.count():,} follow-ups; {options.runs} runs each"
    )
    print(f"{WORKER}: {assigned} assigned cases")
    client = Client()
    client.force_login(worker)
    first = due_follow_ups(worker)
    all_ok = report("queue selector, first page", *timed(selector_run(worker), options.runs))
    all_ok &= report(
        "queue selector, next page (cursor)",
        *timed(selector_run(worker, first.next_cursor or ""), options.runs),
    )
    all_ok &= report(
        "My work page /aftercare/ (3 queues)", *timed(page_run(client, "/aftercare/"), options.runs)
    )
    all_ok &= report(
        "API /api/v1/aftercare/my-work/follow-ups",
        *timed(page_run(client, "/api/v1/aftercare/my-work/follow-ups"), options.runs),
    )
    print("  query plan of the queue:")
    for line in query_plan(worker):
        print(f"    {line}")
    lead = User.objects.filter(email=DEMO_CASEWORKER).first()
    if lead is not None:
        leads = CaseAssignment.objects.filter(user=lead, ended_at__isnull=True).count()
        print(f"{DEMO_CASEWORKER}: {leads:,} assigned cases (she leads her whole team's)")
        report("queue selector, first page", *timed(selector_run(lead), options.runs), target=False)
    print(
        f"target: median under {TARGET_MS} ms for the 500-case worker -> "
        f"{'met' if all_ok else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
