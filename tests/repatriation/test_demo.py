"""Demo repatriations (mukti/repatriation/demo.py): drawn from the right cases, dated in
order, and saying what the services would have said about them."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from types import SimpleNamespace

import pytest
import time_machine

from mukti.cases.models import CaseEvent, EventKind, Stage
from mukti.cases.services import ExploitationInput, add_case_event
from mukti.repatriation import demo
from mukti.repatriation.models import (
    MILESTONE_EVENTS,
    Milestone,
    Repatriation,
    RepatriationStatus,
)
from mukti.repatriation.progress import derive
from tests.factories import make_case, make_person

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def every_candidate(monkeypatch):
    """Every case a route could draw from gets a repatriation (the demo takes a share)."""
    monkeypatch.setattr(
        demo, "ROUTES", tuple(dataclasses.replace(route, share=1.0) for route in demo.ROUTES)
    )


def _bangladeshi_found_in_india(story, **case_fields):
    survivor = make_person(actor=story.caseworker, office=story.office, nationality="BD")
    return make_case(
        actor=story.caseworker,
        survivor=survivor,
        opened_on=date(2025, 3, 1),
        exploitation=ExploitationInput(countries_of_exploitation=["IN"]),
        **case_fields,
    )


def _add(story, seed: int = 1) -> dict[str, int]:
    return demo.add_demo_records(
        demo=SimpleNamespace(staff=[]),
        today=TODAY,
        rng=random.Random(seed),
        cases=1,
        progress=None,
    )


def test_a_survivor_already_home_gets_a_journey_ending_on_that_day(story):
    case = _bangladeshi_found_in_india(story)
    home = add_case_event(
        actor=story.caseworker, case=case, kind=EventKind.REPATRIATED, happened_on=date(2025, 9, 1)
    )
    reunited = add_case_event(
        actor=story.caseworker, case=case, kind=EventKind.REUNITED, happened_on=date(2025, 9, 6)
    )

    counts = _add(story)

    repatriation = Repatriation.objects.get(case=case)
    steps = list(repatriation.steps.order_by("position"))
    assert counts["repatriations"] == 1
    assert repatriation.status == RepatriationStatus.COMPLETED
    assert (repatriation.started_on, repatriation.repatriated_on) == (
        date(2025, 3, 1),
        date(2025, 9, 1),
    )
    assert steps[6].done_on == date(2025, 9, 1) and steps[6].event_id == home.pk
    assert steps[8].done_on == date(2025, 9, 6) and steps[8].event_id == reunited.pk
    # No second "repatriated" or "reunited" on the timeline.
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REPATRIATED).count() == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REUNITED).count() == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REPATRIATION_STEP).count() == 7


def test_a_survivor_waiting_to_go_home_is_on_the_way_and_not_yet_handed_over(story):
    cases = [_bangladeshi_found_in_india(story, stage=Stage.REPATRIATION) for _ in range(8)]

    _add(story)

    for case in cases:
        repatriation = Repatriation.objects.get(case=case)
        assert repatriation.status == RepatriationStatus.IN_PROGRESS
        assert repatriation.repatriated_on is None
        assert repatriation.current_step.milestone == Milestone.STEP
        assert repatriation.waiting_since <= TODAY


def test_cases_not_on_a_route_get_none(story):
    _bangladeshi_found_in_india(story)  # neither waiting (stage) nor home (event)
    romanian = make_person(actor=story.caseworker, office=story.office, nationality="RO")
    make_case(actor=story.caseworker, survivor=romanian, stage=Stage.REPATRIATION)

    assert _add(story)["repatriations"] == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_repatriations_say_what_the_services_would_say(story, seed):
    for index in range(6):
        case = _bangladeshi_found_in_india(story, stage=Stage.REPATRIATION)
        if index % 2:
            add_case_event(
                actor=story.caseworker,
                case=case,
                kind=EventKind.REPATRIATED,
                happened_on=date(2025, 3, 1 + index * 4),
            )

    _add(story, seed)

    for repatriation in Repatriation.objects.all():
        steps = list(repatriation.steps.order_by("position"))
        stored = [(s.could_start_on, s.days_taken) for s in steps]
        standing = derive(started_on=repatriation.started_on, steps=steps)
        assert stored == [(s.could_start_on, s.days_taken) for s in steps]
        assert repatriation.current_step_id == getattr(standing.current_step, "pk", None)
        assert (repatriation.waiting_since, repatriation.due_on) == (
            standing.waiting_since,
            standing.due_on,
        )
        done = [s.done_on for s in steps if s.done_on]
        assert done == sorted(done) and all(day <= TODAY for day in done)
        assert all(day >= repatriation.started_on for day in done)
        for step in steps:
            if step.done_on is None:
                assert step.event_id is None
                continue
            event = CaseEvent.objects.get(pk=step.event_id)
            assert (event.case_id, event.happened_on) == (repatriation.case_id, step.done_on)
            assert event.kind == MILESTONE_EVENTS[Milestone(step.milestone)]
            for document in step.documents.all():
                assert document.received and document.received_on <= step.done_on
