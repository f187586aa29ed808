"""Demo tracing records: missing-person reports filed at police stations across Bangladesh,
some of them about demo survivors (the same person, written the way another station would
write her: other spellings, a nickname, an age a few years off), so that matching finds
them; some matches confirmed, with family tracing under way or done; a few reports filed
twice. Rows are built in Python and bulk-inserted (encrypted fields encrypt in bulk too);
no historical rows are written for them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from mukti.cases.models import Case, CaseEvent, EventKind
from mukti.cases.models import Status as CaseStatus
from mukti.core.demo.names import (
    BANGLADESHI_FEMALE,
    BANGLADESHI_FEMALE_FAMILY,
    BANGLADESHI_MALE,
    BANGLADESHI_MALE_FAMILY,
    BANGLADESHI_NICKNAMES,
    NameWord,
)
from mukti.core.demo.organisation import DemoOrganisation
from mukti.core.demo.places import demo_address, demo_phone
from mukti.core.demo.rows import Table
from mukti.core.names import name_search_tokens
from mukti.people.models import (
    Person,
    PersonAddress,
    PersonName,
    PersonNameToken,
    PersonPhone,
    Relationship,
    Sex,
)
from mukti.people.selectors import phone_index
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import (
    CandidateKind,
    MatchCandidate,
    MissingPersonReport,
    ReportSource,
    ReportStatus,
    ReviewStatus,
    StepKind,
    StepOutcome,
    TracingRequest,
    TracingStatus,
    TracingStep,
)
from mukti.tracing.services import report_key

BD_OFFICES = ("BD-KHU", "BD-JSR")
DAYS_BACK = 730
REPORTS_PER_CASE = 0.1
MIN_REPORTS = 150
MATCHED_SHARE = 0.03  # of Bangladeshi survivors in the Bangladesh offices
MIN_MATCHED, MAX_MATCHED = 20, 600
CONFIRMED_SHARE, QUEUED_SHARE = 0.35, 0.35
DUPLICATE_SHARE = 0.02
BATCH = 2000

# Police stations (thana) by district: the border districts first, then across the country.
POLICE_STATIONS = (
    ("Jessore", ("Sharsha", "Benapole Port", "Jhikargachha", "Chaugachha", "Kotwali Model")),
    ("Satkhira", ("Kalaroa", "Satkhira Sadar", "Debhata", "Shyamnagar", "Tala")),
    ("Khulna", ("Dumuria", "Dacope", "Koyra", "Paikgachha", "Sonadanga Model")),
    ("Bagerhat", ("Mongla", "Rampal", "Bagerhat Model", "Morrelganj")),
    ("Narail", ("Narail Sadar", "Lohagara", "Kalia")),
    ("Jhenaidah", ("Maheshpur", "Kotchandpur", "Jhenaidah Sadar")),
    ("Chuadanga", ("Damurhuda", "Jibannagar")),
    ("Meherpur", ("Gangni", "Meherpur Sadar")),
    ("Kushtia", ("Kushtia Model", "Daulatpur")),
    ("Dhaka", ("Mirpur Model", "Kamrangirchar", "Savar", "Jatrabari")),
    ("Gazipur", ("Tongi East", "Kaliakair")),
    ("Narayanganj", ("Rupganj", "Fatullah")),
    ("Rajshahi", ("Boalia Model", "Godagari")),
    ("Chapai Nawabganj", ("Shibganj",)),
    ("Dinajpur", ("Hili", "Kotwali")),
    ("Rangpur", ("Kotwali",)),
    ("Sylhet", ("Kotwali Model", "Companiganj")),
    ("Chattogram", ("Kotwali", "Pahartali")),
    ("Cox's Bazar", ("Teknaf Model", "Ukhia", "Cox's Bazar Sadar Model")),
    ("Barishal", ("Kotwali Model",)),
    ("Patuakhali", ("Kalapara",)),
    ("Mymensingh", ("Kotwali Model",)),
)
REASONS_CONFIRMED = (
    "Her mother recognised her photograph and confirmed by phone.",
    "Father's and mother's names and the village agree; she confirmed her home.",
    "The reporting police station confirmed the report details with the family.",
)
LAST_SEEN = (
    "On the way to school",
    "At the bus stand",
    "At the local market",
    "Near the river ghat",
    "Left home to work in a garment factory",
    "With a neighbour who promised a job",
)


# Parents before children; the models whose rows the demo writes, in that order.
WRITE_ORDER: tuple[Any, ...] = (
    Person,
    PersonName,
    PersonNameToken,
    PersonPhone,
    PersonAddress,
    MissingPersonReport,
    MatchCandidate,
    TracingRequest,
    TracingStep,
    CaseEvent,
)


@dataclass
class _Rows:
    """Rows as dicts of column values (by model), turned into stored tuples when written."""

    by_model: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)
    keys: set[tuple[Any, str]] = field(default_factory=set)

    def of(self, model: Any) -> list[dict[str, Any]]:
        return self.by_model.setdefault(model, [])


# Every Latin spelling -> the word it spells, to write a name another way.
_SPELLINGS: dict[str, NameWord] = {
    spelling.casefold(): word
    for pool in (
        BANGLADESHI_FEMALE,
        BANGLADESHI_FEMALE_FAMILY,
        BANGLADESHI_MALE,
        BANGLADESHI_MALE_FAMILY,
    )
    for word in pool
    for spelling in word.latin
}
_VOWEL_SWAPS = (("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("a", "o"), ("o", "a"))


def _respelt(word: str, rng: random.Random) -> str:
    """The word as another clerk might write it."""
    known = _SPELLINGS.get(word.casefold())
    if known and len(known.latin) > 1 and rng.random() < 0.6:
        return rng.choice([s for s in known.latin if s.casefold() != word.casefold()] or [word])
    if rng.random() < 0.35:
        written, instead = rng.choice(_VOWEL_SWAPS)
        if written in word[1:]:
            return word[0] + word[1:].replace(written, instead, 1)
    return word


def _variant_name(given: str, family: str, rng: random.Random) -> tuple[str, str]:
    given = " ".join(_respelt(w, rng) for w in given.split())
    family = " ".join(_respelt(w, rng) for w in family.split())
    draw = rng.random()
    if draw < 0.08:
        return family, given  # written the other way round
    if draw < 0.16:
        return given, ""  # the family name left out
    return given, family


def _latin(pool: tuple[NameWord, ...], rng: random.Random) -> str:
    return rng.choice(rng.choice(pool).latin)


def _full_name(rng: random.Random, *, female: bool) -> str:
    if female:
        return f"{_latin(BANGLADESHI_FEMALE, rng)} {_latin(BANGLADESHI_FEMALE_FAMILY, rng)}"
    return f"{_latin(BANGLADESHI_MALE, rng)} {_latin(BANGLADESHI_MALE_FAMILY, rng)}"


def _station(rng: random.Random) -> tuple[str, str]:
    district, stations = rng.choice(POLICE_STATIONS[:9] if rng.random() < 0.6 else POLICE_STATIONS)
    return f"{rng.choice(stations)} police station", district


def _report_number(rng: random.Random, reported_on: date) -> str:
    return f"GD {rng.randint(1, 2400)}/{reported_on:%y}"


@dataclass(frozen=True)
class _Missing:
    """What a report says of the missing person."""

    given: str
    family: str
    sex: str
    birth_date: date | None
    age: int | None
    district: str
    division: str
    subdistrict: str
    village: str
    phone: str
    other_names: tuple[str, ...] = ()


def _age_on(missing: _Missing, day: date) -> int | None:
    if missing.birth_date:
        birth = missing.birth_date
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return missing.age


class _Builder:
    def __init__(self, *, demo: DemoOrganisation, today: date, rng: random.Random) -> None:
        self.demo, self.today, self.rng = demo, today, rng
        self.rows = _Rows()
        self.actors = {
            code: demo.user("caseworker", code) or demo.staff[0][0] for code in BD_OFFICES
        }
        self.reviewer = demo.user("programme_manager", "BD-KHU") or self.actors["BD-KHU"]
        self.now = timezone.now()

    def add(self, model: Any, actor: Any, **values: Any) -> dict[str, Any]:
        """One record's column values, as `save()` would have set them."""
        values.setdefault("id", uuid.uuid4())
        values.update(
            created_at=self.now,
            updated_at=self.now,
            created_by_id=actor.pk,
            updated_by_id=actor.pk,
            version=1,
        )
        self.rows.of(model).append(values)
        return values

    def _name(self, person: dict[str, Any], actor: Any, given: str, family: str, kind: str) -> None:
        name = self.add(
            PersonName,
            actor,
            person_id=person["id"],
            kind=kind,
            is_primary=kind == PersonName.Kind.PRIMARY,
            given_name=given,
            family_name=family,
            script="Latn",
        )
        full_name = " ".join(part for part in (given, family) if part)
        self.rows.of(PersonNameToken).extend(
            {"person_id": person["id"], "name_id": name["id"], "token": token}
            for token in name_search_tokens(full_name)
        )

    def _number(self, office: Any, source_name: str, reported_on: date) -> tuple[str, str]:
        """A report number not yet used at that station by that office."""
        while True:
            number = _report_number(self.rng, reported_on)
            key = report_key(source_name=source_name, report_number=number)
            if (office.pk, key) not in self.rows.keys:
                self.rows.keys.add((office.pk, key))
                return number, key

    def report(self, *, office_code: str, missing: _Missing, reported_on: date) -> dict[str, Any]:
        rng, office = self.rng, self.demo.offices[office_code]
        actor = self.actors[office_code]
        person = self.add(
            Person,
            actor,
            office_id=office.pk,
            sex=missing.sex,
            birth_date=missing.birth_date,
            estimated_age=missing.age,
            age_estimated_on=reported_on if missing.age is not None else None,
            nationality="BD",
            archived_at=None,
        )
        self._name(person, actor, missing.given, missing.family, PersonName.Kind.PRIMARY)
        for other in missing.other_names:
            self._name(person, actor, other, "", PersonName.Kind.NICKNAME)
        if missing.phone:
            self.add(
                PersonPhone,
                actor,
                person_id=person["id"],
                number=missing.phone,
                number_index=phone_index(missing.phone),
                label="",
            )
        self.add(
            PersonAddress,
            actor,
            person_id=person["id"],
            country="BD",
            division=missing.division,
            district=missing.district,
            subdistrict=missing.subdistrict,
            village=missing.village,
            street="",
            is_current=True,
        )
        source_name, source_district = _station(rng)
        number, key = self._number(office, source_name, reported_on)
        mother_reported = rng.random() < 0.6
        return self.add(
            MissingPersonReport,
            actor,
            office_id=office.pk,
            source_kind=ReportSource.POLICE_STATION,
            source_name=source_name,
            source_district=source_district,
            report_number=number,
            report_key=key,
            reported_on=reported_on,
            person_id=person["id"],
            father_name=_full_name(rng, female=False),
            mother_name=_full_name(rng, female=True),
            last_seen_place=rng.choice(LAST_SEEN),
            last_seen_on=reported_on - timedelta(days=rng.randint(0, 6)),
            reporter_name=_latin(BANGLADESHI_FEMALE if mother_reported else BANGLADESHI_MALE, rng),
            reporter_relationship=(
                Relationship.Kind.MOTHER if mother_reported else Relationship.Kind.FATHER
            ),
            reporter_phone=demo_phone(rng=rng, country="BD"),
            status=ReportStatus.OPEN,
            closing_reason="",
            person_age=_age_on(missing, reported_on),
        )

    def stranger(self) -> _Missing:
        """Someone reported missing who is not among the demo's survivors."""
        rng = self.rng
        female = rng.random() < 0.7
        address = demo_address(rng=rng, country="BD")
        age = rng.randint(8, 30)
        birth = None
        if rng.random() < 0.2:
            birth = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
        return _Missing(
            given=_latin(BANGLADESHI_FEMALE if female else BANGLADESHI_MALE, rng),
            family=_latin(BANGLADESHI_FEMALE_FAMILY if female else BANGLADESHI_MALE_FAMILY, rng),
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_date=birth,
            age=None if birth else age,
            district=address.district,
            division=address.division,
            subdistrict=address.subdistrict,
            village=address.village,
            phone="",
            other_names=(rng.choice(BANGLADESHI_NICKNAMES),) if rng.random() < 0.15 else (),
        )


# --- survivors who were reported missing --------------------------------------------------


@dataclass(frozen=True)
class _Survivor:
    case_id: Any
    case_number: str
    office_code: str
    case_open: bool
    opened_on: date
    person: Person
    given: str
    family: str
    nickname: str
    address: PersonAddress | None
    phone: str


def _survivors(rng: random.Random, *, count_share: float) -> list[_Survivor]:
    cases = list(
        Case.objects.filter(office__code__in=BD_OFFICES, survivor__nationality="BD").values_list(
            "pk", "number", "office__code", "status", "opened_on", "survivor_id"
        )
    )
    wanted = min(max(MIN_MATCHED, round(len(cases) * count_share)), MAX_MATCHED, len(cases))
    chosen = rng.sample(cases, wanted)
    person_ids = [c[5] for c in chosen]
    persons = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    names: dict[Any, list[PersonName]] = {}
    for name in PersonName.objects.filter(person_id__in=person_ids).order_by("-is_primary"):
        names.setdefault(name.person_id, []).append(name)
    addresses = {
        a.person_id: a
        for a in PersonAddress.objects.filter(person_id__in=person_ids, is_current=True)
    }
    phones = {p.person_id: p.number for p in PersonPhone.objects.filter(person_id__in=person_ids)}
    survivors = []
    for pk, number, office_code, status, opened_on, person_id in chosen:
        own = names.get(person_id, [])
        latin = [n for n in own if n.script == "Latn" and n.kind != PersonName.Kind.NICKNAME]
        if not latin:
            continue
        nickname = next((n.given_name for n in own if n.kind == PersonName.Kind.NICKNAME), "")
        survivors.append(
            _Survivor(
                case_id=pk,
                case_number=number,
                office_code=office_code,
                case_open=status == CaseStatus.OPEN,
                opened_on=opened_on,
                person=persons[person_id],
                given=latin[0].given_name,
                family=latin[0].family_name,
                nickname=nickname,
                address=addresses.get(person_id),
                phone=phones.get(person_id, ""),
            )
        )
    return survivors


def _as_reported(survivor: _Survivor, *, reported_on: date, rng: random.Random) -> _Missing:
    """The survivor as her family described her to a police station before she was found."""
    person, address = survivor.person, survivor.address
    true_age = person.age_on(reported_on)
    given, family = _variant_name(survivor.given, survivor.family, rng)
    known_birth = person.birth_date if person.birth_date and rng.random() < 0.3 else None
    age = None
    if known_birth is None and true_age is not None:
        age = max(1, true_age + rng.choice((-3, -2, -1, 0, 0, 0, 1, 2, 3)))
    same_subdistrict = rng.random() < 0.7
    return _Missing(
        given=given,
        family=family,
        sex=person.sex,
        birth_date=known_birth,
        age=age,
        district=address.district if address else "",
        division=address.division if address else "",
        subdistrict=(address.subdistrict if address and same_subdistrict else ""),
        village=(address.village if address and same_subdistrict and rng.random() < 0.6 else ""),
        phone=survivor.phone if rng.random() < 0.2 else "",
        other_names=(survivor.nickname,) if survivor.nickname and rng.random() < 0.5 else (),
    )


def _record(record_id: str, missing: _Missing, reported_on: date, **parents: str) -> PersonRecord:
    return PersonRecord(
        record_id=record_id,
        given_name=missing.given or None,
        family_name=missing.family or None,
        other_names="; ".join(missing.other_names) or None,
        sex=missing.sex if missing.sex in ("female", "male") else None,
        birth_date=missing.birth_date,
        age=missing.age,
        age_reported_on=reported_on if missing.age is not None else None,
        country="BD",
        district=missing.district or None,
        subdistrict=missing.subdistrict or None,
        village=missing.village or None,
        phone=missing.phone or None,
        **{k: v or None for k, v in parents.items()},
    )


def _survivor_record(survivor: _Survivor) -> PersonRecord:
    person, address = survivor.person, survivor.address
    return PersonRecord(
        record_id=f"case:{survivor.case_id}",
        given_name=survivor.given or None,
        family_name=survivor.family or None,
        other_names=survivor.nickname or None,
        sex=person.sex if person.sex in ("female", "male") else None,
        birth_date=person.birth_date,
        age=person.estimated_age if not person.birth_date else None,
        age_reported_on=person.age_estimated_on if not person.birth_date else None,
        country="BD",
        district=(address.district or None) if address else None,
        subdistrict=(address.subdistrict or None) if address else None,
        village=(address.village or None) if address else None,
        phone=survivor.phone or None,
    )


def _scored_pairs(
    pairs: list[tuple[_Survivor, dict[str, Any], PersonRecord]],
) -> dict[tuple[str, str], Any]:
    """The engine's candidates for the intended pairs (evidence and probability), found by
    linking these survivors with these reports."""
    from mukti.tracing.matching.batch import link
    from mukti.tracing.matching.model import MatchModel

    if not pairs:
        return {}
    found = link(
        [_survivor_record(s) for s, _r, _rec in pairs],
        [record for _s, _r, record in pairs],
        model=MatchModel.default(),
    )
    return {(c.left_id, c.right_id): c for c in found}


class _Matches:
    """Confirmed matches (report found, event on the timeline, family tracing) and pairs
    waiting in the review queue."""

    def __init__(self, builder: _Builder) -> None:
        self.builder, self.rng, self.today = builder, builder.rng, builder.today

    def _event(self, survivor: _Survivor, kind: str, day: date, source: Any, actor: Any) -> None:
        model, values = source
        self.builder.add(
            CaseEvent,
            actor,
            case_id=survivor.case_id,
            kind=kind,
            happened_on=day,
            summary="",
            source_type=model._meta.label_lower,
            source_id=values["id"],
            superseded_by_id=None,
        )

    def candidate(
        self, survivor: _Survivor, report: dict[str, Any], scored: Any, *, status: str
    ) -> None:
        from mukti.tracing.evidence import stored_evidence

        actor = self.builder.actors[survivor.office_code]
        reviewer = self.builder.reviewer if status == ReviewStatus.CONFIRMED else None
        reviewed_at = None
        if reviewer and report.get("found_on"):
            reviewed_at = timezone.make_aware(datetime.combine(report["found_on"], time(11)))
        candidate = self.builder.add(
            MatchCandidate,
            actor,
            kind=CandidateKind.CASE_REPORT,
            case_id=survivor.case_id,
            report_id=report["id"],
            other_report_id=None,
            office_id=self.builder.demo.offices[survivor.office_code].pk,
            match_probability=scored.match_probability,
            match_weight=scored.match_weight,
            evidence=stored_evidence(scored),
            model_version="default",
            person_age=report["person_age"],
            status=status,
            reviewed_by_id=reviewer.pk if reviewer else None,
            reviewed_at=reviewed_at,
            review_reason=self.rng.choice(REASONS_CONFIRMED) if reviewer else "",
            found_by_job_id=None,
        )
        if reviewer:
            candidate["updated_by_id"] = reviewer.pk

    def confirm(self, survivor: _Survivor, report: dict[str, Any]) -> None:
        rng, today = self.rng, self.today
        actor = self.builder.actors[survivor.office_code]
        found_on = min(today, survivor.opened_on + timedelta(days=rng.randint(1, 20)))
        report.update(
            status=ReportStatus.FOUND,
            found_on=found_on,
            closed_on=found_on,
            matched_case_id=survivor.case_id,
            closing_reason=f"Matched to case {survivor.case_number}.",
        )
        source = (MissingPersonReport, report)
        self._event(survivor, EventKind.MATCHED_TO_MISSING_REPORT, found_on, source, actor)
        self.trace(survivor, report=report, start=found_on)

    def trace(self, survivor: _Survivor, *, report: dict[str, Any], start: date) -> None:
        """Family tracing from `start`: a home visit, a verification, maybe reunification —
        each step only if its day has come."""
        rng, today = self.rng, self.today
        actor = self.builder.actors[survivor.office_code]
        opened_on = min(today, start + timedelta(days=rng.randint(0, 5)))
        tracing = self.builder.add(
            TracingRequest,
            actor,
            case_id=survivor.case_id,
            report_id=report["id"],
            family_sought="Mother and father, at the address the report gives.",
            last_known_address="",
            opened_on=opened_on,
            status=TracingStatus.OPEN,
            outcome="",
        )
        visit_on = opened_on + timedelta(days=rng.randint(3, 20))
        if visit_on > today:
            return
        self._step(tracing, StepKind.HOME_VISIT, visit_on, StepOutcome.FAMILY_FOUND, actor)
        verified_on = visit_on + timedelta(days=rng.randint(2, 25))
        if verified_on > today or rng.random() < 0.25:
            return
        self._step(tracing, StepKind.VERIFICATION, verified_on, StepOutcome.VERIFIED, actor)
        tracing.update(status=TracingStatus.VERIFIED, verified_on=verified_on)
        source = (TracingRequest, tracing)
        self._event(survivor, EventKind.FAMILY_TRACED, verified_on, source, actor)
        reunited_on = verified_on + timedelta(days=rng.randint(5, 45))
        if reunited_on > today or rng.random() < 0.4:
            return
        tracing.update(
            status=TracingStatus.REUNITED,
            reunited_on=reunited_on,
            outcome="Handed over to her mother in the presence of the union council.",
        )
        self._event(survivor, EventKind.REUNITED, reunited_on, source, actor)

    def _step(
        self, tracing: dict[str, Any], kind: str, day: date, outcome: str, actor: Any
    ) -> None:
        self.builder.add(
            TracingStep,
            actor,
            request_id=tracing["id"],
            kind=kind,
            happened_on=day,
            done_by_id=actor.pk,
            agency="Police Special Branch" if kind == StepKind.VERIFICATION else "",
            outcome=outcome,
            notes="",
        )


def _reported_before(survivor: _Survivor, *, today: date, rng: random.Random) -> date:
    earliest = today - timedelta(days=DAYS_BACK)
    reported_on = survivor.opened_on - timedelta(days=rng.randint(2, 120))
    birth = survivor.person.birth_date
    if birth and reported_on < birth:
        reported_on = birth
    return max(reported_on, earliest, survivor.opened_on - timedelta(days=120))


def _add_matched(builder: _Builder, survivors: list[_Survivor]) -> int:
    rng, today = builder.rng, builder.today
    pairs = []
    for survivor in survivors:
        reported_on = _reported_before(survivor, today=today, rng=rng)
        missing = _as_reported(survivor, reported_on=reported_on, rng=rng)
        report = builder.report(
            office_code=survivor.office_code, missing=missing, reported_on=reported_on
        )
        record = _record(
            f"report:{report['id']}",
            missing,
            reported_on,
            father_name=report["father_name"],
            mother_name=report["mother_name"],
        )
        pairs.append((survivor, report, record))
    scored = _scored_pairs(pairs)
    matches = _Matches(builder)
    for survivor, report, _record_of_report in pairs:
        found = scored.get((f"case:{survivor.case_id}", f"report:{report['id']}"))
        draw = rng.random()
        if survivor.case_open and draw < CONFIRMED_SHARE:
            matches.confirm(survivor, report)
            if found:
                matches.candidate(survivor, report, found, status=ReviewStatus.CONFIRMED)
        elif draw < CONFIRMED_SHARE + QUEUED_SHARE and found:
            matches.candidate(survivor, report, found, status=ReviewStatus.PENDING)
    return len(pairs)


def _add_strangers(builder: _Builder, count: int) -> None:
    rng, today = builder.rng, builder.today
    for _number in range(count):
        office_code = rng.choices(BD_OFFICES, weights=(0.7, 0.3))[0]
        reported_on = today - timedelta(days=rng.randint(0, DAYS_BACK))
        missing = builder.stranger()
        builder.report(office_code=office_code, missing=missing, reported_on=reported_on)
        if rng.random() < DUPLICATE_SHARE:
            # The same girl reported again at another station a few days later.
            given, family = _variant_name(missing.given, missing.family, rng)
            again = _Missing(**{**vars(missing), "given": given, "family": family})
            later = min(today, reported_on + timedelta(days=rng.randint(1, 10)))
            builder.report(office_code=office_code, missing=again, reported_on=later)


def _write(rows: _Rows) -> None:
    """One executemany per table, the rows already as the database stores them."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in WRITE_ORDER:
            values = rows.by_model.get(model, [])
            if not values:
                continue
            table = Table(model, with_auto_id=model is not PersonNameToken)
            quote = connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in table.fields)
            marks = ", ".join(["%s"] * len(table.fields))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the models
            for start in range(0, len(values), BATCH):
                cursor.executemany(sql, [table.row(v) for v in values[start : start + BATCH]])


def add_demo_records(
    *,
    demo: DemoOrganisation,
    today: date,
    rng: random.Random,
    cases: int,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    if not all(code in demo.offices for code in BD_OFFICES):
        return {}
    builder = _Builder(demo=demo, today=today, rng=rng)
    survivors = _survivors(rng, count_share=MATCHED_SHARE)
    matched = _add_matched(builder, survivors)
    total = max(MIN_REPORTS, round(cases * REPORTS_PER_CASE))
    _add_strangers(builder, max(0, total - matched))
    rows = builder.rows
    reports = len(rows.of(MissingPersonReport))
    if progress:
        progress(f"Tracing: writing {reports} missing-person reports")
    for report in rows.of(MissingPersonReport):
        report.pop("person_age")  # known to the builder only, for the candidates' age filter
    _write(rows)
    return {
        "missing-person reports": reports,
        "reports about demo survivors": matched,
        "match candidates": len(rows.of(MatchCandidate)),
        "tracing requests": len(rows.of(TracingRequest)),
        "tracing steps": len(rows.of(TracingStep)),
        "tracing events": len(rows.of(CaseEvent)),
    }
