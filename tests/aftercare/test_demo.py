"""The aftercare part of `mukti demo` (mukti/aftercare/demo.py): believable volumes, true
dates, one timeline event per record, and something in the demo caseworker's queue."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mukti.accounts.models import User
from mukti.aftercare import selectors
from mukti.aftercare.models import (
    CarePlan,
    Dass21Assessment,
    FollowUp,
    Household,
    IncomeRecord,
    RecoveryAssessment,
    ReintegrationTransition,
    Service,
)
from mukti.cases.models import CaseEvent, Status

pytestmark = pytest.mark.django_db

# A record's date field, and whether its timeline event follows it.
DATED = (
    (CarePlan, "agreed_on"),
    (Service, "delivered_on"),
    (FollowUp, "done_on"),
    (Dass21Assessment, "assessed_on"),
    (RecoveryAssessment, "assessed_on"),
    (IncomeRecord, "recorded_on"),
    (ReintegrationTransition, "reached_on"),
)


@pytest.fixture(autouse=True)
def first_of_march() -> None:
    """The demo is built for the real today: these tests keep the real clock."""


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo of 300 cases (the default size) for the whole module, rolled back after it
    so the rows the migrations ship (the recovery instrument) survive for later modules."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", cases=300, seed=7, password="demo-password-1", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_demo_prints_the_aftercare_counts(demo):
    assert "follow-ups" in demo
    assert "households reached" in demo


def test_thousands_of_phone_follow_ups_in_six_months_for_the_bangladesh_offices(demo):
    since = timezone.localdate() - timedelta(days=182)
    calls = FollowUp.objects.filter(
        kind="phone_call",
        status="done",
        done_on__gte=since,
        case__office__code__in=("BD-KHU", "BD-JSR"),
    )

    assert calls.count() >= 1000
    assert calls.values("case").distinct().count() >= 50


def test_every_date_is_true_for_its_case(demo):
    today = timezone.localdate()
    for model, field in DATED:
        records = model.objects.exclude(**{f"{field}__isnull": True})
        assert records.exists(), model
        assert not records.filter(**{f"{field}__gt": today}).exists(), model
        assert not records.filter(**{f"{field}__lt": F("case__opened_on")}).exists(), model
        closed = records.filter(case__status=Status.CLOSED)
        assert not closed.filter(**{f"{field}__gt": F("case__closed_on")}).exists(), model


def test_each_record_that_happened_has_its_event(demo):
    for model, field in DATED:
        happened = model.objects.exclude(**{f"{field}__isnull": True}).count()
        events = CaseEvent.objects.filter(source_type=model._meta.label_lower).count()
        assert events == happened, model


def test_relief_reaches_households_counted_once_and_some_income_rises_by_a_third(demo):
    relief = Service.objects.filter(kind="emergency_relief")
    assert relief.values("household").distinct().count() == Household.objects.count() > 0
    rose = 0
    for baseline in IncomeRecord.objects.filter(is_baseline=True, amount_per_month__gt=0):
        latest = (
            IncomeRecord.objects.filter(case_id=baseline.case_id).order_by("-recorded_on").first()
        )
        rose += latest.amount_per_month > baseline.amount_per_month * 13 / 10
    assert rose >= 1


def test_assessments_improve_over_time_on_the_whole(demo):
    firsts, lasts = [], []
    for case_id in RecoveryAssessment.objects.values_list("case_id", flat=True).distinct()[:200]:
        scores = [a.mean_score for a in RecoveryAssessment.objects.filter(case_id=case_id)]
        if len(scores) > 1:
            lasts.append(scores[0])  # newest first
            firsts.append(scores[-1])
    assert firsts and sum(lasts) > sum(firsts)


def test_the_demo_caseworker_has_follow_ups_due_and_overdue(demo):
    caseworker = User.objects.get(email="caseworker@demo.mukti.test")
    today = timezone.localdate()
    # (Counted without reading names: this module's demo was encrypted under other test keys.)
    planned = FollowUp.objects.filter(
        case_id__in=selectors.my_case_ids(caseworker), status="planned"
    )

    assert planned.filter(due_on__lt=today).exists()
    assert planned.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7)).exists()
