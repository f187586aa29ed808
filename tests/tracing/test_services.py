"""Tracing services: recording and closing reports, reviewing pairs (a confirmed match
links the report to the case, adds the event and closes the report), and family tracing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from mukti.cases.models import CaseEvent, EventKind
from mukti.cases.services import close_case
from mukti.core.models import StaleEditError
from mukti.people.models import PersonName
from mukti.tracing import services
from mukti.tracing.models import (
    CandidateKind,
    MatchCandidate,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
    StepKind,
    StepOutcome,
    TracingStatus,
)
from tests.factories import make_case
from tests.tracing.factories import make_report, report_details

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def queued(*, actor, case, report, probability: float = 0.97) -> MatchCandidate:
    return services.queue_case_candidate(
        actor=actor,
        case=case,
        report=report,
        found=services.FoundPair(
            match_probability=probability,
            match_weight=8.5,
            evidence=[{"field": "given_name", "label": "Sounds the same", "match_weight": 4.1}],
            model_version="test",
            person_age=15,
        ),
    )


# --- reports ------------------------------------------------------------------------------


def test_a_report_records_the_missing_person_with_encrypted_details(story):
    report = make_report(actor=story.caseworker, office=story.office, other_names=("Moni", "Runi"))

    person = report.person
    assert person.display_name == "Rina Akter"
    assert person.estimated_age == 15 and person.age_estimated_on == date(2025, 12, 1)
    assert {n.given_name for n in person.names.filter(kind=PersonName.Kind.ALIAS)} == {
        "Moni",
        "Runi",
    }
    assert person.addresses.get().village == "Bagachra"
    with connection.cursor() as cursor:
        cursor.execute(
            "select report_number, father_name, reporter_phone from tracing_missingpersonreport"
        )
        stored = cursor.fetchone()
    assert all(value.startswith("m1.") for value in stored)
    assert "1234" not in report.report_key


def test_the_same_report_cannot_be_recorded_twice_in_an_office(story):
    make_report(actor=story.caseworker, office=story.office, report_number="GD 1234/25")

    with pytest.raises(ValidationError) as refused:
        make_report(
            actor=story.caseworker,
            office=story.office,
            report_number="gd-1234/25",
            source_name="  SHARSHA police   station ",
        )

    assert "report_number" in refused.value.message_dict
    assert MissingPersonReport.objects.count() == 1


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"given_name": "", "family_name": ""}, "given_name"),
        ({"source_name": " "}, "source_name"),
        ({"report_number": "--"}, "report_number"),
        ({"reported_on": TODAY + timedelta(days=1)}, "reported_on"),
        (
            {
                "birth_date": date(2010, 1, 1),
                "reported_on": date(2009, 5, 1),
                "estimated_age": None,
            },
            "reported_on",
        ),
        ({"last_seen_on": date(2025, 12, 5)}, "last_seen_on"),
        ({"estimated_age": 130}, "estimated_age"),
        ({"reporter_phone": "12"}, "reporter_phone"),
    ],
)
def test_a_report_with_impossible_details_is_refused(story, details, field):
    with pytest.raises(ValidationError) as refused:
        make_report(actor=story.caseworker, office=story.office, **details)

    assert field in refused.value.message_dict
    assert not MissingPersonReport.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("caseworker", True),
        ("manager", True),
        ("repatriation_officer", True),
        ("counsellor", False),
        ("me_officer", False),
        ("outsider", False),
    ],
)
def test_who_may_record_a_report_in_the_office(story, request, who, allowed):
    user = (
        story.outsider
        if who == "outsider"
        else (story.caseworker if who == "caseworker" else request.getfixturevalue(who))
    )
    if allowed:
        make_report(actor=user, office=story.office)
        assert MissingPersonReport.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            make_report(actor=user, office=story.office)


def test_closing_a_report_needs_a_reason_and_a_possible_date_and_keeps_it(story):
    report = make_report(actor=story.caseworker, office=story.office)

    with pytest.raises(ValidationError):
        services.close_report(
            actor=story.caseworker,
            report=report,
            expected_version=report.version,
            status=ReportStatus.CLOSED,
            closed_on=TODAY,
            reason=" ",
        )
    with pytest.raises(ValidationError):
        services.close_report(
            actor=story.caseworker,
            report=report,
            expected_version=report.version,
            status=ReportStatus.CLOSED,
            closed_on=date(2025, 11, 1),
            reason="Withdrawn",
        )
    services.close_report(
        actor=story.caseworker,
        report=report,
        expected_version=report.version,
        status=ReportStatus.FOUND,
        closed_on=TODAY,
        reason="She came home by herself.",
    )

    report.refresh_from_db()
    assert (report.status, report.found_on) == (ReportStatus.FOUND, TODAY)
    assert report.history.count() == 2


def test_a_stale_close_is_refused(story, colleague):
    report = make_report(actor=story.caseworker, office=story.office)
    services.close_report(
        actor=story.caseworker,
        report=report,
        expected_version=1,
        status=ReportStatus.CLOSED,
        closed_on=TODAY,
        reason="Withdrawn",
    )
    services.reopen_report(
        actor=story.caseworker, report=report, expected_version=2, reason="Closed by mistake"
    )
    stale = MissingPersonReport.objects.get(pk=report.pk)
    stale.version = 1

    with pytest.raises(StaleEditError):
        services.close_report(
            actor=colleague,
            report=stale,
            expected_version=1,
            status=ReportStatus.CLOSED,
            closed_on=TODAY,
            reason="Withdrawn",
        )


# --- review -------------------------------------------------------------------------------


def test_confirming_links_the_report_adds_the_event_and_closes_the_report_as_found(story):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    report = make_report(actor=story.caseworker, office=story.office)
    candidate = queued(actor=story.caseworker, case=case, report=report)

    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.CONFIRMED,
        reason="Her mother confirmed by phone.",
        decided_on=date(2026, 1, 20),
    )

    report.refresh_from_db()
    candidate.refresh_from_db()
    assert report.status == ReportStatus.FOUND
    assert report.matched_case == case
    assert report.found_on == date(2026, 1, 20)
    assert candidate.status == ReviewStatus.CONFIRMED
    assert candidate.review_reason == "Her mother confirmed by phone."
    assert candidate.reviewed_by == story.caseworker
    event = CaseEvent.objects.get(case=case, kind=EventKind.MATCHED_TO_MISSING_REPORT)
    assert event.happened_on == date(2026, 1, 20)
    assert (event.source_type, event.source_id) == ("tracing.missingpersonreport", report.pk)
    assert "Sharsha police station" in event.summary
    with connection.cursor() as cursor:
        cursor.execute("select review_reason from tracing_matchcandidate")
        assert cursor.fetchone()[0].startswith("m1.")


def test_confirming_sets_aside_the_reports_other_pairs(story):
    case = make_case(actor=story.caseworker)
    other_case = make_case(actor=story.caseworker)
    report = make_report(actor=story.caseworker, office=story.office)
    candidate = queued(actor=story.caseworker, case=case, report=report)
    other = queued(actor=story.caseworker, case=other_case, report=report)

    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.CONFIRMED,
        reason="Confirmed by her father.",
    )

    other.refresh_from_db()
    assert other.status == ReviewStatus.SET_ASIDE
    with pytest.raises(ValidationError):
        services.review_candidate(
            actor=story.caseworker,
            candidate=other,
            expected_version=other.version,
            decision=ReviewStatus.CONFIRMED,
            reason="Also her?",
        )


def test_rejected_and_unsure_leave_the_report_open(story):
    case = make_case(actor=story.caseworker)
    report = make_report(actor=story.caseworker, office=story.office)
    candidate = queued(actor=story.caseworker, case=case, report=report)

    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.UNSURE,
        reason="Waiting for a photo from the police station.",
    )
    candidate.refresh_from_db()
    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.REJECTED,
        reason="The photo is of someone else.",
    )

    report.refresh_from_db()
    candidate.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert candidate.status == ReviewStatus.REJECTED
    assert not CaseEvent.objects.filter(kind=EventKind.MATCHED_TO_MISSING_REPORT).exists()
    assert candidate.history.count() == 3


def test_a_review_needs_a_reason_and_a_known_decision(story):
    case = make_case(actor=story.caseworker)
    candidate = queued(
        actor=story.caseworker,
        case=case,
        report=make_report(actor=story.caseworker, office=story.office),
    )

    for decision, reason in ((ReviewStatus.CONFIRMED, ""), ("maybe", "Looks like her")):
        with pytest.raises(ValidationError):
            services.review_candidate(
                actor=story.caseworker,
                candidate=candidate,
                expected_version=candidate.version,
                decision=decision,
                reason=reason,
            )
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.PENDING


def test_a_match_on_a_closed_case_is_refused_and_nothing_changes(story):
    case = make_case(actor=story.caseworker)
    report = make_report(actor=story.caseworker, office=story.office)
    candidate = queued(actor=story.caseworker, case=case, report=report)
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=TODAY,
        reason="Moved away",
    )

    with pytest.raises(ValidationError):
        services.review_candidate(
            actor=story.caseworker,
            candidate=candidate,
            expected_version=candidate.version,
            decision=ReviewStatus.CONFIRMED,
            reason="Her mother confirmed.",
        )

    report.refresh_from_db()
    candidate.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert candidate.status == ReviewStatus.PENDING


def test_a_match_cannot_be_dated_before_the_case_opened(story):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    candidate = queued(
        actor=story.caseworker,
        case=case,
        report=make_report(actor=story.caseworker, office=story.office),
    )

    with pytest.raises(ValidationError) as refused:
        services.review_candidate(
            actor=story.caseworker,
            candidate=candidate,
            expected_version=candidate.version,
            decision=ReviewStatus.CONFIRMED,
            reason="Confirmed.",
            decided_on=date(2026, 1, 1),
        )
    assert "decided_on" in refused.value.message_dict


def test_a_stale_review_is_refused(story, colleague):
    case = make_case(actor=story.caseworker)
    candidate = queued(
        actor=story.caseworker,
        case=case,
        report=make_report(actor=story.caseworker, office=story.office),
    )
    seen_version = candidate.version
    services.review_candidate(
        actor=colleague,
        candidate=candidate,
        expected_version=seen_version,
        decision=ReviewStatus.UNSURE,
        reason="Need a photo.",
    )

    with pytest.raises(StaleEditError):
        services.review_candidate(
            actor=story.caseworker,
            candidate=MatchCandidate.objects.get(pk=candidate.pk),
            expected_version=seen_version,
            decision=ReviewStatus.REJECTED,
            reason="Not her.",
        )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("caseworker", True),
        ("colleague", True),
        ("manager", True),
        ("other_team_caseworker", False),
        ("repatriation_officer", False),
        ("counsellor", False),
        ("outsider", False),
    ],
)
def test_who_may_review_a_pair(story, request, who, allowed):
    case = make_case(actor=story.caseworker)
    candidate = queued(
        actor=story.caseworker,
        case=case,
        report=make_report(actor=story.caseworker, office=story.office),
    )
    user = {
        "caseworker": story.caseworker,
        "colleague": story.colleague,
        "outsider": story.outsider,
    }.get(who) or request.getfixturevalue(who)

    assert services.may_review(user, candidate) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.review_candidate(
                actor=user,
                candidate=candidate,
                expected_version=candidate.version,
                decision=ReviewStatus.REJECTED,
                reason="Not her.",
            )


def test_confirming_two_reports_closes_the_newer_as_a_duplicate(story):
    first = make_report(actor=story.caseworker, office=story.office, reported_on=date(2025, 12, 1))
    second = make_report(
        actor=story.caseworker,
        office=story.office,
        reported_on=date(2025, 12, 4),
        source_name="Benapole Port police station",
        report_number="GD 77/25",
    )
    candidate = MatchCandidate.objects.create(
        kind=CandidateKind.DUPLICATE_REPORTS,
        report=second,
        other_report=first,
        office=story.office,
        match_probability=0.99,
        match_weight=10,
        model_version="test",
    )

    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.CONFIRMED,
        reason="Same girl, reported at two stations.",
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ReportStatus.OPEN
    assert (second.status, second.duplicate_of) == (ReportStatus.CLOSED, first)


def test_a_pair_is_queued_once(story):
    case = make_case(actor=story.caseworker)
    report = make_report(actor=story.caseworker, office=story.office)

    first = queued(actor=story.caseworker, case=case, report=report)
    again = queued(actor=story.caseworker, case=case, report=report, probability=0.5)

    assert first.pk == again.pk
    assert MatchCandidate.objects.count() == 1


# --- family tracing -----------------------------------------------------------------------


def test_family_tracing_from_request_to_verification_to_reunification(story):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    tracing = services.open_tracing_request(
        actor=story.caseworker,
        case=case,
        opened_on=date(2026, 1, 20),
        family_sought="Her mother Rahima and her elder brother.",
        last_known_address="Bagachra, Sharsha",
    )
    services.record_tracing_step(
        actor=story.caseworker,
        request=tracing,
        kind=StepKind.HOME_VISIT,
        happened_on=date(2026, 2, 1),
        outcome=StepOutcome.FAMILY_FOUND,
        notes="Mother at home; brother works in Dhaka.",
    )
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.FAMILY_TRACED).exists()

    with pytest.raises(ValidationError):  # not verified yet
        services.record_reunification(
            actor=story.caseworker,
            request=tracing,
            expected_version=tracing.version,
            reunited_on=date(2026, 2, 3),
        )
    services.record_tracing_step(
        actor=story.caseworker,
        request=tracing,
        kind=StepKind.VERIFICATION,
        happened_on=date(2026, 2, 10),
        outcome=StepOutcome.VERIFIED,
        agency="Police Special Branch",
    )
    tracing.refresh_from_db()
    assert (tracing.status, tracing.verified_on) == (TracingStatus.VERIFIED, date(2026, 2, 10))
    with pytest.raises(ValidationError):  # before the verification
        services.record_reunification(
            actor=story.caseworker,
            request=tracing,
            expected_version=tracing.version,
            reunited_on=date(2026, 2, 9),
        )
    services.record_reunification(
        actor=story.caseworker,
        request=tracing,
        expected_version=tracing.version,
        reunited_on=date(2026, 3, 1),
        summary="Handed over to her mother.",
    )

    tracing.refresh_from_db()
    assert (tracing.status, tracing.reunited_on) == (TracingStatus.REUNITED, date(2026, 3, 1))
    kinds = list(
        CaseEvent.objects.filter(case=case).order_by("happened_on").values_list("kind", flat=True)
    )
    assert kinds == [EventKind.OPENED, EventKind.FAMILY_TRACED, EventKind.REUNITED]
    with pytest.raises(ValidationError):  # finished
        services.record_tracing_step(
            actor=story.caseworker,
            request=tracing,
            kind=StepKind.HOME_VISIT,
            happened_on=date(2026, 3, 2),
            outcome=StepOutcome.PENDING,
        )


def test_a_second_verification_adds_no_second_event(story):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    tracing = services.open_tracing_request(
        actor=story.caseworker, case=case, opened_on=date(2026, 1, 20), family_sought="Parents"
    )
    for day in (date(2026, 2, 1), date(2026, 2, 2)):
        services.record_tracing_step(
            actor=story.caseworker,
            request=tracing,
            kind=StepKind.VERIFICATION,
            happened_on=day,
            outcome=StepOutcome.VERIFIED,
        )
        tracing.refresh_from_db()

    assert CaseEvent.objects.filter(case=case, kind=EventKind.FAMILY_TRACED).count() == 1


@pytest.mark.parametrize(
    ("opened_on", "family_sought", "field"),
    [
        (date(2026, 1, 1), "Parents", "opened_on"),  # before the case opened
        (TODAY + timedelta(days=1), "Parents", "opened_on"),
        (date(2026, 1, 20), "  ", "family_sought"),
    ],
)
def test_a_tracing_request_with_impossible_details_is_refused(
    story, opened_on, family_sought, field
):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))

    with pytest.raises(ValidationError) as refused:
        services.open_tracing_request(
            actor=story.caseworker, case=case, opened_on=opened_on, family_sought=family_sought
        )
    assert field in refused.value.message_dict


def test_a_step_before_tracing_started_is_refused(story):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    tracing = services.open_tracing_request(
        actor=story.caseworker, case=case, opened_on=date(2026, 1, 20), family_sought="Parents"
    )

    with pytest.raises(ValidationError) as refused:
        services.record_tracing_step(
            actor=story.caseworker,
            request=tracing,
            kind=StepKind.HOME_VISIT,
            happened_on=date(2026, 1, 19),
            outcome=StepOutcome.FAMILY_FOUND,
        )
    assert "happened_on" in refused.value.message_dict


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("caseworker", True),
        ("manager", True),
        ("repatriation_officer", True),
        ("counsellor", False),
        ("other_team_caseworker", False),
        ("outsider", False),
    ],
)
def test_who_may_start_family_tracing(story, request, who, allowed):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    user = {"caseworker": story.caseworker, "outsider": story.outsider}.get(
        who
    ) or request.getfixturevalue(who)

    if allowed:
        services.open_tracing_request(
            actor=user, case=case, opened_on=date(2026, 1, 20), family_sought="Parents"
        )
    else:
        with pytest.raises(PermissionDenied):
            services.open_tracing_request(
                actor=user, case=case, opened_on=date(2026, 1, 20), family_sought="Parents"
            )


def test_stopping_tracing_keeps_the_reason(story):
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    tracing = services.open_tracing_request(
        actor=story.caseworker, case=case, opened_on=date(2026, 1, 20), family_sought="Parents"
    )

    services.close_tracing_request(
        actor=story.caseworker,
        request=tracing,
        expected_version=tracing.version,
        closed_on=date(2026, 2, 1),
        outcome="Returning home is not safe.",
    )

    tracing.refresh_from_db()
    assert tracing.status == TracingStatus.CLOSED
    assert tracing.outcome == "Returning home is not safe."


def test_a_tracing_request_may_name_only_a_report_matched_to_the_case(story):
    case = make_case(actor=story.caseworker)
    report = make_report(actor=story.caseworker, office=story.office)

    with pytest.raises(ValidationError):
        services.open_tracing_request(
            actor=story.caseworker,
            case=case,
            opened_on=TODAY,
            family_sought="Parents",
            report=report,
        )


def test_report_details_helper_is_valid(story):
    assert services.report_errors(report_details()) == {}
