"""/api/v1/prevention/ (mukti/prevention/api.py): the same checks and scope as the pages."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from mukti.accounts.roles import Role
from mukti.audit.models import AccessLogEntry
from mukti.prevention.models import Activity, Participant
from tests.prevention.factories import (
    campaign_details,
    guards,
    make_activity,
    training_details,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/prevention"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-01-20 10:00 +0600", tick=False):
        yield


def session_body(**overrides):
    body = {
        "activity_type": "awareness_session",
        "title": "Community meeting with local leaders",
        "starts_on": "2025-12-02",
        "country": "BD",
        "district": "Satkhira",
        "audience_type": "community_leaders",
        "organiser": "Justice and Care",
        "partners": "Border Guards Bangladesh\nUnion parishad",
        "participants_total": 240,
        "participants_female": 60,
        "score_maximum": "10",
        "pre_test_average": "5.1",
        "post_test_average": "7.4",
        "tested_count": 200,
        "improved_count": 150,
    }
    body.update(overrides)
    return body


def test_a_caseworker_records_a_session_and_reads_it_back(story, api_as):
    alice = api_as(story.caseworker)

    response = alice.post_json(f"{BASE}/activities", session_body())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["office"]["code"] == "BD-KHU"
    assert body["audience_type"] == "community_leaders"
    assert body["mean_change"] == "2.30"
    assert body["improved_share"] == 0.75
    again = alice.get(f"{BASE}/activities/{body['id']}").json()
    assert again["title"] == "Community meeting with local leaders"
    assert not AccessLogEntry.objects.filter(action="api_read").exists()


def test_a_training_with_a_participant_list(story, api_as):
    alice = api_as(story.caseworker)
    body = session_body(
        activity_type="training",
        profession="border_guards",
        audience_type="border_guards",
        participants_total=None,
        participants_female=None,
        pre_test_average=None,
        post_test_average=None,
        tested_count=None,
        improved_count=None,
        score_maximum="20",
        participants=[
            {"code": "BG-1", "sex": "male", "age_group": "25_34", "pre_score": 8, "post_score": 15},
            {"code": "BG-2", "sex": "male", "pre_score": 11, "post_score": 10},
        ],
    )

    response = alice.post_json(f"{BASE}/activities", body)

    assert response.status_code == 201, response.json()
    out = response.json()
    assert out["participants_total"] == 2
    assert (out["tested_count"], out["improved_count"]) == (2, 1)
    assert [p["code"] for p in out["participants"]] == ["BG-1", "BG-2"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_on": "2026-02-01"}, "starts_on"),
        ({"post_test_average": "12"}, "post_test_average"),
        ({"pre_test_average": None}, "pre_test_average"),
        ({"participants_total": 10, "participants_female": 11}, "participants_total"),
        ({"audience_type": "aliens"}, "audience_type"),
        ({"country": "XX"}, "country"),
        ({"participants": [{"code": "rina@example.org"}], "participants_total": 1}, "participants"),
        ({"activity_type": "picnic"}, "activity_type"),
    ],
)
def test_bad_input_answers_422_naming_the_field(story, api_as, overrides, field):
    response = api_as(story.caseworker).post_json(f"{BASE}/activities", session_body(**overrides))

    assert response.status_code == 422
    assert field in {problem["field"] for problem in response.json()["detail"]}
    assert "rina@example.org" not in response.content.decode()
    assert not Activity.objects.exists()


def test_a_role_without_prevention_work_is_refused(story, api_as, member):
    counsellor = api_as(member(Role.COUNSELLOR))

    assert counsellor.post_json(f"{BASE}/activities", session_body()).status_code == 403
    assert counsellor.get(f"{BASE}/activities").status_code == 403


def test_an_outsider_lists_nothing_and_gets_404_for_an_activity(story, api_as):
    activity = make_activity(actor=story.caseworker, office=story.office)
    charlie = api_as(story.outsider)

    assert charlie.get(f"{BASE}/activities").json()["results"] == []
    assert charlie.get(f"{BASE}/activities/{activity.pk}").status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").count() == 1
    body = session_body(version=1, participants_total=1)
    assert charlie.put_json(f"{BASE}/activities/{activity.pk}", body).status_code == 404


def test_an_outsider_cannot_record_in_another_office(story, api_as):
    response = api_as(story.outsider).post_json(
        f"{BASE}/activities", session_body(office_id=str(story.office.pk))
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "office_id"


def test_an_me_officer_reads_and_records_and_a_donor_viewer_does_neither(story, api_as, member):
    make_activity(actor=story.caseworker, office=story.office)

    me_officer = api_as(member(Role.ME_OFFICER))
    assert len(me_officer.get(f"{BASE}/activities").json()["results"]) == 1
    assert me_officer.post_json(f"{BASE}/activities", session_body()).status_code == 201
    donor = api_as(member(Role.DONOR_VIEWER))
    assert donor.get(f"{BASE}/activities").status_code == 403


def test_a_legal_officer_reads_figures_but_does_not_record(story, api_as, member):
    activity = make_activity(actor=story.caseworker, office=story.office)
    legal = api_as(member(Role.LEGAL_OFFICER))

    assert legal.get(f"{BASE}/activities/{activity.pk}").status_code == 200
    response = legal.post_json(f"{BASE}/activities/{activity.pk}/cancel", {"version": 1})
    assert response.status_code == 403


def test_an_edit_with_an_old_version_answers_409(story, api_as):
    alice = api_as(story.caseworker)
    created = alice.post_json(f"{BASE}/activities", session_body()).json()
    path = f"{BASE}/activities/{created['id']}"

    first = alice.put_json(path, session_body(version=1, participants_total=250))
    second = alice.put_json(path, session_body(version=1, participants_total=260))

    assert first.status_code == 200 and first.json()["version"] == 2
    assert second.status_code == 409
    assert Activity.objects.get().participants_total == 250


def test_an_edit_keeps_the_participant_list_when_none_is_sent(story, api_as):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )
    body = session_body(
        activity_type="training",
        profession="border_guards",
        audience_type="border_guards",
        title="Renamed",
        version=1,
        participants_total=3,
        participants_female=None,
        score_maximum="20",
        pre_test_average=None,
        post_test_average=None,
        tested_count=None,
        improved_count=None,
        ends_on="2025-12-03",
    )

    response = api_as(story.caseworker).put_json(f"{BASE}/activities/{activity.pk}", body)

    assert response.status_code == 200, response.json()
    assert response.json()["improved_count"] == 2
    assert len(response.json()["participants"]) == 3


def test_cancel_and_restore(story, api_as):
    activity = make_activity(actor=story.caseworker, office=story.office)
    alice = api_as(story.caseworker)

    cancelled = alice.post_json(
        f"{BASE}/activities/{activity.pk}/cancel", {"version": 1, "reason": "Flooding"}
    )
    restored = alice.post_json(f"{BASE}/activities/{activity.pk}/restore", {"version": 2})

    assert cancelled.json()["status"] == "cancelled"
    assert restored.json()["status"] == "done"


def test_uploading_a_list_with_a_bad_row_writes_nothing(story, api_as):
    activity = make_activity(actor=story.caseworker, office=story.office)
    content = (
        b"code,sex,age_group,pre_score,post_score\nP-1,female,18_24,4,8\nP-2,female,18_24,4,x\n"
    )

    response = api_as(story.caseworker).post(
        f"{BASE}/activities/{activity.pk}/participants",
        {"file": SimpleUploadedFile("list.csv", content), "version": "1"},
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["field"] == "participant_file"
    assert problem["message"].startswith("Row 3:")
    assert not Participant.objects.exists()
    assert Activity.objects.get().version == 1


def test_uploading_a_good_list_replaces_the_counts(story, api_as):
    activity = make_activity(actor=story.caseworker, office=story.office)
    content = b"code,sex,age_group,pre_score,post_score\nP-1,female,18_24,4,8\nP-2,male,25_34,6,5\n"

    response = api_as(story.caseworker).post(
        f"{BASE}/activities/{activity.pk}/participants",
        {"file": SimpleUploadedFile("list.csv", content), "version": "1"},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["participants_total"] == 2
    assert response.json()["improved_count"] == 1


def test_figures_by_office_and_type(story, api_as):
    make_activity(actor=story.caseworker, office=story.office)
    make_activity(actor=story.caseworker, office=story.office, details=campaign_details())
    alice = api_as(story.caseworker)

    response = alice.get(
        f"{BASE}/figures",
        {"date_from": "2025-09-01", "date_to": "2026-02-28", "by": ["office", "activity_type"]},
    )

    rows = {row["group"]["activity_type"]: row for row in response.json()["rows"]}
    assert rows["awareness_session"]["people_educated"] == 30
    assert rows["campaign"]["people_reached"] == 1_300_000
    assert rows["campaign"]["labels"]["office"].startswith("BD-KHU")
    bad = alice.get(f"{BASE}/figures", {"date_from": "2026-01-01", "date_to": "2025-01-01"})
    assert bad.status_code == 422
    unknown = alice.get(
        f"{BASE}/figures", {"date_from": "2025-01-01", "date_to": "2026-01-01", "by": "team"}
    )
    assert unknown.status_code == 422


def test_audience_types_are_listed(story, api_as):
    codes = [a["code"] for a in api_as(story.caseworker).get(f"{BASE}/audience-types").json()]

    assert "garment_factory_workers" in codes


def test_the_list_filters_and_pages(story, api_as, settings):
    settings.MUKTI_PAGE_SIZE = 1
    make_activity(actor=story.caseworker, office=story.office)
    make_activity(actor=story.caseworker, office=story.office, details=campaign_details())
    alice = api_as(story.caseworker)

    first = alice.get(f"{BASE}/activities").json()
    second = alice.get(f"{BASE}/activities", {"cursor": first["next_cursor"]}).json()
    campaigns = alice.get(f"{BASE}/activities", {"activity_type": "campaign"}).json()

    assert first["results"][0]["starts_on"] == str(date(2025, 11, 4))
    assert second["results"][0]["activity_type"] == "campaign" and not second["next_cursor"]
    assert [a["activity_type"] for a in campaigns["results"]] == ["campaign"]
