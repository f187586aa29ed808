"""Aftercare services (mukti/aftercare/services): what they store, the events they add to the
timeline, and the input they refuse."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mukti.accounts.roles import Role
from mukti.aftercare import services
from mukti.aftercare.models import (
    CarePlanNeed,
    Domain,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpStatus,
    Household,
    NeedLevel,
    RecoveryInstrument,
    ReintegrationStage,
    ServiceKind,
    ServiceStatus,
)
from mukti.aftercare.selectors import income_history
from mukti.cases.models import CaseEvent, EventKind, Status
from mukti.cases.selectors import timeline
from mukti.cases.services import close_case
from mukti.core.models import StaleEditError
from tests.aftercare.factories import (
    DAY,
    ITEMS_MIXED,
    SCORES_STABLE,
    delivered,
    done_follow_up,
    make_open_case,
    planned,
    staff_around,
)
from tests.factories import make_case, make_member, make_person

TODAY = date(2026, 3, 1)


def events(case, kind):
    """The case's current events of one kind, as the timeline shows them."""
    return [e for e in CaseEvent.objects.filter(case=case, kind=kind, superseded_by__isnull=True)]


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def closed(story, case):
    return close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=DAY,
        reason="Reintegrated",
    )


# --- care plans --------------------------------------------------------------------------


def test_a_care_plan_holds_all_six_domains_and_goes_on_the_timeline(story):
    case = make_open_case(story)

    plan = services.create_care_plan(
        actor=story.caseworker,
        case=case,
        agreed_on=DAY,
        review_on=DAY + timedelta(days=90),
        needs=[
            services.NeedInput(Domain.SAFETY, NeedLevel.HIGH, "Recruiter lives in the village"),
            services.NeedInput(Domain.ECONOMIC_EMPOWERMENT, NeedLevel.MEDIUM, "Wants tailoring"),
        ],
    )

    needs = {n.domain: n for n in CarePlanNeed.objects.filter(plan=plan)}
    assert set(needs) == set(Domain.values)
    assert needs[Domain.SAFETY].level == NeedLevel.HIGH
    assert needs[Domain.SAFETY].description == "Recruiter lives in the village"
    assert needs[Domain.SOCIAL_SUPPORT].level == NeedLevel.NONE
    [event] = events(case, EventKind.CARE_PLAN)
    assert (event.happened_on, event.source_id) == (DAY, plan.pk)


def test_a_second_current_care_plan_is_refused(story):
    case = make_open_case(story)
    services.create_care_plan(actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY)

    with pytest.raises(ValidationError, match="already has a care plan"):
        services.create_care_plan(actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY)


@pytest.mark.parametrize(
    ("agreed_on", "review_on", "field", "message"),
    [
        (date(2026, 3, 2), date(2026, 6, 1), "agreed_on", "The date cannot be in the future."),
        (date(2026, 1, 1), date(2026, 6, 1), "agreed_on", "before the case was opened"),
        (DAY, DAY - timedelta(days=1), "review_on", "before the plan was agreed"),
    ],
)
def test_impossible_care_plan_dates_are_refused(story, agreed_on, review_on, field, message):
    case = make_open_case(story)

    with pytest.raises(ValidationError) as refused:
        services.create_care_plan(
            actor=story.caseworker, case=case, agreed_on=agreed_on, review_on=review_on
        )

    assert message in messages(refused.value)[field][0]


def test_goal_owner_must_work_on_the_case(story):
    case = make_open_case(story)
    plan = services.create_care_plan(
        actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY
    )

    goal = services.add_goal(
        actor=story.caseworker,
        plan=plan,
        domain=Domain.ECONOMIC_EMPOWERMENT,
        description="Start a tailoring business",
        owner=story.colleague,
        target_on=date(2026, 9, 1),
    )
    assert goal.owner == story.colleague
    with pytest.raises(ValidationError) as refused:
        services.add_goal(
            actor=story.caseworker,
            plan=plan,
            domain=Domain.SAFETY,
            description="Safety plan",
            owner=story.outsider,
            target_on=date(2026, 9, 1),
        )
    assert "owner" in messages(refused.value)


def test_a_review_moves_the_review_date_and_goes_on_the_timeline(story):
    case = make_open_case(story)
    plan = services.create_care_plan(
        actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY
    )

    services.record_care_plan_review(
        actor=story.caseworker,
        plan=plan,
        reviewed_on=TODAY,
        next_review_on=date(2026, 6, 1),
        notes="Goals on track",
    )

    plan.refresh_from_db()
    assert plan.review_on == date(2026, 6, 1)
    assert len(events(case, EventKind.CARE_PLAN)) == 2


def test_a_care_plan_edit_on_an_old_version_is_refused(story):
    case = make_open_case(story)
    plan = services.create_care_plan(
        actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY
    )
    seen = plan.version
    services.update_care_plan(
        actor=story.colleague,
        plan=plan,
        expected_version=seen,
        agreed_on=DAY,
        review_on=date(2026, 5, 1),
        needs=[],
    )

    with pytest.raises(StaleEditError):
        services.update_care_plan(
            actor=story.caseworker,
            plan=plan,
            expected_version=seen,
            agreed_on=DAY,
            review_on=date(2026, 4, 1),
            needs=[],
        )


def test_an_archived_plan_makes_room_for_a_new_one_and_can_be_restored_only_alone(story):
    case = make_open_case(story)
    old = services.create_care_plan(actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY)
    services.archive_care_plan(actor=story.caseworker, plan=old)
    assert events(case, EventKind.CARE_PLAN) == []
    new = services.create_care_plan(actor=story.caseworker, case=case, agreed_on=DAY, review_on=DAY)

    with pytest.raises(ValidationError, match="another current care plan"):
        services.restore_care_plan(actor=story.caseworker, plan=old)
    services.archive_care_plan(actor=story.caseworker, plan=new)
    services.restore_care_plan(actor=story.caseworker, plan=old)
    assert [e.source_id for e in events(case, EventKind.CARE_PLAN)] == [old.pk]


# --- services ------------------------------------------------------------------------------


def test_a_delivered_service_is_dated_costed_and_on_the_timeline(story):
    case = make_open_case(story)

    service = services.record_service(
        actor=story.caseworker,
        case=case,
        details=delivered(
            ServiceKind.VOCATIONAL_TRAINING,
            provider="Khulna Technical Centre",
            cost=Decimal("4500.00"),
            currency="BDT",
            notes="Mobile phone repair course",
        ),
    )

    service.refresh_from_db()
    assert (service.cost, service.currency, service.section) == (
        Decimal("4500.00"),
        "BDT",
        "general",
    )
    assert service.notes == "Mobile phone repair course"
    [event] = events(case, EventKind.SERVICE_DELIVERED)
    assert (event.happened_on, event.summary) == (DAY, "Vocational training")


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (planned(due_on=None), "due_on"),
        (delivered(delivered_on=date(2026, 3, 2)), "delivered_on"),
        (delivered(cost=Decimal("10")), "currency"),
        (delivered(cost=Decimal("-1"), currency="BDT"), "cost"),
        (delivered(ServiceKind.EMERGENCY_RELIEF, relief=""), "relief"),
        (delivered(ServiceKind.EDUCATION, relief="food"), "relief"),
        (delivered(ServiceKind.EDUCATION, people_reached=3), "people_reached"),
        (
            delivered(ServiceKind.EMERGENCY_RELIEF, household_size=3, people_reached=4),
            "people_reached",
        ),
        (delivered(ServiceKind.EMERGENCY_RELIEF, household_size=0), "household_size"),
        (delivered(kind="massage"), "kind"),
    ],
)
def test_bad_service_input_is_refused_and_named(story, details, field):
    case = make_open_case(story)

    with pytest.raises(ValidationError) as refused:
        services.record_service(actor=story.caseworker, case=case, details=details)

    assert field in messages(refused.value)


def test_counselling_sessions_are_recorded_only_by_roles_reading_counselling(story):
    case = make_open_case(story)
    staff = staff_around(story, case)

    with pytest.raises(PermissionDenied):
        services.record_service(
            actor=staff.caseworker, case=case, details=delivered(ServiceKind.COUNSELLING)
        )
    session = services.record_service(
        actor=staff.counsellor, case=case, details=delivered(ServiceKind.COUNSELLING)
    )

    assert session.section == "counselling"
    # The timeline, which every reader sees, does not say what the restricted service was.
    [event] = events(case, EventKind.SERVICE_DELIVERED)
    assert event.summary == ""


def test_medical_care_is_refused_to_a_legal_officer_and_open_to_a_caseworker(story):
    case = make_open_case(story)
    staff = staff_around(story, case)

    with pytest.raises(PermissionDenied):
        services.record_service(
            actor=staff.legal_officer, case=case, details=delivered(ServiceKind.MEDICAL_CARE)
        )
    service = services.record_service(
        actor=staff.caseworker, case=case, details=delivered(ServiceKind.MEDICAL_CARE)
    )
    assert service.section == "health"


def test_emergency_relief_counts_the_household_once(story):
    first = make_open_case(story)
    survivor = first.survivor
    second = make_case(actor=story.caseworker, survivor=survivor)

    services.record_service(
        actor=story.caseworker,
        case=first,
        details=delivered(ServiceKind.EMERGENCY_RELIEF, relief="food", household_size=5),
    )
    rebuilt = services.record_service(
        actor=story.caseworker,
        case=second,
        details=delivered(ServiceKind.EMERGENCY_RELIEF, relief="home_rebuild"),
    )

    [household] = Household.objects.all()
    assert (household.survivor_id, household.size) == (survivor.pk, 5)
    assert rebuilt.household_id == household.pk
    assert rebuilt.people_reached == 5


def test_a_planned_service_delivered_later_goes_on_the_timeline_then(story):
    case = make_open_case(story)
    service = services.record_service(actor=story.caseworker, case=case, details=planned())
    assert events(case, EventKind.SERVICE_DELIVERED) == []

    services.update_service(
        actor=story.caseworker,
        service=service,
        expected_version=service.version,
        details=delivered(due_on=DAY, delivered_on=TODAY),
    )

    [event] = events(case, EventKind.SERVICE_DELIVERED)
    assert event.happened_on == TODAY
    with pytest.raises(ValidationError, match="cannot go back to planned"):
        services.update_service(
            actor=story.caseworker,
            service=service,
            expected_version=service.version,
            details=planned(),
        )


def test_a_planned_service_is_cancelled_and_restored_not_deleted(story):
    case = make_open_case(story)
    service = services.record_service(actor=story.caseworker, case=case, details=planned())

    services.cancel_service(actor=story.caseworker, service=service, reason="Moved away")
    assert service.status == ServiceStatus.CANCELLED
    services.restore_cancelled_service(actor=story.caseworker, service=service)
    assert (service.status, service.due_on) == (ServiceStatus.PLANNED, DAY)


def test_archiving_a_delivered_service_withdraws_its_event_and_restoring_brings_it_back(story):
    case = make_open_case(story)
    service = services.record_service(actor=story.caseworker, case=case, details=delivered())

    services.set_service_archived(actor=story.caseworker, service=service, archived=True)
    shown = [e.kind for e in timeline(story.caseworker, case=case)]
    assert EventKind.SERVICE_DELIVERED not in shown

    services.set_service_archived(actor=story.caseworker, service=service, archived=False)
    assert len(events(case, EventKind.SERVICE_DELIVERED)) == 1


# --- follow-ups ----------------------------------------------------------------------------


def test_a_planned_follow_up_done_goes_on_the_timeline(story):
    case = make_open_case(story)
    follow_up = services.plan_follow_up(
        actor=story.caseworker, case=case, kind=FollowUpKind.PHONE_CALL, due_on=date(2026, 3, 5)
    )
    assert events(case, EventKind.FOLLOW_UP) == []

    services.complete_follow_up(
        actor=story.caseworker,
        follow_up=follow_up,
        expected_version=follow_up.version,
        done_on=TODAY,
        outcome=FollowUpOutcome.NEEDS_SUPPORT,
        notes="Lender pressing the family",
    )

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.done_on) == (FollowUpStatus.DONE, TODAY)
    [event] = events(case, EventKind.FOLLOW_UP)
    assert event.summary == "Phone call: Reached: needs support"
    assert "Lender" not in event.summary


def test_a_follow_up_on_a_closed_case_is_refused_with_a_clear_message(story):
    case = make_open_case(story)
    closed(story, case)

    with pytest.raises(ValidationError) as refused:
        done_follow_up(story.caseworker, case)
    assert refused.value.messages == [
        "This case is closed. Reopen it before planning or recording a follow-up."
    ]
    with pytest.raises(ValidationError, match="Reopen it before planning"):
        services.plan_follow_up(
            actor=story.caseworker, case=case, kind=FollowUpKind.HOME_VISIT, due_on=TODAY
        )


def test_a_planned_follow_up_cannot_be_completed_once_the_case_is_closed(story):
    case = make_open_case(story)
    follow_up = services.plan_follow_up(
        actor=story.caseworker, case=case, kind=FollowUpKind.VIDEO_CALL, due_on=TODAY
    )
    closed(story, case)
    follow_up.refresh_from_db()

    with pytest.raises(ValidationError, match="Reopen it"):
        services.complete_follow_up(
            actor=story.caseworker,
            follow_up=follow_up,
            expected_version=follow_up.version,
            done_on=TODAY,
            outcome=FollowUpOutcome.DOING_WELL,
        )


@pytest.mark.parametrize(
    ("done_on", "message"),
    [
        (date(2026, 3, 2), "The date cannot be in the future."),
        (date(2026, 1, 5), "The date is before the survivor's date of birth."),
        (date(2026, 1, 14), "The date is before the case was opened"),
    ],
)
def test_follow_up_dates_that_cannot_be_true_are_refused(story, done_on, message):
    baby = make_person(actor=story.caseworker, office=story.office, birth_date=date(2026, 1, 10))
    case = make_case(actor=story.caseworker, survivor=baby)

    with pytest.raises(ValidationError) as refused:
        done_follow_up(story.caseworker, case, done_on=done_on)

    assert messages(refused.value)["done_on"][0].startswith(message)


def test_correcting_a_done_follow_ups_date_supersedes_its_event(story):
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case)
    [first] = events(case, EventKind.FOLLOW_UP)

    services.update_follow_up(
        actor=story.caseworker,
        follow_up=follow_up,
        expected_version=follow_up.version,
        kind=FollowUpKind.HOME_VISIT,
        done_on=DAY + timedelta(days=2),
        outcome=FollowUpOutcome.DOING_WELL,
    )

    [current] = events(case, EventKind.FOLLOW_UP)
    assert current.happened_on == DAY + timedelta(days=2)
    first.refresh_from_db()
    assert first.superseded_by_id == current.pk


def test_a_cancelled_follow_up_leaves_the_queue_and_can_be_restored(story):
    case = make_open_case(story)
    follow_up = services.plan_follow_up(
        actor=story.caseworker, case=case, kind=FollowUpKind.PHONE_CALL, due_on=TODAY
    )

    services.cancel_follow_up(actor=story.caseworker, follow_up=follow_up)
    with pytest.raises(ValidationError, match="cancelled"):
        services.update_follow_up(
            actor=story.caseworker,
            follow_up=follow_up,
            expected_version=follow_up.version,
            kind=FollowUpKind.PHONE_CALL,
            due_on=TODAY,
        )
    services.restore_cancelled_follow_up(actor=story.caseworker, follow_up=follow_up)
    assert follow_up.status == FollowUpStatus.PLANNED


# --- assessments ---------------------------------------------------------------------------


def test_dass21_stores_the_items_and_computes_scores_and_bands(story):
    case = make_open_case(story)
    staff = staff_around(story, case)

    assessment = services.record_dass21(
        actor=staff.counsellor, case=case, assessed_on=DAY, items=ITEMS_MIXED
    )

    assessment.refresh_from_db()
    assert assessment.items == ITEMS_MIXED
    assert (assessment.depression, assessment.anxiety, assessment.stress) == (42, 28, 14)
    assert assessment.stress_band == "normal"
    assert assessment.banding == "lovibond-1995"
    [event] = events(case, EventKind.ASSESSMENT)
    assert event.summary == ""


def test_dass21_items_out_of_range_are_refused(story):
    case = make_open_case(story)
    staff = staff_around(story, case)

    with pytest.raises(ValidationError) as refused:
        services.record_dass21(
            actor=staff.counsellor, case=case, assessed_on=DAY, items=[0] * 19 + [4, 7]
        )

    assert messages(refused.value)["items"] == [
        "Item 20 must be 0, 1, 2 or 3.",
        "Item 21 must be 0, 1, 2 or 3.",
    ]


def test_dass21_belongs_to_counselling_so_a_caseworker_cannot_record_it(story):
    case = make_open_case(story)

    with pytest.raises(PermissionDenied):
        services.record_dass21(
            actor=story.caseworker, case=case, assessed_on=DAY, items=ITEMS_MIXED
        )


def test_a_recovery_assessment_is_stable_by_the_instruments_rule(story):
    case = make_open_case(story)

    stable = services.record_recovery_assessment(
        actor=story.caseworker, case=case, assessed_on=DAY, scores=SCORES_STABLE
    )
    shaky = services.record_recovery_assessment(
        actor=story.caseworker,
        case=case,
        assessed_on=TODAY,
        scores={**SCORES_STABLE, "safety": 2},
    )

    assert (stable.is_stable, shaky.is_stable) == (True, False)
    assert stable.mean_score == Decimal("3.3")
    summaries = {e.summary for e in events(case, EventKind.ASSESSMENT)}
    assert summaries == {"Recovery assessment: stable", "Recovery assessment: not yet stable"}


def test_the_stable_threshold_is_configuration(story):
    RecoveryInstrument.objects.filter(is_current=True).update(stable_threshold=Decimal("3.5"))
    case = make_open_case(story)

    assessment = services.record_recovery_assessment(
        actor=story.caseworker, case=case, assessed_on=DAY, scores=SCORES_STABLE
    )

    assert assessment.is_stable is False


def test_recovery_scores_outside_the_scale_are_refused(story):
    case = make_open_case(story)

    with pytest.raises(ValidationError) as refused:
        services.record_recovery_assessment(
            actor=story.caseworker,
            case=case,
            assessed_on=DAY,
            scores={**SCORES_STABLE, "safety": 5, "social_support": 0},
        )

    assert messages(refused.value)["safety"] == ["Safety: give a score from 1 to 4."]
    assert "social_support" in messages(refused.value)


# --- income --------------------------------------------------------------------------------


def test_the_first_income_record_is_the_baseline_and_later_ones_show_the_change(story):
    case = make_open_case(story)

    baseline = services.record_income(
        actor=story.caseworker,
        case=case,
        recorded_on=DAY,
        amount_per_month=Decimal("4000"),
        currency="BDT",
        sources=["day_labour"],
    )
    services.record_income(
        actor=story.caseworker,
        case=case,
        recorded_on=TODAY,
        amount_per_month=Decimal("5400"),
        currency="BDT",
        sources=["small_business", "day_labour"],
    )

    assert baseline.is_baseline
    rows = income_history(story.caseworker, case=case)
    assert [(r.change, r.change_percent) for r in rows] == [
        (None, None),
        (Decimal("1400"), Decimal("35.0")),
    ]
    assert rows[1].rose_more_than_counted
    assert len(events(case, EventKind.INCOME_RECORDED)) == 2


def test_a_later_income_record_before_the_baseline_or_in_another_currency_is_refused(story):
    case = make_open_case(story)
    services.record_income(
        actor=story.caseworker,
        case=case,
        recorded_on=TODAY,
        amount_per_month=Decimal("4000"),
        currency="BDT",
    )

    with pytest.raises(ValidationError) as before:
        services.record_income(
            actor=story.caseworker,
            case=case,
            recorded_on=DAY,
            amount_per_month=Decimal("1"),
            currency="BDT",
        )
    with pytest.raises(ValidationError) as currency:
        services.record_income(
            actor=story.caseworker,
            case=case,
            recorded_on=TODAY,
            amount_per_month=Decimal("1"),
            currency="INR",
        )
    assert "recorded_on" in messages(before.value)
    assert messages(currency.value)["currency"] == [
        "Record income in the baseline's currency (BDT)."
    ]


def test_a_baseline_of_nothing_shows_the_change_without_a_percentage(story):
    case = make_open_case(story)
    for day, amount in ((DAY, "0"), (TODAY, "3000")):
        services.record_income(
            actor=story.caseworker,
            case=case,
            recorded_on=day,
            amount_per_month=Decimal(amount),
            currency="BDT",
        )

    later = income_history(story.caseworker, case=case)[1]
    assert (later.change, later.change_percent) == (Decimal("3000"), None)


def test_the_baseline_cannot_be_archived_while_later_records_use_it(story):
    case = make_open_case(story)
    baseline = services.record_income(
        actor=story.caseworker, case=case, recorded_on=DAY, amount_per_month=1, currency="BDT"
    )
    services.record_income(
        actor=story.caseworker, case=case, recorded_on=TODAY, amount_per_month=2, currency="BDT"
    )

    with pytest.raises(ValidationError, match="Archive them first"):
        services.set_income_archived(actor=story.caseworker, record=baseline, archived=True)


# --- reintegration -------------------------------------------------------------------------


def stage(story, case, name, day, reason=""):
    return services.record_reintegration_stage(
        actor=story.caseworker, case=case, stage=name, reached_on=day, reason=reason
    )


def test_stages_are_reached_in_order(story):
    case = make_open_case(story)
    stage(story, case, ReintegrationStage.IN_SHELTER, DAY)
    stage(story, case, ReintegrationStage.RETURNED_HOME, DAY + timedelta(days=10))

    with pytest.raises(ValidationError) as skipped:
        stage(story, case, ReintegrationStage.ADVANCED_STAGE, TODAY)
    with pytest.raises(ValidationError, match="at this stage already"):
        stage(story, case, ReintegrationStage.RETURNED_HOME, TODAY)
    with pytest.raises(ValidationError) as earlier:
        stage(story, case, ReintegrationStage.REINTEGRATING, DAY)

    assert messages(skipped.value)["stage"] == [
        "Stages are reached in order: record “Reintegrating” first."
    ]
    assert "reached_on" in messages(earlier.value)
    assert len(events(case, EventKind.REINTEGRATION_STAGE)) == 2


def test_a_step_back_needs_a_reason_and_is_recorded_as_one(story):
    case = make_open_case(story)
    stage(story, case, ReintegrationStage.RETURNED_HOME, DAY)
    stage(story, case, ReintegrationStage.REINTEGRATING, DAY + timedelta(days=5))

    with pytest.raises(ValidationError) as no_reason:
        stage(story, case, ReintegrationStage.IN_SHELTER, TODAY)
    back = stage(story, case, ReintegrationStage.IN_SHELTER, TODAY, reason="Family threatened")

    assert "reason" in messages(no_reason.value)
    assert back.is_step_back
    latest = events(case, EventKind.REINTEGRATION_STAGE)[0]
    assert latest.summary == "Step back to: In shelter"


def test_only_the_latest_stage_can_be_archived(story):
    case = make_open_case(story)
    first = stage(story, case, ReintegrationStage.IN_SHELTER, DAY)
    latest = stage(story, case, ReintegrationStage.RETURNED_HOME, TODAY)

    with pytest.raises(ValidationError, match="Only the latest"):
        services.set_reintegration_stage_archived(
            actor=story.caseworker, transition=first, archived=True
        )
    services.set_reintegration_stage_archived(
        actor=story.caseworker, transition=latest, archived=True
    )
    assert [e.source_id for e in events(case, EventKind.REINTEGRATION_STAGE)] == [first.pk]


# --- peer mentoring ------------------------------------------------------------------------


def test_a_trained_mentor_is_matched_and_sessions_go_on_the_mentees_timeline(story):
    mentor_case = make_open_case(story)
    mentee_case = make_open_case(story)
    mentor = services.train_peer_mentor(actor=story.caseworker, case=mentor_case, trained_on=DAY)

    match = services.match_peer_mentor(
        actor=story.caseworker, mentor=mentor, mentee_case=mentee_case, matched_on=DAY
    )
    services.log_peer_mentoring_session(
        actor=story.caseworker, match=match, held_on=TODAY, notes="Talked about school"
    )

    assert len(events(mentor_case, EventKind.PEER_MENTORING)) == 1
    assert [e.summary for e in events(mentee_case, EventKind.PEER_MENTORING)] == [
        "Peer mentoring session",
        "Matched with a peer mentor",
    ]


def test_impossible_mentoring_is_refused(story):
    mentor_case = make_open_case(story)
    own_other_case = make_case(actor=story.caseworker, survivor=mentor_case.survivor)
    mentee_case = make_open_case(story)
    mentor = services.train_peer_mentor(actor=story.caseworker, case=mentor_case, trained_on=TODAY)

    with pytest.raises(ValidationError, match="cannot mentor themselves"):
        services.match_peer_mentor(
            actor=story.caseworker, mentor=mentor, mentee_case=own_other_case, matched_on=TODAY
        )
    with pytest.raises(ValidationError, match="a match comes after that"):
        services.match_peer_mentor(
            actor=story.caseworker, mentor=mentor, mentee_case=mentee_case, matched_on=DAY
        )
    with pytest.raises(ValidationError, match="peer mentor already"):
        services.train_peer_mentor(actor=story.caseworker, case=mentor_case, trained_on=TODAY)


def test_a_mentee_outside_the_workers_scope_cannot_be_matched(story):
    mentor = services.train_peer_mentor(
        actor=story.caseworker, case=make_open_case(story), trained_on=DAY
    )
    elsewhere = make_case(actor=story.outsider)

    with pytest.raises(PermissionDenied):
        services.match_peer_mentor(
            actor=story.caseworker, mentor=mentor, mentee_case=elsewhere, matched_on=TODAY
        )


# --- re-trafficking ------------------------------------------------------------------------


def test_re_trafficking_reopens_a_closed_case_and_is_counted(story):
    case = make_open_case(story)
    closed(story, case)
    case.refresh_from_db()

    incident = services.record_re_trafficking(
        actor=story.caseworker, case=case, happened_on=TODAY, details="Taken across the border"
    )

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert incident.reopened_case
    kinds = [e.kind for e in timeline(story.caseworker, case=case)]
    assert set(kinds[:2]) == {EventKind.RE_TRAFFICKED, EventKind.REOPENED}
    assert len(events(case, EventKind.RE_TRAFFICKED)) == 1


def test_re_trafficking_needs_details_and_a_true_date(story):
    case = make_open_case(story)

    with pytest.raises(ValidationError) as no_details:
        services.record_re_trafficking(
            actor=story.caseworker, case=case, happened_on=DAY, details=" "
        )
    with pytest.raises(ValidationError) as future:
        services.record_re_trafficking(
            actor=story.caseworker, case=case, happened_on=date(2026, 4, 1), details="x"
        )

    assert "details" in messages(no_details.value)
    assert "happened_on" in messages(future.value)


def test_a_counsellor_cannot_reopen_a_case_to_record_re_trafficking(story):
    case = make_open_case(story)
    staff = staff_around(story, case)
    closed(story, case)
    case.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.record_re_trafficking(
            actor=staff.counsellor, case=case, happened_on=TODAY, details="Seen at the border"
        )
    case.refresh_from_db()
    assert case.status == Status.CLOSED


# --- who may record care at all ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CASEWORKER, True),
        (Role.COUNSELLOR, True),
        (Role.PROGRAMME_MANAGER, True),
        (Role.LEGAL_OFFICER, False),
        (Role.REPATRIATION_OFFICER, False),
        (Role.ME_OFFICER, False),
        (Role.DONOR_VIEWER, False),
        (Role.DATA_PROTECTION_OFFICER, False),
        (Role.SYSTEM_ADMINISTRATOR, False),
    ],
)
def test_who_may_record_a_follow_up(story, role, allowed):
    case = make_open_case(story)
    staff = staff_around(story, case)
    user = staff.by_role()[role]

    if allowed:
        assert done_follow_up(user, case).status == FollowUpStatus.DONE
    else:
        with pytest.raises(PermissionDenied):
            done_follow_up(user, case)


def test_partner_staff_and_outsiders_cannot_record_care_on_a_case_outside_their_office(story):
    case = make_open_case(story)
    partner = make_member(role=Role.PARTNER_STAFF)

    for user in (partner, story.outsider):
        with pytest.raises(PermissionDenied):
            done_follow_up(user, case)
