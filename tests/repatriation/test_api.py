"""/api/v1/repatriation/ (mukti/repatriation/api.py): the same services, validation and
scope as the pages."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from mukti.accounts.roles import Role
from mukti.audit.models import AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind
from mukti.repatriation.models import Corridor, Repatriation
from tests.factories import make_case, make_member
from tests.repatriation.factories import finish_through, make_repatriation, steps_of

API = "/api/v1/repatriation"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def case(story):
    return make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))


@pytest.fixture
def alice(story, api_as):
    return api_as(story.caseworker)


@pytest.fixture
def charlie(story, api_as):
    return api_as(story.outsider)


def test_corridors_list_their_steps(alice):
    corridors = {c["code"]: c for c in alice.get(f"{API}/corridors").json()}

    assert set(corridors) == {"IN-BD", "GB-RO", "TH-MM"}
    india = corridors["IN-BD"]
    assert india["label"] == "India → Bangladesh"
    assert [s["key"] for s in india["steps"]][:3] == [
        "identified_in_shelter",
        "mission_informed",
        "nationality_verified",
    ]
    assert india["steps"][6]["milestone"] == "repatriated"


def test_starting_and_finishing_steps_through_the_api(story, case, alice):
    started = alice.post_json(
        f"{API}/cases/{case.number}", {"corridor": "in-bd", "started_on": "2026-02-01"}
    )

    assert started.status_code == 201
    body = started.json()
    assert body["case_number"] == case.number and body["status"] == "in_progress"
    first = body["steps"][0]
    assert first["could_start_on"] == "2026-02-01" and first["due_on"] == "2026-02-15"
    assert first["overdue"] is True

    done = alice.patch_json(
        f"{API}/steps/{first['id']}", {"version": first["version"], "done_on": "2026-02-10"}
    )

    assert done.status_code == 200
    assert done.json()["done_on"] == "2026-02-10"
    assert done.json()["days_taken"] == 9
    assert done.json()["planned_on"] == first["planned_on"]  # not sent, not changed
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REPATRIATION_STEP).count() == 1


def test_an_impossible_order_answers_422_with_the_reason(story, case, alice):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    handover = steps_of(repatriation)[6]

    response = alice.patch_json(
        f"{API}/steps/{handover.pk}", {"version": handover.version, "done_on": "2026-06-01"}
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["field"] == "done_on"
    assert "“Repatriation order” is not done yet" in problem["message"]


def test_a_done_date_in_the_future_answers_422(story, case, alice):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]

    response = alice.patch_json(
        f"{API}/steps/{step.pk}", {"version": step.version, "done_on": "2026-12-01"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["message"] == "The date cannot be in the future."


def test_an_old_version_answers_409(story, case, alice):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    finish_through(story.colleague, step.repatriation, [date(2026, 2, 5)])

    response = alice.patch_json(f"{API}/steps/{step.pk}", {"version": 1, "done_on": "2026-02-06"})

    assert response.status_code == 409


def test_documents_blockers_and_cancelling(story, case, alice):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    step = steps_of(repatriation)[2]

    added = alice.post_json(f"{API}/steps/{step.pk}/documents", {"document_type": "other"})
    assert added.status_code == 201
    ticked = alice.patch_json(
        f"{API}/documents/{added.json()['id']}",
        {"version": 1, "received": True, "received_on": "2026-05-01"},
    )
    assert ticked.json()["received_on"] == "2026-05-01"
    blocker = alice.post_json(
        f"{API}/steps/{step.pk}/blockers", {"opened_on": "2026-05-02", "note": "Family moved"}
    )
    assert blocker.status_code == 201
    resolved = alice.post_json(
        f"{API}/blockers/{blocker.json()['id']}/resolve",
        {"version": 1, "resolved_on": "2026-05-01"},
    )
    assert resolved.status_code == 422
    cancelled = alice.post_json(
        f"{API}/{repatriation.pk}/cancel",
        {"version": repatriation.version, "cancelled_on": "2026-06-01", "reason": "Stays"},
    )
    assert cancelled.json()["status"] == "cancelled"


def test_a_case_lists_its_repatriations_and_the_read_is_logged(story, case, alice):
    make_repatriation(actor=story.caseworker, case=case)

    response = alice.get(f"{API}/cases/{case.number}")

    [repatriation] = response.json()
    assert len(repatriation["steps"]) == 9
    assert len(repatriation["steps"][0]["documents"]) == 2
    row = AccessLogEntry.objects.filter(user=story.caseworker, action="api_read").last()
    assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))


def test_the_outsider_gets_404_and_is_logged(story, case, charlie):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    step = steps_of(repatriation)[0]

    assert charlie.get(f"{API}/cases/{case.number}").status_code == 404
    assert charlie.get(f"{API}/{repatriation.pk}").status_code == 404
    assert (
        charlie.patch_json(f"{API}/steps/{step.pk}", {"version": 1, "done_on": "2026-02-02"})
    ).status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").count() == 3


def test_a_role_without_the_right_cannot_start(story, case, api_as):
    legal = api_as(make_member(role=Role.LEGAL_OFFICER, office=story.office))

    response = legal.post_json(
        f"{API}/cases/{case.number}", {"corridor": "IN-BD", "started_on": "2026-02-01"}
    )

    assert response.status_code == 403
    assert not Repatriation.objects.exists()


def test_the_waiting_list_through_the_api(story, case, alice, charlie):
    make_repatriation(actor=story.caseworker, case=case, started_on=date(2026, 3, 1))

    body = alice.get(f"{API}/waiting", {"overdue": "true", "sort": "due"}).json()

    [row] = body["results"]
    assert row["case_number"] == case.number
    assert row["survivor_name"] == "Rina Akter"
    assert row["step"] == "Identification in an Indian shelter home"
    assert row["days_in_step"] == (date(2026, 11, 23) - date(2026, 3, 1)).days
    assert row["overdue"] is True
    assert charlie.get(f"{API}/waiting").json()["results"] == []
    assert alice.get(f"{API}/waiting", {"sort": "name"}).status_code == 422


def test_analytics_through_the_api(story, case, api_as):
    repatriation = make_repatriation(actor=story.caseworker, case=case, started_on=date(2026, 9, 1))
    finish_through(story.caseworker, repatriation, [date(2026, 9, 11)])
    me_officer = api_as(make_member(role=Role.ME_OFFICER, office=story.office))

    body = me_officer.get(
        f"{API}/analytics", {"start": "2026-09-01", "end": "2026-11-23", "corridor": "IN-BD"}
    ).json()

    [india] = body["corridors"]
    assert india["steps"][0] == {
        "label": "Identification in an Indian shelter home",
        "count": 1,
        "median": 10.0,
        "p90": 10.0,
        "target_days": 14,
    }
    assert me_officer.get(f"{API}/analytics", {"start": "2026-09-01"}).status_code == 422
    assert api_as(story.caseworker).get(f"{API}/analytics").status_code == 403


def test_a_programme_manager_adds_and_changes_corridors(story, api_as):
    manager = api_as(make_member(role=Role.PROGRAMME_MANAGER, office=story.office))
    steps = [
        {"name": "Embassy informed", "target_days": 14},
        {"name": "Flight home", "target_days": 30, "milestone": "repatriated"},
    ]

    added = manager.post_json(
        f"{API}/corridors", {"from_country": "MY", "to_country": "BD", "steps": steps}
    )
    assert added.status_code == 201
    changed = manager.put(
        f"{API}/corridors/MY-BD/steps",
        data={"version": added.json()["version"], "steps": steps[:1]},
        content_type="application/json",
    )
    assert changed.json()["template_version"] == 2
    assert Corridor.objects.get(code="MY-BD").templates.count() == 2

    officer = api_as(make_member(role=Role.REPATRIATION_OFFICER, office=story.office))
    refused = officer.post_json(
        f"{API}/corridors", {"from_country": "MY", "to_country": "IN", "steps": steps}
    )
    assert refused.status_code == 403
