"""Each indicator's rule on a small known story: who counts, who does not, and where."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mukti.cases.models import CaseEvent
from mukti.cases.models import EventKind as K
from mukti.impact import engine, figures
from mukti.impact.indicators import INDICATORS, REGISTRY
from mukti.impact.periods import Period
from mukti.impact.selectors import indicator_data
from mukti.people.models import Sex
from tests.impact.factories import case_of, event, survivor

# The seed report's half-year, and the two half-years of the year before it.
H1 = Period(date(2020, 9, 1), date(2021, 2, 28))


def numbers(user: Any, organisation: Any, period: Period = H1, **options: Any) -> dict:
    data = indicator_data(user, organisation_id=organisation.pk, period=period, **options)
    return {item["code"]: item for item in data["indicators"]}


def value(user: Any, organisation: Any, code: str, period: Period = H1) -> Any:
    return numbers(user, organisation, period)[code]["value"]


def test_removed_counts_each_survivor_once_however_many_removals(impact):
    pm = impact.manager
    case = case_of(pm)
    event(pm, case, K.REMOVED_FROM_EXPLOITATION, date(2020, 9, 5))
    event(pm, case, K.REMOVED_FROM_EXPLOITATION, date(2020, 12, 1))
    other = case_of(pm)
    event(pm, other, K.REMOVED_FROM_EXPLOITATION, date(2021, 1, 20))

    assert value(pm, impact.organisation, "victims_removed") == 2


def test_a_survivor_with_two_cases_counts_once(impact):
    pm = impact.manager
    person = survivor(pm, impact.office)
    first = case_of(pm, person=person)
    second = case_of(pm, person=person)
    event(pm, first, K.SHELTERED, date(2020, 10, 1))
    event(pm, second, K.SERVICE_DELIVERED, date(2020, 11, 1))

    assert value(pm, impact.organisation, "survivors_cared_for") == 1


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        (date(2020, 8, 31), 0),  # the day before the period
        (date(2020, 9, 1), 1),  # its first day
        (date(2021, 2, 28), 1),  # its last day
        (date(2021, 3, 1), 0),  # the day after
    ],
)
def test_period_edges_are_inclusive(impact, day, counted, time_machine):
    time_machine.move_to(date(2021, 6, 1))
    pm = impact.manager
    event(pm, case_of(pm), K.REPATRIATED, day)

    assert value(pm, impact.organisation, "survivors_repatriated") == counted


def test_a_superseded_event_no_longer_counts(impact):
    pm = impact.manager
    case = case_of(pm)
    wrong = event(pm, case, K.REPATRIATED, date(2020, 10, 1))
    right = event(pm, case, K.REUNITED, date(2020, 10, 1))
    CaseEvent.objects.filter(pk=wrong.pk).update(superseded_by=right)

    assert value(pm, impact.organisation, "survivors_repatriated") == 0


def test_cared_for_counts_any_care_event_but_not_other_events(impact):
    pm = impact.manager
    for kind in (K.SHELTERED, K.CARE_PLAN, K.FOLLOW_UP, K.ASSESSMENT, K.PEER_MENTORING):
        event(pm, case_of(pm), kind, date(2020, 10, 1))
    event(pm, case_of(pm), K.LEGAL_CASE_FILED, date(2020, 10, 1))
    event(pm, case_of(pm), K.REPATRIATED, date(2020, 10, 1))

    assert value(pm, impact.organisation, "survivors_cared_for") == 5


def test_follow_up_contacts_count_every_contact_and_survivors_once(impact):
    pm = impact.manager
    busy = case_of(pm)
    for month in (9, 10, 11, 12):
        event(pm, busy, K.FOLLOW_UP, date(2020, month, 3))
    event(pm, case_of(pm), K.FOLLOW_UP, date(2021, 2, 1))

    found = numbers(pm, impact.organisation)
    assert found["follow_up_contacts"]["value"] == 5
    assert found["survivors_followed_up"]["value"] == 2


def test_prosecutions_count_survivors_with_any_court_step(impact):
    pm = impact.manager
    case = case_of(pm)
    event(pm, case, K.LEGAL_CASE_FILED, date(2020, 9, 10))
    event(pm, case, K.HEARING, date(2020, 11, 10))
    event(pm, case_of(pm), K.VERDICT, date(2021, 1, 10))
    event(pm, case_of(pm), K.ENGAGED_WITH_POLICE, date(2021, 1, 10))

    assert value(pm, impact.organisation, "prosecutions_supported") == 2


def test_police_engagement_is_a_share_of_survivors_cared_for(impact):
    pm = impact.manager
    engaged_before = case_of(pm)
    event(pm, engaged_before, K.ENGAGED_WITH_POLICE, date(2020, 3, 1))
    event(pm, engaged_before, K.FOLLOW_UP, date(2020, 10, 1))
    engaged_during = case_of(pm)
    event(pm, engaged_during, K.SERVICE_DELIVERED, date(2020, 10, 1))
    event(pm, engaged_during, K.ENGAGED_WITH_POLICE, date(2021, 2, 28))
    for _ in range(2):
        event(pm, case_of(pm), K.FOLLOW_UP, date(2020, 12, 1))
    not_cared_for = case_of(pm)
    event(pm, not_cared_for, K.ENGAGED_WITH_POLICE, date(2020, 12, 1))

    found = numbers(pm, impact.organisation)["police_engagement_share"]
    assert (found["numerator"], found["denominator"], found["value"]) == (2, 4, 50.0)


def test_police_engagement_after_the_period_does_not_count(impact, time_machine):
    time_machine.move_to(date(2021, 6, 1))
    pm = impact.manager
    case = case_of(pm)
    event(pm, case, K.FOLLOW_UP, date(2020, 10, 1))
    event(pm, case, K.ENGAGED_WITH_POLICE, date(2021, 3, 1))

    found = numbers(pm, impact.organisation)["police_engagement_share"]
    assert (found["numerator"], found["denominator"]) == (0, 1)


def test_re_trafficking_rate_counts_among_those_cared_for_or_re_trafficked(impact):
    pm = impact.manager
    for _ in range(3):
        event(pm, case_of(pm), K.FOLLOW_UP, date(2020, 10, 1))
    cared_and_lost = case_of(pm)
    event(pm, cared_and_lost, K.FOLLOW_UP, date(2020, 10, 1))
    event(pm, cared_and_lost, K.RE_TRAFFICKED, date(2020, 12, 1))
    event(pm, case_of(pm), K.RE_TRAFFICKED, date(2021, 1, 1))

    found = numbers(pm, impact.organisation)["re_trafficking_rate"]
    assert (found["numerator"], found["denominator"], found["value"]) == (2, 5, 40.0)


def test_children_are_counted_by_their_age_on_the_event_date(impact):
    pm = impact.manager
    turns_18_in_period = survivor(pm, impact.office, birth_date=date(2002, 12, 1))
    before_birthday = case_of(pm, person=turns_18_in_period)
    event(pm, before_birthday, K.REMOVED_FROM_EXPLOITATION, date(2020, 11, 30))
    adult = survivor(pm, impact.office, birth_date=date(2002, 11, 1))
    event(pm, case_of(pm, person=adult), K.REMOVED_FROM_EXPLOITATION, date(2020, 11, 30))
    unknown_age = survivor(pm, impact.office, birth_date=None)
    event(pm, case_of(pm, person=unknown_age), K.REMOVED_FROM_EXPLOITATION, date(2020, 10, 1))

    found = numbers(pm, impact.organisation)
    assert found["children_removed"]["value"] == 1
    assert found["victims_removed"]["breakdowns"]["age_group"] == {
        "0-11": 0,
        "12-17": 1,
        "18-24": 1,
        "25-39": 0,
        "40+": 0,
        "unknown": 1,
    }


def test_an_estimated_age_counts_from_the_day_it_was_estimated(impact):
    pm = impact.manager
    person = survivor(
        pm, impact.office, birth_date=None, estimated_age=17, age_estimated_on=date(2020, 1, 1)
    )
    event(pm, case_of(pm, person=person), K.REMOVED_FROM_EXPLOITATION, date(2020, 12, 30))
    older = survivor(
        pm, impact.office, birth_date=None, estimated_age=17, age_estimated_on=date(2019, 9, 1)
    )
    event(pm, case_of(pm, person=older), K.REMOVED_FROM_EXPLOITATION, date(2020, 10, 1))

    assert value(pm, impact.organisation, "children_removed") == 1


def test_breakdowns_add_up_and_a_survivor_counts_in_their_first_events_office(impact):
    pm, me = impact.manager, impact.me_officer
    uk = impact.uk_manager
    event(
        pm,
        case_of(pm, person=survivor(pm, impact.office, sex=Sex.MALE)),
        K.SHELTERED,
        date(2020, 9, 2),
    )
    event(uk, case_of(uk, impact.uk), K.SHELTERED, date(2020, 9, 3))
    moved = survivor(pm, impact.office)
    event(pm, case_of(pm, person=moved), K.SHELTERED, date(2020, 9, 10))
    event(uk, case_of(uk, impact.uk, person=moved), K.SHELTERED, date(2020, 12, 10))

    found = numbers(me, impact.organisation)["survivors_cared_for"]
    assert found["value"] == 3
    breakdowns = found["breakdowns"]
    assert breakdowns["office"] == {"BD-KHU": 2, "GB-LON": 1, "IN-KOL": 0}
    assert breakdowns["country"] == {"BD": 2, "GB": 1, "IN": 0}
    assert breakdowns["strategy"] == {"direct": 3, "joint": 0}
    assert breakdowns["sex"] == {"female": 2, "male": 1, "other": 0, "unknown": 0}
    for cells in breakdowns.values():
        assert sum(cells.values()) == found["value"]


def test_growth_is_on_the_average_of_the_two_half_years_before(impact):
    pm = impact.manager
    for day, count in ((date(2019, 10, 1), 2), (date(2020, 4, 1), 4), (date(2020, 10, 1), 6)):
        for _ in range(count):
            event(pm, case_of(pm, opened_on=date(2019, 1, 5)), K.REMOVED_FROM_EXPLOITATION, day)

    found = numbers(pm, impact.organisation)["victims_removed"]
    assert (found["value"], found["baseline_values"], found["baseline"]) == (6, [2, 4], 3.0)
    assert found["growth"] == 100


def test_growth_on_a_zero_baseline_is_not_a_number(impact):
    pm = impact.manager
    event(pm, case_of(pm), K.REMOVED_FROM_EXPLOITATION, date(2020, 10, 1))

    found = numbers(pm, impact.organisation)["victims_removed"]
    assert (found["baseline"], found["growth"]) == (0.0, None)


def test_the_programme_manager_counts_only_their_own_office(impact):
    pm, uk = impact.manager, impact.uk_manager
    event(pm, case_of(pm), K.REPATRIATED, date(2020, 10, 1))
    event(uk, case_of(uk, impact.uk), K.REPATRIATED, date(2020, 10, 1))

    assert value(pm, impact.organisation, "survivors_repatriated") == 1
    assert value(impact.me_officer, impact.organisation, "survivors_repatriated") == 2


def test_an_indicator_needing_a_missing_domain_detail_says_what_it_needs(impact):
    found = numbers(impact.manager, impact.organisation)["livelihood_support"]

    assert found["status"] == "unavailable"
    assert found["value"] is None
    assert found["needs"] == "mukti.aftercare.selectors.livelihood_service_ids"


def test_an_indicator_with_a_domain_detail_counts_only_qualifying_records(impact, monkeypatch):
    """A stand-in for aftercare's answer: events whose source record qualifies."""
    from mukti.people.models import Person

    pm = impact.manager
    qualifying = survivor(pm, impact.office)
    other = survivor(pm, impact.office)
    event(
        pm,
        case_of(pm, person=qualifying),
        K.SERVICE_DELIVERED,
        date(2020, 10, 1),
        source=qualifying,
    )
    event(pm, case_of(pm, person=other), K.SERVICE_DELIVERED, date(2020, 10, 1), source=other)
    monkeypatch.setattr(
        engine, "detail_ids", lambda app, function: Person.objects.filter(pk=qualifying.pk)
    )

    found = numbers(pm, impact.organisation)
    assert found["livelihood_support"]["value"] == 1
    assert found["survivors_cared_for"]["value"] == 2


def test_activity_totals_come_from_the_other_apps_selector(impact, monkeypatch):
    calls = []

    def participants(rule, *, user, start, end, office_ids):
        calls.append((start, end, rule.source))
        return {impact.office.pk: 280, impact.uk.pk: 0}

    monkeypatch.setattr(figures, "activity_total", participants)
    found = numbers(impact.me_officer, impact.organisation)["prevention_education"]

    assert found["value"] == 280
    assert found["breakdowns"]["office"]["BD-KHU"] == 280
    assert set(found["breakdowns"]) == {"office", "country", "strategy"}
    assert (date(2020, 9, 1), date(2021, 2, 28), "people_educated") in calls


def test_every_indicator_has_a_rule_unit_and_name():
    assert len(REGISTRY) == len(INDICATORS)
    assert sum(1 for item in INDICATORS if item.headline) == 8
    for item in INDICATORS:
        assert str(item.name) and str(item.rule_text) and item.unit
