"""Repatriation services (mukti/repatriation/services.py): starting, steps in order, dates
refused with the reason, timeline events, documents, blockers, cancelling, corridors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from mukti.accounts.roles import Role
from mukti.cases import services as case_services
from mukti.cases.models import CaseEvent, EventKind
from mukti.core.models import StaleEditError
from mukti.repatriation import services
from mukti.repatriation.models import (
    Blocker,
    Corridor,
    Milestone,
    RepatriationStatus,
    StepDocument,
)
from mukti.repatriation.progress import days_late, due_on, is_overdue
from tests.factories import make_case, make_member
from tests.repatriation.factories import (
    corridor,
    finish,
    finish_through,
    make_repatriation,
    steps_of,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def case(story):
    return make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))


@pytest.fixture
def manager(story):
    return make_member(role=Role.PROGRAMME_MANAGER, office=story.office)


def _error(excinfo) -> str:
    return " ".join(str(m) for m in excinfo.value.messages)


# --- starting ---------------------------------------------------------------------------


def test_starting_copies_the_corridors_steps_with_planned_dates_and_documents(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)

    steps = steps_of(repatriation)
    assert [s.name for s in steps] == [
        "Identification in an Indian shelter home",
        "Information to the Bangladesh mission and task force",
        "Nationality verification",
        "Home investigation report",
        "Travel permit",
        "Repatriation order",
        "Handover at the border post",
        "Reception",
        "Family reunification",
    ]
    assert steps[0].planned_on == date(2026, 2, 1) + timedelta(days=steps[0].target_days)
    assert steps[1].planned_on == steps[0].planned_on + timedelta(days=steps[1].target_days)
    assert {d.document_type for d in steps[4].documents.all()} == {"travel_permit"}
    assert repatriation.status == RepatriationStatus.IN_PROGRESS
    assert repatriation.current_step == steps[0]
    assert repatriation.waiting_since == date(2026, 2, 1)
    assert repatriation.office == case.office


def test_a_repatriation_cannot_start_before_the_case_opened_or_in_the_future(story, case):
    with pytest.raises(ValidationError) as before:
        make_repatriation(actor=story.caseworker, case=case, started_on=date(2026, 1, 1))
    with pytest.raises(ValidationError) as future:
        make_repatriation(actor=story.caseworker, case=case, started_on=TODAY + timedelta(days=1))

    assert "before the case opened" in _error(before)
    assert "future" in _error(future)


def test_only_one_repatriation_in_progress_per_case(story, case):
    make_repatriation(actor=story.caseworker, case=case)

    with pytest.raises(ValidationError) as excinfo:
        make_repatriation(actor=story.caseworker, case=case)

    assert "in progress" in _error(excinfo)


def test_a_closed_case_gets_no_new_repatriation(story, case):
    case_services.close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 3, 1),
        reason="Moved away",
    )

    with pytest.raises(ValidationError) as excinfo:
        make_repatriation(actor=story.caseworker, case=case)

    assert "closed" in _error(excinfo)


def test_a_corridor_no_longer_in_use_starts_nothing(story, case, manager):
    in_bd = corridor()
    services.change_corridor(
        actor=manager, corridor=in_bd, expected_version=in_bd.version, qualifier="", is_active=False
    )

    with pytest.raises(ValidationError) as excinfo:
        make_repatriation(actor=story.caseworker, case=case)

    assert "not in use" in _error(excinfo)


# --- steps in order ---------------------------------------------------------------------


def test_a_step_cannot_be_done_before_it_started(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]

    with pytest.raises(ValidationError) as excinfo:
        finish(story.caseworker, step, date(2026, 2, 5), started_on=date(2026, 2, 10))

    assert excinfo.value.message_dict == {"done_on": ["A step cannot be done before it started."]}


def test_a_handover_before_the_travel_permit_is_refused(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    steps = finish_through(
        story.caseworker,
        repatriation,
        [date(2026, 2, 3), date(2026, 2, 20), date(2026, 5, 1), date(2026, 6, 1)],
    )
    travel_permit, order, handover = steps[4], steps[5], steps[6]

    with pytest.raises(ValidationError) as not_yet:
        finish(story.caseworker, handover, date(2026, 7, 1))
    assert "“Repatriation order” is not done yet" in _error(not_yet)

    finish(story.caseworker, travel_permit, date(2026, 7, 1))
    finish(story.caseworker, order, date(2026, 7, 20))
    with pytest.raises(ValidationError) as earlier:
        finish(story.caseworker, handover, date(2026, 7, 10))
    assert "“Repatriation order” was done on 2026-07-20" in _error(earlier)


def test_a_step_cannot_move_after_the_step_that_follows_it(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    first, second, *_ = finish_through(
        story.caseworker, repatriation, [date(2026, 2, 3), date(2026, 2, 20)]
    )

    with pytest.raises(ValidationError) as excinfo:
        finish(story.caseworker, first, date(2026, 3, 1))

    assert "“Information to the Bangladesh mission and task force” was done on 2026-02-20" in (
        _error(excinfo)
    )


def test_done_and_start_dates_in_the_future_are_refused(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]

    with pytest.raises(ValidationError) as excinfo:
        finish(story.caseworker, step, TODAY + timedelta(days=1))

    assert excinfo.value.message_dict == {"done_on": ["The date cannot be in the future."]}


def test_a_planned_date_may_be_in_the_future(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[2]

    updated = services.update_step(
        actor=story.caseworker,
        step=step,
        expected_version=step.version,
        planned_on=TODAY + timedelta(days=30),
        started_on=date(2026, 3, 1),
        done_on=None,
        responsible_agency="Special Branch, Khulna",
    )

    assert updated.planned_on == TODAY + timedelta(days=30)
    assert updated.responsible_agency == "Special Branch, Khulna"


def test_dates_before_the_repatriation_started_are_refused(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]

    with pytest.raises(ValidationError) as excinfo:
        finish(story.caseworker, step, date(2026, 1, 20))

    assert "before the repatriation started (2026-02-01)" in _error(excinfo)


def test_a_done_step_stays_done(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    finish(story.caseworker, step, date(2026, 2, 3))
    step.refresh_from_db()

    with pytest.raises(ValidationError) as excinfo:
        services.update_step(
            actor=story.caseworker,
            step=step,
            expected_version=step.version,
            planned_on=None,
            started_on=None,
            done_on=None,
            responsible_agency="",
        )

    assert "stays done" in _error(excinfo)


def test_an_edit_from_an_old_version_is_refused(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    finish(story.caseworker, step, date(2026, 2, 3))

    with pytest.raises(StaleEditError):
        services.update_step(
            actor=story.colleague,
            step=step,
            expected_version=1,
            planned_on=None,
            started_on=None,
            done_on=date(2026, 2, 4),
            responsible_agency="",
        )


# --- timeline events ---------------------------------------------------------------------


def _events(case, *kinds):
    return list(
        CaseEvent.objects.filter(case=case, kind__in=kinds, superseded_by__isnull=True)
        .order_by("happened_on")
        .values_list("kind", "happened_on", "summary")
    )


def test_each_step_done_is_on_the_timeline_with_repatriated_and_reunited(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    days = [date(2026, 2, 3) + timedelta(days=20 * i) for i in range(9)]

    finish_through(story.caseworker, repatriation, days)

    events = _events(case, EventKind.REPATRIATION_STEP, EventKind.REPATRIATED, EventKind.REUNITED)
    assert [kind for kind, _day, _summary in events] == [EventKind.REPATRIATION_STEP] * 6 + [
        EventKind.REPATRIATED,
        EventKind.REPATRIATION_STEP,
        EventKind.REUNITED,
    ]
    assert events[6] == (EventKind.REPATRIATED, days[6], "Handover at the border post")
    assert events[8] == (EventKind.REUNITED, days[8], "Family reunification")
    repatriation.refresh_from_db()
    assert repatriation.status == RepatriationStatus.COMPLETED
    assert repatriation.completed_on == days[8]
    assert repatriation.repatriated_on == days[6]
    assert repatriation.reunited_on == days[8]
    assert repatriation.days_end_to_end == (days[8] - date(2026, 2, 1)).days
    assert repatriation.days_to_repatriation == (days[6] - date(2026, 2, 1)).days
    assert repatriation.current_step is None


def test_a_corrected_date_replaces_the_event_instead_of_adding_one(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    finish(story.caseworker, step, date(2026, 2, 3))

    finish(story.caseworker, step, date(2026, 2, 5))

    assert _events(case, EventKind.REPATRIATION_STEP) == [
        (EventKind.REPATRIATION_STEP, date(2026, 2, 5), "Identification in an Indian shelter home")
    ]
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REPATRIATION_STEP).count() == 2


def test_steps_on_a_closed_case_wait_until_it_reopens(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    case_services.close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 3, 1),
        reason="Moved away",
    )

    with pytest.raises(ValidationError) as excinfo:
        finish(story.caseworker, step, date(2026, 2, 3))

    assert "closed" in _error(excinfo)


# --- overdue ---------------------------------------------------------------------------------


def test_the_current_step_is_overdue_after_its_target_days_from_when_it_could_start(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    steps = finish_through(story.caseworker, repatriation, [date(2026, 2, 3), date(2026, 2, 20)])
    verification = steps[2]  # 90 days from 20 February: due on 21 May

    assert verification.could_start_on == date(2026, 2, 20)
    assert due_on(verification) == date(2026, 5, 21)
    assert not is_overdue(verification, today=date(2026, 5, 21))
    assert is_overdue(verification, today=date(2026, 5, 22))
    assert days_late(verification, today=TODAY) == (TODAY - date(2026, 5, 21)).days
    repatriation.refresh_from_db()
    assert (repatriation.current_step, repatriation.due_on) == (verification, date(2026, 5, 21))


def test_a_step_whose_previous_step_is_not_done_is_not_overdue(story, case):
    steps = steps_of(make_repatriation(actor=story.caseworker, case=case))

    assert steps[3].could_start_on is None
    assert not is_overdue(steps[3], today=TODAY)
    assert is_overdue(steps[0], today=TODAY)


def test_a_late_step_shows_how_late_it_finished(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    first = finish_through(story.caseworker, repatriation, [date(2026, 2, 25)])[0]

    assert first.days_taken == 24
    assert days_late(first, today=TODAY) == 10  # target 14 days
    assert not is_overdue(first, today=TODAY)


# --- documents and blockers ---------------------------------------------------------------


def test_a_document_received_needs_its_date(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[4]
    permit = step.documents.get()

    with pytest.raises(ValidationError) as excinfo:
        services.record_document(
            actor=story.caseworker,
            document=permit,
            expected_version=permit.version,
            received=True,
            received_on=None,
        )
    assert "when the document was received" in _error(excinfo)

    services.record_document(
        actor=story.caseworker,
        document=permit,
        expected_version=permit.version,
        received=True,
        received_on=date(2026, 6, 30),
    )
    permit.refresh_from_db()
    assert (permit.received, permit.received_on) == (True, date(2026, 6, 30))


def test_another_document_can_be_added_to_a_steps_checklist(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]

    services.add_document(actor=story.caseworker, step=step, document_type="other")

    assert sorted(d.document_type for d in step.documents.all()) == [
        "consent_to_return",
        "other",
        "shelter_order",
    ]
    with pytest.raises(ValidationError):
        services.add_document(actor=story.caseworker, step=step, document_type="passport photo")


def test_a_blocker_is_opened_and_resolved_with_dates_and_an_encrypted_note(story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[2]

    blocker = services.open_blocker(
        actor=story.caseworker,
        step=step,
        opened_on=date(2026, 4, 1),
        note="Special Branch cannot find the family at the address given",
    )
    with pytest.raises(ValidationError) as early:
        services.resolve_blocker(
            actor=story.caseworker,
            blocker=blocker,
            expected_version=blocker.version,
            resolved_on=date(2026, 3, 30),
        )
    assert "before it was opened (2026-04-01)" in _error(early)
    services.resolve_blocker(
        actor=story.caseworker,
        blocker=blocker,
        expected_version=blocker.version,
        resolved_on=date(2026, 5, 2),
        resolution="The mother's new address was traced",
    )

    stored = Blocker.objects.filter(pk=blocker.pk).values_list("note", flat=True)
    assert Blocker.objects.get(pk=blocker.pk).resolved_on == date(2026, 5, 2)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM repatriation_blocker WHERE id = %s", [blocker.pk.hex])
        raw = cursor.fetchone()[0]
    assert "Special Branch" not in raw
    assert "Special Branch" in stored[0]


def test_a_blocker_needs_a_note_and_an_open_step(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    done = finish_through(story.caseworker, repatriation, [date(2026, 2, 3)])[0]

    with pytest.raises(ValidationError):
        services.open_blocker(actor=story.caseworker, step=done, opened_on=TODAY, note="x")
    with pytest.raises(ValidationError):
        services.open_blocker(
            actor=story.caseworker, step=steps_of(repatriation)[1], opened_on=TODAY, note="  "
        )


# --- cancelling ---------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_stops_the_waiting(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    finish_through(story.caseworker, repatriation, [date(2026, 2, 3)])
    repatriation.refresh_from_db()

    with pytest.raises(ValidationError):
        services.cancel_repatriation(
            actor=story.caseworker,
            repatriation=repatriation,
            expected_version=repatriation.version,
            cancelled_on=date(2026, 3, 1),
            reason=" ",
        )
    with pytest.raises(ValidationError) as before_a_step:
        services.cancel_repatriation(
            actor=story.caseworker,
            repatriation=repatriation,
            expected_version=repatriation.version,
            cancelled_on=date(2026, 2, 2),
            reason="Chose to stay",
        )
    assert "2026-02-03" in _error(before_a_step)

    services.cancel_repatriation(
        actor=story.caseworker,
        repatriation=repatriation,
        expected_version=repatriation.version,
        cancelled_on=date(2026, 3, 1),
        reason="She is needed as a witness in the trial in Mumbai",
    )

    repatriation.refresh_from_db()
    assert repatriation.status == RepatriationStatus.CANCELLED
    assert repatriation.current_step is None
    with pytest.raises(ValidationError) as excinfo:
        finish(story.caseworker, steps_of(repatriation)[1], date(2026, 2, 20))
    assert "cancelled" in _error(excinfo)
    # A new attempt can start once the first is cancelled.
    assert make_repatriation(actor=story.caseworker, case=case, started_on=date(2026, 4, 1))


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CASEWORKER, True),
        (Role.REPATRIATION_OFFICER, True),
        (Role.PROGRAMME_MANAGER, True),
        (Role.COUNSELLOR, False),
        (Role.LEGAL_OFFICER, False),
        (Role.ME_OFFICER, False),
        (Role.PARTNER_STAFF, False),
        (Role.DONOR_VIEWER, False),
        (Role.DATA_PROTECTION_OFFICER, False),
        (Role.SYSTEM_ADMINISTRATOR, False),
    ],
)
def test_who_may_start_a_repatriation(story, case, role, allowed):
    actor = make_member(role=role, team=story.team, office=story.office)
    if role == Role.COUNSELLOR:
        case_services.assign_worker(actor=story.caseworker, case=case, worker=actor, check=False)

    if allowed:
        assert make_repatriation(actor=actor, case=case)
    else:
        with pytest.raises(PermissionDenied):
            make_repatriation(actor=actor, case=case)


def test_the_outsider_can_touch_nothing(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    step = steps_of(repatriation)[0]

    with pytest.raises(PermissionDenied):
        make_repatriation(actor=story.outsider, case=make_case(actor=story.caseworker))
    with pytest.raises(PermissionDenied):
        finish(story.outsider, step, date(2026, 2, 3))
    with pytest.raises(PermissionDenied):
        services.open_blocker(actor=story.outsider, step=step, opened_on=TODAY, note="x")


# --- corridors ------------------------------------------------------------------------------------


def _specs(template):
    return [
        services.StepSpec(
            name=s.name,
            target_days=s.target_days,
            milestone=s.milestone,
            responsible_agency=s.responsible_agency,
            documents=tuple(s.documents),
            key=s.key,
        )
        for s in template.steps.order_by("position")
    ]


def test_changing_a_corridors_steps_makes_a_new_version_and_leaves_started_ones(
    story, case, manager
):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    in_bd = corridor()
    specs = _specs(in_bd.current_template)
    specs[2] = services.StepSpec(name="Nationality verification", target_days=60, key=specs[2].key)

    template = services.change_corridor_steps(
        actor=manager, corridor=in_bd, expected_version=in_bd.version, steps=specs
    )

    assert template.number == 2
    assert corridor().current_template == template
    assert steps_of(repatriation)[2].target_days == 90
    later = make_repatriation(
        actor=story.caseworker, case=make_case(actor=story.caseworker), started_on=TODAY
    )
    assert steps_of(later)[2].target_days == 60
    assert in_bd.templates.count() == 2


def test_only_a_programme_manager_managing_repatriations_configures_corridors(story, case):
    officer = make_member(role=Role.REPATRIATION_OFFICER, office=story.office)
    steps = [services.StepSpec(name="Handover", target_days=10, milestone=Milestone.REPATRIATED)]

    for actor in (story.caseworker, officer):
        with pytest.raises(PermissionDenied):
            services.add_corridor(actor=actor, from_country="MY", to_country="BD", steps=steps)


def test_a_new_corridor_gets_its_first_version(manager):
    steps = [
        services.StepSpec(name="Embassy informed", target_days=14),
        services.StepSpec(
            name="Flight home",
            target_days=30,
            milestone=Milestone.REPATRIATED,
            documents=("travel_document",),
        ),
        services.StepSpec(name="Back with family", target_days=20, milestone=Milestone.REUNITED),
    ]

    malaysia = services.add_corridor(actor=manager, from_country="MY", to_country="BD", steps=steps)

    assert malaysia.code == "MY-BD"
    assert str(malaysia) == "Malaysia → Bangladesh"
    assert [s.key for s in malaysia.current_template.steps.order_by("position")] == [
        "embassy-informed",
        "flight-home",
        "back-with-family",
    ]
    with pytest.raises(ValidationError) as twice:
        services.add_corridor(actor=manager, from_country="MY", to_country="BD", steps=steps)
    assert "qualifier" in twice.value.message_dict
    by_sea = services.add_corridor(
        actor=manager, from_country="MY", to_country="BD", steps=steps, qualifier="by sea"
    )
    assert by_sea.code == "MY-BD-2"
    assert Corridor.objects.count() == 5


@pytest.mark.parametrize(
    ("steps", "reason"),
    [
        ([], "at least one step"),
        ([services.StepSpec(name=" ", target_days=3)], "needs a name"),
        ([services.StepSpec(name="A", target_days=0)], "between 1 and 3650"),
        (
            [
                services.StepSpec(name="A", target_days=3),
                services.StepSpec(name="a", target_days=3),
            ],
            "Two steps",
        ),
        (
            [
                services.StepSpec(name="Home", target_days=3, milestone=Milestone.REUNITED),
                services.StepSpec(name="Border", target_days=3, milestone=Milestone.REPATRIATED),
            ],
            "after the handover",
        ),
        ([services.StepSpec(name="A", target_days=3, documents=("selfie",))], "documents"),
    ],
)
def test_a_template_that_cannot_work_is_refused_with_the_reason(manager, steps, reason):
    with pytest.raises(ValidationError) as excinfo:
        services.add_corridor(actor=manager, from_country="MY", to_country="BD", steps=steps)

    assert reason in _error(excinfo)
    assert not Corridor.objects.filter(code="MY-BD").exists()


def test_a_corridor_goes_between_two_countries(manager):
    steps = [services.StepSpec(name="A", target_days=3)]
    with pytest.raises(ValidationError):
        services.add_corridor(actor=manager, from_country="BD", to_country="BD", steps=steps)
    with pytest.raises(ValidationError):
        services.add_corridor(actor=manager, from_country="XX", to_country="BD", steps=steps)


def test_documents_and_steps_are_not_deleted_by_cancelling(story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    services.cancel_repatriation(
        actor=story.caseworker,
        repatriation=repatriation,
        expected_version=repatriation.version,
        cancelled_on=date(2026, 3, 1),
        reason="Chose to stay",
    )

    assert repatriation.steps.count() == 9
    assert StepDocument.objects.filter(step__repatriation=repatriation).count() == 12
