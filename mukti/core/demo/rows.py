"""One batch of demo cases turned into database rows, exactly as the services would write
them: identifying values encrypted by their own fields, name tokens, the phone blind index,
the OPENED event, the lead assignment, and the first historical row of every tracked record
with the digest that links it into the change chain.

This runs in worker processes at scale, so it only builds values and never touches the
database; writer.py inserts what it returns.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models
from django.utils import timezone

from mukti.accounts.roles import Section
from mukti.audit.chain import historical_row_digest
from mukti.cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    EventKind,
    ExploitationProfile,
    Note,
)
from mukti.core.crypto import encrypt
from mukti.core.demo.names import BANGLADESHI_NICKNAMES, DemoName, demo_name
from mukti.core.demo.places import demo_address, demo_phone
from mukti.core.demo.stories import (
    exploitation_for,
    journey_for,
    notes_for,
    pick_nationality,
    pick_pathway,
    risk_for,
)
from mukti.core.fields import EncryptedTextField, encryption_context
from mukti.core.names import name_search_tokens
from mukti.people.models import Person, PersonAddress, PersonName, PersonNameToken, PersonPhone, Sex
from mukti.people.selectors import phone_index

PHONE_SHARE = 0.85
BIRTH_DATE_KNOWN_SHARE = 0.6
NICKNAME_SHARE = 0.05
HEALTH_SHARE = 0.4
COUNSELLOR_SHARE = 0.2

# Models with history, in the order the services create them for one case, and the most
# rows one case can give each (to reserve historical ids per batch).
TRACKED: tuple[tuple[type[models.Model], int], ...] = (
    (Person, 1),
    (PersonName, 3),
    (PersonPhone, 1),
    (PersonAddress, 1),
    (Case, 1),
    (ExploitationProfile, 1),
    (CaseAssignment, 2),
    (Note, 4),
)
TRACKED_MODELS = frozenset(model for model, _most in TRACKED)


@dataclass(frozen=True)
class OfficeContext:
    office_id: uuid.UUID
    country: str
    teams: tuple[tuple[uuid.UUID, uuid.UUID], ...]  # (team id, lead worker id)
    counsellor_id: uuid.UUID | None


@dataclass(frozen=True)
class CaseSeed:
    """What is decided for a case before its batch is built: where, when, its number."""

    number: str
    office: str
    opened_on: date
    seed: int


@dataclass(frozen=True)
class BatchSpec:
    index: int
    cases: list[CaseSeed]
    offices: dict[str, OfficeContext]
    today: date
    id_clock_ms: int  # ids of this batch sort after those of earlier batches
    history_ids: dict[str, int]  # first free historical id of this batch, per model label


@dataclass
class ChainLink:
    """What the change chain records about one historical row."""

    history_model: str
    history_id: int
    object_id: str
    user_id: uuid.UUID
    row_digest: str


@dataclass
class BatchRows:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # by model label
    links: list[ChainLink] = field(default_factory=list)

    def count(self, model: type[models.Model]) -> int:
        return len(self.rows.get(model._meta.label_lower, []))


def _converter(model_field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value is stored (None: as it is): the field's own preparation, done directly
    for the common types (identical results, a fraction of the time)."""
    if isinstance(model_field, EncryptedTextField):
        context = encryption_context(model_field)
        return lambda v: encrypt(str(v), context=context) if v else v
    if connection.vendor == "sqlite":
        target = getattr(model_field, "target_field", model_field)
        if isinstance(target, models.UUIDField):
            return lambda v: v.hex if v is not None else None
        if isinstance(model_field, models.DateTimeField):
            # Django stores aware UTC datetimes in SQLite as naive text; a batch has one `now`.
            stored: dict[Any, Any] = {None: None}
            return lambda v: stored[v] if v in stored else stored.setdefault(v, _naive(v))
        if isinstance(model_field, models.DateField):
            return lambda v: v.isoformat() if v is not None else None
        if isinstance(model_field, models.JSONField):
            return json.dumps
    if isinstance(model_field, models.JSONField):
        return lambda v: model_field.get_db_prep_save(v, connection)
    return None


def _naive(value: datetime) -> str:
    return str(value.replace(tzinfo=None))


class Table:
    """The columns of one model and how each value is stored."""

    def __init__(self, model: type[models.Model], *, with_auto_id: bool = True) -> None:
        self.model = model
        self.label = model._meta.label_lower
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if with_auto_id or not isinstance(f, models.AutoField)
        ]
        self.columns = [
            (
                f.attname,
                f.get_default() if f.has_default() and not callable(f.default) else None,
                _converter(f),
            )
            for f in self.fields
        ]

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        get = values.get
        return tuple(
            [
                get(attname, default) if convert is None else convert(get(attname, default))
                for attname, default, convert in self.columns
            ]
        )


@dataclass
class _RecordedVersion:
    """A historical row as the database will return it, for its chain digest."""

    _meta: Any
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return self.values.get(name)


class OrderedIds:
    """Version-7 layout UUIDs (time first, RFC 9562): a batch's ids sort after the last
    batch's, so index inserts append instead of splitting pages all over the tree."""

    def __init__(self, clock_ms: int, rng: random.Random) -> None:
        self.prefix = (clock_ms << 80) | (0x7 << 76)
        self.counter = 0
        self.rng = rng

    def next(self) -> uuid.UUID:
        self.counter += 1
        tail = (self.counter << 30) | self.rng.getrandbits(30)
        return uuid.UUID(int=self.prefix | (0b10 << 62) | (tail & ((1 << 62) - 1)))


class BatchBuilder:
    """Turns case seeds into rows; one per batch."""

    tables: dict[str, Table] = {}

    def __init__(self, spec: BatchSpec) -> None:
        self.spec = spec
        self.now = timezone.now()
        self.ids = OrderedIds(spec.id_clock_ms, random.Random(spec.index))
        self.next_history_id = dict(spec.history_ids)
        self.out = BatchRows()
        self.history: dict[str, list[tuple[dict[str, Any], Any]]] = {}
        self.tokens: dict[str, set[str]] = {}

    @classmethod
    def table(cls, model: type[models.Model], *, with_auto_id: bool = True) -> Table:
        label = model._meta.label_lower
        if label not in cls.tables:
            cls.tables[label] = Table(model, with_auto_id=with_auto_id)
        return cls.tables[label]

    def add(self, model: type[models.Model], actor: uuid.UUID, **values: Any) -> dict[str, Any]:
        """A record created by `actor`, and its first historical row if it has history."""
        values.setdefault("id", self.ids.next())
        values.update(
            created_at=self.now,
            updated_at=self.now,
            created_by_id=actor,
            updated_by_id=actor,
            version=1,
        )
        self.out.rows.setdefault(model._meta.label_lower, []).append(self.table(model).row(values))
        if model in TRACKED_MODELS:
            self.history.setdefault(model._meta.label_lower, []).append((values, model))
        return values

    def _name_tokens(self, full_name: str) -> set[str]:
        if full_name not in self.tokens:
            self.tokens[full_name] = name_search_tokens(full_name)
        return self.tokens[full_name]

    def add_name(self, person: dict[str, Any], actor: uuid.UUID, **values: Any) -> None:
        name = self.add(PersonName, actor, person_id=person["id"], **values)
        full_name = " ".join(p for p in (name["given_name"], name["family_name"]) if p)
        token_table = self.table(PersonNameToken, with_auto_id=False)
        rows = self.out.rows.setdefault(token_table.label, [])
        for token in self._name_tokens(full_name):
            rows.append(
                token_table.row({"person_id": person["id"], "name_id": name["id"], "token": token})
            )

    def finish_history(self) -> BatchRows:
        """Historical rows in the services' order, each with its chain link."""
        for model, _most in TRACKED:
            label = model._meta.label_lower
            history_model = model.history.model  # type: ignore[attr-defined]
            table = self.table(history_model)
            meta = history_model._meta
            rows = self.out.rows.setdefault(table.label, [])
            for values, _model in self.history.get(label, []):
                history_id = self.next_history_id[label]
                self.next_history_id[label] += 1
                version = {
                    **values,
                    "history_id": history_id,
                    "history_date": self.now,
                    "history_change_reason": None,
                    "history_type": "+",
                    "history_user_id": values["created_by_id"],
                }
                tracked = {f.attname: version.get(f.attname) for f in meta.concrete_fields}
                rows.append(table.row(tracked))
                digest = historical_row_digest(_RecordedVersion(meta, tracked))  # type: ignore[arg-type]
                self.out.links.append(
                    ChainLink(
                        meta.label_lower,
                        history_id,
                        str(values["id"]),
                        values["created_by_id"],
                        digest,
                    )
                )
        return self.out


def _survivor(
    builder: BatchBuilder,
    rng: random.Random,
    *,
    office: OfficeContext,
    nationality: str,
    female: bool,
    minor: bool,
    opened_on: date,
    actor: uuid.UUID,
) -> dict[str, Any]:
    age = rng.randint(9, 17) if minor else rng.randint(18, 45)
    birth_date = estimated_age = age_estimated_on = None
    if rng.random() < BIRTH_DATE_KNOWN_SHARE:
        birth_date = opened_on - timedelta(days=age * 365 + rng.randint(1, 360))
    else:
        estimated_age, age_estimated_on = age, opened_on
    person = builder.add(
        Person,
        actor,
        office_id=office.office_id,
        sex=Sex.FEMALE if female else Sex.MALE,
        birth_date=birth_date,
        estimated_age=estimated_age,
        age_estimated_on=age_estimated_on,
        nationality=nationality,
        archived_at=None,
    )
    name: DemoName = demo_name(rng=rng, nationality=nationality, female=female)
    builder.add_name(
        person,
        actor,
        kind=PersonName.Kind.PRIMARY,
        is_primary=True,
        given_name=name.given_name,
        family_name=name.family_name,
        script=name.script,
    )
    if name.transliteration:
        given, family = name.transliteration
        builder.add_name(
            person,
            actor,
            kind=PersonName.Kind.TRANSLITERATION,
            is_primary=False,
            given_name=given,
            family_name=family,
            script="Latn",
        )
    if nationality == "BD" and rng.random() < NICKNAME_SHARE:
        builder.add_name(
            person,
            actor,
            kind=PersonName.Kind.NICKNAME,
            is_primary=False,
            given_name=rng.choice(BANGLADESHI_NICKNAMES),
            family_name="",
            script="Latn",
        )
    if rng.random() < PHONE_SHARE:
        number = demo_phone(rng=rng, country=nationality)
        builder.add(
            PersonPhone,
            actor,
            person_id=person["id"],
            number=number,
            number_index=phone_index(number),
            label="",
        )
    address = demo_address(rng=rng, country=nationality)
    builder.add(PersonAddress, actor, person_id=person["id"], is_current=True, **vars(address))
    return person


def add_case(builder: BatchBuilder, seed: CaseSeed) -> None:
    """One case and everything `record_person` and `open_case` would have written for it,
    plus its timeline and notes."""
    rng = random.Random(seed.seed)
    office = builder.spec.offices[seed.office]
    pathway = pick_pathway(rng=rng, country=office.country)
    nationality = pick_nationality(rng=rng, pathway=pathway)
    exploitation = exploitation_for(rng=rng, pathway=pathway, nationality=nationality)
    journey = journey_for(
        rng=rng,
        pathway=pathway,
        returns_home=nationality not in exploitation.countries_of_exploitation,
        opened_on=seed.opened_on,
        today=builder.spec.today,
    )
    minor = rng.random() < pathway.minor_share
    team_id, lead = rng.choice(office.teams)
    person = _survivor(
        builder,
        rng,
        office=office,
        nationality=nationality,
        female=rng.random() < pathway.female_share,
        minor=minor,
        opened_on=seed.opened_on,
        actor=lead,
    )
    health = rng.random() < HEALTH_SHARE
    sexual_exploitation = "SexualExploitation" in exploitation.types
    case = builder.add(
        Case,
        lead,
        number=seed.number,
        office_id=office.office_id,
        team_id=team_id,
        survivor_id=person["id"],
        opened_on=seed.opened_on,
        stage=journey.stage,
        status=journey.status,
        risk=risk_for(rng=rng, minor=minor),
        involves_sexual_exploitation=sexual_exploitation,
        has_health_information=health,
        closed_on=journey.closed_on,
        closing_reason=journey.closing_reason,
    )
    builder.add(ExploitationProfile, lead, case_id=case["id"], **vars(exploitation))
    builder.add(CaseAssignment, lead, case_id=case["id"], user_id=lead, is_lead=True, ended_at=None)
    counsellor = office.counsellor_id if rng.random() < COUNSELLOR_SHARE else None
    if counsellor:
        builder.add(
            CaseAssignment,
            lead,
            case_id=case["id"],
            user_id=counsellor,
            is_lead=False,
            ended_at=None,
        )
    for kind, happened_on, summary in [(EventKind.OPENED, seed.opened_on, ""), *journey.events]:
        builder.add(
            CaseEvent,
            lead,
            case_id=case["id"],
            kind=kind,
            happened_on=happened_on,
            summary=summary,
            source_type="",
            source_id=None,
            superseded_by_id=None,
        )
    for section, body in notes_for(rng=rng, sexual_exploitation=sexual_exploitation, health=health):
        author = counsellor if counsellor and section == Section.COUNSELLING else lead
        builder.add(Note, author, case_id=case["id"], section=section, body=body, archived_at=None)


def build_batch(spec: BatchSpec) -> BatchRows:
    """All rows of one batch of cases (run in a worker process at scale)."""
    builder = BatchBuilder(spec)
    for seed in spec.cases:
        add_case(builder, seed)
    return builder.finish_history()


def clock_ms() -> int:
    return time.time_ns() // 1_000_000
