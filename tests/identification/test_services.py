"""mukti/identification/services.py: what each action stores, the timeline it writes, and
what it refuses (with a plain reason)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from mukti.accounts.roles import Role
from mukti.cases.models import CaseEvent, EventKind, Status
from mukti.cases.services import close_case
from mukti.core.models import StaleEditError
from mukti.identification import services
from mukti.identification.models import (
    Agency,
    ObservedIndicator,
    Outcome,
    ReferralKind,
    ReferralStatus,
    RescuedPerson,
)
from mukti.people.services import PersonDetails
from tests.factories import make_member
from tests.identification.factories import (
    CHILDREN,
    ILO,
    PRESUMED,
    checklist,
    indicators,
    make_operation,
    make_referral,
    make_screening,
    operation_details,
    referral_details,
)


def events(case, kind: str) -> list[CaseEvent]:
    return list(case.events.filter(kind=kind, superseded_by__isnull=True).order_by("created_at"))


def message(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


# --- operations ---------------------------------------------------------------------------


def test_an_operation_is_recorded_with_its_place_and_notes_encrypted(story):
    operation = make_operation(actor=story.caseworker, office=story.office)

    operation.refresh_from_db()
    assert operation.place == "Near the Kalaroa crossing"
    assert operation.agency_label == "Border Guards Bangladesh"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT place, notes FROM identification_rescueoperation WHERE id = %s",
            [operation.pk.hex],
        )
        place, notes = cursor.fetchone()
    assert "Kalaroa" not in place
    assert "broker" not in notes


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.LEGAL_OFFICER, Role.ME_OFFICER])
def test_roles_without_identification_cannot_record_an_operation(story, role):
    member = make_member(role=role, office=story.office)

    with pytest.raises(PermissionDenied):
        make_operation(actor=member, office=story.office)


def test_outsider_cannot_record_an_operation_in_another_office(story):
    with pytest.raises(PermissionDenied):
        make_operation(actor=story.outsider, office=story.office)


def test_an_operation_in_the_future_is_refused(story):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        make_operation(actor=story.caseworker, office=story.office, operation_on=tomorrow)

    assert message(refused.value, "operation_on") == "The date cannot be in the future."


@pytest.mark.parametrize("agency", [Agency.NGO, Agency.PARTNER, Agency.OTHER])
def test_an_ngo_partner_or_other_agency_needs_its_name(story, agency):
    with pytest.raises(ValidationError) as refused:
        make_operation(actor=story.caseworker, office=story.office, agency=agency)

    assert "name of the organisation" in message(refused.value, "agency_name")


def test_a_person_removed_adds_removal_and_identification_to_the_timeline(story, case):
    operation = make_operation(actor=story.caseworker, office=story.office)

    rescued = services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)

    [removed] = events(case, EventKind.REMOVED_FROM_EXPLOITATION)
    assert removed.happened_on == date(2026, 2, 10)
    assert removed.summary == "Interception in transit or at a border · Border Guards Bangladesh"
    assert (removed.source_type, removed.source_id) == ("identification.rescuedperson", rescued.pk)
    [identified] = events(case, EventKind.IDENTIFIED)
    assert identified.happened_on == date(2026, 2, 10)
    assert (rescued.age_at_operation, rescued.is_minor, rescued.opened_case) == (27, False, False)


def test_a_minor_is_flagged_from_the_age_on_the_day_of_the_operation(story, child_case):
    # Mina was born on 1 March 2010: 15 on 10 February 2026, 16 three weeks later.
    operation = make_operation(actor=story.caseworker, office=story.office)

    rescued = services.add_rescued_case(
        actor=story.caseworker, operation=operation, case=child_case
    )

    assert (rescued.age_at_operation, rescued.is_minor) == (15, True)


def test_a_survivor_identified_before_is_not_identified_again(story, case):
    first = make_operation(actor=story.caseworker, office=story.office)
    second = make_operation(
        actor=story.caseworker, office=story.office, operation_on=date(2026, 3, 1)
    )

    services.add_rescued_case(actor=story.caseworker, operation=first, case=case)
    services.add_rescued_case(actor=story.caseworker, operation=second, case=case)

    assert len(events(case, EventKind.REMOVED_FROM_EXPLOITATION)) == 2
    assert len(events(case, EventKind.IDENTIFIED)) == 1


def test_the_same_case_cannot_be_linked_twice_to_an_operation(story, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)

    with pytest.raises(ValidationError) as refused:
        services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)

    assert message(refused.value, "case") == "This case is already linked to this operation."


def test_a_closed_case_must_be_reopened_before_it_is_linked(story, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 2, 1),
        reason="Moved away",
    )

    with pytest.raises(ValidationError) as refused:
        services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)

    assert "Reopen it" in " ".join(refused.value.messages)
    assert not RescuedPerson.objects.exists()


def test_a_caseworker_cannot_link_a_case_outside_their_scope(story, case):
    other_team = make_member(role=Role.CASEWORKER, office=story.office)
    operation = make_operation(actor=other_team, office=story.office)

    with pytest.raises(PermissionDenied):
        services.add_rescued_case(actor=other_team, operation=operation, case=case)


def test_a_new_survivor_gets_a_case_opened_on_the_day_of_the_operation(story):
    operation = make_operation(actor=story.caseworker, office=story.office)

    rescued = services.add_rescued_survivor(
        actor=story.caseworker,
        operation=operation,
        survivor=PersonDetails(
            given_name="Shila", estimated_age=14, age_estimated_on=date(2026, 2, 10)
        ),
        team=story.team,
    )

    case = rescued.case
    assert case.office == story.office
    assert case.opened_on == date(2026, 2, 10)
    assert case.survivor.display_name == "Shila"
    assert (rescued.opened_case, rescued.is_minor, rescued.age_at_operation) == (True, True, 14)
    kinds = set(case.events.values_list("kind", flat=True))
    assert kinds == {EventKind.OPENED, EventKind.REMOVED_FROM_EXPLOITATION, EventKind.IDENTIFIED}


def test_a_new_survivor_without_a_name_opens_nothing(story):
    operation = make_operation(actor=story.caseworker, office=story.office)

    with pytest.raises(ValidationError):
        services.add_rescued_survivor(
            actor=story.caseworker, operation=operation, survivor=PersonDetails(given_name="")
        )

    assert not RescuedPerson.objects.exists()


def test_changing_the_date_corrects_the_timeline_and_the_minor_flag(story, child_case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=operation, case=child_case)

    services.update_operation(
        actor=story.caseworker,
        operation=operation,
        expected_version=operation.version,
        details=operation_details(operation_on=date(2026, 3, 2)),
    )

    [removed] = events(child_case, EventKind.REMOVED_FROM_EXPLOITATION)
    assert removed.happened_on == date(2026, 3, 2)
    assert child_case.events.filter(superseded_by=removed).count() == 1
    assert events(child_case, EventKind.IDENTIFIED)[0].happened_on == date(2026, 3, 2)
    assert RescuedPerson.objects.get().age_at_operation == 16


def test_an_operation_edited_by_someone_else_meanwhile_is_refused(story):
    operation = make_operation(actor=story.caseworker, office=story.office)
    stale_version = operation.version
    services.update_operation(
        actor=story.colleague,
        operation=operation,
        expected_version=stale_version,
        details=operation_details(reference="BGB-1"),
    )

    with pytest.raises(StaleEditError):
        services.update_operation(
            actor=story.caseworker,
            operation=operation,
            expected_version=stale_version,
            details=operation_details(reference="BGB-2"),
        )


def test_an_operation_whose_case_closed_keeps_its_date(story, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 3, 1),
        reason="Stable",
    )

    with pytest.raises(ValidationError) as refused:
        services.update_operation(
            actor=story.caseworker,
            operation=operation,
            expected_version=operation.version,
            details=operation_details(operation_on=date(2026, 2, 11)),
        )

    assert "is closed" in " ".join(refused.value.messages)


# --- screenings ---------------------------------------------------------------------------


def test_a_presumed_victim_is_screened_and_identified(story, case):
    screening = make_screening(actor=story.caseworker, case=case)

    assert screening.outcome_reason == "Deceived about the job and held by debt"
    strengths = sorted(screening.observed.values_list("strength", flat=True))
    assert strengths == ["medium", "medium", "strong", "strong", "strong", "strong"]
    [screened] = events(case, EventKind.SCREENED)
    assert (screened.happened_on, screened.summary) == (
        date(2026, 2, 1),
        "Presumed victim of trafficking",
    )
    assert len(events(case, EventKind.IDENTIFIED)) == 1


def test_a_screening_that_needs_more_assessment_identifies_nobody(story, case):
    make_screening(
        actor=story.caseworker,
        case=case,
        codes=["dr-wages"],
        outcome=Outcome.NEEDS_MORE_ASSESSMENT,
    )

    assert len(events(case, EventKind.SCREENED)) == 1
    assert events(case, EventKind.IDENTIFIED) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 14), "The date is before the case was opened."),
        (timezone.localdate() + timedelta(days=1), "The date cannot be in the future."),
    ],
)
def test_a_screening_dated_outside_the_case_is_refused(story, case, day, expected):
    with pytest.raises(ValidationError) as refused:
        make_screening(actor=story.caseworker, case=case, screened_on=day)

    assert message(refused.value, "screened_on") == expected


def test_a_screening_needs_the_reason_for_its_outcome(story, case):
    with pytest.raises(ValidationError) as refused:
        make_screening(actor=story.caseworker, case=case, reason="  ")

    assert message(refused.value, "outcome_reason") == "Say why you reached this outcome."


def test_the_screener_works_for_the_organisation(story, case):
    with pytest.raises(ValidationError) as refused:
        make_screening(actor=story.caseworker, case=case, screener=story.outsider)

    assert "staff member of this organisation" in message(refused.value, "screener")


def test_the_childrens_checklist_is_refused_for_an_adult(story, case):
    with pytest.raises(ValidationError) as refused:
        make_screening(actor=story.caseworker, case=case, set_code=CHILDREN, codes=[])

    assert "for children" in message(refused.value, "indicator_set")


def test_the_adults_checklist_is_refused_for_a_child(story, child_case):
    with pytest.raises(ValidationError) as refused:
        make_screening(actor=story.caseworker, case=child_case)

    assert "for adults" in message(refused.value, "indicator_set")


def test_indicators_of_another_checklist_are_refused(story, case):
    with pytest.raises(ValidationError) as refused:
        services.record_screening(
            actor=story.caseworker,
            case=case,
            screened_on=date(2026, 2, 1),
            screener=story.caseworker,
            indicator_set=checklist(),
            indicators=indicators(["debt-bondage"], set_code=ILO),
            outcome=Outcome.NEEDS_MORE_ASSESSMENT,
            outcome_reason="Partial",
        )

    assert "chosen checklist" in message(refused.value, "indicators")


def test_a_caseworker_cannot_record_an_answer_about_sexual_exploitation(story, case):
    with pytest.raises(PermissionDenied):
        make_screening(
            actor=story.caseworker, case=case, set_code=ILO, codes=["physical-and-sexual-violence"]
        )


def test_a_counsellor_cannot_screen(story, case):
    counsellor = make_member(role=Role.COUNSELLOR, office=story.office)

    with pytest.raises(PermissionDenied):
        make_screening(actor=counsellor, case=case)


def test_editing_keeps_the_answers_the_editor_cannot_read(story, case):
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    screening = make_screening(
        actor=manager,
        case=case,
        set_code=ILO,
        codes=["deception", "physical-and-sexual-violence"],
    )

    services.update_screening(
        actor=story.caseworker,
        screening=screening,
        expected_version=screening.version,
        screened_on=date(2026, 2, 5),
        screener=story.caseworker,
        indicators=indicators(["debt-bondage"], set_code=ILO),
        outcome=Outcome.PRESUMED_VICTIM,
        outcome_reason="Debt bondage confirmed",
    )

    current = ObservedIndicator.objects.filter(screening=screening, withdrawn_at__isnull=True)
    assert sorted(current.values_list("indicator__code", flat=True)) == [
        "debt-bondage",
        "physical-and-sexual-violence",
    ]
    withdrawn = ObservedIndicator.objects.get(withdrawn_at__isnull=False)
    assert withdrawn.indicator.code == "deception"
    [screened] = events(case, EventKind.SCREENED)
    assert screened.happened_on == date(2026, 2, 5)
    assert case.events.filter(kind=EventKind.SCREENED).count() == 2  # the original, superseded


def test_a_screening_edited_by_someone_else_meanwhile_is_refused(story, case):
    screening = make_screening(actor=story.caseworker, case=case)
    stale = screening.version
    arguments = {
        "screened_on": date(2026, 2, 1),
        "screener": story.caseworker,
        "indicators": indicators(PRESUMED),
        "outcome": Outcome.PRESUMED_VICTIM,
        "outcome_reason": "Confirmed",
    }
    services.update_screening(
        actor=story.colleague, screening=screening, expected_version=stale, **arguments
    )

    with pytest.raises(StaleEditError):
        services.update_screening(
            actor=story.caseworker, screening=screening, expected_version=stale, **arguments
        )


def test_a_screening_on_a_closed_case_is_refused(story, case):
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 2, 1),
        reason="Moved away",
    )

    with pytest.raises(ValidationError) as refused:
        make_screening(actor=story.caseworker, case=case)

    assert "Reopen it" in " ".join(refused.value.messages)


# --- referrals ----------------------------------------------------------------------------


def test_a_referral_is_made_and_lands_on_the_timeline(story, case):
    referral = make_referral(actor=story.caseworker, case=case)

    assert (referral.status, referral.referred_to) == (ReferralStatus.MADE, "Safe home, Jessore")
    [referred] = events(case, EventKind.REFERRED)
    assert (referred.happened_on, referred.summary) == (date(2026, 2, 3), "To a shelter")


def test_an_nrm_referral_keeps_its_decisions_in_order(story, case):
    referral = make_referral(
        actor=story.caseworker,
        case=case,
        kind=ReferralKind.UK_NRM,
        referred_to="Home Office competent authority",
        reasonable_grounds="positive",
        reasonable_grounds_on=date(2026, 2, 9),
        conclusive_grounds="positive",
        conclusive_grounds_on=date(2026, 4, 20),
    )

    referral.refresh_from_db()
    assert referral.conclusive_grounds_on == date(2026, 4, 20)


@pytest.mark.parametrize(
    ("decisions", "field", "expected"),
    [
        (
            {"reasonable_grounds": "positive", "reasonable_grounds_on": date(2026, 2, 2)},
            "reasonable_grounds_on",
            "The reasonable-grounds decision is before the referral.",
        ),
        (
            {
                "reasonable_grounds": "positive",
                "reasonable_grounds_on": date(2026, 2, 9),
                "conclusive_grounds": "positive",
                "conclusive_grounds_on": date(2026, 2, 8),
            },
            "conclusive_grounds_on",
            "The conclusive-grounds decision is before the reasonable-grounds decision.",
        ),
        (
            {"conclusive_grounds": "positive", "conclusive_grounds_on": date(2026, 3, 8)},
            "conclusive_grounds_on",
            "A conclusive-grounds decision comes after a reasonable-grounds decision.",
        ),
        (
            {
                "reasonable_grounds": "negative",
                "reasonable_grounds_on": date(2026, 2, 9),
                "conclusive_grounds": "positive",
                "conclusive_grounds_on": date(2026, 3, 8),
            },
            "conclusive_grounds",
            "A conclusive-grounds decision follows only a positive reasonable-grounds decision.",
        ),
        (
            {"reasonable_grounds": "positive"},
            "reasonable_grounds_on",
            "Give both the decision and its date.",
        ),
        (
            {
                "reasonable_grounds": "positive",
                "reasonable_grounds_on": timezone.localdate() + timedelta(days=2),
            },
            "reasonable_grounds_on",
            "The date cannot be in the future.",
        ),
    ],
)
def test_nrm_decisions_out_of_order_are_refused(story, case, decisions, field, expected):
    with pytest.raises(ValidationError) as refused:
        make_referral(actor=story.caseworker, case=case, kind=ReferralKind.UK_NRM, **decisions)

    assert message(refused.value, field) == expected


def test_nrm_decisions_on_a_shelter_referral_are_refused(story, case):
    with pytest.raises(ValidationError) as refused:
        make_referral(
            actor=story.caseworker,
            case=case,
            reasonable_grounds="positive",
            reasonable_grounds_on=date(2026, 2, 9),
        )

    assert "UK National Referral Mechanism" in message(refused.value, "reasonable_grounds")


def test_a_referral_before_the_case_opened_is_refused(story, case):
    with pytest.raises(ValidationError) as refused:
        make_referral(actor=story.caseworker, case=case, referred_on=date(2026, 1, 1))

    assert message(refused.value, "referred_on") == "The date is before the case was opened."


def _move(actor, referral, status, on):
    return services.update_referral(
        actor=actor,
        referral=referral,
        expected_version=referral.version,
        details=referral_details(),
        status=status,
        status_on=on,
    )


def test_a_referral_is_accepted_then_completed(story, case):
    referral = make_referral(actor=story.caseworker, case=case)

    _move(story.caseworker, referral, ReferralStatus.ACCEPTED, date(2026, 2, 4))
    _move(story.caseworker, referral, ReferralStatus.COMPLETED, date(2026, 2, 20))

    referral.refresh_from_db()
    assert (referral.status, referral.answered_on, referral.ended_on) == (
        ReferralStatus.COMPLETED,
        date(2026, 2, 4),
        date(2026, 2, 20),
    )


def test_a_declined_referral_cannot_be_accepted(story, case):
    referral = make_referral(actor=story.caseworker, case=case)
    _move(story.caseworker, referral, ReferralStatus.DECLINED, date(2026, 2, 4))

    with pytest.raises(ValidationError) as refused:
        _move(story.caseworker, referral, ReferralStatus.ACCEPTED, date(2026, 2, 5))

    assert message(refused.value, "status") == "A referral that is declined cannot become accepted."


def test_a_status_change_needs_a_date_not_before_the_referral(story, case):
    referral = make_referral(actor=story.caseworker, case=case)

    with pytest.raises(ValidationError) as without_date:
        _move(story.caseworker, referral, ReferralStatus.ACCEPTED, None)
    with pytest.raises(ValidationError) as too_early:
        _move(story.caseworker, referral, ReferralStatus.ACCEPTED, date(2026, 2, 2))

    assert message(without_date.value, "status_on") == "Give the date of the change."
    assert message(too_early.value, "status_on") == (
        "The date is before the referral's previous step."
    )


def test_a_new_referral_date_corrects_the_timeline(story, case):
    referral = make_referral(actor=story.caseworker, case=case)

    services.update_referral(
        actor=story.caseworker,
        referral=referral,
        expected_version=referral.version,
        details=referral_details(referred_on=date(2026, 2, 6)),
        status=ReferralStatus.MADE,
    )

    [referred] = events(case, EventKind.REFERRED)
    assert referred.happened_on == date(2026, 2, 6)


def test_a_referral_on_a_closed_case_is_refused(story, case):
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 2, 1),
        reason="Moved away",
    )

    with pytest.raises(ValidationError):
        make_referral(actor=story.caseworker, case=case)

    assert case.status == Status.CLOSED
