"""Scoped reads and the period figures the impact report counts (mukti/prevention/selectors.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from mukti.accounts.models import Office
from mukti.accounts.roles import Role
from mukti.prevention import selectors, services
from mukti.prevention.models import Activity
from tests.factories import OfficeFactory, TeamFactory, make_member
from tests.prevention.factories import (
    audience,
    campaign_details,
    guards,
    make_activity,
    session_details,
    training_details,
)

pytestmark = pytest.mark.django_db
HALF_YEAR = {"start": date(2025, 9, 1), "end": date(2026, 2, 28)}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-01-20 10:00 +0600", tick=False):
        yield


@pytest.fixture
def jessore(story):
    return OfficeFactory(organisation=story.organisation, code="BD-JSR", name="Jessore")


@pytest.fixture
def bangkok(story):
    return OfficeFactory(
        organisation=story.organisation,
        code="TH-BKK",
        country="TH",
        strategy=Office.Strategy.JOINT,
        partner_organisation=OfficeFactory().organisation,
    )


def total(user, **period):
    return selectors.prevention_totals(user, **(period or HALF_YEAR))


# --- who reads what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (Role.CASEWORKER, True),
        (Role.PROGRAMME_MANAGER, True),
        (Role.ME_OFFICER, True),
        (Role.PARTNER_STAFF, True),
        (Role.LEGAL_OFFICER, True),  # aggregates without names
        (Role.REPATRIATION_OFFICER, True),
        (Role.COUNSELLOR, False),
        (Role.DONOR_VIEWER, False),
        (Role.DATA_PROTECTION_OFFICER, False),
        (Role.SYSTEM_ADMINISTRATOR, False),
    ],
)
def test_who_reads_the_offices_prevention_work(story, member, role, reads):
    activity = make_activity(actor=story.caseworker, office=story.office)
    user = member(role)

    assert selectors.may_read_prevention(user) is reads
    assert list(selectors.activities_visible_to(user)) == ([activity] if reads else [])
    assert total(user).people_educated == (30 if reads else 0)


def test_an_office_membership_reads_its_own_office_only(story, jessore):
    make_activity(actor=story.caseworker, office=story.office)
    jessore_worker = make_member(role=Role.CASEWORKER, team=TeamFactory(office=jessore))
    make_activity(actor=jessore_worker, office=jessore)

    assert [a.office for a in selectors.activities_visible_to(story.caseworker)] == [story.office]
    with pytest.raises(Activity.DoesNotExist):
        selectors.activity_for(
            jessore_worker, activity_id=Activity.objects.get(office=story.office).pk
        )
    assert total(story.outsider).activities == 0


def test_an_organisation_wide_membership_reads_every_office(story, jessore):
    make_activity(actor=story.caseworker, office=story.office)
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=jessore, scope="organisation")
    make_activity(actor=manager, office=jessore)

    assert selectors.activities_visible_to(manager).count() == 2
    assert total(manager).people_educated == 60


def test_the_participant_list_is_read_only_within_scope(story):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )

    assert selectors.participants_of(story.colleague, activity=activity).count() == 3
    assert selectors.participants_of(story.outsider, activity=activity).count() == 0


# --- the figures ------------------------------------------------------------------------


def test_figures_follow_the_documented_rules(story):
    make_activity(actor=story.caseworker, office=story.office)  # 30 educated, 25 of 28 improved
    make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )
    make_activity(actor=story.caseworker, office=story.office, details=campaign_details())
    make_activity(
        actor=story.caseworker,
        office=story.office,
        details=campaign_details(reach=5000, channel="radio", reach_verification=("estimate",)),
    )

    figures = total(story.caseworker)

    assert figures.activities == 4
    assert figures.participants == 33
    assert figures.people_educated == 30
    assert figures.professionals_trained == 3
    assert (figures.participants_female, figures.participants_male) == (26, 7)
    assert (figures.people_tested, figures.people_improved) == (31, 27)
    assert figures.improved_share == pytest.approx(27 / 31)
    assert figures.people_reached == 1_305_000
    assert figures.people_reached_verified == 1_300_000


def test_planned_and_cancelled_activities_count_in_no_figure(story):
    planned = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=session_details(
            status="planned",
            starts_on=date(2026, 2, 10),
            score_maximum=None,
            pre_test_average=None,
            post_test_average=None,
            tested_count=None,
            improved_count=None,
        ),
    )
    cancelled = make_activity(actor=story.caseworker, office=story.office)
    services.cancel_activity(actor=story.caseworker, activity=cancelled, expected_version=1)

    assert total(story.caseworker).activities == 0
    assert planned.status == "planned"


def test_an_activity_counts_in_the_period_of_its_last_day(story):
    make_activity(
        actor=story.caseworker,
        office=story.office,
        details=campaign_details(starts_on=date(2025, 6, 1), ends_on=date(2025, 9, 1)),
    )

    assert total(story.caseworker).people_reached == 1_300_000
    earlier = total(story.caseworker, start=date(2025, 3, 1), end=date(2025, 8, 31))
    assert earlier.people_reached == 0


def test_improvement_unknown_does_not_lower_the_share(story):
    make_activity(
        actor=story.caseworker,
        office=story.office,
        details=session_details(improved_count=None),
    )

    figures = total(story.caseworker)

    assert figures.people_tested == 0 and figures.improved_share is None


def test_breakdowns_by_office_country_type_audience_and_profession(story, bangkok):
    partner = make_member(role=Role.PARTNER_STAFF, office=bangkok)
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office, scope="organisation")
    make_activity(actor=story.caseworker, office=story.office)
    make_activity(
        actor=partner,
        office=bangkok,
        details=training_details(
            country="TH",
            district="Bangkok",
            profession="police",
            audience_type=audience("police"),
            participants_total=40,
        ),
    )

    by_office = selectors.prevention_figures(manager, by=("office",), **HALF_YEAR)
    by_strategy = selectors.prevention_figures(manager, by=("strategy",), **HALF_YEAR)
    by_profession = selectors.prevention_figures(manager, by=("profession",), **HALF_YEAR)
    by_audience = selectors.prevention_figures(
        manager, by=("country", "audience_type"), **HALF_YEAR
    )

    assert {r.group["office"]: r.participants for r in by_office} == {"BD-KHU": 30, "TH-BKK": 40}
    assert {r.group["strategy"]: r.professionals_trained for r in by_strategy} == {
        "direct": 0,
        "joint": 40,
    }
    assert {r.labels["profession"]: r.professionals_trained for r in by_profession} == {
        "Not given": 0,
        "Police": 40,
    }
    assert [(r.group["country"], r.labels["audience_type"]) for r in by_audience] == [
        ("BD", "Garment-factory workers"),
        ("TH", "Police"),
    ]
    assert by_office[0].labels["office"].startswith("BD-KHU")


def test_figures_are_one_grouped_query(story, django_assert_num_queries):
    for _ in range(3):
        make_activity(actor=story.caseworker, office=story.office)
    selectors.readable_office_ids(story.caseworker)  # memberships cached, as in a request

    # One query for the offices in scope, one for the figures.
    with django_assert_num_queries(2):
        rows = selectors.prevention_figures(
            story.caseworker, by=("office", "activity_type"), with_labels=False, **HALF_YEAR
        )
    assert rows[0].people_educated == 90


def test_a_drill_down_lists_the_activities_behind_a_number(story):
    session = make_activity(actor=story.caseworker, office=story.office)
    make_activity(actor=story.caseworker, office=story.office, details=campaign_details())

    behind = selectors.activities_behind(
        story.caseworker, group={"activity_type": "awareness_session"}, **HALF_YEAR
    )

    assert list(behind) == [session]
    with pytest.raises(ValueError):
        selectors.prevention_figures(story.caseworker, by=("team",), **HALF_YEAR)
    with pytest.raises(ValueError):
        selectors.counted_activities(story.caseworker, start=date(2026, 1, 1), end=date(2025, 1, 1))


def test_the_list_filters_by_office_type_audience_and_dates(story):
    session = make_activity(actor=story.caseworker, office=story.office)
    campaign = make_activity(
        actor=story.caseworker, office=story.office, details=campaign_details()
    )

    def ids(**filters):
        page = selectors.activity_page(
            story.caseworker, filters=selectors.ActivityFilters(**filters)
        )
        return [a.pk for a in page.activities]

    assert ids() == [session.pk, campaign.pk]
    assert ids(activity_type="campaign") == [campaign.pk]
    assert ids(audience_type_id=str(audience().pk)) == [session.pk]
    assert ids(date_from=date(2025, 10, 1)) == [session.pk]
    assert ids(date_to=date(2025, 10, 1)) == [campaign.pk]
    assert ids(office_id=str(story.office.pk), status="cancelled") == []
    assert session.pre_test_average == Decimal("4.20")
