"""Statutory limits kept in the admin site recount their clocks like those saved in the app."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory

from mukti.justice.models import Deadline, DeadlineClock, Stage
from tests.justice.factories import file_case

pytestmark = pytest.mark.django_db


def test_a_rule_changed_in_the_admin_recounts_its_clocks(justice):
    file_case(
        actor=justice.legal_officer,
        case=justice.case,
        fir_date=date(2026, 2, 1),
        stage=Stage.TRIAL,
        stage_since=date(2026, 3, 1),
    )
    rule = Deadline.objects.get(country="BD")
    model_admin = admin.site._registry[Deadline]
    request = RequestFactory().post("/admin/")
    request.user = justice.manager

    rule.days = 10
    rule.working_days = False
    model_admin.save_model(request, rule, form=None, change=True)

    assert DeadlineClock.objects.get(deadline=rule).due_on == date(2026, 3, 11)
