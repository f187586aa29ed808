"""Case list, name search and case page response times on a national-scale database
(target: median under 150 ms each, on SQLite and on PostgreSQL).

Needs a database holding `mukti demo --cases 100000` (see benchmarks/demo_generation.py):
SQLite: MUKTI_VAR_DIR=<the --var-dir used there>; PostgreSQL: DATABASE_URL=.../mukti_bench_demo.
Each page is requested through Django's test client, signed in as the demo caseworker (team
scope, two-factor waived for demo accounts) and as the programme manager (office scope).

    MUKTI_VAR_DIR=/tmp/mukti-100k .venv/bin/python benchmarks/case_pages.py [--runs 60]
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
from mukti.cases.models import Case  # noqa: E402
from mukti.cases.selectors import CaseFilters, case_page  # noqa: E402

USERS = ("caseworker@demo.mukti.test", "programme-manager@demo.mukti.test")
TARGET_MS = 150


def respelt(name: str) -> str:
    """The name as another office might transliterate it: other vowels, the same sounds."""
    return " ".join(
        w[0] + w[1:].replace("i", "ee").replace("e", "a").replace("u", "oo") for w in name.split()
    )


def a_latin_name_in_scope(user: User) -> str:
    """A survivor name the user can find (one in a Latin-script transliteration or name)."""
    for case in case_page(user, filters=CaseFilters()).cases:
        names = case.survivor.names.filter(script="Latn")
        for name in names:
            if name.given_name and name.family_name:
                return respelt(name.full_name)
    raise SystemExit("No Latin-script survivor name in scope: is the demo loaded?")


def timed(client: Client, path: str, runs: int) -> tuple[list[float], int, int]:
    client.get(path)  # warm the caches once, as a real server would be
    times = []
    status = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return times, len(queries), status


def report(label: str, times: list[float], queries: int, status: int) -> bool:
    times.sort()
    median = statistics.median(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    verdict = "ok" if median < TARGET_MS and status == 200 else "MISSED"
    print(
        f"  {label:<34} median {median:7.1f} ms   p95 {p95:7.1f} ms   "
        f"{queries:3d} queries   HTTP {status}   {verdict}"
    )
    return verdict == "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    options = parser.parse_args()
    setup_test_environment(debug=False)
    total = Case.objects.count()
    print(f"{connection.vendor}: {total:,} cases; {options.runs} requests per page")
    all_ok = True
    for email in USERS:
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        number = case_page(user, filters=CaseFilters()).cases[-1].number
        print(f"{email} ({user.memberships.get().get_scope_display()}):")
        for label, path in (
            ("case list /cases/", "/cases/"),
            ("name search /cases/?q=<respelt name>", f"/cases/?q={a_latin_name_in_scope(user)}"),
            ("case page /cases/<number>/", f"/cases/{number}/"),
        ):
            all_ok &= report(label, *timed(client, path, options.runs))
    print(f"target: median under {TARGET_MS} ms for each -> {'met' if all_ok else 'MISSED'}")


if __name__ == "__main__":
    main()
