"""The whole impact report (every indicator, every breakdown, the period and its two baseline
half-years) over 1,000,000 cases and 10,000,000 timeline events on PostgreSQL
(target: median under 5 seconds).

The data is generated in the database itself with `INSERT … SELECT generate_series`, into a
database of its own (mukti_bench_impact, created and, unless --keep, dropped at the end):
6 offices (2 joint), 950,000 survivors (5% with a second case), 1,000,000 cases opened over
six years, and 10,000,000 events of every kind, each within two years of its case opening.
Events of the kinds a domain detail qualifies (services, assessments, reintegration stages,
income, removals) point at a source record, and the detail indicators are given a stand-in
selector (a subquery of about half the survivors), so that their cost is measured too. The
activity totals of other apps (prevention, justice) are stand-ins that answer at once: they
read those apps' own small tables, not the timeline.

    .venv/bin/python benchmarks/impact_report.py [--runs 5] [--keep]
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

SERVER = "postgres://postgres@127.0.0.1:5432/"
DATABASE = "mukti_bench_impact"
os.environ["DATABASE_URL"] = SERVER + DATABASE
os.environ.setdefault("MUKTI_VAR_DIR", str(Path(tempfile.gettempdir()) / "mukti-bench-impact"))
Path(os.environ["MUKTI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")

import psycopg  # noqa: E402

TARGET_SECONDS = 5.0
HOST = "00000000-0000-0000-0000-000000000001"
CASES = 1_000_000
EVENTS = 10_000_000
PERSONS = 950_000

ORGANISATIONS = """
INSERT INTO accounts_organisation (id, created_at, updated_at, version, name, short_name,
    is_partner)
VALUES ('00000000-0000-0000-0000-000000000001', now(), now(), 1, 'Bench host', 'BH', false),
       ('00000000-0000-0000-0000-000000000002', now(), now(), 1, 'Bench partner', 'BP', true);
INSERT INTO accounts_office (id, created_at, updated_at, version, name, code, country, strategy,
    organisation_id, partner_organisation_id)
SELECT ('00000000-0000-0000-0000-00000000100' || n)::uuid, now(), now(), 1, code, code, country,
    strategy, '00000000-0000-0000-0000-000000000001',
    CASE WHEN strategy = 'joint' THEN '00000000-0000-0000-0000-000000000002'::uuid END
FROM (VALUES (1, 'BD-KHU', 'BD', 'direct'), (2, 'BD-JSR', 'BD', 'direct'),
             (3, 'GB-LON', 'GB', 'direct'), (4, 'RO-BUC', 'RO', 'direct'),
             (5, 'IN-KOL', 'IN', 'joint'), (6, 'TH-BKK', 'TH', 'joint'))
     o(n, code, country, strategy);
"""

PERSONS_SQL = f"""
INSERT INTO people_person (id, created_at, updated_at, version, sex, birth_date, estimated_age,
    age_estimated_on, nationality, office_id)
SELECT md5('person' || g)::uuid, now(), now(), 1,
    (ARRAY['female','female','female','female','male','male','other','unknown'])[1 + g * 7 % 8],
    CASE WHEN g % 10 < 7 THEN DATE '1965-01-01' + ((g::bigint * 2654435761) % 16000)::int END,
    CASE WHEN g % 10 BETWEEN 7 AND 8 THEN (10 + (g::bigint * 40503) % 40)::int END,
    CASE WHEN g % 10 BETWEEN 7 AND 8 THEN DATE '2020-01-01' + (g % 2000) END,
    'BD', ('00000000-0000-0000-0000-00000000100' || (1 + g % 6))::uuid
FROM generate_series(1, {PERSONS}) g;
"""  # noqa: S608 -- numbers from this file, nothing from outside

# Case c belongs to person p(c); the last 50,000 cases are second cases of earlier survivors.
PERSON_OF_CASE = f"(CASE WHEN c <= {PERSONS} THEN c ELSE c - {PERSONS} END)"

CASES_SQL = f"""
INSERT INTO cases_case (id, created_at, updated_at, version, number, opened_on, stage, status,
    risk, involves_sexual_exploitation, has_health_information, closing_reason, office_id,
    survivor_id)
SELECT md5('case' || c)::uuid, now(), now(), 1, 'B-' || c, DATE '2020-01-01' + (c % 2190),
    'in_care', 'open', 'medium', false, false, '',
    ('00000000-0000-0000-0000-00000000100' || (1 + {PERSON_OF_CASE} % 6))::uuid,
    md5('person' || {PERSON_OF_CASE})::uuid
FROM generate_series(1, {CASES}) c;
"""  # noqa: S608

KIND_WEIGHTS = {
    "opened": 10, "identified": 6, "removed_from_exploitation": 4, "sheltered": 4,
    "screened": 2, "referred": 2, "care_plan": 3, "service_delivered": 17, "follow_up": 22,
    "assessment": 5, "income_recorded": 2, "reintegration_stage": 2, "peer_mentoring": 1,
    "repatriation_step": 2, "repatriated": 2, "reunited": 2, "family_traced": 1,
    "matched_to_missing_report": 1, "legal_case_filed": 1, "engaged_with_police": 2,
    "hearing": 3, "testified": 1, "verdict": 1, "re_trafficked": 1, "stage_changed": 2,
    "closed": 1,
}  # fmt: skip
DETAILED_KINDS = (
    "service_delivered",
    "assessment",
    "reintegration_stage",
    "income_recorded",
    "removed_from_exploitation",
)


def events_sql() -> str:
    kinds = [kind for kind, weight in KIND_WEIGHTS.items() for _ in range(weight)]
    array = "ARRAY[" + ",".join(f"'{kind}'" for kind in kinds) + "]"
    detailed = ",".join(f"'{kind}'" for kind in DETAILED_KINDS)
    return f"""
    INSERT INTO cases_caseevent (id, created_at, updated_at, version, kind, happened_on, summary,
        source_type, source_id, case_id)
    SELECT md5('event' || g)::uuid, now(), now(), 1, kind,
        LEAST(DATE '2020-01-01' + (c % 2190) + ((g::bigint * 40503) % 730)::int,
              DATE '2026-11-20'),
        '', '', CASE WHEN kind IN ({detailed}) THEN md5('person' || {PERSON_OF_CASE})::uuid END,
        md5('case' || c)::uuid
    FROM generate_series(1, {EVENTS}) g,
        LATERAL (SELECT 1 + (g % {CASES}) AS c,
                        ({array})[1 + (g::bigint * 2654435761 % {len(kinds)})::int] AS kind) x;
    """  # noqa: S608


def ensure_database(keep_existing: bool) -> None:
    with psycopg.connect(SERVER + "postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if exists and not keep_existing:
            admin.execute(f"DROP DATABASE {DATABASE}")
            exists = None
        if not exists:
            admin.execute(f"CREATE DATABASE {DATABASE}")


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(SERVER + "postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


def generate(cursor) -> None:  # type: ignore[no-untyped-def]
    """Persons, cases and events in SQL; the event table's indexes are built after the load."""
    started = time.monotonic()
    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute(ORGANISATIONS)
    cursor.execute(PERSONS_SQL)
    cursor.execute(CASES_SQL)
    print(f"  persons and cases: {time.monotonic() - started:.0f} s")
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_caseevent' "
        "AND indexname <> 'cases_caseevent_pkey'"
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    cursor.execute(events_sql())
    print(f"  events: {time.monotonic() - started:.0f} s")
    for _name, definition in indexes:
        cursor.execute(definition)
    print(f"  indexes: {time.monotonic() - started:.0f} s")
    cursor.execute("VACUUM ANALYZE cases_caseevent")
    cursor.execute("ANALYZE cases_case")
    cursor.execute("ANALYZE people_person")


def stand_ins() -> None:
    """Domain details and activity totals that the other apps will answer (see the module
    docstring): details as a subquery over half the survivors, totals at once."""
    from mukti.impact import engine, figures
    from mukti.people.models import Person

    engine.detail_ids = lambda app, function: Person.objects.filter(  # type: ignore[assignment]
        sex__in=["female", "other"]
    )
    figures.activity_total = (  # type: ignore[assignment]
        lambda rule, *, user, start, end, office_ids: {pk: 100 for pk in office_ids}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    args = parser.parse_args()
    ensure_database(keep_existing=args.keep)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from mukti.cases.models import Case
    from mukti.impact.access import organisation_reader
    from mukti.impact.periods import Period
    from mukti.impact.selectors import indicator_data

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        print(f"Generating {CASES:,} cases and {EVENTS:,} events (a few minutes)…")
        with connection.cursor() as cursor:
            generate(cursor)
    stand_ins()
    period = Period(date(2023, 9, 1), date(2024, 2, 29))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM cases_caseevent WHERE happened_on BETWEEN %s AND %s",
            [period.shifted_back(2).start, period.end],
        )
        in_windows = cursor.fetchone()[0]
    print(f"{Case.objects.count():,} cases; {in_windows:,} events in the 18 months counted")
    reader = organisation_reader(HOST)
    times = []
    for run in range(args.runs + 1):
        started = time.monotonic()
        with transaction.atomic():
            data = indicator_data(reader, organisation_id=HOST, period=period)
        elapsed = time.monotonic() - started
        if run:  # the first run warms the caches, as a running server would be
            times.append(elapsed)
        print(f"  run {run}: {elapsed:.2f} s")
    counted = sum(1 for item in data["indicators"] if item["value"] is not None)
    cared = next(i for i in data["indicators"] if i["code"] == "survivors_cared_for")
    print(
        f"{counted} of {len(data['indicators'])} indicators counted; survivors cared for "
        f"{cared['value']:,} (growth {cared['growth']}%)"
    )
    median = statistics.median(times)
    verdict = "met" if median < TARGET_SECONDS else "NOT met"
    print(
        f"whole report: median {median:.2f} s, max {max(times):.2f} s over {len(times)} runs "
        f"(target {TARGET_SECONDS:.0f} s: {verdict}); load average {os.getloadavg()[0]:.1f}"
    )
    if not args.keep:
        drop_database()
        print(f"Dropped {DATABASE}.")


if __name__ == "__main__":
    main()
