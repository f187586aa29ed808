"""Step analytics (mukti/repatriation/analytics.py) on a small data set whose medians and
90th percentiles are worked out by hand below."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from mukti.accounts.roles import Role
from mukti.repatriation.analytics import (
    Period,
    half_year_of,
    percentiles,
    recent_half_years,
    step_analytics,
)
from tests.factories import OfficeFactory, TeamFactory, make_case, make_member
from tests.repatriation.factories import finish_through, make_repatriation

START = date(2026, 3, 1)
PERIOD = Period(date(2026, 3, 1), date(2026, 8, 31))


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


def _journey(actor, *, step_days: list[int], start: date = START, office=None):
    """A repatriation whose steps took these many days each, one after the other."""
    case = make_case(actor=actor, office=office, opened_on=date(2026, 1, 1))
    repatriation = make_repatriation(actor=actor, case=case, started_on=start)
    done, day = [], start
    for days in step_days:
        day += timedelta(days=days)
        done.append(day)
    finish_through(actor, repatriation, done)
    return repatriation


@pytest.fixture
def me_officer(story):
    return make_member(role=Role.ME_OFFICER, office=story.office)


@pytest.fixture
def known(story):
    """Five journeys on India → Bangladesh in BD-KHU:

    first step took 2, 4, 6, 8 and 30 days;
    second step took 10, 10, 20 and 40 days (the fifth journey is still waiting on it);
    two journeys finished all nine steps, in 100 and 200 days, handed over after 80 and 150.
    """
    actor = story.caseworker
    nine = [2, 10, 30, 10, 10, 10, 8, 1, 19]  # handover after 80 days, 100 in all
    assert (sum(nine[:7]), sum(nine)) == (80, 100)
    _journey(actor, step_days=nine)
    longer = [4, 10, 50, 20, 30, 20, 16, 1, 49]  # handover after 150 days, 200 in all
    assert (sum(longer[:7]), sum(longer)) == (150, 200)
    _journey(actor, step_days=longer)
    _journey(actor, step_days=[6, 20])
    _journey(actor, step_days=[8, 40])
    _journey(actor, step_days=[30])


def _india(user, period=PERIOD):
    [india] = step_analytics(user, period=period, corridor_id=_corridor_id("IN-BD"))
    return india


def _corridor_id(code):
    from mukti.repatriation.models import Corridor

    return Corridor.objects.get(code=code).pk


def test_median_and_90th_percentile_per_step_as_worked_out_by_hand(me_officer, known):
    india = _india(me_officer)

    first, second = india.steps[0], india.steps[1]
    # [2, 4, 6, 8, 30]: median 6; rank 0.9 × 4 = 3.6 → 8 + 0.6 × (30 − 8) = 21.2
    assert (first.count, first.median, first.p90) == (5, 6.0, pytest.approx(21.2))
    # [10, 10, 20, 40]: median (10 + 20) / 2 = 15; rank 0.9 × 3 = 2.7 → 20 + 0.7 × 20 = 34
    assert (second.count, second.median, second.p90) == (4, 15.0, pytest.approx(34.0))
    assert first.label == "Identification in an Indian shelter home"
    assert first.target_days == 14
    assert second.few  # fewer than five: the page says so


def test_end_to_end_and_until_the_handover(me_officer, known):
    # The 200-day journey ends on 17 September, after the half-year.
    assert _india(me_officer).end_to_end.count == 1
    india = _india(me_officer, Period(date(2026, 3, 1), date(2026, 11, 23)))

    # [100, 200]: median 150; rank 0.9 → 100 + 0.9 × 100 = 190
    assert (india.end_to_end.count, india.end_to_end.median) == (2, 150.0)
    assert india.end_to_end.p90 == pytest.approx(190.0)
    # [80, 150]: median 115; 80 + 0.9 × 70 = 143
    assert (india.to_repatriation.median, india.to_repatriation.p90) == (
        115.0,
        pytest.approx(143.0),
    )
    assert india.end_to_end.target_days == 245
    assert india.to_repatriation.target_days == 14 + 14 + 90 + 30 + 21 + 30 + 14


def test_steps_count_in_the_period_they_were_done_in(me_officer, known):
    # Only the first steps (done 3–31 March) fall in March.
    india = _india(me_officer, Period(date(2026, 3, 1), date(2026, 3, 31)))

    assert india.steps[0].count == 5
    assert india.steps[1].count == 3  # done on 13, 15 and 27 March (the fourth in April)
    assert india.end_to_end.count == 0 and india.end_to_end.median is None


def test_only_the_users_offices_count(story, me_officer, known):
    elsewhere = OfficeFactory(organisation=story.organisation, code="IN-KOL", country="IN")
    worker = make_member(role=Role.CASEWORKER, team=TeamFactory(office=elsewhere))
    _journey(worker, step_days=[10], office=elsewhere)

    assert _india(me_officer).steps[0].count == 5
    wide = make_member(role=Role.ME_OFFICER, office=story.office, scope="organisation")
    assert _india(wide).steps[0].count == 6


def test_a_role_without_analytics_gets_nothing(story, known):
    assert step_analytics(story.caseworker, period=PERIOD) == []


def test_corridors_without_data_have_empty_rows(me_officer, known):
    figures = {f.corridor.code: f for f in step_analytics(me_officer, period=PERIOD)}

    romania = figures["GB-RO"]
    assert [s.count for s in romania.steps] == [0] * 7
    assert romania.end_to_end.median is None


def test_a_changed_template_keeps_counting_the_steps_by_their_key(story, me_officer, known):
    from mukti.repatriation import services
    from mukti.repatriation.models import Corridor

    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    in_bd = Corridor.objects.get(code="IN-BD")
    specs = [
        services.StepSpec(
            name="Found in a shelter" if s.position == 1 else s.name,
            target_days=s.target_days,
            milestone=s.milestone,
            key=s.key,
        )
        for s in in_bd.current_template.steps.order_by("position")
    ]
    services.change_corridor_steps(
        actor=manager, corridor=in_bd, expected_version=in_bd.version, steps=specs
    )

    first = _india(me_officer).steps[0]
    assert (first.label, first.count, first.median) == ("Found in a shelter", 5, 6.0)


# --- periods and the percentile rule ---------------------------------------------------------


def test_half_years_follow_the_reporting_year():
    assert half_year_of(date(2020, 9, 1)) == Period(date(2020, 9, 1), date(2021, 2, 28))
    assert half_year_of(date(2021, 2, 28)) == Period(date(2020, 9, 1), date(2021, 2, 28))
    assert half_year_of(date(2021, 3, 1)) == Period(date(2021, 3, 1), date(2021, 8, 31))
    assert [p.start for p in recent_half_years(today=date(2026, 11, 23), count=3)] == [
        date(2026, 9, 1),
        date(2026, 3, 1),
        date(2025, 9, 1),
    ]


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=2000),
        st.integers(min_value=1, max_value=50),
        min_size=1,
        max_size=40,
    )
)
def test_percentiles_from_counts_match_numpy_on_every_row(table):
    values = np.array(list(table.keys()), dtype=float)
    counts = np.array(list(table.values()))
    every_row = np.repeat(values, counts)

    median, p90 = percentiles(values, counts, (0.5, 0.9))

    assert median == pytest.approx(np.percentile(every_row, 50))
    assert p90 == pytest.approx(np.percentile(every_row, 90))
