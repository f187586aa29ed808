"""Demo aftercare for the cases `mukti demo` wrote: care plans, services (with emergency
relief to survivor households), follow-ups (the Bangladesh offices' phone calls of the last
six months), DASS-21 and recovery assessments that improve over time, household income (some
rising more than 30%), reintegration stages, a few peer mentors and a little re-trafficking;
each record with its timeline event (story.py says what and when, writer.py inserts it).

Dates are within the last two years, never in the future, never before a case opened and
never after a closed case closed. No historical rows are written (like bulk imports).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from mukti.accounts.roles import Role
from mukti.aftercare.demo.story import DemoCase, Story
from mukti.aftercare.demo.vocabulary import BANGLADESH, PHONE_PROGRAMME_SURVIVORS, WINDOW_DAYS
from mukti.aftercare.demo.writer import Writer
from mukti.aftercare.models import (
    CarePlan,
    CarePlanGoal,
    CarePlanReview,
    Dass21Assessment,
    FollowUp,
    Household,
    IncomeRecord,
    PeerMentor,
    PeerMentoringSession,
    RecoveryAssessment,
    ReintegrationTransition,
    ReTraffickingIncident,
    Service,
)
from mukti.cases.models import Case, CaseAssignment, CaseEvent, Status
from mukti.core.demo.organisation import DemoOrganisation

# A case gets aftercare records with this chance (the rest: identified, referred on…) …
AFTERCARE_SHARE = 0.45
# … but in a national-scale demo, a smaller share: about this many, plus a sixth of the rest,
# so that 100,000 cases still take seconds (the queues and indicators need volume, not all).
AFTERCARE_CASES_AT_FULL_SHARE = 2000
AFTERCARE_SHARE_BEYOND = 0.15
COUNTED = {
    "care plans": CarePlan,
    "care-plan goals": CarePlanGoal,
    "care-plan reviews": CarePlanReview,
    "services": Service,
    "households reached": Household,
    "follow-ups": FollowUp,
    "DASS-21 assessments": Dass21Assessment,
    "recovery assessments": RecoveryAssessment,
    "income records": IncomeRecord,
    "reintegration stages": ReintegrationTransition,
    "peer mentors": PeerMentor,
    "peer mentoring sessions": PeerMentoringSession,
    "re-trafficking incidents": ReTraffickingIncident,
    "aftercare timeline events": CaseEvent,
}


def demo_cases(demo: DemoOrganisation, *, today: date, writer: Writer) -> list[DemoCase]:
    """The demo's cases active in the last two years, with their lead worker."""
    window = today - timedelta(days=WINDOW_DAYS)
    offices = {office.pk: (code, office.country) for code, office in demo.offices.items()}
    leads = dict(
        CaseAssignment.objects.filter(is_lead=True, ended_at__isnull=True).values_list(
            "case_id", "user_id"
        )
    )
    rows = Case.objects.values_list(
        "id", "office_id", "opened_on", "status", "closed_on", "survivor_id"
    ).order_by("opened_on", "number")
    key = writer.key
    cases = []
    for pk, office_id, opened_on, status, closed_on, survivor_id in rows.iterator(5000):
        is_open = status == Status.OPEN
        end = min(today if is_open else (closed_on or today), today)
        start = max(opened_on, window)
        if pk not in leads or office_id not in offices or (end - start).days < 10:
            continue
        code, country = offices[office_id]
        cases.append(
            DemoCase(
                key(pk),
                code,
                country,
                opened_on,
                start,
                end,
                is_open,
                key(survivor_id),
                key(leads[pk]),
            )
        )
    return cases


def _story(demo: DemoOrganisation, *, today: date, rng: random.Random, writer: Writer) -> Story:
    counsellor = demo.user(Role.COUNSELLOR, "BD-KHU")
    story = Story(
        today=today,
        rng=rng,
        writer=writer,
        counsellor_id=writer.key(counsellor.pk) if counsellor else None,
        office_ids={code: writer.key(office.pk) for code, office in demo.offices.items()},
    )
    if counsellor is not None:
        assigned = CaseAssignment.objects.filter(user=counsellor).values_list("case_id", flat=True)
        story.counselled = {writer.key(pk) for pk in assigned}
    return story


def _aftercare_share(active: int) -> float:
    """The chance that an active case has aftercare records, falling at national scale."""
    if not active:
        return AFTERCARE_SHARE
    wanted = AFTERCARE_CASES_AT_FULL_SHARE + AFTERCARE_SHARE_BEYOND * active
    return min(AFTERCARE_SHARE, wanted / active)


def add_demo_records(
    *,
    demo: DemoOrganisation,
    today: date,
    rng: random.Random,
    cases: int,
    progress: Callable[[str], None] | None,
) -> dict[str, int]:
    started = time.monotonic()
    writer = Writer(rng)
    story = _story(demo, today=today, rng=rng, writer=writer)
    active = demo_cases(demo, today=today, writer=writer)
    story.open_bangladesh = [c for c in active if c.office in BANGLADESH and c.is_open]
    in_programme = rng.sample(
        story.open_bangladesh, min(len(story.open_bangladesh), PHONE_PROGRAMME_SURVIVORS)
    )
    story.phone_programme = {c.id for c in in_programme}
    share = _aftercare_share(len(active))
    with transaction.atomic():
        for case in active:
            # Survivors in the phone programme are in aftercare by definition.
            if case.id in story.phone_programme or rng.random() < share:
                story.write(case)
        story.peer_mentors(cases=cases)
        writer.flush_all()
    if progress:
        rows = sum(writer.counts.values())
        progress(f"aftercare: {rows:,} rows in {time.monotonic() - started:.1f} s")
    return {label: writer.counts[model._meta.label_lower] for label, model in COUNTED.items()}


__all__ = ["add_demo_records"]
