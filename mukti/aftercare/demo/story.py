"""The aftercare of one demo case: what is recorded, when, and by whom. Texts name nobody.

Volumes follow the seed report where it gives them (the Bangladesh phone programme, emergency
relief to survivor households, a third of households without income, peer mentors, almost no
re-trafficking in Bangladesh) and stay small elsewhere, so that a national-scale demo stays
quick to build. Everything happens within the last two years.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from mukti.aftercare import dass21
from mukti.aftercare.demo.vocabulary import (
    BANGLADESH,
    COST_RANGE,
    CURRENCY,
    FOLLOW_UP_NOTES,
    GOALS,
    INCOME_RANGE,
    NEEDS,
    OUTCOME_WEIGHTS,
    OUTCOMES,
    PER_BDT,
    PHONE_PROGRAMME_DAYS,
    PROVIDERS,
    SERVICE_WEIGHTS,
)
from mukti.aftercare.demo.writer import Writer
from mukti.aftercare.models import (
    DOMAIN_FIELDS,
    STAGE_ORDER,
    CarePlan,
    CarePlanGoal,
    CarePlanNeed,
    CarePlanReview,
    Dass21Assessment,
    Domain,
    FollowUp,
    FollowUpKind,
    FollowUpOutcome,
    Household,
    IncomeRecord,
    PeerMentor,
    PeerMentoringSession,
    PeerMentorMatch,
    RecoveryAssessment,
    RecoveryInstrument,
    ReintegrationStage,
    ReintegrationTransition,
    ReliefKind,
    ReTraffickingIncident,
    Service,
    ServiceKind,
    section_of_service,
)
from mukti.cases.models import EventKind


@dataclass(frozen=True)
class DemoCase:
    id: Any
    office: str
    country: str
    opened_on: date
    start: date  # the first day aftercare is recorded: opened, or two years ago
    end: date  # the day it closed, or today
    is_open: bool
    survivor_id: Any
    worker_id: Any


class Story:
    """Writes the aftercare of demo cases, one case at a time."""

    def __init__(
        self,
        *,
        today: date,
        rng: random.Random,
        writer: Writer,
        counsellor_id: Any,
        office_ids: dict[str, Any],
    ) -> None:
        self.today, self.rng, self.out = today, rng, writer
        self.counsellor_id = counsellor_id
        self.office_ids = office_ids
        self.instrument = RecoveryInstrument.objects.filter(is_current=True).first()
        self.counselled: set[Any] = set()  # cases the counsellor is assigned to
        self.phone_programme: set[Any] = set()
        self.mentor_candidates: list[DemoCase] = []
        self.open_bangladesh: list[DemoCase] = []
        self.households: dict[Any, tuple[Any, int]] = {}
        # Labels in the language of the run, once (the timeline stores them as text).
        self.labels = {
            **{k.value: str(k.label) for k in ServiceKind},
            **{k.value: str(k.label) for k in ReliefKind},
            **{k.value: str(k.label) for k in FollowUpKind},
            **{k.value: str(k.label) for k in FollowUpOutcome},
            **{k.value: str(k.label) for k in ReintegrationStage},
        }

    # --- helpers -----------------------------------------------------------------------

    def day_between(self, first: date, last: date) -> date:
        span = (last - first).days
        return first + timedelta(days=self.rng.randint(0, span)) if span > 0 else first

    def event(
        self,
        case: DemoCase,
        actor: Any,
        kind: str,
        day: date,
        model: Any,
        pk: Any,
        summary: str = "",
    ) -> None:
        self.out.event(
            actor,
            case=case.id,
            kind=kind,
            day=day,
            source=(model._meta.label_lower, pk),
            summary=summary,
        )

    # --- one case ------------------------------------------------------------------------

    def write(self, case: DemoCase) -> None:
        rng = self.rng
        if rng.random() < 0.3:
            self.care_plan(case)
        self.services(case)
        if case.office in BANGLADESH and rng.random() < 0.15:
            self.emergency_relief(case)
        self.follow_ups(case)
        if rng.random() < 0.2:
            self.recovery(case)
        if case.id in self.counselled and rng.random() < 0.6:
            self.dass(case)
        if case.country in ("BD", "IN", "TH") and rng.random() < 0.2:
            self.income(case)
        if rng.random() < 0.3 and self.reintegration(case):
            self.mentor_candidates.append(case)
        self.re_trafficking(case)

    def care_plan(self, case: DemoCase) -> None:
        rng, actor = self.rng, case.worker_id
        agreed = case.start + timedelta(days=rng.randint(2, 20))
        if agreed > case.end:
            return
        reviews: list[date] = []
        review_on = agreed + timedelta(days=90)
        while review_on <= case.end and not reviews and rng.random() < 0.8:
            reviewed = min(review_on + timedelta(days=rng.randint(-10, 20)), case.end)
            reviews.append(reviewed)
            review_on = reviewed + timedelta(days=90)
        plan = self.out.add(
            CarePlan, actor, case_id=case.id, agreed_on=agreed, review_on=review_on, summary=""
        )
        self.event(case, actor, EventKind.CARE_PLAN, agreed, CarePlan, plan, "Care plan agreed")
        # Domains without a need have no row: the plan shows them as "no need now".
        for domain in Domain.values:
            level = rng.choices(("none", "low", "medium", "high"), (40, 25, 22, 13))[0]
            if level != "none":
                self.out.add(
                    CarePlanNeed,
                    actor,
                    plan_id=plan,
                    domain=domain,
                    level=level,
                    description=NEEDS[domain] if level == "high" else "",
                )
        for domain in rng.sample(Domain.values, rng.randint(1, 2)):
            target = agreed + timedelta(days=rng.randint(60, 270))
            achieved = target < self.today and rng.random() < 0.6
            self.out.add(
                CarePlanGoal,
                actor,
                plan_id=plan,
                domain=domain,
                description=rng.choice(GOALS[domain]),
                owner_id=actor,
                target_on=target,
                status="achieved" if achieved else "open",
            )
        for reviewed in reviews:
            review = self.out.add(
                CarePlanReview,
                actor,
                plan_id=plan,
                reviewed_on=reviewed,
                notes="",
                next_review_on=reviewed + timedelta(days=90),
            )
            self.event(
                case,
                actor,
                EventKind.CARE_PLAN,
                reviewed,
                CarePlanReview,
                review,
                "Care plan reviewed",
            )

    def services(self, case: DemoCase) -> None:
        rng = self.rng
        currency = CURRENCY.get(case.country, "USD")
        count = rng.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]
        kinds = list(SERVICE_WEIGHTS)
        for kind in rng.choices(kinds, [SERVICE_WEIGHTS[k] for k in kinds], k=count):
            if kind == ServiceKind.COUNSELLING and case.id not in self.counselled:
                kind = ServiceKind.LIFE_SKILLS
            actor = self.counsellor_id if kind == ServiceKind.COUNSELLING else case.worker_id
            self.service(
                case, kind, actor, currency, delivered=self.day_between(case.start, case.end)
            )
        if case.is_open and rng.random() < 0.1:
            due = max(self.today + timedelta(days=rng.randint(-30, 45)), case.opened_on)
            kind = rng.choice(
                (ServiceKind.EDUCATION, ServiceKind.VOCATIONAL_TRAINING, ServiceKind.LEGAL_AID)
            )
            self.service(case, kind, case.worker_id, currency, due=due)

    def service(
        self,
        case: DemoCase,
        kind: str,
        actor: Any,
        currency: str,
        *,
        delivered: date | None = None,
        due: date | None = None,
        relief: str = "",
        household: Any = None,
        reached: int | None = None,
    ) -> None:
        low, high = COST_RANGE[kind]
        cost = None
        if high:
            cost = Decimal(f"{self.rng.randint(low, high) * PER_BDT.get(currency, 0.01):.2f}")
        section = section_of_service(kind)
        service = self.out.add(
            Service,
            actor,
            case_id=case.id,
            kind=kind,
            relief=relief,
            section=section,
            status="delivered" if delivered else "planned",
            due_on=due,
            delivered_on=delivered,
            provider=self.rng.choice(PROVIDERS[kind]),
            cost=cost,
            currency=currency if cost is not None else "",
            notes="",
            household_id=household,
            people_reached=reached,
            cancellation_reason="",
        )
        if delivered:
            summary = "" if section != "general" else self.labels[kind]
            if relief:
                summary = f"{summary}: {self.labels[relief]}"
            self.event(
                case, actor, EventKind.SERVICE_DELIVERED, delivered, Service, service, summary
            )

    def emergency_relief(self, case: DemoCase) -> None:
        """Food, hygiene and medicine in the last year to the survivor's household (each
        household once, however many of its survivors' cases), and a few homes rebuilt."""
        first = max(case.start, self.today - timedelta(days=365))
        if first > case.end:
            return
        if case.survivor_id not in self.households:
            size = self.rng.randint(3, 8)
            household = self.out.add(
                Household,
                case.worker_id,
                office_id=self.office_ids[case.office],
                survivor_id=case.survivor_id,
                reference="",
                size=size,
            )
            self.households[case.survivor_id] = (household, size)
        household, size = self.households[case.survivor_id]
        reliefs = [ReliefKind.FOOD] * self.rng.randint(1, 2)
        reliefs += [ReliefKind.HYGIENE, ReliefKind.MEDICINE][: self.rng.randint(0, 2)]
        if self.rng.random() < 0.05:
            reliefs.append(ReliefKind.HOME_REBUILD)
        for relief in reliefs:
            self.service(
                case,
                ServiceKind.EMERGENCY_RELIEF,
                case.worker_id,
                CURRENCY.get(case.country, "USD"),
                delivered=self.day_between(first, case.end),
                relief=relief,
                household=household,
                reached=size,
            )

    def follow_ups(self, case: DemoCase) -> None:
        rng = self.rng
        start = case.start + timedelta(days=7)
        if start <= case.end:
            count = min((case.end - start).days // 90, rng.choice((0, 0, 1, 1, 2)))
            for _ in range(count):
                kind = rng.choices(
                    (FollowUpKind.PHONE_CALL, FollowUpKind.HOME_VISIT, FollowUpKind.VIDEO_CALL),
                    (70, 25, 5),
                )[0]
                self.follow_up_done(case, kind, self.day_between(start, case.end))
        if case.id in self.phone_programme:
            day = max(case.opened_on, self.today - timedelta(days=PHONE_PROGRAMME_DAYS))
            while day <= self.today:
                if rng.random() < 0.85:
                    self.follow_up_done(case, FollowUpKind.PHONE_CALL, day)
                day += timedelta(days=rng.randint(5, 9))
        if case.is_open and rng.random() < 0.8:
            due = max(self.today + timedelta(days=rng.randint(-21, 21)), case.opened_on)
            kind = rng.choices((FollowUpKind.PHONE_CALL, FollowUpKind.HOME_VISIT), (75, 25))[0]
            self.out.add(
                FollowUp,
                case.worker_id,
                case_id=case.id,
                kind=kind,
                status="planned",
                due_on=due,
                done_on=None,
                outcome="",
                notes="",
            )

    def follow_up_done(self, case: DemoCase, kind: str, day: date) -> None:
        outcome = self.rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
        notes = self.rng.choice(FOLLOW_UP_NOTES) if self.rng.random() < 0.03 else ""
        follow_up = self.out.add(
            FollowUp,
            case.worker_id,
            case_id=case.id,
            kind=kind,
            status="done",
            due_on=None,
            done_on=day,
            outcome=outcome,
            notes=notes,
        )
        summary = f"{self.labels[kind]}: {self.labels[outcome]}"
        self.event(case, case.worker_id, EventKind.FOLLOW_UP, day, FollowUp, follow_up, summary)

    def recovery(self, case: DemoCase) -> None:
        """At intake, then about every six months, better each time on the whole."""
        instrument = self.instrument
        if instrument is None:
            return
        rng = self.rng
        day = case.start + timedelta(days=rng.randint(7, 30))
        level = rng.uniform(1.3, 2.2)
        while day <= case.end:
            scores = {
                name: max(
                    instrument.scale_min,
                    min(instrument.scale_max, round(level + rng.uniform(-0.8, 0.8))),
                )
                for name in DOMAIN_FIELDS
            }
            stable = instrument.is_stable(scores)
            assessment = self.out.add(
                RecoveryAssessment,
                case.worker_id,
                case_id=case.id,
                instrument_id=self.out.key(instrument.pk),
                assessed_on=day,
                is_stable=stable,
                notes="",
                **scores,
            )
            summary = (
                "Recovery assessment: stable" if stable else "Recovery assessment: not yet stable"
            )
            self.event(
                case,
                case.worker_id,
                EventKind.ASSESSMENT,
                day,
                RecoveryAssessment,
                assessment,
                summary,
            )
            level += rng.uniform(0.2, 0.7)
            day += timedelta(days=rng.randint(150, 210))

    def dass(self, case: DemoCase) -> None:
        """At intake and about every four months; distress eases over time on the whole."""
        rng = self.rng
        day = case.start + timedelta(days=rng.randint(5, 25))
        severity = rng.uniform(1.4, 2.6)  # the mean answer at intake
        while day <= case.end:
            items = [max(0, min(3, round(severity + rng.uniform(-1, 1)))) for _ in range(21)]
            scores = dass21.score(items)
            assessment = self.out.add(
                Dass21Assessment,
                self.counsellor_id,
                case_id=case.id,
                assessed_on=day,
                items=items,
                depression=scores.depression,
                anxiety=scores.anxiety,
                stress=scores.stress,
                depression_band=scores.depression_band,
                anxiety_band=scores.anxiety_band,
                stress_band=scores.stress_band,
                banding=dass21.BANDING,
                notes="",
            )
            self.event(
                case, self.counsellor_id, EventKind.ASSESSMENT, day, Dass21Assessment, assessment
            )
            severity = max(0.2, severity - rng.uniform(0.1, 0.6))
            day += timedelta(days=rng.randint(100, 140))

    def income(self, case: DemoCase) -> None:
        """A baseline, then a record every few months; some households thrive (helped into
        work or business), in Bangladesh a third start with no income at all."""
        rng = self.rng
        currency = CURRENCY.get(case.country, "USD")
        day = case.start + timedelta(days=rng.randint(10, 40))
        low, high = INCOME_RANGE.get(currency, (100, 1000))
        nothing = case.country == "BD" and rng.random() < 0.33
        baseline = Decimal(0 if nothing else rng.randint(low, high))
        thriving = rng.random() < 0.35
        amount = baseline or Decimal(rng.randint(low, high) // 2)
        first = True
        while day <= case.end:
            sources = [] if first and nothing else [rng.choice(("day_labour", "wages"))]
            if not first and thriving:
                sources = ["small_business"]
            record = self.out.add(
                IncomeRecord,
                case.worker_id,
                case_id=case.id,
                recorded_on=day,
                amount_per_month=baseline if first else amount,
                currency=currency,
                sources=sources,
                is_baseline=first,
                notes="",
            )
            summary = "Baseline household income" if first else "Household income"
            self.event(
                case, case.worker_id, EventKind.INCOME_RECORDED, day, IncomeRecord, record, summary
            )
            if not first:
                growth = rng.uniform(1.1, 1.4) if thriving else rng.uniform(0.9, 1.12)
                amount = (amount * Decimal(f"{growth:.3f}")).quantize(Decimal(1))
            first = False
            day += timedelta(days=rng.randint(100, 160))

    def reintegration(self, case: DemoCase) -> bool:
        """Stages one after another (now and then a step back); whether the survivor reached
        the advanced stage of recovery."""
        rng = self.rng
        stage = 0 if rng.random() < 0.6 else 1
        step_back = False
        day = case.start + timedelta(days=rng.randint(0, 10))
        advanced = False
        while day <= case.end:
            transition = self.out.add(
                ReintegrationTransition,
                case.worker_id,
                case_id=case.id,
                stage=STAGE_ORDER[stage],
                reached_on=day,
                is_step_back=step_back,
                reason="Family under threat from the recruiter" if step_back else "",
            )
            label = self.labels[STAGE_ORDER[stage]]
            summary = f"Step back to: {label}" if step_back else label
            self.event(
                case,
                case.worker_id,
                EventKind.REINTEGRATION_STAGE,
                day,
                ReintegrationTransition,
                transition,
                summary,
            )
            advanced = advanced or stage >= STAGE_ORDER.index(ReintegrationStage.ADVANCED_STAGE)
            if stage == len(STAGE_ORDER) - 1 or rng.random() < 0.15:
                break
            step_back = stage >= 2 and rng.random() < 0.03
            stage += -1 if step_back else 1
            day += timedelta(days=rng.randint(30, 150))
        return advanced

    def re_trafficking(self, case: DemoCase) -> None:
        """Rare, and in Bangladesh rarer still (the seed report: 0% in its half-year)."""
        rate = 0.002 if case.office in BANGLADESH else 0.01
        first = case.start + timedelta(days=120)
        if not case.is_open or first > case.end or self.rng.random() >= rate:
            return
        day = self.day_between(first, case.end)
        incident = self.out.add(
            ReTraffickingIncident,
            case.worker_id,
            case_id=case.id,
            happened_on=day,
            details="Left with a recruiter who promised work abroad; found by police.",
            reopened_case=False,
        )
        self.event(
            case, case.worker_id, EventKind.RE_TRAFFICKED, day, ReTraffickingIncident, incident
        )

    def peer_mentors(self, *, cases: int) -> None:
        """A few Bangladesh survivors at an advanced stage, trained as peer mentors and
        matched with survivors at the start of their recovery."""
        rng = self.rng
        mentors = [c for c in self.mentor_candidates if c.office in BANGLADESH and c.is_open]
        pools: dict[str, list[DemoCase]] = {}
        for case in self.open_bangladesh:
            pools.setdefault(case.office, []).append(case)
        for mentor_case in rng.sample(mentors, min(len(mentors), max(3, cases // 2500))):
            trained = self.day_between(
                max(mentor_case.start, self.today - timedelta(days=400)),
                self.today - timedelta(days=60),
            )
            if trained < mentor_case.opened_on or trained > self.today:
                continue
            actor = mentor_case.worker_id
            mentor = self.out.add(
                PeerMentor, actor, case_id=mentor_case.id, trained_on=trained, notes=""
            )
            self.event(
                mentor_case,
                actor,
                EventKind.PEER_MENTORING,
                trained,
                PeerMentor,
                mentor,
                "Trained as a peer mentor",
            )
            pool = [
                c
                for c in pools.get(mentor_case.office, [])
                if c.survivor_id != mentor_case.survivor_id
            ]
            for mentee in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                self._mentoring(mentor, trained, mentee)

    def _mentoring(self, mentor: Any, trained: date, mentee: DemoCase) -> None:
        rng = self.rng
        matched = max(trained, mentee.opened_on) + timedelta(days=rng.randint(1, 30))
        if matched > self.today:
            return
        worker = mentee.worker_id
        match = self.out.add(
            PeerMentorMatch,
            worker,
            mentor_id=mentor,
            case_id=mentee.id,
            matched_on=matched,
            ended_on=None,
        )
        self.event(
            mentee,
            worker,
            EventKind.PEER_MENTORING,
            matched,
            PeerMentorMatch,
            match,
            "Matched with a peer mentor",
        )
        held = matched
        for _ in range(rng.randint(2, 6)):
            held += timedelta(days=rng.randint(7, 30))
            if held > self.today:
                break
            session = self.out.add(
                PeerMentoringSession, worker, match_id=match, held_on=held, notes=""
            )
            self.event(
                mentee,
                worker,
                EventKind.PEER_MENTORING,
                held,
                PeerMentoringSession,
                session,
                "Peer mentoring session",
            )
