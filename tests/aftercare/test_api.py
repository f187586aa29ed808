"""/api/v1/aftercare/ (mukti/aftercare/api.py): the same services, validation and scope as
the case page, with access-log rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mukti.aftercare import services
from mukti.aftercare.models import FollowUp, FollowUpKind, ServiceKind
from mukti.audit.models import AccessAction, AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind, Status
from mukti.cases.services import close_case
from tests.aftercare.factories import (
    DAY,
    ITEMS_MIXED,
    SCORES_STABLE,
    delivered,
    done_follow_up,
    make_open_case,
    staff_around,
)
from tests.api.conftest import api_as  # noqa: F401 - the fixture

API = "/api/v1/aftercare"


@pytest.fixture
def alice(story, api_as):  # noqa: F811
    return api_as(story.caseworker)


def url(case, tail):
    return f"{API}/cases/{case.number}/{tail}"


def test_a_follow_up_done_is_recorded_and_read_back(story, alice):
    case = make_open_case(story)

    created = alice.post_json(
        url(case, "follow-ups"),
        {"kind": "phone_call", "done_on": "2026-02-20", "outcome": "doing_well", "notes": "ok"},
    )
    listed = alice.get(url(case, "follow-ups"))

    assert created.status_code == 201
    assert created.json()["status"] == "done"
    assert [f["notes"] for f in listed.json()] == ["ok"]
    assert CaseEvent.objects.filter(case=case, kind=EventKind.FOLLOW_UP).count() == 1
    rows = AccessLogEntry.objects.filter(user=story.caseworker, action=AccessAction.API_READ)
    assert rows.filter(object_id=str(case.pk)).count() == 2


def test_a_follow_up_on_a_closed_case_answers_422_with_the_reason(story, alice):
    case = make_open_case(story)
    close_case(
        actor=story.caseworker, case=case, expected_version=case.version, closed_on=DAY, reason="x"
    )

    response = alice.post_json(
        url(case, "follow-ups"), {"kind": "phone_call", "status": "planned", "due_on": "2026-03-05"}
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "field": "__all__",
            "message": "This case is closed. Reopen it before planning or recording a follow-up.",
        }
    ]


def test_bad_dates_are_named_in_the_answer(story, alice):
    case = make_open_case(story)

    future = alice.post_json(
        url(case, "follow-ups"),
        {"kind": "phone_call", "done_on": "2026-04-01", "outcome": "doing_well"},
    )
    before_opening = alice.post_json(
        url(case, "re-trafficking"), {"happened_on": "2025-12-01", "details": "x"}
    )

    assert future.json()["detail"] == [
        {"field": "done_on", "message": "The date cannot be in the future."}
    ]
    assert before_opening.json()["detail"][0]["field"] == "happened_on"


def test_a_planned_follow_up_is_completed_by_patch_and_a_stale_patch_is_409(story, alice):
    case = make_open_case(story)
    follow_up = services.plan_follow_up(
        actor=story.caseworker, case=case, kind=FollowUpKind.PHONE_CALL, due_on=DAY
    )

    done = alice.patch_json(
        url(case, f"follow-ups/{follow_up.pk}"),
        {"version": follow_up.version, "done_on": "2026-02-28", "outcome": "at_risk"},
    )
    stale = alice.patch_json(
        url(case, f"follow-ups/{follow_up.pk}"), {"version": follow_up.version, "notes": "late"}
    )

    assert (done.status_code, done.json()["status"]) == (200, "done")
    assert stale.status_code == 409
    assert {"status", "done_on", "outcome"} <= {c["field"] for c in stale.json()["changed"]}


def test_the_outsider_gets_404_everywhere_and_it_is_logged(story, api_as):  # noqa: F811
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case)
    charlie = api_as(story.outsider)

    assert charlie.get(url(case, "follow-ups")).status_code == 404
    assert charlie.get(url(case, f"follow-ups/{follow_up.pk}")).status_code == 404
    assert charlie.post_json(url(case, "follow-ups"), {"kind": "phone_call"}).status_code == 404
    assert charlie.post(url(case, f"records/follow-up/{follow_up.pk}/archive")).status_code == 404
    denied = AccessLogEntry.objects.filter(user=story.outsider, action=AccessAction.DENIED)
    assert denied.count() == 4
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "sees_counselling", "sees_medical"),
    [
        ("caseworker", False, True),
        ("counsellor", True, True),
        ("legal_officer", False, False),
        ("repatriation_officer", False, False),
        ("programme_manager", True, True),
    ],
)
def test_restricted_services_in_the_api_follow_the_section_rules(
    story,
    api_as,  # noqa: F811
    role,
    sees_counselling,
    sees_medical,
):
    case = make_open_case(story)
    staff = staff_around(story, case)
    counselling = services.record_service(
        actor=staff.counsellor, case=case, details=delivered(ServiceKind.COUNSELLING)
    )
    medical = services.record_service(
        actor=staff.caseworker, case=case, details=delivered(ServiceKind.MEDICAL_CARE)
    )
    client = api_as(getattr(staff, role))

    kinds = {s["kind"] for s in client.get(url(case, "services")).json()}

    assert ("counselling" in kinds) is sees_counselling
    assert ("medical_care" in kinds) is sees_medical
    assert "life_skills" not in kinds
    expected = {True: 200, False: 404}
    assert (
        client.get(url(case, f"services/{counselling.pk}")).status_code
        == expected[sees_counselling]
    )
    assert client.get(url(case, f"services/{medical.pk}")).status_code == expected[sees_medical]


def test_dass21_items_out_of_range_answer_422_naming_the_items(story, api_as):  # noqa: F811
    case = make_open_case(story)
    staff = staff_around(story, case)
    counsellor = api_as(staff.counsellor)

    bad = counsellor.post_json(
        url(case, "dass21"), {"assessed_on": "2026-02-20", "items": [0] * 20 + [9]}
    )
    good = counsellor.post_json(
        url(case, "dass21"), {"assessed_on": "2026-02-20", "items": ITEMS_MIXED}
    )

    assert bad.status_code == 422
    assert bad.json()["detail"] == [{"field": "items", "message": "Item 21 must be 0, 1, 2 or 3."}]
    assert good.status_code == 201
    assert (good.json()["depression"], good.json()["depression_band"]) == (42, "extremely_severe")


def test_dass21_is_refused_and_hidden_for_a_caseworker(story, alice):
    case = make_open_case(story)
    staff = staff_around(story, case)
    services.record_dass21(actor=staff.counsellor, case=case, assessed_on=DAY, items=ITEMS_MIXED)

    refused = alice.post_json(url(case, "dass21"), {"assessed_on": "2026-02-20", "items": [0] * 21})

    assert refused.status_code == 403
    assert alice.get(url(case, "dass21")).json() == []


def test_recovery_income_and_reintegration(story, alice):
    case = make_open_case(story)

    recovery = alice.post_json(
        url(case, "recovery-assessments"), {"assessed_on": "2026-02-01", "scores": SCORES_STABLE}
    )
    alice.post_json(
        url(case, "income"),
        {"recorded_on": "2026-02-01", "amount_per_month": "4000", "currency": "BDT"},
    )
    later = alice.post_json(
        url(case, "income"),
        {"recorded_on": "2026-02-28", "amount_per_month": "5400.00", "currency": "BDT"},
    )
    alice.post_json(url(case, "reintegration"), {"stage": "in_shelter", "reached_on": "2026-02-01"})
    skipped = alice.post_json(
        url(case, "reintegration"), {"stage": "stable", "reached_on": "2026-02-10"}
    )

    assert recovery.json()["is_stable"] is True
    assert later.json()["change_percent"] == "35.0"
    assert [r["is_baseline"] for r in alice.get(url(case, "income")).json()] == [True, False]
    assert skipped.status_code == 422
    assert skipped.json()["detail"][0]["field"] == "stage"


def test_emergency_relief_to_a_household_is_counted_once(story, alice):
    first = make_open_case(story)
    for tail in ("food", "medicine"):
        alice.post_json(
            url(first, "services"),
            {
                "kind": "emergency_relief",
                "relief": tail,
                "delivered_on": "2026-02-10",
                "household_size": 6,
            },
        )

    counts = alice.get(f"{API}/counts", {"since": "2026-01-01"}).json()

    assert (counts["households_reached"], counts["people_reached"]) == (1, 6)


def test_archive_and_restore_any_record_through_one_endpoint(story, alice):
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case)

    archived = alice.post(url(case, f"records/follow-up/{follow_up.pk}/archive"))
    listed = alice.get(url(case, "follow-ups")).json()
    restored = alice.post(url(case, f"records/follow-up/{follow_up.pk}/restore"))
    unknown = alice.post(url(case, f"records/follow-up/{follow_up.pk}/explode"))

    assert archived.json()["message"].startswith("The follow-up was archived")
    assert listed == []
    assert restored.status_code == 200
    assert unknown.status_code == 404


def test_a_peer_mentor_is_matched_by_the_mentees_case_number(story, alice):
    mentor_case = make_open_case(story)
    mentee_case = make_open_case(story)

    alice.post_json(url(mentor_case, "peer-mentor"), {"trained_on": "2026-02-01"})
    match = alice.post_json(
        url(mentor_case, "peer-mentor/matches"),
        {"mentee_case": mentee_case.number, "matched_on": "2026-02-05"},
    )
    session = alice.post_json(
        url(mentee_case, f"matches/{match.json()['id']}/sessions"), {"held_on": "2026-02-20"}
    )
    itself = alice.post_json(
        url(mentor_case, "peer-mentor/matches"),
        {"mentee_case": mentor_case.number, "matched_on": "2026-02-05"},
    )

    assert match.status_code == 201
    assert match.json()["mentee_case"] == mentee_case.number
    assert session.status_code == 201
    assert alice.get(url(mentee_case, "mentoring")).json()[0]["mentor_case"] == mentor_case.number
    assert itself.json()["detail"][0]["field"] == "mentee_case"


def test_re_trafficking_reopens_a_closed_case(story, alice):
    case = make_open_case(story)
    close_case(
        actor=story.caseworker, case=case, expected_version=case.version, closed_on=DAY, reason="x"
    )

    response = alice.post_json(
        url(case, "re-trafficking"), {"happened_on": "2026-02-25", "details": "Taken again"}
    )

    case.refresh_from_db()
    assert response.json()["reopened_case"] is True
    assert case.status == Status.OPEN


def test_my_follow_ups_queue_pages_by_cursor(story, alice, settings):
    settings.MUKTI_PAGE_SIZE = 2
    case = make_open_case(story)
    for days in range(3):
        services.plan_follow_up(
            actor=story.caseworker,
            case=case,
            kind=FollowUpKind.PHONE_CALL,
            due_on=DAY + timedelta(days),
        )

    first = alice.get(f"{API}/my-work/follow-ups").json()
    second = alice.get(f"{API}/my-work/follow-ups", {"cursor": first["next_cursor"]}).json()

    assert [r["due_on"] for r in first["results"]] == ["2026-02-01", "2026-02-02"]
    assert [r["due_on"] for r in second["results"]] == ["2026-02-03"]
    assert second["next_cursor"] is None
    assert first["results"][0]["case_number"] == case.number
