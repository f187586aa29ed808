"""`mukti demo`: the organisation of the seed documents and believable cases, fast.

`open_case`, `record_person` and friends take milliseconds a case, which is hours at national
scale. Here the main process decides where and when each case opened and numbers the cases
in that order (as `open_case` would have); batches of cases are then built into rows (in
worker processes at scale, see rows.py) and inserted one transaction per batch (writer.py).
The result is what the services would have written: encrypted fields, name tokens, the phone
blind index, case numbers and their sequences, the OPENED event, the lead assignment, and the
first historical row of every tracked record linked into the change chain.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connections, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from mukti.accounts.models import Membership, Organisation
from mukti.accounts.roles import Role
from mukti.cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNumberSequence,
    ExploitationProfile,
    Note,
)
from mukti.core.demo.organisation import OFFICES, DemoOrganisation, create_organisation
from mukti.core.demo.rows import (
    TRACKED,
    BatchRows,
    BatchSpec,
    CaseSeed,
    OfficeContext,
    build_batch,
    clock_ms,
)
from mukti.core.demo.stories import DAYS_BACK
from mukti.core.demo.writer import (
    next_history_ids,
    reset_id_sequences,
    restore_sqlite_durability,
    write_batch,
)
from mukti.people.models import Person, PersonAddress, PersonName, PersonNameToken, PersonPhone

DEFAULT_CASES = 300
BATCH_CASES = 1000
# Below this many cases, worker processes cost more than they save.
PARALLEL_FROM = 5 * BATCH_CASES
WORKERS = 2

COUNTED = (
    ("survivors", Person),
    ("names", PersonName),
    ("name tokens", PersonNameToken),
    ("phones", PersonPhone),
    ("addresses", PersonAddress),
    ("cases", Case),
    ("exploitation profiles", ExploitationProfile),
    ("assignments", CaseAssignment),
    ("timeline events", CaseEvent),
    ("notes", Note),
)


DEMO_LOGIN_FILE = "demo-login"  # holds the generated password, mode 0600


@dataclass(frozen=True)
class Login:
    email: str
    role: str
    office: str


@dataclass(frozen=True)
class DemoReport:
    counts: dict[str, int]
    seconds: float
    logins: list[Login]
    password: str


def existing_demo_logins() -> list[Login]:
    """The demo logins of a database that already holds the demo, for `make run` to print."""
    memberships = Membership.objects.filter(user__is_demo_account=True).select_related(
        "user", "office"
    )
    return [
        Login(m.user.email, str(Role(m.role).label), m.office.code)
        for m in memberships.order_by("user__email")
    ]


def remember_demo_password(password: str) -> None:
    """Keep the generated password beside the local database (mode 0600) so that every
    `make run` can print it. Demo accounts exist only outside production."""
    path = settings.VAR_DIR / DEMO_LOGIN_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as password_file:
        password_file.write(password)


def remembered_demo_password() -> str | None:
    path = settings.VAR_DIR / DEMO_LOGIN_FILE
    return path.read_text().strip() if path.exists() else None


def refresh_planner_statistics() -> None:
    """After a bulk load PostgreSQL has no statistics until autovacuum gets round to it, and
    plans the case list as if tables were empty (194 ms instead of 55 ms at 100k cases)."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_data_exists() -> bool:
    """Demo data is only ever loaded into a database that has no organisation yet."""
    return Organisation.objects.exists()


def seed_cases(*, rng: random.Random, count: int, today: date) -> list[CaseSeed]:
    """Where and when each case opened, numbered per office and year in order of opening,
    as `open_case` numbers them. Each case gets its own seed for the rest of its story."""
    offices = rng.choices(OFFICES, weights=[o.share for o in OFFICES], k=count)
    opened = sorted(
        (today - timedelta(days=rng.randint(0, DAYS_BACK)), office.code, rng.getrandbits(64))
        for office in offices
    )
    last: Counter[tuple[str, int]] = Counter()
    seeds = []
    for opened_on, office, seed in opened:
        last[office, opened_on.year] += 1
        number = f"{office}-{opened_on.year}-{last[office, opened_on.year]:04d}"
        seeds.append(CaseSeed(number=number, office=office, opened_on=opened_on, seed=seed))
    return seeds


def case_number_sequences(
    demo: DemoOrganisation, seeds: list[CaseSeed]
) -> list[CaseNumberSequence]:
    """Each office's sequence per year at the last number given."""
    last: dict[tuple[str, int], int] = {}
    for seed in seeds:
        last[seed.office, seed.opened_on.year] = int(seed.number.rsplit("-", 1)[1])
    return [
        CaseNumberSequence(office=demo.offices[office], year=year, last_number=number)
        for (office, year), number in last.items()
    ]


def office_contexts(demo: DemoOrganisation) -> dict[str, OfficeContext]:
    contexts = {}
    for code, office in demo.offices.items():
        counsellor = demo.user(Role.COUNSELLOR, code)
        contexts[code] = OfficeContext(
            office_id=office.pk,
            country=office.country,
            teams=tuple((team.pk, demo.leads[team.name].pk) for team in demo.teams[code]),
            counsellor_id=counsellor.pk if counsellor else None,
        )
    return contexts


def batch_specs(
    seeds: list[CaseSeed], *, offices: dict[str, OfficeContext], today: date
) -> Iterator[BatchSpec]:
    """Batches of cases, each with its own range of ids, so workers need no database."""
    history_ids = next_history_ids()
    clock = clock_ms()
    for index, start in enumerate(range(0, len(seeds), BATCH_CASES)):
        yield BatchSpec(
            index=index,
            cases=seeds[start : start + BATCH_CASES],
            offices=offices,
            today=today,
            id_clock_ms=clock + index,
            history_ids={
                model._meta.label_lower: history_ids[model._meta.label_lower]
                + index * BATCH_CASES * most
                for model, most in TRACKED
            },
        )


def built_batches(specs: list[BatchSpec], *, workers: int) -> Iterator[BatchRows]:
    """Rows of each batch, in order; built by worker processes when there are many."""
    if workers < 1:
        yield from map(build_batch, specs)
        return
    # Workers are forked without a database connection; only this process writes.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(build_batch, specs, chunksize=1)


def _count(counts: Counter[str], batch: BatchRows) -> None:
    for label, model in COUNTED:
        counts[label] += batch.count(model)
    counts["historical rows (chained)"] += len(batch.links)


def write_cases(
    seeds: list[CaseSeed],
    *,
    offices: dict[str, OfficeContext],
    today: date,
    progress: Callable[[str], None] | None = None,
) -> Counter[str]:
    counts: Counter[str] = Counter()
    specs = list(batch_specs(seeds, offices=offices, today=today))
    workers = WORKERS if len(seeds) >= PARALLEL_FROM else 0
    started = time.monotonic()
    for number, batch in enumerate(built_batches(specs, workers=workers), start=1):
        write_batch(batch)
        _count(counts, batch)
        if progress and (number % 10 == 0 or number == len(specs)):
            done = min(number * BATCH_CASES, len(seeds))
            progress(f"{done} / {len(seeds)} cases ({time.monotonic() - started:.0f} s)")
    reset_id_sequences()
    restore_sqlite_durability()
    return counts


def add_domain_records(
    *,
    demo: DemoOrganisation,
    today: date,
    seed: int | None,
    cases: int,
    progress: Callable[[str], None] | None,
) -> Counter[str]:
    """Each domain app with a `demo` module adds its records (rescues, care, repatriations,
    legal cases…) to the cases just written, in the order of INSTALLED_APPS."""
    counts: Counter[str] = Counter()
    for app_config in apps.get_app_configs():
        if app_config.name == "mukti.core" or not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        started = time.monotonic()
        added = module.add_demo_records(
            demo=demo,
            today=today,
            rng=random.Random(f"{seed}:{app_config.label}"),
            cases=cases,
            progress=progress,
        )
        counts.update(added)
        if progress:
            progress(f"{app_config.verbose_name}: {time.monotonic() - started:.0f} s")
    return counts


def build_demo(
    *,
    cases: int = DEFAULT_CASES,
    seed: int | None = None,
    password: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoReport:
    """The organisation, its demo logins and `cases` believable cases.

    The same seed gives the same case numbers, names and timelines (on the same day).
    """
    started = time.monotonic()
    password = password or secrets.token_urlsafe(12)
    remember_demo_password(password)
    today = timezone.localdate()
    with transaction.atomic():
        demo = create_organisation(password_hash=make_password(password))
    seeds = seed_cases(rng=random.Random(seed), count=cases, today=today)
    counts = write_cases(seeds, offices=office_contexts(demo), today=today, progress=progress)
    CaseNumberSequence.objects.bulk_create(case_number_sequences(demo, seeds))
    counts.update(
        add_domain_records(demo=demo, today=today, seed=seed, cases=cases, progress=progress)
    )
    refresh_planner_statistics()
    counts["offices"] = len(demo.offices)
    counts["logins"] = len(demo.staff)
    logins = [
        Login(user.email, str(Role(spec.role).label), spec.office) for user, spec in demo.staff
    ]
    return DemoReport(
        counts=dict(counts), seconds=time.monotonic() - started, logins=logins, password=password
    )
