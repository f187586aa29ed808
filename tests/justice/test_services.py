"""Writes of the justice app (mukti/justice/services.py): dates in an order that can happen,
the survivors' timelines, and the statutory clocks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from mukti.cases.models import CaseEvent, EventKind
from mukti.cases.services import close_case
from mukti.justice import services
from mukti.justice.deadlines import clock_state, due_date
from mukti.justice.models import (
    AdjournmentReason,
    DeadlineClock,
    Engagement,
    Hearing,
    HearingStatus,
    LegalCase,
    PartyRole,
    Stage,
    StageChange,
)
from mukti.justice.models import (
    TestimonyMode as Mode,
)
from tests.justice.factories import add_accused, advance, file_case

pytestmark = pytest.mark.django_db


def events(case, kind) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case, kind=kind))


def message(error: pytest.ExceptionInfo) -> str:
    return " ".join(m for ms in error.value.message_dict.values() for m in ms)


def test_filing_a_legal_case_tells_the_survivors_timeline(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)

    [event] = events(justice.case, EventKind.LEGAL_CASE_FILED)
    assert event.happened_on == date(2026, 2, 1)
    assert event.summary == "Anti-Human Trafficking Offence Tribunal, Khulna"
    assert list(legal_case.stage_changes.values_list("stage", flat=True)) == ["complaint"]
    assert legal_case.office == justice.case.office


def test_the_investigating_officer_and_the_notes_are_encrypted(justice):
    legal_case = file_case(
        actor=justice.legal_officer, case=justice.case, strategy_notes="Press for joinder"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT investigating_officer, strategy_notes FROM justice_legalcase WHERE id = %s",
            [legal_case.pk.hex],
        )
        stored = cursor.fetchone()
    assert "Kamal" not in stored[0] and "joinder" not in stored[1]


def test_a_legal_case_moves_on_one_stage_at_a_time(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)

    with pytest.raises(ValidationError) as refused:
        advance(justice.legal_officer, legal_case, (Stage.TRIAL, date(2026, 3, 1)))

    assert "moves on to the investigation stage" in message(refused)
    advance(
        justice.legal_officer,
        legal_case,
        (Stage.INVESTIGATION, date(2026, 2, 2)),
        (Stage.CHARGE_SHEET, date(2026, 5, 1)),
    )
    assert legal_case.stage == Stage.CHARGE_SHEET
    assert legal_case.stage_since == date(2026, 5, 1)


def test_a_stage_cannot_be_dated_before_the_one_before_it(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)
    advance(justice.legal_officer, legal_case, (Stage.INVESTIGATION, date(2026, 3, 1)))

    with pytest.raises(ValidationError) as refused:
        advance(justice.legal_officer, legal_case, (Stage.CHARGE_SHEET, date(2026, 2, 20)))

    assert message(refused) == (
        "The charge sheet cannot be dated before the investigation (2026-03-01)."
    )
    assert not StageChange.objects.filter(stage=Stage.CHARGE_SHEET).exists()


def test_a_stage_cannot_be_dated_before_the_first_information_report(justice):
    legal_case = file_case(
        actor=justice.legal_officer,
        case=justice.case,
        fir_date=date(2026, 3, 10),
        stage_since=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as refused:
        advance(justice.legal_officer, legal_case, (Stage.INVESTIGATION, date(2026, 3, 5)))
    assert "before the first information report (2026-03-10)" in message(refused)


def test_a_date_in_the_future_is_refused(justice):
    with pytest.raises(ValidationError) as refused:
        file_case(actor=justice.legal_officer, case=justice.case, fir_date=date(2027, 1, 1))
    assert "future" in message(refused)
    assert not LegalCase.objects.exists()


def _at_trial(justice) -> LegalCase:
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)
    return advance(
        justice.legal_officer,
        legal_case,
        (Stage.INVESTIGATION, date(2026, 2, 5)),
        (Stage.CHARGE_SHEET, date(2026, 4, 1)),
        (Stage.TRIAL, date(2026, 5, 3)),
    )


def test_a_verdict_before_the_charge_sheet_stage_is_refused(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)
    accused = add_accused(justice.manager, legal_case)

    with pytest.raises(ValidationError) as refused:
        services.record_verdict(
            actor=justice.legal_officer,
            accused=accused,
            outcome="acquitted",
            decided_on=date(2026, 6, 1),
        )

    assert "comes after the charge sheet; this case is at the complaint stage" in message(refused)


@pytest.mark.parametrize(
    ("decided_on", "reason"),
    [
        (date(2026, 1, 20), "before the first information report (2026-02-01)"),
        (date(2026, 3, 20), "before the charge sheet (2026-04-01)"),
        (date(2026, 4, 10), "before the arrest (2026-04-15)"),
    ],
)
def test_a_verdict_in_an_impossible_order_is_refused_with_the_reason(justice, decided_on, reason):
    legal_case = _at_trial(justice)
    accused = add_accused(justice.manager, legal_case)
    services.record_arrest(
        actor=justice.legal_officer, accused=accused, arrested_on=date(2026, 4, 15), agency="RAB"
    )

    with pytest.raises(ValidationError) as refused:
        services.record_verdict(
            actor=justice.legal_officer, accused=accused, outcome="convicted", decided_on=decided_on
        )

    assert reason in message(refused)
    assert not events(justice.case, EventKind.VERDICT)


def test_a_verdict_goes_on_the_survivors_timeline_with_its_sentence(justice):
    legal_case = _at_trial(justice)
    accused = add_accused(justice.manager, legal_case)

    verdict = services.record_verdict(
        actor=justice.legal_officer,
        accused=accused,
        outcome="convicted",
        decided_on=date(2026, 9, 1),
        sentence=services.Sentence(years=7, fine=Decimal("50000"), fine_currency="bdt"),
    )

    assert (verdict.sentence_years, verdict.fine_currency) == (7, "BDT")
    [event] = events(justice.case, EventKind.VERDICT)
    assert (event.happened_on, event.summary) == (date(2026, 9, 1), "Convicted")
    assert event.source_id == verdict.pk


def test_only_a_conviction_carries_a_sentence(justice):
    accused = add_accused(justice.manager, _at_trial(justice))
    with pytest.raises(ValidationError) as refused:
        services.record_verdict(
            actor=justice.legal_officer,
            accused=accused,
            outcome="acquitted",
            decided_on=date(2026, 9, 1),
            sentence=services.Sentence(years=2),
        )
    assert "Only a conviction" in message(refused)


def test_an_appeal_before_the_verdict_is_refused(justice):
    legal_case = _at_trial(justice)
    accused = add_accused(justice.manager, legal_case)
    services.record_verdict(
        actor=justice.legal_officer,
        accused=accused,
        outcome="acquitted",
        decided_on=date(2026, 9, 1),
    )
    advance(justice.legal_officer, legal_case, (Stage.VERDICT, date(2026, 9, 1)))

    with pytest.raises(ValidationError) as refused:
        advance(justice.legal_officer, legal_case, (Stage.APPEAL, date(2026, 8, 20)))
    assert "cannot be dated before the verdict (2026-09-01)" in message(refused)


def test_a_verdict_after_the_appeal_is_refused(justice):
    legal_case = _at_trial(justice)
    advance(
        justice.legal_officer,
        legal_case,
        (Stage.VERDICT, date(2026, 9, 1)),
        (Stage.APPEAL, date(2026, 10, 1)),
    )
    accused = add_accused(justice.manager, legal_case)
    with pytest.raises(ValidationError) as refused:
        services.record_verdict(
            actor=justice.legal_officer,
            accused=accused,
            outcome="convicted",
            decided_on=date(2026, 10, 5),
        )
    assert "An appeal cannot come before the verdict (2026-10-01)." in message(refused)


def test_the_accused_is_an_encrypted_person_of_the_office(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)

    accused = add_accused(justice.manager, legal_case, "Jamal Uddin")

    assert accused.person.display_name == "Jamal Uddin"
    assert accused.person.office == justice.case.office
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM people_personname")
        assert all("Jamal" not in row[0] for row in cursor.fetchall())


def test_charges_cannot_be_framed_before_the_charge_sheet(justice):
    accused = add_accused(justice.manager, _at_trial(justice))
    with pytest.raises(ValidationError) as refused:
        services.record_charge(
            actor=justice.legal_officer,
            accused=accused,
            law_section="PSHTA s. 6",
            framed_on=date(2026, 3, 1),
        )
    assert "before the charge sheet (2026-04-01)" in message(refused)


def test_an_adjourned_hearing_says_why_and_schedules_the_next(justice):
    legal_case = _at_trial(justice)
    hearing = services.schedule_hearing(
        actor=justice.legal_officer,
        legal_case=legal_case,
        hearing_on=date(2026, 6, 1),
        purpose="evidence",
    )
    with pytest.raises(ValidationError) as refused:
        services.record_hearing(
            actor=justice.legal_officer,
            hearing=hearing,
            expected_version=hearing.version,
            result=services.HearingResult(status=HearingStatus.ADJOURNED),
        )
    assert "Say why" in message(refused)

    services.record_hearing(
        actor=justice.legal_officer,
        hearing=hearing,
        expected_version=hearing.version,
        result=services.HearingResult(
            status=HearingStatus.ADJOURNED,
            adjournment_reason=AdjournmentReason.WITNESS_ABSENT,
            next_date=date(2026, 12, 10),
        ),
    )

    [event] = events(justice.case, EventKind.HEARING)
    assert event.summary == "Adjourned: Absence of witness"
    following = Hearing.objects.get(hearing_on=date(2026, 12, 10))
    assert (following.status, following.purpose) == (HearingStatus.SCHEDULED, "evidence")


def test_a_hearing_in_the_future_cannot_be_recorded_as_held(justice):
    legal_case = _at_trial(justice)
    with pytest.raises(ValidationError) as refused:
        services.add_hearing(
            actor=justice.legal_officer,
            legal_case=legal_case,
            hearing_on=date(2026, 12, 1),
            purpose="evidence",
            result=services.HearingResult(status=HearingStatus.HELD),
        )
    assert "cannot have happened yet" in message(refused)
    assert not Hearing.objects.exists()


def test_a_closed_survivors_case_keeps_its_timeline_but_the_hearing_is_recorded(justice):
    legal_case = _at_trial(justice)
    justice.case.refresh_from_db()
    close_case(
        actor=justice.caseworker,
        case=justice.case,
        expected_version=justice.case.version,
        closed_on=date(2026, 6, 20),
        reason="Moved away",
    )
    services.add_hearing(
        actor=justice.legal_officer,
        legal_case=legal_case,
        hearing_on=date(2026, 7, 1),
        purpose="evidence",
        result=services.HearingResult(status=HearingStatus.HELD, outcome="Witness examined"),
    )
    assert Hearing.objects.get().status == HearingStatus.HELD
    assert not events(justice.case, EventKind.HEARING)


def test_video_testimony_from_another_country_goes_on_her_timeline(justice):
    legal_case = file_case(
        actor=justice.legal_officer,
        case=justice.case,
        country="IN",
        court="City Sessions Court, Kolkata",
        role=PartyRole.WITNESS,
    )
    support = services.record_witness_support(
        actor=justice.legal_officer,
        legal_case=legal_case,
        case=justice.case,
        details=services.WitnessSupportDetails(
            support_on=date(2026, 8, 3),
            prepared=True,
            protection_measures=("screen", "identity_withheld"),
            attended=True,
            testified=True,
            testimony_mode=Mode.VIDEO,
            testified_from="BD",
        ),
    )
    assert support.protection_measures == ["screen", "identity_withheld"]
    [event] = events(justice.case, EventKind.TESTIFIED)
    assert (event.happened_on, event.summary) == (date(2026, 8, 3), "By video conference")


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"testified": True}, "testimony_mode"),
        ({"testified": True, "attended": False, "testimony_mode": "in_person"}, "attended"),
        (
            {"testified": True, "testimony_mode": "in_person", "testified_from": "BD"},
            "testified_from",
        ),
    ],
)
def test_testimony_that_cannot_be_is_refused(justice, details, field):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case)
    with pytest.raises(ValidationError) as refused:
        services.record_witness_support(
            actor=justice.legal_officer,
            legal_case=legal_case,
            case=justice.case,
            details=services.WitnessSupportDetails(support_on=date(2026, 8, 3), **details),
        )
    assert field in refused.value.message_dict


def test_witness_support_is_for_a_survivor_of_the_legal_case(justice):
    from tests.factories import make_case

    legal_case = file_case(actor=justice.legal_officer, case=justice.case)
    other = make_case(actor=justice.caseworker)
    with pytest.raises(ValidationError) as refused:
        services.record_witness_support(
            actor=justice.legal_officer,
            legal_case=legal_case,
            case=other,
            details=services.WitnessSupportDetails(support_on=date(2026, 8, 3)),
        )
    assert "not linked" in message(refused)


def test_police_engagement_is_observed_over_time_and_a_yes_is_an_event(justice):
    for observed_on, engagement in [
        (date(2026, 2, 1), Engagement.NO),
        (date(2026, 3, 1), Engagement.PARTLY),
        (date(2026, 4, 1), Engagement.YES),
    ]:
        services.record_police_engagement(
            actor=justice.caseworker,
            case=justice.case,
            observed_on=observed_on,
            engagement=engagement,
        )
    [event] = events(justice.case, EventKind.ENGAGED_WITH_POLICE)
    assert event.happened_on == date(2026, 4, 1)


def test_police_engagement_before_the_case_opened_is_refused(justice):
    with pytest.raises(ValidationError) as refused:
        services.record_police_engagement(
            actor=justice.caseworker,
            case=justice.case,
            observed_on=date(2025, 12, 1),
            engagement="yes",
        )
    assert "before the case opened (2026-01-15)" in message(refused)


# --- statutory deadlines -------------------------------------------------------------------


def test_the_bangladesh_trial_limit_is_180_working_days_from_the_framing_of_charge(justice):
    legal_case = _at_trial(justice)

    [clock] = DeadlineClock.objects.filter(legal_case=legal_case)

    assert clock.deadline.section == "s. 24(1)"
    assert clock.starts_on == date(2026, 5, 3)
    # Sunday to Thursday: 180 working days are 36 weeks, and 3 May 2026 is a Sunday.
    assert clock.due_on == date(2027, 1, 10)
    assert clock.stopped_on is None


def test_a_trial_past_its_limit_is_breached_and_one_close_to_it_is_near(justice):
    legal_case = _at_trial(justice)
    clock = DeadlineClock.objects.select_related("deadline").get(legal_case=legal_case)

    with time_machine.travel(date(2026, 12, 20)):
        assert clock_state(clock) == "near"
    with time_machine.travel(date(2027, 1, 11)):
        assert clock_state(clock) == "breached"
    assert clock_state(clock, today=date(2026, 11, 1)) == "running"


def test_the_verdict_stops_the_clock_and_a_late_one_is_met_late(justice):
    legal_case = _at_trial(justice)
    with time_machine.travel(date(2027, 2, 1)):
        advance(justice.legal_officer, legal_case, (Stage.VERDICT, date(2027, 1, 20)))
    clock = DeadlineClock.objects.select_related("deadline").get(legal_case=legal_case)
    assert clock.stopped_on == date(2027, 1, 20)
    assert clock_state(clock) == "met_late"


def test_a_legal_case_in_another_country_runs_no_bangladesh_clock(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case, country="GB")
    advance(
        justice.legal_officer,
        legal_case,
        (Stage.INVESTIGATION, date(2026, 2, 5)),
        (Stage.CHARGE_SHEET, date(2026, 4, 1)),
        (Stage.TRIAL, date(2026, 5, 3)),
    )
    assert not DeadlineClock.objects.exists()


def test_a_new_rule_counts_on_cases_already_at_its_stage(justice):
    legal_case = _at_trial(justice)
    rule = services.DeadlineRule(
        country="BD",
        law="Test law",
        section="s. 1",
        description="Charge sheet to trial",
        from_stage=Stage.CHARGE_SHEET,
        until_stage=Stage.TRIAL,
        days=10,
        working_days=False,
    )

    deadline = services.save_deadline(actor=justice.legal_officer, rule=rule)

    clock = DeadlineClock.objects.select_related("deadline").get(deadline=deadline)
    assert (clock.starts_on, clock.due_on) == (date(2026, 4, 1), date(2026, 4, 11))
    assert clock.stopped_on == date(2026, 5, 3)
    assert clock_state(clock) == "met_late"
    assert legal_case.clocks.count() == 2


def test_a_rule_that_ends_before_it_starts_is_refused(justice):
    rule = services.DeadlineRule(
        country="BD",
        law="x",
        section="1",
        description="x",
        from_stage="trial",
        until_stage="complaint",
        days=5,
    )
    with pytest.raises(ValidationError) as refused:
        services.save_deadline(actor=justice.legal_officer, rule=rule)
    assert "until_stage" in refused.value.message_dict


def test_due_dates_skip_the_bangladesh_weekend_and_holidays(justice):
    from mukti.justice.models import Deadline

    rule = Deadline(days=2, working_days=True, weekmask="1111001", holidays=["2026-11-29"])
    # Thursday 26 Nov 2026: Friday and Saturday off, Sunday the 29th a holiday.
    assert due_date(rule, date(2026, 11, 26)) == date(2026, 12, 1)
