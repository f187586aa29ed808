"""Counting timeline events for every event-based indicator and every period in one grouped
SQL statement (PostgreSQL and SQLite), never by looping over rows in Python.

How a survivor is counted: for each indicator and period, a survivor counts once, in the
office of the case and the age group (age at the event's date) of their first qualifying
event in the period. So every breakdown adds up to the total, as a generated report should.

The statement, in steps:
1. `hits`: each qualifying event, joined to its case (survivor, office), tagged with every
   (slot, window) it counts for. A slot is one indicator's event rule; a window one period.
2. `firsts`: per survivor, slot and window, the first event (its date and office packed in
   one number, so that MIN keeps them together) and how many events there were.
3. `parts`: the plain slots, plus the parts of the share indicators that need two slots of
   the same survivor at once (cared for *and* ever engaged with police…).
4. The survivor's sex and age group at that first event; grouped and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from mukti.cases.models import Case, CaseEvent
from mukti.impact.indicators import AGE_GROUPS, AGE_UNKNOWN, EventCount, Indicator, Share
from mukti.impact.periods import Period

# Days are counted from this date; a packed "code" is day * OFFICE_SLOTS + office number.
EPOCH = date(2000, 1, 1)
OFFICE_SLOTS = 10000
EARLIEST = date(1900, 1, 1)


class DetailUnavailable(Exception):
    """The domain app does not (yet) answer which of its records qualify."""

    def __init__(self, needs: str) -> None:
        self.needs = needs
        super().__init__(needs)


def detail_ids(app: str, function: str) -> QuerySet[Any]:
    """The qualifying records' ids, from `mukti.<app>.selectors.<function>()`."""
    try:
        selectors = import_module(f"mukti.{app}.selectors")
    except ModuleNotFoundError:
        raise DetailUnavailable(f"mukti.{app}.selectors.{function}") from None
    answer: Callable[[], QuerySet[Any]] | None = getattr(selectors, function, None)
    if answer is None:
        raise DetailUnavailable(f"mukti.{app}.selectors.{function}")
    return answer()


@dataclass(frozen=True)
class Slot:
    """One event rule: which kinds count, with which qualifying records."""

    kinds: tuple[str, ...]
    detail: tuple[str, str] | None = None
    # True: every event on or before the window's end counts, however early.
    ever: bool = False


@dataclass(frozen=True)
class Row:
    """Counts for one part (a slot, or a pair of slots for a share) in one period, for one
    office, sex and age group: distinct survivors, and all their events."""

    part: str
    window: int
    office_id: Any
    sex: str
    age_group: str
    survivors: int
    events: int


@dataclass(frozen=True)
class Reading:
    """How an indicator reads its number from the parts."""

    value: str = ""  # the part counted (for counts)
    numerator: str = ""  # the parts of a share
    denominator: str = ""
    use_events: bool = False  # count every event rather than distinct survivors
    under_age: int | None = None


@dataclass
class Plan:
    """The slots and parts a set of indicators needs, and how each indicator reads them."""

    slots: list[Slot] = field(default_factory=list)
    # part key -> ("plain", slot, slot) | ("both", population slot, ever slot)
    #           | ("either", slot a, slot b)
    parts: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    readings: dict[str, Reading] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)  # indicator code -> needs

    def slot(self, slot: Slot) -> int:
        if slot not in self.slots:
            self.slots.append(slot)
        return self.slots.index(slot)

    def part(self, how: str, first: int, second: int | None = None) -> str:
        second = first if second is None else second
        key = f"{how}:{first}:{second}"
        self.parts.setdefault(key, (how, first, second))
        return key


def plan_for(indicators: Iterable[Indicator], *, available: Callable[[str, str], bool]) -> Plan:
    plan = Plan()
    for item in indicators:
        rule = item.rule
        if isinstance(rule, EventCount):
            detail = (rule.detail.app, rule.detail.function) if rule.detail else None
            if detail and not available(*detail):
                plan.unavailable[item.code] = item.needs
                continue
            part = plan.part("plain", plan.slot(Slot(kinds=tuple(rule.kinds), detail=detail)))
            plan.readings[item.code] = Reading(
                value=part, use_events=rule.count == "events", under_age=rule.under_age
            )
        elif isinstance(rule, Share):
            population = plan.slot(Slot(kinds=tuple(rule.population)))
            if rule.ever_kinds:
                ever = plan.slot(Slot(kinds=tuple(rule.ever_kinds), ever=True))
                plan.readings[item.code] = Reading(
                    numerator=plan.part("both", population, ever),
                    denominator=plan.part("plain", population),
                )
            else:
                event = plan.slot(Slot(kinds=tuple(rule.event_kinds)))
                plan.readings[item.code] = Reading(
                    numerator=plan.part("plain", event),
                    denominator=plan.part("either", population, event),
                )
    return plan


class Dialect:
    """The few expressions PostgreSQL and SQLite write differently."""

    def __init__(self, vendor: str) -> None:
        self.postgres = vendor == "postgresql"

    def day_number(self, column: str) -> str:
        if self.postgres:
            return f"({column} - DATE '{EPOCH.isoformat()}')"
        return f"CAST(julianday({column}) - julianday('{EPOCH.isoformat()}') AS INTEGER)"

    def date_of_day(self, day: str) -> str:
        if self.postgres:
            return f"(DATE '{EPOCH.isoformat()}' + CAST({day} AS INTEGER))"
        return f"date('{EPOCH.isoformat()}', '+' || CAST({day} AS INTEGER) || ' days')"

    def yyyymmdd(self, column: str) -> str:
        if self.postgres:
            return (
                f"CAST(date_part('year', {column}) * 10000 + date_part('month', {column}) * 100"
                f" + date_part('day', {column}) AS INTEGER)"
            )
        return f"CAST(strftime('%%Y%%m%%d', {column}) AS INTEGER)"

    def days_between(self, later: str, earlier: str) -> str:
        if self.postgres:
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _age_group_sql(dialect: Dialect, *, on: str) -> str:
    """The age group, in whole years on the date `on`, as Person.age_on computes the age."""
    from_birth = f"(({dialect.yyyymmdd(on)} - {dialect.yyyymmdd('p.birth_date')}) / 10000)"
    days = dialect.days_between(on, "p.age_estimated_on")
    # Floor division by 365 (Python's //), also for a date before the estimate.
    years = f"(CASE WHEN {days} >= 0 THEN {days} / 365 ELSE -((364 - {days}) / 365) END)"
    age = (
        f"(CASE WHEN p.birth_date IS NOT NULL THEN {from_birth} "
        f"WHEN p.estimated_age IS NOT NULL THEN p.estimated_age + {years} END)"
    )
    branches = [f"WHEN {age} IS NULL OR {age} < 0 THEN '{AGE_UNKNOWN}'"]
    for key, _low, high in AGE_GROUPS:
        branches.append(f"WHEN {age} <= {high} THEN '{key}'" if high is not None else "")
    last = AGE_GROUPS[-1][0]
    return "CASE " + " ".join(b for b in branches if b) + f" ELSE '{last}' END"


def _office_param(office_id: Any) -> Any:
    return Case._meta.get_field("office").get_db_prep_value(office_id, connection)  # type: ignore[attr-defined]


def _compiled(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def count_events(
    *,
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    office_ids: Sequence[Any],
    case_ids: QuerySet[Case] | None = None,
    plan: Plan | None = None,
) -> tuple[list[Row], dict[str, str]]:
    """Rows for every event-based indicator and period, and the indicators that could not be
    counted (code -> the domain selector they need)."""
    plan = plan or plan_for(indicators, available=_detail_available)
    if not plan.parts or not office_ids or not periods:
        return [], plan.unavailable
    dialect = Dialect(connection.vendor)
    sql, params = _statement(
        dialect, plan=plan, periods=periods, office_ids=office_ids, case_ids=case_ids
    )
    offices = list(office_ids)
    part_names = list(plan.parts)
    rows = []
    with transaction.atomic(), connection.cursor() as cursor:
        if dialect.postgres:
            # One reporting statement hashes a few million rows: room in memory, and no JIT
            # compilation (hundreds of functions, seconds, for a statement run once).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        for part_index, window, office_no, sex, age_group, survivors, events in cursor:
            rows.append(
                Row(
                    part=part_names[part_index],
                    window=int(window),
                    office_id=offices[int(office_no)],
                    sex=sex,
                    age_group=age_group,
                    survivors=int(survivors),
                    events=int(events),
                )
            )
    return rows, plan.unavailable


def _detail_available(app: str, function: str) -> bool:
    try:
        detail_ids(app, function)
    except DetailUnavailable:
        return False
    return True


def _statement(
    dialect: Dialect,
    *,
    plan: Plan,
    periods: Sequence[Period],
    office_ids: Sequence[Any],
    case_ids: QuerySet[Case] | None,
) -> tuple[str, list[Any]]:
    from mukti.people.models import Person

    if any(a.overlaps(b) for i, a in enumerate(periods) for b in periods[i + 1 :]):
        raise ValueError("the periods counted together must not overlap")
    date = "CAST(%s AS DATE)" if dialect.postgres else "%s"
    integer = "CAST(%s AS INTEGER)" if dialect.postgres else "%s"
    params: list[Any] = []

    # Which slots each kind of event counts for (a kind may count for several).
    slot_rows = [(kind, index) for index, slot in enumerate(plan.slots) for kind in slot.kinds]
    slot_map = " UNION ALL ".join(
        f"SELECT {'CAST(%s AS TEXT)' if dialect.postgres else '%s'} AS kind, {integer} AS slot"
        for _row in slot_rows
    )
    slot_params = [value for row in slot_rows for value in row]
    offices_sql = " UNION ALL ".join(
        f"SELECT {'CAST(%s AS UUID)' if dialect.postgres else '%s'} AS id, {integer} AS n"
        for _pk in office_ids
    )
    office_params = [
        value for number, pk in enumerate(office_ids) for value in (_office_param(pk), number)
    ]

    # The events that can count: every kind in the periods, "ever" kinds before them too.
    all_kinds = sorted({kind for slot in plan.slots for kind in slot.kinds})
    ever_kinds = sorted({kind for slot in plan.slots if slot.ever for kind in slot.kinds})
    earliest = min(period.start for period in periods)
    latest = max(period.end for period in periods)
    marks = ", ".join(["%s"] * len(all_kinds))
    where = f"(e.kind IN ({marks}) AND e.happened_on >= {date} AND e.happened_on <= {date})"
    where_params: list[Any] = [*all_kinds, earliest, latest]
    if ever_kinds:
        where += (
            f" OR (e.kind IN ({', '.join(['%s'] * len(ever_kinds))}) AND e.happened_on <= {date})"
        )
        where_params += [*ever_kinds, latest]
    scope_clause, scope_params = "", ()
    if case_ids is not None:
        scope_sql, scope_params = _compiled(case_ids.values("pk"))
        scope_clause = f"AND c.id IN ({scope_sql})"

    # Each event's period (-1 for the "ever" slots, which look back from every period's end).
    ever_slots = [i for i, slot in enumerate(plan.slots) if slot.ever] or [-1]
    windows = " ".join(
        f"WHEN ev.happened_on >= {date} AND ev.happened_on <= {date} THEN {index}"
        for index, _period in enumerate(periods)
    )
    window_params = [day for period in periods for day in (period.start, period.end)]
    window_of = f"CASE WHEN sm.slot IN ({', '.join(map(str, ever_slots))}) THEN -1 {windows} END"

    # Slots that count only events whose domain record qualifies.
    detail_clauses: list[str] = []
    detail_params: list[Any] = []
    for index, slot in enumerate(plan.slots):
        if slot.detail is not None:
            detail_sql, qualifying = _compiled(detail_ids(*slot.detail).values("pk"))
            detail_clauses.append(f"(sm.slot = {index} AND ev.source_id IN ({detail_sql}))")
            detail_params.extend(qualifying)
    plain = [str(i) for i, slot in enumerate(plan.slots) if slot.detail is None] or ["-1"]
    qualifies = " OR ".join([f"sm.slot IN ({', '.join(plain)})", *detail_clauses])

    parts_sql, parts_params = _parts(plan, periods, integer=integer)
    first_day = dialect.date_of_day(f"(pa.code / {OFFICE_SLOTS})")
    age_group = _age_group_sql(dialect, on=first_day)
    day = dialect.day_number("ev.happened_on")
    # Table names and numbers come from code; every value is a query parameter.
    statement = f"""
        WITH ev AS MATERIALIZED (
            SELECT e.kind AS kind, e.happened_on AS happened_on, e.source_id AS source_id,
                c.survivor_id AS survivor_id, o.n AS office_no
            FROM {CaseEvent._meta.db_table} e
            JOIN {Case._meta.db_table} c ON c.id = e.case_id
            JOIN ({offices_sql}) o ON o.id = c.office_id
            WHERE ({where}) AND e.superseded_by_id IS NULL {scope_clause}
        ),
        hits AS (
            SELECT ev.survivor_id AS survivor_id, sm.slot AS slot, {window_of} AS win,
                {day} * {OFFICE_SLOTS} + ev.office_no AS code
            FROM ev JOIN ({slot_map}) sm ON sm.kind = ev.kind
            WHERE {qualifies}
        ),
        firsts AS (
            SELECT survivor_id, slot, win, MIN(code) AS code, COUNT(*) AS n
            FROM hits WHERE win IS NOT NULL GROUP BY survivor_id, slot, win
        ),
        parts AS ({parts_sql})
        SELECT pa.part, pa.win, pa.code %% {OFFICE_SLOTS} AS office_no, p.sex,
            {age_group} AS age_group, COUNT(*), SUM(pa.n)
        FROM parts pa JOIN {Person._meta.db_table} p ON p.id = pa.survivor_id
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608
    params = [
        *office_params,
        *where_params,
        *scope_params,
        *window_params,
        *slot_params,
        *detail_params,
        *parts_params,
    ]
    return statement, params


def _parts(plan: Plan, periods: Sequence[Period], *, integer: str) -> tuple[str, list[Any]]:
    """The parts each indicator reads: one slot's firsts, or two slots of one survivor."""
    selects: list[str] = []
    params: list[Any] = []
    plain = {
        first: index for index, (how, first, _s) in enumerate(plan.parts.values()) if how == "plain"
    }
    if plain:
        cases = " ".join(f"WHEN {slot} THEN {part}" for slot, part in plain.items())
        slots = ", ".join(map(str, plain))
        selects.append(
            f"SELECT survivor_id, CASE slot {cases} END AS part, win, code, n "  # noqa: S608
            f"FROM firsts WHERE win >= 0 AND slot IN ({slots})"
        )
    ends = " UNION ALL ".join(f"SELECT {integer} AS win, {integer} AS end_day" for _p in periods)
    for part, (how, first, second) in enumerate(plan.parts.values()):
        if how == "both":
            # Cared for in the period, and engaged (the "ever" slot) by the period's end.
            selects.append(
                f"SELECT f.survivor_id, {part} AS part, f.win, f.code, 1 AS n "  # noqa: S608
                f"FROM firsts f JOIN firsts g ON g.survivor_id = f.survivor_id "
                f"AND g.slot = {second} AND g.win = -1 "
                f"JOIN ({ends}) w ON w.win = f.win "
                f"WHERE f.slot = {first} AND g.code / {OFFICE_SLOTS} <= w.end_day"
            )
            params += [value for i, p in enumerate(periods) for value in (i, (p.end - EPOCH).days)]
        elif how == "either":
            selects.append(
                f"SELECT survivor_id, {part} AS part, win, MIN(code) AS code, 1 AS n "  # noqa: S608
                f"FROM firsts WHERE win >= 0 AND slot IN ({first}, {second}) "
                f"GROUP BY survivor_id, win"
            )
    return " UNION ALL ".join(selects), params
