"""The demo's tracing records: reports from police stations, some about demo survivors that
matching really finds, confirmed matches with their events, and family tracing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mukti.accounts.models import User
from mukti.cases.models import CaseEvent, EventKind
from mukti.tracing import matches
from mukti.tracing.models import (
    MatchCandidate,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
    TracingRequest,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> str:
    out = StringIO()
    call_command("demo", cases=120, seed=4, password="demo-password-1", stdout=out)
    return out.getvalue()


def test_the_demo_has_reports_some_about_its_survivors_found_by_matching(demo):
    today = timezone.localdate()
    reports = MissingPersonReport.objects.all()
    assert reports.count() >= 150
    assert "missing-person reports" in demo
    assert not reports.filter(reported_on__gt=today).exists()
    assert {code for code in reports.values_list("office__code", flat=True)} <= {"BD-KHU", "BD-JSR"}
    assert reports.values("source_name").distinct().count() > 20

    found = reports.filter(status=ReportStatus.FOUND)
    for report in found.select_related("matched_case"):
        assert report.found_on >= report.matched_case.opened_on
        assert CaseEvent.objects.filter(
            case=report.matched_case,
            kind=EventKind.MATCHED_TO_MISSING_REPORT,
            source_id=report.pk,
        ).exists()
    confirmed = MatchCandidate.objects.filter(status=ReviewStatus.CONFIRMED)
    assert confirmed.exists() and all(c.evidence for c in confirmed)
    assert MatchCandidate.objects.filter(status=ReviewStatus.PENDING).exists()
    assert TracingRequest.objects.exists()
    assert not CaseEvent.objects.filter(
        kind__in=(EventKind.FAMILY_TRACED, EventKind.REUNITED), happened_on__gt=today
    ).exists()


def test_the_demo_caseworker_sees_a_queued_report_on_her_case(demo):
    caseworker = User.objects.get(email="programme-manager@demo.mukti.test")
    pending = MatchCandidate.objects.filter(status=ReviewStatus.PENDING).select_related("case")
    candidate = next(c for c in pending if c.case.office.code == "BD-KHU")

    answer = matches.reports_for_case(caseworker, case=candidate.case)

    assert candidate.report in [p.report for p in answer.found]
