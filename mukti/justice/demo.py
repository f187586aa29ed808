"""Demo legal cases: a share of the Bangladeshi, Indian, British and Romanian cases go to
court. Most prosecutions crawl: charge sheets take months, trials longer, hearings are
adjourned again and again (absent witnesses, absent prosecutors), and convictions are rare,
above all in Bangladesh (the seed: 778 trafficking cases and one conviction in 2017). Some
Bangladeshi survivors are witnesses in Indian courts and testify by video from home. In the
UK, navigators record whether survivors engage with the police investigation.

Rows are built in Python and inserted in bulk, like the spine's demo: no history rows. The
statutory clocks are then counted for every legal case, as the services would have.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from mukti.accounts.roles import Role
from mukti.cases.models import Case, CaseEvent, EventKind
from mukti.core.demo.names import demo_name
from mukti.core.demo.organisation import DemoOrganisation
from mukti.core.demo.rows import OrderedIds, Table, clock_ms
from mukti.core.names import name_search_tokens
from mukti.justice.deadlines import rebuild_clocks
from mukti.justice.models import (
    STAGE_ORDER,
    Accused,
    AccusedRole,
    AdjournmentReason,
    Arrest,
    BailDecision,
    Charge,
    ClosingOutcome,
    Deadline,
    Engagement,
    Hearing,
    HearingPurpose,
    HearingStatus,
    LegalCase,
    LegalCaseParty,
    LegalStatus,
    PartyRole,
    PoliceEngagement,
    Stage,
    StageChange,
    TestimonyMode,
    Verdict,
    VerdictOutcome,
    WitnessSupport,
)
from mukti.people.models import Person, PersonName, PersonNameToken, Sex

BATCH = 2000
MAX_HEARINGS = 30


@dataclass(frozen=True)
class Jurisdiction:
    """How prosecutions go in one country, for the demo."""

    share: float  # of the office's cases that go to court
    courts: tuple[str, ...]
    police_stations: tuple[str, ...]
    agencies: tuple[str, ...]
    laws: str
    # Mean days: complaint to charge sheet, charge sheet to trial, trial to verdict.
    delays: tuple[int, int, int]
    adjourned: float  # share of hearings adjourned
    # Verdict weights: convicted, acquitted, discharged.
    verdicts: tuple[float, float, float]
    days_between_hearings: tuple[int, int]
    officers: tuple[str, ...]
    weekend: tuple[int, ...] = (5, 6)  # days courts do not sit (Monday is 0)


JURISDICTIONS = {
    "BD": Jurisdiction(
        share=0.09,
        courts=(
            "Anti-Human Trafficking Offence Tribunal, Khulna",
            "Anti-Human Trafficking Offence Tribunal, Dhaka",
            "Women and Children Repression Prevention Tribunal, Jessore",
            "District and Sessions Court, Satkhira",
        ),
        police_stations=("Khulna Sadar", "Kotwali, Jessore", "Benapole Port", "Satkhira Sadar"),
        agencies=("Bangladesh Police", "Rapid Action Battalion", "Criminal Investigation Dept."),
        laws="PSHTA 2012 s. 6, s. 7",
        delays=(240, 300, 700),
        adjourned=0.78,
        verdicts=(0.02, 0.83, 0.15),
        days_between_hearings=(30, 90),
        officers=("SI Kamal Hossain", "Insp. Rafiqul Islam", "SI Nasima Akter"),
        weekend=(4, 5),
    ),
    "IN": Jurisdiction(
        share=0.07,
        courts=("City Sessions Court, Kolkata", "District Court, North 24 Parganas"),
        police_stations=("Bowbazar", "Bongaon", "Sonagachi outpost"),
        agencies=("West Bengal Police", "Anti-Human Trafficking Unit"),
        laws="IPC s. 370, ITPA 1956 s. 5",
        delays=(150, 200, 600),
        adjourned=0.7,
        verdicts=(0.12, 0.75, 0.13),
        days_between_hearings=(30, 80),
        officers=("SI Subrata Ghosh", "Insp. Anjali Roy"),
    ),
    "GB": Jurisdiction(
        share=0.12,
        courts=("Southwark Crown Court", "Birmingham Crown Court", "Snaresbrook Crown Court"),
        police_stations=("Metropolitan Police, Lewisham", "West Midlands Police"),
        agencies=("Metropolitan Police", "National Crime Agency", "West Midlands Police"),
        laws="Modern Slavery Act 2015 s. 1, s. 2",
        delays=(200, 120, 250),
        adjourned=0.2,
        verdicts=(0.45, 0.45, 0.10),
        days_between_hearings=(20, 60),
        officers=("DS Claire Hughes", "DC Tom Barker"),
    ),
    "RO": Jurisdiction(
        share=0.12,
        courts=("Tribunalul București", "Curtea de Apel București"),
        police_stations=("DIICOT Bucharest",),
        agencies=("DIICOT", "Poliția Română"),
        laws="Codul penal art. 210",
        delays=(180, 150, 400),
        adjourned=0.35,
        verdicts=(0.35, 0.5, 0.15),
        days_between_hearings=(25, 60),
        officers=("Comisar Ion Pop", "Inspector Elena Dinu"),
    ),
}
# Bangladeshi survivors who are witnesses in an Indian court, testifying by video from home.
INDIAN_COURT_SHARE = 0.08
POLICE_ENGAGEMENT_SHARE = 0.45  # of UK cases observed by a navigator
NOTES = (
    "Ask the prosecutor to join the cases against the same recruiter.",
    "Apply for testimony by video; the witness fears meeting the accused.",
    "Bail hearing: oppose, the accused threatened the family.",
)
REASON_WEIGHTS = {
    AdjournmentReason.WITNESS_ABSENT: 0.4,
    AdjournmentReason.PROSECUTOR_ABSENT: 0.22,
    AdjournmentReason.DEFENCE_REQUEST: 0.2,
    AdjournmentReason.JUDGE_UNAVAILABLE: 0.13,
    AdjournmentReason.OTHER: 0.05,
}
PROTECTION = ("screen", "closed_court", "identity_withheld", "police_escort", "separate_waiting")
CURRENCIES = {"BD": "BDT", "IN": "INR", "GB": "GBP", "RO": "RON"}
# Timeline summaries as the services write them (in the demo's language, English).
HELD_LABEL = "Held"
MODE_LABELS = {TestimonyMode.IN_PERSON: "In person", TestimonyMode.VIDEO: "By video conference"}


# Parents before children: the order rows are inserted in.
TABLES: list[tuple[str, type[models.Model], bool]] = [
    ("accused persons", Person, True),
    ("accused names", PersonName, True),
    ("accused name tokens", PersonNameToken, False),
    ("legal cases", LegalCase, True),
    ("legal case parties", LegalCaseParty, True),
    ("legal stage changes", StageChange, True),
    ("accused", Accused, True),
    ("arrests", Arrest, True),
    ("bail decisions", BailDecision, True),
    ("charges", Charge, True),
    ("verdicts", Verdict, True),
    ("hearings", Hearing, True),
    ("witness support", WitnessSupport, True),
    ("police engagement observations", PoliceEngagement, True),
    ("justice timeline events", CaseEvent, True),
]


class Rows:
    """Every row the demo writes, as column values by model, built without model objects
    (a Django model instance costs more than the row it becomes)."""

    def __init__(self, *, now: datetime, rng: random.Random) -> None:
        self.now = now
        # Time-ordered ids: inserts append to the indexes instead of splitting pages.
        self.ids = OrderedIds(clock_ms(), rng)
        self.by_model: dict[type[models.Model], list[dict[str, Any]]] = {
            model: [] for _label, model, _auto in TABLES
        }

    def add(self, model: type[models.Model], actor_id: Any = None, **values: Any) -> dict:
        row = {
            "id": self.ids.next(),
            "created_at": self.now,
            "updated_at": self.now,
            "created_by_id": actor_id,
            "updated_by_id": actor_id,
            "version": 1,
            **values,
        }
        self.by_model[model].append(row)
        return row

    def of(self, model: type[models.Model]) -> list[dict[str, Any]]:
        return self.by_model[model]


@dataclass(frozen=True)
class SurvivorCase:
    id: Any
    office_id: Any
    country: str
    opened_on: date
    closed_on: date | None
    exploited_in_india: bool = False
    # The spine's demo already told these on her timeline: the records here match them.
    engaged_on: date | None = None
    testified_on: date | None = None


def _sitting_day(day: date, rules: Jurisdiction) -> date:
    """The day itself, or the next day the court sits."""
    while day.weekday() in rules.weekend:
        day += timedelta(days=1)
    return day


class Builder:
    def __init__(self, *, rng: random.Random, today: date, actor: Any, navigator: Any) -> None:
        self.rng, self.today = rng, today
        self.actor, self.navigator = actor.pk, navigator.pk
        self.rows = Rows(now=timezone.now(), rng=rng)
        self.reason_labels = {value: str(label) for value, label in AdjournmentReason.choices}

    def _event(
        self, case: SurvivorCase, kind: str, on: date, summary: str, source: tuple[str, Any]
    ) -> None:
        """On her timeline, unless her case had closed by then (as the services would)."""
        if on > self.today or (case.closed_on and on > case.closed_on):
            return
        source_type, source_id = source
        self.rows.add(
            CaseEvent,
            self.actor if kind != EventKind.ENGAGED_WITH_POLICE else self.navigator,
            case_id=case.id,
            kind=kind,
            happened_on=on,
            summary=summary,
            source_type=source_type,
            source_id=source_id,
        )

    def _stages(
        self, rules: Jurisdiction, filed: date, testified_on: date | None = None
    ) -> dict[str, date]:
        """The dates each stage was reached, up to today; a survivor who testified did so at
        the trial, so the trial had begun by then."""
        rng = self.rng
        if testified_on is not None and testified_on > filed:
            span = (testified_on - filed).days
            reached = {
                Stage.COMPLAINT.value: filed,
                Stage.INVESTIGATION.value: filed + timedelta(days=min(3, span // 10)),
                Stage.CHARGE_SHEET.value: filed + timedelta(days=span * 4 // 10),
                Stage.TRIAL.value: filed + timedelta(days=span * 7 // 10),
            }
            verdict_on = testified_on + timedelta(days=int(rng.expovariate(1 / rules.delays[2])))
            if verdict_on <= self.today and rng.random() < 0.5:
                reached[Stage.VERDICT.value] = verdict_on
            return reached
        steps = [
            (Stage.INVESTIGATION, rng.randint(0, 5)),
            (Stage.CHARGE_SHEET, int(rng.expovariate(1 / rules.delays[0])) + 20),
            (Stage.TRIAL, int(rng.expovariate(1 / rules.delays[1])) + 15),
            (Stage.VERDICT, int(rng.expovariate(1 / rules.delays[2])) + 60),
            (Stage.APPEAL, rng.randint(20, 90)),
        ]
        reached = {Stage.COMPLAINT.value: filed}
        on = filed
        for stage, days in steps:
            on = on + timedelta(days=days)
            if on > self.today or (stage == Stage.APPEAL and rng.random() > 0.2):
                break
            reached[stage.value] = on
        return reached

    def legal_case(self, case: SurvivorCase) -> None:
        rng = self.rng
        country = case.country
        video_from_home = country == "BD" and (
            case.exploited_in_india if case.testified_on else rng.random() < INDIAN_COURT_SHARE
        )
        if video_from_home:
            country = "IN"
        rules = JURISDICTIONS[country]
        delay = 45
        if case.testified_on:
            delay = min(delay, (case.testified_on - case.opened_on).days // 3)
        filed = case.opened_on + timedelta(days=rng.randint(0, max(delay, 0)))
        if filed > self.today:
            return
        reached = self._stages(rules, filed, case.testified_on)
        stage = max(reached, key=STAGE_ORDER.index)
        legal_case = self.rows.add(
            LegalCase,
            self.actor,
            office_id=case.office_id,
            country=country,
            court=rng.choice(rules.courts),
            court_case_number=f"{rng.randint(1, 480)}/{filed.year}",
            police_station=rng.choice(rules.police_stations),
            fir_date=filed,
            laws_and_sections=rules.laws,
            investigating_officer=rng.choice(rules.officers),
            stage=stage,
            stage_since=reached[stage],
            status=LegalStatus.OPEN,
            closed_on=None,
            closing_outcome="",
            strategy_notes=rng.choice(NOTES) if rng.random() < 0.3 else "",
        )
        self._close(legal_case, reached, not_before=case.testified_on)
        role = PartyRole.WITNESS if video_from_home or rng.random() < 0.3 else PartyRole.COMPLAINANT
        self.rows.add(
            LegalCaseParty, self.actor, legal_case_id=legal_case["id"], case_id=case.id, role=role
        )
        for reached_stage, on in reached.items():
            self.rows.add(
                StageChange,
                self.actor,
                legal_case_id=legal_case["id"],
                stage=reached_stage,
                happened_on=on,
            )
        source = ("justice.legalcase", legal_case["id"])
        self._event(case, EventKind.LEGAL_CASE_FILED, filed, legal_case["court"], source)
        for _number in range(rng.choice((1, 1, 1, 1, 2, 2, 3))):
            self._accused(case, legal_case, rules, reached)
        hearings = self._hearings(case, legal_case, rules, reached)
        if case.testified_on and case.testified_on > filed:
            self._testimony(case, legal_case, video_from_home)
        elif not case.testified_on:
            self._witnesses(case, legal_case, hearings, video_from_home)

    def _close(
        self, legal_case: dict[str, Any], reached: dict[str, date], not_before: date | None
    ) -> None:
        rng = self.rng
        verdict = reached.get(Stage.VERDICT)
        if verdict and Stage.APPEAL not in reached and rng.random() < 0.6:
            closed_on = verdict + timedelta(days=rng.randint(30, 120))
            outcome = ClosingOutcome.DISPOSED
        elif rng.random() < 0.05:
            closed_on = legal_case["stage_since"] + timedelta(days=rng.randint(10, 200))
            outcome = ClosingOutcome.WITHDRAWN
        else:
            return
        if closed_on <= self.today and not (not_before and closed_on < not_before):
            legal_case.update(
                status=LegalStatus.CLOSED, closed_on=closed_on, closing_outcome=outcome
            )

    def _person(self, case: SurvivorCase, country: str) -> Any:
        """An accused person, recorded as record_person would: encrypted name and tokens."""
        rng = self.rng
        female = rng.random() < 0.2
        name = demo_name(rng=rng, nationality=country, female=female)
        person = self.rows.add(
            Person,
            self.actor,
            office_id=case.office_id,
            sex=Sex.FEMALE if female else Sex.MALE,
            nationality=country,
            birth_date=None,
            estimated_age=None,
            age_estimated_on=None,
            archived_at=None,
        )
        primary = self.rows.add(
            PersonName,
            self.actor,
            person_id=person["id"],
            kind=PersonName.Kind.PRIMARY,
            is_primary=True,
            given_name=name.given_name,
            family_name=name.family_name,
            script=name.script,
        )
        for token in name_search_tokens(f"{name.given_name} {name.family_name}"):
            self.rows.of(PersonNameToken).append(
                {"person_id": person["id"], "name_id": primary["id"], "token": token}
            )
        return person["id"]

    def _accused(
        self,
        case: SurvivorCase,
        legal_case: dict[str, Any],
        rules: Jurisdiction,
        reached: dict[str, date],
    ) -> None:
        rng = self.rng
        accused = self.rows.add(
            Accused,
            self.actor,
            legal_case_id=legal_case["id"],
            person_id=self._person(case, legal_case["country"]),
            role=rng.choice(AccusedRole.values[:4]),
        )["id"]
        verdict_on = reached.get(Stage.VERDICT)
        latest = min(verdict_on or self.today, self.today)
        filed = reached[Stage.COMPLAINT]
        if rng.random() < 0.65:
            arrested_on = min(filed + timedelta(days=rng.randint(0, 60)), latest)
            self.rows.add(
                Arrest,
                self.actor,
                accused_id=accused,
                arrested_on=arrested_on,
                agency=rng.choice(rules.agencies),
            )
            bail_on = arrested_on + timedelta(days=rng.randint(7, 90))
            if rng.random() < 0.5 and bail_on <= self.today:
                self.rows.add(
                    BailDecision,
                    self.actor,
                    accused_id=accused,
                    decided_on=bail_on,
                    granted=rng.random() < 0.7,
                )
        if Stage.TRIAL in reached:
            self.rows.add(
                Charge,
                self.actor,
                accused_id=accused,
                law_section=rules.laws.split(",")[0],
                framed_on=reached[Stage.TRIAL],
            )
        if verdict_on:
            self._verdict(case, accused, legal_case["country"], rules, verdict_on)

    def _verdict(
        self, case: SurvivorCase, accused: Any, country: str, rules: Jurisdiction, on: date
    ) -> None:
        rng = self.rng
        outcome = rng.choices(VerdictOutcome.values, weights=rules.verdicts)[0]
        convicted = outcome == VerdictOutcome.CONVICTED
        verdict = self.rows.add(
            Verdict,
            self.actor,
            accused_id=accused,
            outcome=outcome,
            decided_on=on,
            sentence_years=rng.randint(3, 14) if convicted else None,
            sentence_months=None,
            fine=str(rng.choice((20000, 50000, 100000))) if convicted else None,
            fine_currency=CURRENCIES[country] if convicted else "",
        )
        label = str(VerdictOutcome(outcome).label)
        self._event(case, EventKind.VERDICT, on, label, ("justice.verdict", verdict["id"]))

    def _purpose(self, on: date, reached: dict[str, date], last: bool) -> str:
        if Stage.TRIAL not in reached or on < reached[Stage.TRIAL]:
            return self.rng.choice((HearingPurpose.CHARGE_FRAMING, HearingPurpose.BAIL))
        if last and Stage.VERDICT in reached:
            return HearingPurpose.JUDGMENT
        return self.rng.choice(
            (HearingPurpose.EVIDENCE, HearingPurpose.EVIDENCE, HearingPurpose.CROSS_EXAMINATION,
             HearingPurpose.ARGUMENTS)
        )  # fmt: skip

    def _hearing_dates(
        self, legal_case: dict[str, Any], rules: Jurisdiction, reached: dict[str, date]
    ) -> list[date]:
        low, high = rules.days_between_hearings
        end = reached.get(Stage.VERDICT, self.today)
        if legal_case["closed_on"]:
            end = min(end, legal_case["closed_on"])
        dates: list[date] = []
        on = reached[Stage.CHARGE_SHEET] + timedelta(days=self.rng.randint(low, high))
        while on < end and len(dates) < MAX_HEARINGS:
            sitting = _sitting_day(on, rules)
            if sitting < end:
                dates.append(sitting)
            on += timedelta(days=self.rng.randint(low, high))
        if Stage.VERDICT in reached:
            dates.append(reached[Stage.VERDICT])
        return dates

    def _hearings(
        self,
        case: SurvivorCase,
        legal_case: dict[str, Any],
        rules: Jurisdiction,
        reached: dict[str, date],
    ) -> list[dict[str, Any]]:
        rng = self.rng
        if Stage.CHARGE_SHEET not in reached:
            return []
        dates = self._hearing_dates(legal_case, rules, reached)
        hearings = []
        reasons, weights = list(REASON_WEIGHTS), list(REASON_WEIGHTS.values())
        for index, hearing_on in enumerate(dates):
            last = index == len(dates) - 1
            adjourned = not (last and Stage.VERDICT in reached) and rng.random() < rules.adjourned
            reason = rng.choices(reasons, weights=weights)[0] if adjourned else ""
            hearing = self.rows.add(
                Hearing,
                self.actor,
                legal_case_id=legal_case["id"],
                hearing_on=hearing_on,
                purpose=self._purpose(hearing_on, reached, last),
                status=HearingStatus.ADJOURNED if adjourned else HearingStatus.HELD,
                outcome="",
                adjournment_reason=reason,
                next_date=dates[index + 1] if not last else None,
            )
            hearings.append(hearing)
            summary = f"Adjourned: {self.reason_labels[reason]}" if adjourned else HELD_LABEL
            source = ("justice.hearing", hearing["id"])
            self._event(case, EventKind.HEARING, hearing_on, summary, source)
        if legal_case["status"] == LegalStatus.OPEN and Stage.VERDICT not in reached:
            # The next date the court gave: on the calendar.
            upcoming = _sitting_day(self.today + timedelta(days=rng.randint(3, 75)), rules)
            if hearings:
                hearings[-1]["next_date"] = upcoming
            self.rows.add(
                Hearing,
                self.actor,
                legal_case_id=legal_case["id"],
                hearing_on=upcoming,
                purpose=self._purpose(upcoming, reached, False),
                status=HearingStatus.SCHEDULED,
                outcome="",
                adjournment_reason="",
                next_date=None,
            )
        return hearings

    def _witnesses(
        self,
        case: SurvivorCase,
        legal_case: dict[str, Any],
        hearings: list[dict[str, Any]],
        video_from_home: bool,
    ) -> None:
        rng = self.rng
        evidence = [
            h
            for h in hearings
            if h["purpose"] in (HearingPurpose.EVIDENCE, HearingPurpose.CROSS_EXAMINATION)
        ]
        if not evidence or (not video_from_home and rng.random() < 0.5):
            return
        for hearing in rng.sample(evidence, k=min(len(evidence), rng.choice((1, 1, 2)))):
            attended = True if video_from_home else rng.random() < 0.7
            testified = attended and (video_from_home or rng.random() < 0.5)
            mode = TestimonyMode.VIDEO if video_from_home else TestimonyMode.IN_PERSON
            support = self.rows.add(
                WitnessSupport,
                self.actor,
                legal_case_id=legal_case["id"],
                case_id=case.id,
                hearing_id=hearing["id"],
                support_on=hearing["hearing_on"],
                prepared=rng.random() < 0.9,
                travel_supported=not video_from_home and rng.random() < 0.7,
                protection_measures=rng.sample(PROTECTION, k=rng.randint(0, 2)),
                attended=attended,
                testified=testified,
                testimony_mode=mode.value if testified else "",
                testified_from="BD" if testified and video_from_home else "",
                note="",
            )
            if testified:
                source = ("justice.witnesssupport", support["id"])
                label = MODE_LABELS[mode]
                self._event(case, EventKind.TESTIFIED, support["support_on"], label, source)

    def _testimony(
        self, case: SurvivorCase, legal_case: dict[str, Any], video_from_home: bool
    ) -> None:
        """The testimony the spine's demo put on her timeline, at a hearing on that day."""
        assert case.testified_on is not None  # noqa: S101 - the caller checked
        hearing = self.rows.add(
            Hearing,
            self.actor,
            legal_case_id=legal_case["id"],
            hearing_on=case.testified_on,
            purpose=HearingPurpose.EVIDENCE,
            status=HearingStatus.HELD,
            outcome="",
            adjournment_reason="",
            next_date=None,
        )
        source = ("justice.hearing", hearing["id"])
        self._event(case, EventKind.HEARING, case.testified_on, HELD_LABEL, source)
        mode = TestimonyMode.VIDEO if video_from_home else self.rng.choice(list(TestimonyMode))
        self.rows.add(
            WitnessSupport,
            self.actor,
            legal_case_id=legal_case["id"],
            case_id=case.id,
            hearing_id=hearing["id"],
            support_on=case.testified_on,
            prepared=True,
            travel_supported=mode == TestimonyMode.IN_PERSON,
            protection_measures=self.rng.sample(PROTECTION, k=self.rng.randint(0, 2)),
            attended=True,
            testified=True,
            testimony_mode=mode.value,
            testified_from="BD" if mode == TestimonyMode.VIDEO and case.country == "BD" else "",
            note="",
        )

    def _observe(self, case: SurvivorCase, on: date, engagement: Engagement) -> None:
        self.rows.add(
            PoliceEngagement,
            self.navigator,
            case_id=case.id,
            legal_case_id=None,
            observed_on=on,
            engagement=engagement.value,
            note="",
        )

    def police_engagement(self, case: SurvivorCase) -> None:
        """Whether she engages with the police investigation, observed over time. The day
        the spine's demo says she engaged is a yes (that event is already on her timeline);
        before it, or without it, she did not yet, or only partly."""
        rng = self.rng
        first_seen = case.opened_on + timedelta(days=rng.randint(3, 40))
        last_day = min(case.engaged_on or self.today, case.closed_on or self.today)
        if first_seen < last_day and rng.random() < 0.6:
            self._observe(case, first_seen, rng.choice((Engagement.NO, Engagement.PARTLY)))
        if case.engaged_on:
            self._observe(case, case.engaged_on, Engagement.YES)


def _spine_events(kind: str, case_ids: Any) -> dict[Any, date]:
    """The first day the spine's demo recorded `kind` on each case (its own, unsourced)."""
    firsts: dict[Any, date] = {}
    events = CaseEvent.objects.filter(
        case_id__in=case_ids, kind=kind, source_type="", superseded_by__isnull=True
    ).order_by("happened_on")
    for case_id, day in events.values_list("case_id", "happened_on"):
        firsts.setdefault(case_id, day)
    return firsts


def _survivor_cases(demo: DemoOrganisation) -> list[SurvivorCase]:
    countries = {
        office.pk: office.country
        for office in demo.offices.values()
        if office.country in JURISDICTIONS
    }
    cases = Case.objects.filter(office_id__in=list(countries))
    ids = cases.values("id")
    engaged = _spine_events(EventKind.ENGAGED_WITH_POLICE, ids)
    testified = _spine_events(EventKind.TESTIFIED, ids)
    rows = cases.values_list(
        "id", "office_id", "opened_on", "closed_on", "exploitation__countries_of_exploitation"
    )
    return [
        SurvivorCase(
            pk,
            office_id,
            countries[office_id],
            opened_on,
            closed_on,
            exploited_in_india="IN" in (exploited_in or []),
            engaged_on=engaged.get(pk),
            testified_on=testified.get(pk),
        )
        for pk, office_id, opened_on, closed_on, exploited_in in rows.order_by("opened_on", "id")
    ]


def _insert(model: type[models.Model], rows: list[dict[str, Any]], *, auto_id: bool) -> None:
    """One executemany per table: the values as the fields would store them (encrypted)."""
    if not rows:
        return
    table = Table(model, with_auto_id=auto_id)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in table.fields)
    placeholders = ", ".join(["%s"] * len(table.fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [table.row(row) for row in rows[start : start + BATCH]])


@transaction.atomic
def _write(rows: Rows) -> dict[str, int]:
    counts = {}
    for label, model, auto_id in TABLES:
        _insert(model, rows.of(model), auto_id=auto_id)
        counts[label] = len(rows.of(model))
    clocks = 0
    for deadline in Deadline.objects.filter(is_active=True):
        clocks += rebuild_clocks(deadline)
    counts["statutory clocks"] = clocks
    counts["convictions"] = sum(
        row["outcome"] == VerdictOutcome.CONVICTED for row in rows.of(Verdict)
    )
    return counts


def add_demo_records(
    *,
    demo: DemoOrganisation,
    today: date,
    rng: random.Random,
    cases: int,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    started = time.monotonic()
    actor = demo.user(Role.LEGAL_OFFICER, "BD-KHU") or demo.staff[0][0]
    navigator = next(
        (user for user, spec in demo.staff if spec.office == "GB-LON" and spec.team), actor
    )
    builder = Builder(rng=rng, today=today, actor=actor, navigator=navigator)
    for case in _survivor_cases(demo):
        # A survivor who testified (on the spine's timeline) was a witness in a legal case.
        if case.testified_on or rng.random() < JURISDICTIONS[case.country].share:
            builder.legal_case(case)
        navigated = case.country == "GB" and rng.random() < POLICE_ENGAGEMENT_SHARE
        if case.engaged_on or navigated:
            builder.police_engagement(case)
    if progress:
        built = len(builder.rows.of(LegalCase))
        progress(f"legal cases built: {built} ({time.monotonic() - started:.1f} s)")
    return _write(builder.rows)
