"""Demo identification records on the demo cases: the rescues and interceptions the seed
documents describe (Border Guards Bangladesh at the border, police raids in Bangladesh,
partner raids with the police in Kolkata, police and Border Force operations in the UK,
police operations in Thailand), victim-identification screenings for most cases, and
referrals (the UK National Referral Mechanism with its decisions, shelters and police in
Bangladesh and India).

Fast at scale: cases and their timeline are read once, rows are built in Python and
inserted with bulk_create. A case whose generated journey already removed the survivor from
exploitation (or referred them) gets an operation (or a referral) on that same day, and the
existing event is linked to it instead of a second event being counted.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import cache
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from mukti.accounts.models import Office
from mukti.cases.models import Case, CaseEvent, EventKind, Status
from mukti.core.demo.organisation import DemoOrganisation
from mukti.core.demo.rows import OrderedIds, Table, clock_ms
from mukti.core.fields import EncryptedTextField
from mukti.identification.models import (
    ADULT_AGE,
    Agency,
    Decision,
    Dimension,
    Indicator,
    IndicatorSet,
    ObservedIndicator,
    OperationKind,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
    RescuedPerson,
    RescueOperation,
    Screening,
    Strength,
)
from mukti.people.models import Person

BATCH = 2000
SCREENED_SHARE = 0.6
LINKED_REMOVAL_SHARE = 0.9

K = EventKind
RESCUED = RescuedPerson._meta.label_lower
SCREENING = Screening._meta.label_lower
REFERRAL = Referral._meta.label_lower


@dataclass(slots=True)
class DemoCase:
    # Ids as the database stores them (read raw, written back as they are).
    id: Any
    office: str
    lead: Any
    opened_on: date
    last_day: date  # today, or the day the case closed
    sexual_exploitation: bool
    birth_date: date | None
    estimated_age: int | None
    age_estimated_on: date | None
    events: dict[str, list[tuple[uuid.UUID, date]]] = field(default_factory=dict)

    def age_on(self, day: date) -> int | None:
        """As Person.age_on, on the values read in bulk."""
        if self.birth_date:
            before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
            return day.year - self.birth_date.year - before_birthday
        if self.estimated_age is not None and self.age_estimated_on:
            return self.estimated_age + (day - self.age_estimated_on).days // 365
        return None


# The columns of an observed indicator, in their table order.
OBSERVED_COLUMNS = [
    "id",
    "screening_id",
    "indicator_id",
    "strength",
    "reveals_sexual_exploitation",
    "withdrawn_at",
]
# The columns every record has (BaseModel), in their table order.
BASE_COLUMNS = ("id", "created_at", "updated_at", "created_by_id", "updated_by_id", "version")


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A converter for values that repeat (a case's id, an indicator's, a date); a value
    read raw from the database (text) is stored as it came."""
    seen: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        stored = seen.get(value)
        if stored is None:
            stored = seen[value] = value if isinstance(value, str) else convert(value)
        return stored

    return converted


def _plain_choice(value: Any) -> Any:
    # Choices as plain strings: a database driver may store an Enum by its name.
    return value.value if isinstance(value, Enum) else value


class Columns:
    """How one model's values are stored (the core demo's Table), with the converters of
    repeating values remembered, and the columns every record shares filled once."""

    def __init__(self, model: type[models.Model]) -> None:
        table = Table(model)
        self.fields = table.fields
        assert tuple(c[0] for c in table.columns[:6]) == BASE_COLUMNS  # noqa: S101
        self.convert_id = table.columns[0][2] or (lambda v: v)
        self.convert_actor = _remembered(table.columns[3][2] or (lambda v: v))
        self.convert_now = table.columns[1][2] or (lambda v: v)
        self.rest: list[tuple[str, Callable[[Any], Any]]] = []
        for (attname, _default, convert), model_field in zip(
            table.columns[6:], table.fields[6:], strict=True
        ):
            if convert is None:
                convert = _plain_choice if model_field.choices else (lambda v: v)
            elif not isinstance(model_field, EncryptedTextField):
                convert = _remembered(convert)  # never a ciphertext: each has its own nonce
            self.rest.append((attname, convert))


class Rows:
    """Rows ready to store, as the services would write them (encrypted fields encrypted,
    ids, who and when, version 1), built without model instances: at 100,000 cases there
    are hundreds of thousands of them."""

    # Parents first.
    ORDER: tuple[type[models.Model], ...] = (
        RescueOperation,
        RescuedPerson,
        Screening,
        ObservedIndicator,
        Referral,
        CaseEvent,
    )

    def __init__(self, rng: random.Random) -> None:
        # Time-ordered ids, so that index inserts append rather than split pages.
        self.ids = OrderedIds(clock_ms(), rng)
        self.columns = {m: Columns(m) for m in self.ORDER if m is not ObservedIndicator}
        # An answer has no audit columns of its own (see the model).
        self.observed_table = Table(ObservedIndicator)
        assert [c[0] for c in self.observed_table.columns] == OBSERVED_COLUMNS  # noqa: S101
        self.rows: dict[type[models.Model], list[tuple[Any, ...]]] = {m: [] for m in self.ORDER}
        self.now = timezone.now()
        # (event id, source type, source id): journey events now linked to a record.
        self.links: list[tuple[Any, str, uuid.UUID]] = []
        self._answer_tails: dict[Any, tuple[Any, ...]] = {}

    def add(self, model: type[models.Model], actor: uuid.UUID, **values: Any) -> uuid.UUID:
        """A record created by `actor`; every column of the model is given."""
        columns = self.columns[model]
        pk = self.ids.next()
        now = columns.convert_now(self.now)
        by = columns.convert_actor(actor)
        row = [columns.convert_id(pk), now, now, by, by, 1]
        row += [convert(values[attname]) for attname, convert in columns.rest]
        self.rows[model].append(tuple(row))
        return pk

    def observe(self, screening: uuid.UUID, answers: list[Indicator]) -> None:
        """The answers of one screening: the most numerous rows (several per screening), so
        built from parts converted once per screening and once per indicator."""
        table = self.observed_table
        convert_screening = table.columns[1][2] or (lambda v: v)
        convert_indicator = table.columns[2][2] or (lambda v: v)
        convert_id = table.columns[0][2] or (lambda v: v)
        screening_id = convert_screening(screening)
        rows = self.rows[ObservedIndicator]
        for indicator in answers:
            tail = self._answer_tails.get(indicator.pk)
            if tail is None:
                tail = self._answer_tails[indicator.pk] = (
                    convert_indicator(indicator.pk),
                    indicator.strength,
                    indicator.reveals_sexual_exploitation,
                    None,
                )
            rows.append((convert_id(self.ids.next()), screening_id, *tail))

    def count(self, model: type[models.Model]) -> int:
        return len(self.rows[model])

    def event(
        self, case: DemoCase, kind: str, day: date, summary: str, source: tuple[str, uuid.UUID]
    ) -> None:
        self.add(
            CaseEvent,
            case.lead,
            case_id=case.id,
            kind=kind,
            happened_on=day,
            summary=summary,
            source_type=source[0],
            source_id=source[1],
            superseded_by_id=None,
        )


@cache
def _label(choices: Any, value: str) -> str:
    """A choice's label in the demo's language, translated once per run (not per row)."""
    return str(choices(value).label)


# --- reading the demo cases ---------------------------------------------------------------


_UUID: models.UUIDField[Any, Any] = models.UUIDField()


def _stored(value: uuid.UUID) -> Any:
    """A UUID as the database stores it (hex text in SQLite, native in PostgreSQL)."""
    return _UUID.get_db_prep_value(value, connection)


def _day(value: Any) -> Any:
    """A date column read raw: text in SQLite, a date in PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _raw_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cases(demo: DemoOrganisation, *, today: date) -> dict[Any, DemoCase]:
    """Every demo case and the journey events identification explains, read raw: ids stay
    as stored and go back as they are, which saves converting a million values."""
    leads = {
        _stored(team.pk): _stored(demo.leads[team.name].pk)
        for teams in demo.teams.values()
        for team in teams
    }
    any_lead = next(iter(leads.values()))
    quote = connection.ops.quote_name
    case, office, person = (quote(model._meta.db_table) for model in (Case, Office, Person))
    cases = {}
    for pk, code, team, opened, status, closed, sexual, born, estimate, estimated_on in _raw_rows(
        f"SELECT c.id, o.code, c.team_id, c.opened_on, c.status, c.closed_on, "  # noqa: S608
        f"c.involves_sexual_exploitation, p.birth_date, p.estimated_age, p.age_estimated_on "
        f"FROM {case} c JOIN {office} o ON o.id = c.office_id "
        f"JOIN {person} p ON p.id = c.survivor_id",
        [],
    ):
        cases[pk] = DemoCase(
            id=pk,
            office=code,
            lead=leads.get(team, any_lead),
            opened_on=_day(opened),
            last_day=_day(closed) if status == Status.CLOSED and closed else today,
            sexual_exploitation=bool(sexual),
            birth_date=_day(born),
            estimated_age=estimate,
            age_estimated_on=_day(estimated_on),
        )
    kinds = [K.REMOVED_FROM_EXPLOITATION.value, K.IDENTIFIED.value, K.REFERRED.value]
    for event_id, case_id, kind, day in _raw_rows(
        f"SELECT id, case_id, kind, happened_on FROM {quote(CaseEvent._meta.db_table)} "  # noqa: S608
        # Only events no record explains yet (another app's may have added its own).
        "WHERE kind IN (%s, %s, %s) AND superseded_by_id IS NULL AND source_type = ''",
        kinds,
    ):
        cases[case_id].events.setdefault(kind, []).append((event_id, _day(day)))
    return cases


# --- rescue and interception operations ---------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How one office's operations look: who leads them, where, and how many they free."""

    kind: str
    agency: str
    agency_names: tuple[str, ...]
    districts: tuple[str, ...]
    places: tuple[str, ...]
    reference: str  # a format with {district}, {year} and {number}
    most_people: int
    weight: int


STYLES: dict[str, tuple[Style, ...]] = {
    "BD": (
        Style(
            OperationKind.INTERCEPTION,
            Agency.BORDER_GUARDS_BANGLADESH,
            ("",),
            ("Satkhira", "Jessore", "Jhenaidah", "Chuadanga", "Meherpur"),
            (
                "Near the Kalaroa border point",
                "Benapole checkpost area",
                "Shakra border crossing",
                "Maheshpur border area",
                "Darshana railway station",
                "A village path near the border fence",
            ),
            "BGB-{district}-{year}-{number:03d}",
            4,
            6,
        ),
        Style(
            OperationKind.RESCUE,
            Agency.POLICE,
            ("", "Bangladesh Police", "Rapid Action Battalion"),
            ("Khulna", "Jessore", "Dhaka", "Gazipur", "Narayanganj"),
            (
                "A brick kiln outside the town",
                "A rented house in the city",
                "A garment workshop",
                "A hotel near the bus terminal",
            ),
            "GD {number}/{year}",
            6,
            4,
        ),
    ),
    "IN": (
        Style(
            OperationKind.RESCUE,
            Agency.PARTNER,
            ("Partner India with Kolkata Police", "Partner India with West Bengal Police"),
            ("Kolkata", "Howrah", "North 24 Parganas", "South 24 Parganas"),
            (
                "A lodge in Howrah",
                "A residential building in north Kolkata",
                "A hotel near Sealdah station",
                "A flat on the city's eastern edge",
            ),
            "FIR {number}/{year}",
            8,
            8,
        ),
        Style(
            OperationKind.INTERCEPTION,
            Agency.POLICE,
            ("Railway Protection Force", "Government Railway Police"),
            ("Kolkata", "Howrah"),
            ("Howrah railway station", "Sealdah railway station", "Petrapole border area"),
            "GRP-{number}/{year}",
            3,
            2,
        ),
    ),
    "GB": (
        Style(
            OperationKind.RESCUE,
            Agency.POLICE,
            ("Metropolitan Police Service", "Kent Police", "Essex Police", "Lincolnshire Police"),
            ("London", "Kent", "Essex", "Lincolnshire"),
            (
                "A hand car wash in east London",
                "A nail bar on a high street",
                "A farm outside Boston",
                "A residential address in Ilford",
                "A takeaway kitchen",
            ),
            "OP-{district}-{number:04d}",
            5,
            7,
        ),
        Style(
            OperationKind.INTERCEPTION,
            Agency.UK_BORDER_FORCE,
            ("",),
            ("Kent", "London"),
            ("Port of Dover", "Heathrow Airport", "London St Pancras International"),
            "UKBF-{year}-{number:05d}",
            2,
            3,
        ),
    ),
    "TH": (
        Style(
            OperationKind.RESCUE,
            Agency.POLICE,
            ("Royal Thai Police", "Department of Special Investigation"),
            ("Samut Sakhon", "Songkhla", "Bangkok", "Chonburi"),
            (
                "A fishing vessel at the pier",
                "A seafood processing plant",
                "A karaoke bar",
                "A shophouse on the outskirts",
            ),
            "TH-{year}-{number:04d}",
            10,
            1,
        ),
    ),
}
NOTES = (
    "",
    "",
    "",
    "Joint operation; everyone removed was taken to a shelter the same night.",
    "Two suspects arrested at the scene.",
    "An interpreter was present during the first interviews.",
    "A broker travelling with the group left before the guards stopped them.",
    "Medical check-ups arranged the next morning.",
)


def _operations(
    cases: dict[uuid.UUID, DemoCase], rows: Rows, rng: random.Random, office_ids: dict[str, Any]
) -> None:
    """An operation for the people removed on the same day in the same office, a few at a
    time; the journey's own removal event becomes the link."""
    by_day: dict[tuple[str, date], list[tuple[DemoCase, uuid.UUID]]] = defaultdict(list)
    for case in cases.values():
        for event_id, day in case.events.get(K.REMOVED_FROM_EXPLOITATION, []):
            if rng.random() < LINKED_REMOVAL_SHARE:
                by_day[case.office, day].append((case, event_id))
    numbers: dict[str, int] = defaultdict(int)
    for (office, day), freed in sorted(by_day.items(), key=lambda item: item[0]):
        styles = STYLES.get(office[:2])
        if not styles:
            continue
        rng.shuffle(freed)
        while freed:
            style = rng.choices(styles, weights=[s.weight for s in styles])[0]
            size = rng.randint(1, style.most_people)
            group, freed = freed[:size], freed[size:]
            numbers[office] += 1
            _operation(
                rows,
                rng,
                style=style,
                office=(office, office_ids[office]),
                day=day,
                group=group,
                n=numbers[office],
            )


def _operation(
    rows: Rows,
    rng: random.Random,
    *,
    style: Style,
    office: tuple[str, Any],
    day: date,
    group: list[tuple[DemoCase, uuid.UUID]],
    n: int,
) -> None:
    lead = group[0][0].lead
    district = rng.choice(style.districts)
    operation = rows.add(
        RescueOperation,
        lead,
        office_id=office[1],
        kind=style.kind,
        operation_on=day,
        country=office[0][:2],
        district=district,
        place=rng.choice(style.places),
        agency=style.agency,
        agency_name=rng.choice(style.agency_names),
        reference=style.reference.format(district=district[:3].upper(), year=day.year, number=n),
        notes=rng.choice(NOTES),
    )
    for case, event_id in group:
        age = case.age_on(day)
        rescued = rows.add(
            RescuedPerson,
            lead,
            operation_id=operation,
            case_id=case.id,
            age_at_operation=age,
            is_minor=None if age is None else age < ADULT_AGE,
            opened_case=day == case.opened_on,
        )
        rows.links.append((event_id, RESCUED, rescued))


# --- screenings ---------------------------------------------------------------------------


class Checklists:
    """The shipped checklists' indicators, by dimension and strength, to draw from."""

    def __init__(self) -> None:
        self.sets = {s.code: s for s in IndicatorSet.objects.filter(is_active=True)}
        self.pool: dict[str, dict[tuple[str, str], list[Indicator]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.sexual: dict[str, list[Indicator]] = defaultdict(list)
        self.all: dict[str, list[Indicator]] = defaultdict(list)
        for indicator in Indicator.objects.filter(is_active=True).select_related("indicator_set"):
            code = indicator.indicator_set.code
            if indicator.reveals_sexual_exploitation:
                self.sexual[code].append(indicator)
                continue
            self.pool[code][indicator.dimension, indicator.strength].append(indicator)
            self.all[code].append(indicator)

    def pick(self, code: str, dimension: str, strength: str, k: int, rng: random.Random) -> list:
        found = self.pool[code][dimension, strength]
        return rng.sample(found, min(k, len(found)))


REASONS = {
    Outcome.PRESUMED_VICTIM: (
        "Deceived about the job and kept in debt; could not leave.",
        "Recruited with false promises; documents taken on arrival.",
        "Held by the employer and not paid; threats against the family.",
        "Sold to the exploiter by an acquaintance; confined for months.",
    ),
    Outcome.NEEDS_MORE_ASSESSMENT: (
        "Some indicators present; a second interview is planned with an interpreter.",
        "Account unclear after a first conversation; will screen again in a week.",
    ),
    Outcome.NOT_A_VICTIM: (
        "Migrated by choice and paid as agreed; referred for safe-migration advice.",
        "Runaway from home, no exploitation; reunited with the family.",
    ),
}


def _delphi_answers(
    lists: Checklists, code: str, outcome: str, *, child: bool, rng: random.Random
) -> list[Indicator]:
    D, S, M = Dimension, Strength.STRONG, Strength.MEDIUM  # noqa: N806
    if outcome == Outcome.NOT_A_VICTIM:
        return rng.sample(lists.all[code], rng.randint(0, 1))
    if outcome == Outcome.NEEDS_MORE_ASSESSMENT:
        dimension = rng.choice(list(D.values))
        return lists.pick(code, dimension, M, rng.randint(1, 2), rng)
    chosen = lists.pick(code, D.EXPLOITATIVE_CONDITIONS, S, 1, rng)
    chosen += lists.pick(code, D.EXPLOITATIVE_CONDITIONS, M, 1, rng)
    if child and rng.random() < 0.4:
        return chosen
    recruitment = rng.choices(
        (D.DECEPTIVE_RECRUITMENT, D.COERCIVE_RECRUITMENT, D.ABUSE_OF_VULNERABILITY),
        weights=(6, 3, 2),
    )[0]
    if recruitment == D.ABUSE_OF_VULNERABILITY:
        chosen += lists.pick(code, recruitment, M, 3, rng)
    else:
        chosen += lists.pick(code, recruitment, S, 1, rng)
        chosen += lists.pick(code, recruitment, M, 1, rng)
    chosen += lists.pick(code, D.COERCION_AT_DESTINATION, S, rng.randint(1, 2), rng)
    if rng.random() < 0.3:
        chosen += lists.pick(code, D.COERCION_AT_DESTINATION, M, 1, rng)
    if rng.random() < 0.15:
        chosen += lists.pick(code, D.ABUSE_OF_VULNERABILITY_AT_DESTINATION, M, 2, rng)
    return chosen


def _screening(rows: Rows, lists: Checklists, case: DemoCase, rng: random.Random) -> None:
    day = min(case.opened_on + timedelta(days=rng.randint(0, 14)), case.last_day)
    age = case.age_on(day)
    child = age is not None and age < ADULT_AGE
    if child:
        code = "delphi-2009-children"
    else:
        code = "ilo-forced-labour-2012" if rng.random() < 0.2 else "delphi-2009-adults"
    outcome = rng.choices(
        (Outcome.PRESUMED_VICTIM, Outcome.NEEDS_MORE_ASSESSMENT, Outcome.NOT_A_VICTIM),
        weights=(72, 20, 8),
    )[0]
    if code.startswith("ilo"):
        count = {Outcome.PRESUMED_VICTIM: rng.randint(3, 6), Outcome.NOT_A_VICTIM: 0}
        answers = rng.sample(lists.all[code], count.get(outcome, rng.randint(1, 2)))
    else:
        answers = _delphi_answers(lists, code, outcome, child=child, rng=rng)
    if case.sexual_exploitation and outcome == Outcome.PRESUMED_VICTIM and rng.random() < 0.7:
        answers += lists.sexual[code]
    screening = rows.add(
        Screening,
        case.lead,
        case_id=case.id,
        screened_on=day,
        screener_id=case.lead,
        indicator_set_id=lists.sets[code].pk,
        outcome=outcome,
        outcome_reason=rng.choice(REASONS[outcome]),
    )
    rows.observe(screening, answers)
    rows.event(case, K.SCREENED, day, _label(Outcome, outcome), (SCREENING, screening))
    if outcome == Outcome.PRESUMED_VICTIM and not case.events.get(K.IDENTIFIED):
        rows.event(case, K.IDENTIFIED, day, "", (SCREENING, screening))
        case.events[K.IDENTIFIED] = [(screening, day)]


# --- referrals ----------------------------------------------------------------------------

REFERRED_TO: dict[str, dict[str, tuple[str, ...]]] = {
    ReferralKind.SHELTER: {
        "BD": ("Government safe home, Jessore", "Partner shelter, Khulna", "Short-stay home"),
        "IN": ("Government home, Liluah", "Partner aftercare home, Kolkata"),
        "TH": ("Shelter for trafficked persons, Pathum Thani",),
        "RO": ("Emergency shelter, Bucharest",),
        "GB": ("Safe house (NRM support provider)",),
    },
    ReferralKind.POLICE: {
        "BD": ("Kotwali police station, Jessore", "Khulna Sadar police station"),
        "IN": ("Anti Human Trafficking Unit, Kolkata",),
        "GB": ("Modern Slavery and Exploitation Unit",),
    },
    ReferralKind.OTHER_ORGANISATION: {
        "BD": ("Legal aid organisation", "Vocational training centre"),
        "IN": ("Child Welfare Committee, Kolkata",),
        "GB": ("Immigration advice service",),
    },
    ReferralKind.UK_NRM: {"GB": ("Single Competent Authority",)},
}


def _kinds_for(country: str, rng: random.Random) -> list[str]:
    """Where a case in this country is referred, beside any referral its journey made."""
    kinds: list[str] = []
    share = {"BD": 0.45, "IN": 0.45, "TH": 0.35, "RO": 0.5, "GB": 0.1}
    if rng.random() < share.get(country, 0.3):
        kinds.append(ReferralKind.SHELTER)
    if country in ("BD", "IN", "GB") and rng.random() < 0.1:
        kinds.append(ReferralKind.POLICE)
    if rng.random() < 0.05 and country in REFERRED_TO[ReferralKind.OTHER_ORGANISATION]:
        kinds.append(ReferralKind.OTHER_ORGANISATION)
    return kinds


def _move_on(referral: dict[str, Any], case: DemoCase, rng: random.Random) -> None:
    """Accepted, declined, completed or withdrawn, as far as the case's last day allows."""
    if referral["kind"] == ReferralKind.UK_NRM:
        _nrm_decisions(referral, case, rng)
        return
    answered = referral["referred_on"] + timedelta(days=rng.randint(0, 3))
    if answered > case.last_day or rng.random() < 0.05:
        return
    status = rng.choices(
        (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN),
        weights=(88, 8, 4),
    )[0]
    if status == ReferralStatus.WITHDRAWN:
        referral.update(status=status, ended_on=answered)
        return
    referral.update(status=status, answered_on=answered)
    ended = answered + timedelta(days=rng.randint(20, 200))
    if status == ReferralStatus.ACCEPTED and ended <= case.last_day and rng.random() < 0.5:
        referral.update(status=ReferralStatus.COMPLETED, ended_on=ended)


def _nrm_decisions(referral: dict[str, Any], case: DemoCase, rng: random.Random) -> None:
    """Reasonable grounds within days (the target is five working days), conclusive
    grounds months later, and only after a positive reasonable-grounds decision."""
    rg_on = referral["referred_on"] + timedelta(days=rng.choice((2, 3, 5, 7, 9, 14, 21, 30)))
    if rg_on > case.last_day:
        return
    positive = rng.random() < 0.9
    referral.update(
        reasonable_grounds=Decision.POSITIVE if positive else Decision.NEGATIVE,
        reasonable_grounds_on=rg_on,
        status=ReferralStatus.ACCEPTED if positive else ReferralStatus.DECLINED,
        answered_on=rg_on,
    )
    cg_on = rg_on + timedelta(days=rng.randint(45, 540))
    if not positive or cg_on > case.last_day:
        return
    referral.update(
        conclusive_grounds=Decision.POSITIVE if rng.random() < 0.88 else Decision.NEGATIVE,
        conclusive_grounds_on=cg_on,
        status=ReferralStatus.COMPLETED,
        ended_on=cg_on,
    )


def _referral(
    rows: Rows, case: DemoCase, kind: str, day: date, rng: random.Random
) -> uuid.UUID | None:
    places = REFERRED_TO[kind].get(case.office[:2])
    if not places or day > case.last_day:
        return None
    referral: dict[str, Any] = {
        "case_id": case.id,
        "kind": kind,
        "referred_to": rng.choice(places),
        "referred_on": day,
        "status": ReferralStatus.MADE,
        "answered_on": None,
        "ended_on": None,
        "reasonable_grounds": "",
        "reasonable_grounds_on": None,
        "conclusive_grounds": "",
        "conclusive_grounds_on": None,
        "notes": "",
    }
    _move_on(referral, case, rng)
    return rows.add(Referral, case.lead, **referral)


def _referrals(rows: Rows, case: DemoCase, rng: random.Random) -> None:
    country = case.office[:2]
    for event_id, day in case.events.get(K.REFERRED, []):
        # The journey's referral: the NRM in the UK, a shelter or the CWC elsewhere.
        journey_kind = ReferralKind.UK_NRM if country == "GB" else ReferralKind.SHELTER
        referral = _referral(rows, case, journey_kind, day, rng)
        if referral is not None:
            rows.links.append((event_id, REFERRAL, referral))
    planned = _kinds_for(country, rng)
    if country == "GB" and not case.events.get(K.REFERRED) and rng.random() < 0.5:
        planned.insert(0, ReferralKind.UK_NRM)
    for kind in planned:
        day = case.opened_on + timedelta(days=rng.randint(0, 7))
        if (referral := _referral(rows, case, kind, day, rng)) is not None:
            rows.event(case, K.REFERRED, day, _label(ReferralKind, kind), (REFERRAL, referral))


# --- writing ------------------------------------------------------------------------------


def _insert(rows: Rows, model: type[models.Model]) -> None:
    """One executemany per few thousand rows, in the columns Table prepared them for."""
    quote = connection.ops.quote_name
    fields = (
        rows.observed_table.fields if model is ObservedIndicator else rows.columns[model].fields
    )
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        for start in range(0, len(rows.rows[model]), BATCH * 5):
            cursor.executemany(sql, rows.rows[model][start : start + BATCH * 5])


def _link_events(links: list[tuple[Any, str, uuid.UUID]]) -> None:
    """Point the journey's own events at the records that now explain them."""
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    # Event ids were read raw and go back as they are.
    params = [(kind, _stored(source_id), event_id) for event_id, kind, source_id in links]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET source_type = %s, source_id = %s WHERE id = %s",  # noqa: S608
            params,
        )


def _write(rows: Rows, progress: Callable[[str], None] | None) -> None:
    with transaction.atomic():
        for model in Rows.ORDER:
            _insert(rows, model)
        _link_events(rows.links)
    if progress:
        progress(f"identification: {sum(map(len, rows.rows.values()))} rows written")


def add_demo_records(
    *,
    demo: DemoOrganisation,
    today: date,
    rng: random.Random,
    cases: int,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    demo_cases = _cases(demo, today=today)
    rows = Rows(rng)
    office_ids = {code: office.pk for code, office in demo.offices.items()}
    _operations(demo_cases, rows, rng, office_ids)
    lists = Checklists()
    for case in demo_cases.values():
        if rng.random() < SCREENED_SHARE:
            _screening(rows, lists, case, rng)
        _referrals(rows, case, rng)
    _write(rows, progress)
    return {
        "rescue operations": rows.count(RescueOperation),
        "people removed in operations": rows.count(RescuedPerson),
        "screenings": rows.count(Screening),
        "indicators observed": rows.count(ObservedIndicator),
        "referrals": rows.count(Referral),
        "identification events": rows.count(CaseEvent) + len(rows.links),
    }
