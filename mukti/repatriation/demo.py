"""Demo repatriations: India → Bangladesh for many of the Bangladeshi survivors found in
India, United Kingdom → Romania for Romanian survivors, and a few Thailand → Myanmar.

The spine's demo already put "repatriated" and "reunited" on some timelines; a repatriation
here ends on those very days (and links to those events instead of adding others). The
others are still on the way, waiting on a step, often for months (nationality verification
above all), some with blockers; those of closed cases were cancelled.

Rows are built as plain values and inserted with one executemany per table, stored as the
fields would store them (encrypted notes included): Django's bulk_create spends more time
preparing values than SQLite spends writing them. As in the
spine's demo, these records get no history rows.
"""

from __future__ import annotations

import json
import math
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from types import SimpleNamespace
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from mukti.accounts.roles import ROLE_RULES, Action
from mukti.cases.models import Case, CaseEvent, EventKind, Stage, Status
from mukti.core.crypto import encrypt
from mukti.core.demo.organisation import DemoOrganisation
from mukti.core.demo.rows import clock_ms
from mukti.core.fields import EncryptedTextField, encryption_context
from mukti.repatriation.models import (
    MILESTONE_EVENTS,
    Blocker,
    Corridor,
    Milestone,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    StepDocument,
    TemplateStep,
)
from mukti.repatriation.progress import derive

BATCH = 5000


@dataclass(frozen=True)
class Route:
    """Which cases a corridor's demo repatriations come from, and how long steps take."""

    corridor: str
    offices: frozenset[str]
    nationality: str
    exploited_in: str  # "" when any country will do
    share: float
    # Per step, in template order: the median days it takes, and how widely it varies.
    medians: tuple[float, ...]
    spread: tuple[float, ...]
    # Days from the case opening to the repatriation starting (fewest, most).
    start_after: tuple[int, int] = (0, 0)


ROUTES = (
    Route(
        corridor="IN-BD",
        offices=frozenset({"BD-KHU", "BD-JSR", "IN-KOL"}),
        nationality="BD",
        exploited_in="IN",
        share=0.25,
        # Nationality verification is where survivors wait longest.
        medians=(5, 20, 110, 35, 25, 30, 12, 1, 10),
        spread=(0.8, 0.7, 0.8, 0.7, 0.6, 0.7, 0.6, 0.5, 0.8),
    ),
    Route(
        corridor="GB-RO",
        offices=frozenset({"GB-LON"}),
        nationality="RO",
        exploited_in="",
        share=0.5,
        medians=(14, 7, 21, 10, 5, 1, 20),
        spread=(0.7, 0.6, 0.7, 0.6, 0.5, 0.5, 0.8),
        start_after=(10, 90),
    ),
    Route(
        corridor="GB-RO",
        offices=frozenset({"RO-BUC"}),
        nationality="RO",
        exploited_in="GB",
        share=0.5,
        medians=(14, 7, 21, 10, 5, 1, 20),
        spread=(0.7, 0.6, 0.7, 0.6, 0.5, 0.5, 0.8),
    ),
    Route(
        corridor="TH-MM",
        offices=frozenset({"TH-BKK"}),
        nationality="MM",
        exploited_in="",
        share=0.2,
        medians=(7, 20, 75, 30, 25, 14, 3, 14),
        spread=(0.7, 0.7, 0.8, 0.7, 0.6, 0.6, 0.5, 0.8),
        start_after=(0, 20),
    ),
)

BLOCKER_NOTES = (
    "Special Branch could not find the family at the address given; the survivor is trying "
    "to remember the name of her village",
    "Waiting for the Ministry of Home Affairs to forward the verification request to the "
    "district police",
    "Her statement is needed in the trial before she can leave the country",
    "Application returned: the photographs did not meet the mission's format",
    "Handover postponed: the border post was closed for the day",
    "The family is not yet assessed as safe; a relative is suspected of involvement",
    "The home investigation report went to the wrong district",
    "The shelter disputes the survivor's age; a new age assessment is awaited",
    "No reply from the embassy for three weeks; reminder sent",
)
RESOLUTIONS = (
    "Address traced through the union council",
    "Report received after a call to the superintendent",
    "New photographs submitted",
    "Reminder answered; the document was issued",
    "",
)
CANCEL_REASONS = (
    "The survivor decided to stay and marry; she does not want to return",
    "The case was closed before the repatriation could be completed",
    "She is needed as a witness; the return is postponed indefinitely",
    "The family could not be traced after a year of searching",
)


# A row being built: its fields by attribute name (`case_id`, `done_on`…).
Row = SimpleNamespace


class _Ids:
    """Time-ordered ids (UUID version 7 layout, as the spine's demo gives), so that index
    inserts append; on SQLite as the hex text it stores, without making UUID objects."""

    def __init__(self, clock_ms: int, rng: random.Random) -> None:
        self.prefix = (clock_ms << 80) | (0x7 << 76) | (0b10 << 62)
        self.counter = 0
        self.rng = rng
        self.as_text = connection.vendor == "sqlite"

    def next(self) -> Any:
        self.counter += 1
        tail = ((self.counter << 30) | self.rng.getrandbits(30)) & ((1 << 62) - 1)
        value = self.prefix | tail
        return f"{value:032x}" if self.as_text else uuid.UUID(int=value)


@dataclass
class Planned:
    """One demo repatriation being built, with everything that goes in its rows."""

    repatriation: Row
    corridor: str
    steps: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    blockers: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class CaseFacts:
    id: Any
    office_id: Any
    office: str
    opened_on: date
    closed_on: date | None
    nationality: str
    exploited_in: tuple[str, ...]
    repatriated: tuple[Any, date] | None  # the spine's event: (id, day)
    reunited: tuple[Any, date] | None


def _lognormal_days(rng: random.Random, median: float, spread: float) -> int:
    return max(0, round(rng.lognormvariate(math.log(max(median, 0.5)), spread)))


def _fitted(rng: random.Random, route: Route, count: int, total: int) -> list[int]:
    """`count` step durations in the route's proportions that add up to `total` days."""
    weights = [
        rng.lognormvariate(math.log(route.medians[i]), route.spread[i] / 2) for i in range(count)
    ]
    scale = total / sum(weights)
    days = [int(w * scale) for w in weights]
    days[max(range(count), key=lambda i: weights[i])] += total - sum(days)
    return days


class Builder:
    """Turns the cases of a route into repatriation rows."""

    def __init__(self, *, rng: random.Random, today: date, actors: dict[str, Any]) -> None:
        self.rng = rng
        self.today = today
        self.actors = actors
        self.now = timezone.now()
        self.ids = _Ids(clock_ms(), rng)
        corridors = Corridor.objects.filter(code__in={r.corridor for r in ROUTES})
        self.corridors = {c.code: c for c in corridors.select_related("current_template")}
        self.templates: dict[str, list[TemplateStep]] = {
            code: list(c.current_template.steps.order_by("position"))  # type: ignore[union-attr]
            for code, c in self.corridors.items()
        }

    def _record(self, office: str, **values: Any) -> Row:
        """A row as the office's repatriation worker would have created it."""
        actor = self.actors.get(office)
        return Row(
            id=self.ids.next(),
            version=1,
            created_at=self.now,
            updated_at=self.now,
            created_by_id=actor,
            updated_by_id=actor,
            **values,
        )

    def build(self, route: Route, case: CaseFacts) -> Planned | None:
        template = self.templates[route.corridor]
        start = case.opened_on + timedelta(days=self.rng.randint(*route.start_after))
        last_day = min(self.today, case.closed_on or self.today)
        handover = next(i for i, s in enumerate(template) if s.milestone == Milestone.REPATRIATED)
        if case.repatriated is not None:
            start = min(start, case.repatriated[1])
            done = self._home(route, case, template, start=start, handover=handover)
        else:
            if start > last_day:
                return None
            done = self._on_the_way(route, template, start=start, last_day=last_day, stop=handover)
        repatriation = self._record(
            case.office,
            case_id=case.id,
            office_id=case.office_id,
            corridor_id=self.corridors[route.corridor].pk,
            template_id=self.corridors[route.corridor].current_template_id,
            status=RepatriationStatus.IN_PROGRESS,
            started_on=start,
            completed_on=None,
            cancelled_on=None,
            cancel_reason="",
        )
        planned = Planned(repatriation, corridor=route.corridor)
        self._steps(planned, case, template, done=done)
        self._close(planned, case)
        return planned

    def _home(
        self,
        route: Route,
        case: CaseFacts,
        template: list[TemplateStep],
        *,
        start: date,
        handover: int,
    ) -> list[date | None]:
        """Steps fitted between the start and the spine's "repatriated" day, then the rest."""
        assert case.repatriated is not None  # noqa: S101 - only called for these
        home_on = case.repatriated[1]
        days = _fitted(self.rng, route, handover + 1, (home_on - start).days)
        done: list[date | None] = []
        day = start
        for taken in days:
            day += timedelta(days=taken)
            done.append(day)
        # After the handover: done by the case's closing at the latest; not yet if the day
        # is still to come. The family reunification is the spine's "reunited" day if any.
        for index in range(handover + 1, len(template)):
            if template[index].milestone == Milestone.REUNITED and case.reunited is not None:
                day = case.reunited[1]
            else:
                day += timedelta(days=_lognormal_days(self.rng, route.medians[index], 0.6))
                if case.reunited is not None:
                    day = min(day, case.reunited[1])
            if case.closed_on is not None:
                day = min(day, case.closed_on)
            if day > self.today:
                break
            done.append(day)
        done += [None] * (len(template) - len(done))
        return done

    def _on_the_way(
        self,
        route: Route,
        template: list[TemplateStep],
        *,
        start: date,
        last_day: date,
        stop: int,
    ) -> list[date | None]:
        """Steps done one after another until today (or the case closing). The handover is
        never reached here, since the spine's timeline says she is not home yet: a journey
        that would have got there waits on a step before it, most often the slow ones."""
        done: list[date | None] = []
        day = start
        for index in range(stop):
            day += timedelta(
                days=_lognormal_days(self.rng, route.medians[index], route.spread[index])
            )
            if day > last_day:
                break
            done.append(day)
        if len(done) == stop:
            waiting_on = self.rng.choices(range(stop), weights=route.medians[:stop])[0]
            elapsed = (last_day - start).days
            share = self.rng.uniform(0.2, 0.8)
            done = []
            if waiting_on:
                day = start
                for taken in _fitted(self.rng, route, waiting_on, int(elapsed * share)):
                    day += timedelta(days=taken)
                    done.append(day)
        return done + [None] * (len(template) - len(done))

    def _steps(
        self, planned: Planned, case: CaseFacts, template: list[TemplateStep], *, done: list
    ) -> None:
        """The template's steps with these done dates, their documents, events, blockers,
        and where the repatriation stands (by the same rule as the services)."""
        repatriation = planned.repatriation
        planned_on = repatriation.started_on
        for definition, done_on in zip(template, done, strict=True):
            planned_on += timedelta(days=definition.target_days)
            step = self._record(
                case.office,
                repatriation_id=repatriation.id,
                position=definition.position,
                key=definition.key,
                name=definition.name,
                target_days=definition.target_days,
                milestone=definition.milestone,
                responsible_agency=definition.responsible_agency,
                planned_on=planned_on,
                started_on=None,
                done_on=done_on,
                event_id=None,
            )
            planned.steps.append(step)
        standing = derive(started_on=repatriation.started_on, steps=planned.steps)
        for step in planned.steps:
            if step.done_on is not None:
                step.started_on = step.could_start_on
                self._event(planned, case, step)
            self._documents(planned, case, step)
        current = standing.current_step
        repatriation.current_step_id = current.id if current is not None else None
        for name in ("waiting_since", "due_on", "repatriated_on", "reunited_on"):
            setattr(repatriation, name, getattr(standing, name))
        repatriation.days_to_repatriation = standing.days_to_repatriation
        repatriation.days_end_to_end = standing.days_end_to_end
        if standing.completed_on is not None:
            repatriation.status = RepatriationStatus.COMPLETED
            repatriation.completed_on = standing.completed_on
        if current is not None and current.could_start_on is not None:
            current.started_on = current.could_start_on + timedelta(days=self.rng.randint(0, 7))
            if current.started_on > self.today:
                current.started_on = None
            self._blockers(planned, case, current)

    def _event(self, planned: Planned, case: CaseFacts, step: Row) -> None:
        """The step's timeline event: the spine's own when it already has one that day."""
        if step.milestone == Milestone.REPATRIATED and case.repatriated is not None:
            step.event_id = case.repatriated[0]
            return
        if (
            step.milestone == Milestone.REUNITED
            and case.reunited is not None
            and case.reunited[1] == step.done_on
        ):
            step.event_id = case.reunited[0]
            return
        event = self._record(
            case.office,
            case_id=case.id,
            kind=MILESTONE_EVENTS[Milestone(step.milestone)],
            happened_on=step.done_on,
            summary=step.name,
            source_type="repatriation.repatriationstep",
            source_id=step.id,
            superseded_by_id=None,
        )
        step.event_id = event.id
        planned.events.append(event)

    def _documents(self, planned: Planned, case: CaseFacts, step: Row) -> None:
        definition = self.templates[planned.corridor][step.position - 1]
        for kind in definition.documents:
            received_on = None
            if step.done_on is not None:
                received_on = step.done_on - timedelta(days=self.rng.randint(0, 3))
                received_on = max(received_on, step.could_start_on or received_on)
            planned.documents.append(
                self._record(
                    case.office,
                    step_id=step.id,
                    document_type=kind,
                    received=received_on is not None,
                    received_on=received_on,
                )
            )

    def _blockers(self, planned: Planned, case: CaseFacts, step: Row) -> None:
        """An overdue step often has something named as blocking it; some were resolved."""
        since = step.could_start_on
        assert since is not None  # noqa: S101 - the current step could start
        waited = (min(self.today, case.closed_on or self.today) - since).days
        if waited < step.target_days or self.rng.random() > 0.6:
            return
        opened_on = since + timedelta(days=self.rng.randint(step.target_days // 2, waited))
        resolved = self.rng.random() < 0.3
        resolved_on = opened_on + timedelta(days=self.rng.randint(3, 40)) if resolved else None
        if resolved_on is not None and resolved_on > self.today:
            resolved_on = None
        planned.blockers.append(
            self._record(
                case.office,
                step_id=step.id,
                repatriation_id=planned.repatriation.id,
                opened_on=opened_on,
                note=self.rng.choice(BLOCKER_NOTES),
                resolved_on=resolved_on,
                resolution=self.rng.choice(RESOLUTIONS) if resolved_on else "",
            )
        )

    def _close(self, planned: Planned, case: CaseFacts) -> None:
        """A repatriation still on the way when its case closed was cancelled then."""
        repatriation = planned.repatriation
        if repatriation.status == RepatriationStatus.COMPLETED or case.closed_on is None:
            return
        repatriation.status = RepatriationStatus.CANCELLED
        repatriation.cancelled_on = case.closed_on
        repatriation.cancel_reason = self.rng.choice(CANCEL_REASONS)
        repatriation.current_step_id = None
        repatriation.waiting_since = repatriation.due_on = None


def _raw(queryset: Any) -> Any:
    """The query's rows as the database driver returns them, without Django's per-value
    conversions (most of the time at national scale): ids stay as stored."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _countries(value: Any) -> tuple[str, ...]:
    return tuple(json.loads(value) if isinstance(value, str) else value or ())


def _cases_by_route() -> dict[int, list[CaseFacts]]:
    """The cases each route draws from, with the spine's repatriated / reunited events."""
    firsts: dict[tuple[Any, str], tuple[Any, date]] = {}
    # The spine's own events (other apps' demos may add theirs, with a source).
    offices = {code for route in ROUTES for code in route.offices}
    events = CaseEvent.objects.filter(
        case__office__code__in=offices,
        kind__in=[EventKind.REPATRIATED, EventKind.REUNITED],
        superseded_by__isnull=True,
        source_type="",
    ).order_by("happened_on")
    for case_id, kind, event_id, day in _raw(
        events.values_list("case_id", "kind", "id", "happened_on")
    ):
        firsts.setdefault((case_id, kind), (event_id, _day(day)))  # type: ignore[arg-type]
    chosen: dict[int, list[CaseFacts]] = {index: [] for index in range(len(ROUTES))}
    wanted = Q(pk__in=[])
    for route in ROUTES:
        wanted |= Q(office__code__in=route.offices, survivor__nationality=route.nationality)
    rows = (
        Case.objects.filter(wanted)
        .values_list(
            "id",
            "office_id",
            "office__code",
            "opened_on",
            "status",
            "stage",
            "closed_on",
            "survivor__nationality",
            "exploitation__countries_of_exploitation",
        )
        .order_by("opened_on", "number")
    )
    for (
        case_id,
        office_id,
        code,
        opened_on,
        status,
        stage,
        closed_on,
        nationality,
        exploited,
    ) in _raw(rows):
        for index, route in enumerate(ROUTES):
            if code not in route.offices or nationality != route.nationality:
                continue
            exploited_in = _countries(exploited)
            if route.exploited_in and route.exploited_in not in exploited_in:
                continue
            repatriated = firsts.get((case_id, EventKind.REPATRIATED))
            reunited = firsts.get((case_id, EventKind.REUNITED))
            if repatriated is None and stage != Stage.REPATRIATION:
                continue  # not waiting to go home
            if reunited is not None and (repatriated is None or reunited[1] < repatriated[1]):
                continue  # home already by another way than this corridor
            chosen[index].append(
                CaseFacts(
                    id=case_id,
                    office_id=office_id,
                    office=code,
                    opened_on=_day(opened_on),  # type: ignore[arg-type]
                    closed_on=_day(closed_on) if status == Status.CLOSED else None,
                    nationality=nationality,
                    exploited_in=exploited_in,
                    repatriated=repatriated,
                    reunited=reunited,
                )
            )
            break
    return chosen


def _actors(demo: DemoOrganisation) -> dict[str, Any]:
    """Who records repatriations in each office: its first login that manages them."""
    actors: dict[str, Any] = {}
    for user, spec in demo.staff:
        if Action.MANAGE_REPATRIATION in ROLE_RULES[spec.role].actions:
            actors.setdefault(spec.office, user.pk)
    return actors


def add_demo_records(
    *,
    demo: DemoOrganisation,
    today: date,
    rng: random.Random,
    cases: int,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    started = time.monotonic()
    builder = Builder(rng=rng, today=today, actors=_actors(demo))
    planned: list[Planned] = []
    for index, candidates in _cases_by_route().items():
        route = ROUTES[index]
        for case in candidates:
            if rng.random() < route.share:
                built = builder.build(route, case)
                if built is not None:
                    planned.append(built)
    if progress:
        progress(f"repatriations built: {len(planned)} ({time.monotonic() - started:.1f} s)")
    counts = _write(planned)
    if progress:
        progress(f"repatriations written ({time.monotonic() - started:.1f} s)")
    return counts


def _converter(model_field: Any) -> Callable[[Any], Any] | None:
    """How a value is stored: as the field would store it. Ids may come as the database
    returned them (see _raw) or as UUIDs; SQLite keeps them as hex text."""
    if isinstance(model_field, EncryptedTextField):
        context = encryption_context(model_field)
        return lambda v: encrypt(str(v), context=context) if v else v
    if connection.vendor != "sqlite":
        return None
    target = getattr(model_field, "target_field", model_field)
    if isinstance(target, models.UUIDField):
        return lambda v: v.hex if isinstance(v, uuid.UUID) else v
    if isinstance(model_field, models.DateTimeField):
        stored: dict[Any, Any] = {None: None}
        return lambda v: stored[v] if v in stored else stored.setdefault(v, _naive(v))
    if isinstance(model_field, models.DateField):
        return lambda v: v.isoformat() if v is not None else None
    return None


def _naive(value: Any) -> str:
    return str(value.astimezone(UTC).replace(tzinfo=None))


def insert_rows(model: Any, rows: list[Row]) -> None:
    """Rows of one model in one executemany per batch, stored as the fields store them."""
    fields = list(model._meta.concrete_fields)
    columns = [
        (f.attname, f.get_default() if f.has_default() and not callable(f.default) else None)
        for f in fields
    ]
    converters = [_converter(f) for f in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608 - names from the models

    def stored(row: Row) -> tuple[Any, ...]:
        values = vars(row)
        return tuple(
            [
                values.get(name, default) if convert is None else convert(values.get(name, default))
                for (name, default), convert in zip(columns, converters, strict=True)
            ]
        )

    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [stored(row) for row in rows[start : start + BATCH]])


@transaction.atomic
def _write(planned: list[Planned]) -> dict[str, int]:
    # Each repatriation names its current step before the steps exist: the foreign keys
    # are checked when the transaction commits.
    tables: list[tuple[str, Any, list[Row]]] = [
        ("repatriations", Repatriation, [p.repatriation for p in planned]),
        ("repatriation steps", RepatriationStep, [s for p in planned for s in p.steps]),
        ("repatriation documents", StepDocument, [d for p in planned for d in p.documents]),
        ("repatriation blockers", Blocker, [b for p in planned for b in p.blockers]),
        ("repatriation timeline events", CaseEvent, [e for p in planned for e in p.events]),
    ]
    counts = {}
    for label, model, rows in tables:
        insert_rows(model, rows)
        counts[label] = len(rows)
    return counts
