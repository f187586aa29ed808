"""The demo's prevention work (mukti/prevention/demo.py): believable, and valid by the same
checks a user's input passes."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.contrib.auth.hashers import make_password

from mukti.core.demo.organisation import create_organisation
from mukti.prevention import demo
from mukti.prevention.checks import check_activity
from mukti.prevention.models import Activity, ActivityStatus, Participant
from mukti.prevention.selectors import prevention_figures
from mukti.prevention.services import current_participants, details_of

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 20)


@pytest.fixture
def organisation(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return create_organisation(password_hash=make_password("demo"))


def test_the_demo_adds_two_years_of_valid_prevention_work(organisation):
    counts = demo.add_demo_records(demo=organisation, today=TODAY, rng=random.Random(1), cases=300)

    assert 200 < counts["prevention activities"] < 500
    assert counts["prevention participants listed"] == Participant.objects.count() > 500
    for activity in Activity.objects.exclude(status=ActivityStatus.CANCELLED):
        check_activity(details_of(activity), current_participants(activity), today=TODAY)
        assert activity.history.count() == 1
    oldest = Activity.objects.order_by("starts_on").first()
    assert oldest is not None and (TODAY - oldest.starts_on).days <= 2 * 365


def test_the_demo_half_year_looks_like_the_report(organisation):
    demo.add_demo_records(demo=organisation, today=TODAY, rng=random.Random(2), cases=300)
    manager = next(u for u, spec in organisation.staff if spec.role == "programme_manager")
    manager.memberships.update(scope="organisation")

    [total] = prevention_figures(manager, start=date(2025, 7, 1), end=date(2025, 12, 31))

    assert 700 < total.professionals_trained < 1300  # the report: 941
    assert 300 < total.people_educated < 1400  # the report: 483, more in other years
    assert total.people_reached > 500_000  # a TV commercial each half-year
    assert 0.6 < total.improved_share < 1
