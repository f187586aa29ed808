"""/api/v1/cases/ (mukti/cases/api.py): scoped like the web pages, logged, versioned."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from mukti.accounts.roles import Role, Section
from mukti.audit.models import AccessAction, AccessLogEntry
from mukti.cases.models import Case, CaseEvent, Note, Status
from mukti.cases.services import ExploitationInput, add_note, assign_worker
from mukti.people.models import Person, PersonNameToken
from tests.factories import make_case, make_member, make_person

CASES = "/api/v1/cases/"


@pytest.fixture
def alice(story, api_as):
    return api_as(story.caseworker)


@pytest.fixture
def bob(story, api_as):
    return api_as(story.colleague)


@pytest.fixture
def charlie(story, api_as):
    return api_as(story.outsider)


def _numbers(response) -> list[str]:
    return [c["number"] for c in response.json()["results"]]


def test_colleague_lists_team_cases_and_outsider_lists_none(story, bob, charlie):
    case = make_case(actor=story.caseworker)

    assert _numbers(bob.get(CASES)) == [case.number]
    assert bob.get(CASES).json()["results"][0]["survivor"]["name"] == "Rina Akter"
    assert _numbers(charlie.get(CASES)) == []


def test_list_filters_like_the_web_list(story, bob):
    high = make_case(actor=story.caseworker, risk="high")
    make_case(actor=story.caseworker, risk="low")
    mina = make_person(actor=story.caseworker, office=story.office, given_name="Mina")
    mina_case = make_case(actor=story.caseworker, survivor=mina)

    assert _numbers(bob.get(CASES, {"risk": "high"})) == [high.number]
    assert _numbers(bob.get(CASES, {"q": "Meena"})) == [mina_case.number]
    assert _numbers(bob.get(CASES, {"assigned_to_me": "true"})) == []
    assert bob.get(CASES, {"stage": "nonsense"}).status_code == 422


def test_list_pages_by_cursor(story, bob, settings):
    settings.MUKTI_PAGE_SIZE = 2
    opened = [make_case(actor=story.caseworker).number for _ in range(3)]

    first = bob.get(CASES).json()
    second = bob.get(CASES, {"cursor": first["next_cursor"]}).json()

    assert [c["number"] for c in first["results"]] == opened[::-1][:2]
    assert [c["number"] for c in second["results"]] == opened[:1]
    assert second["next_cursor"] is None


def test_listing_cases_writes_an_api_read_row(story, bob):
    make_case(actor=story.caseworker)

    bob.get(CASES)

    assert AccessLogEntry.objects.filter(
        user=story.colleague, action=AccessAction.API_READ, object_type="cases.case"
    ).exists()


def test_list_query_count_does_not_grow_with_the_page(
    story, bob, django_assert_max_num_queries, django_assert_num_queries
):
    make_case(actor=story.caseworker)
    bob.get(CASES)  # the token's "last used" write happens here, not in the measured calls
    # token, memberships, one query per scope branch (assigned, team, shared), the merged
    # page, names, and the access-log row.
    with django_assert_max_num_queries(13) as few:
        assert len(bob.get(CASES).json()["results"]) == 1
    for _ in range(5):
        make_case(actor=story.caseworker)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(bob.get(CASES).json()["results"]) == 6


def test_case_shows_the_survivor_summary_and_logs_the_read(story, bob):
    case = make_case(actor=story.caseworker)

    body = bob.get(f"{CASES}{case.number}").json()

    assert body["survivor"] == {
        "id": str(case.survivor_id),
        "name": "Rina Akter",
        "sex": "female",
        "age": case.survivor.age_on(timezone.localdate()),
    }
    assert body["team"]["name"] == "Khulna-1"
    assert body["version"] == 1
    read = AccessLogEntry.objects.get(user=story.colleague, action=AccessAction.API_READ)
    assert read.person_id == case.survivor_id
    assert read.object_id == str(case.pk)


def test_outsider_gets_404_for_a_case_and_the_attempt_is_logged(story, charlie):
    case = make_case(actor=story.caseworker)

    response = charlie.get(f"{CASES}{case.number}")

    assert response.status_code == 404
    assert "Rina" not in response.content.decode()
    denied = AccessLogEntry.objects.get(user=story.outsider, action=AccessAction.DENIED)
    assert denied.object_id == case.number
    assert not AccessLogEntry.objects.filter(
        user=story.outsider, action=AccessAction.API_READ
    ).exists()


def test_outsider_cannot_write_to_a_case(story, charlie):
    case = make_case(actor=story.caseworker)

    response = charlie.post_json(
        f"{CASES}{case.number}/events", {"kind": "sheltered", "happened_on": "2026-02-01"}
    )

    assert response.status_code == 404
    assert not CaseEvent.objects.filter(case=case, kind="sheltered").exists()


def test_exploitation_profile_is_hidden_from_roles_without_that_section(story, api_as):
    case = make_case(
        actor=story.caseworker,
        involves_sexual_exploitation=True,
        exploitation=ExploitationInput(types=["sexual_exploitation"], sector="S"),
    )
    counsellor = make_member(role=Role.COUNSELLOR, office=story.office)
    assign_worker(actor=story.caseworker, case=case, worker=counsellor, check=False)

    as_caseworker = api_as(story.caseworker).get(f"{CASES}{case.number}").json()
    as_counsellor = api_as(counsellor).get(f"{CASES}{case.number}").json()

    assert as_caseworker["exploitation"] is None
    assert as_caseworker["exploitation_hidden"] is True
    assert as_counsellor["exploitation"]["types"] == ["sexual_exploitation"]


def test_events_are_listed_latest_first(story, bob):
    case = make_case(actor=story.caseworker)
    bob.post_json(
        f"{CASES}{case.number}/events",
        {"kind": "sheltered", "happened_on": "2026-02-01", "summary": "Shelter in Jessore"},
    )

    events = bob.get(f"{CASES}{case.number}/events").json()

    assert [(e["kind"], e["summary"]) for e in events] == [
        ("sheltered", "Shelter in Jessore"),
        ("opened", ""),
    ]
    assert events[0]["recorded_by"] == "Bob Caseworker"


def test_an_event_dated_in_the_future_is_refused_naming_the_date(story, bob):
    case = make_case(actor=story.caseworker)

    response = bob.post_json(
        f"{CASES}{case.number}/events", {"kind": "sheltered", "happened_on": "2099-01-01"}
    )

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["happened_on"]
    assert not CaseEvent.objects.filter(case=case, kind="sheltered").exists()


def test_an_event_kind_with_its_own_action_is_refused(story, bob):
    case = make_case(actor=story.caseworker)

    response = bob.post_json(
        f"{CASES}{case.number}/events", {"kind": "closed", "happened_on": "2026-02-01"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "kind"
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_patch_changes_risk_and_bumps_the_version(story, bob):
    case = make_case(actor=story.caseworker)

    body = bob.patch_json(f"{CASES}{case.number}", {"version": 1, "risk": "critical"}).json()

    assert (body["risk"], body["version"]) == ("critical", 2)
    assert Case.objects.get(pk=case.pk).risk == "critical"


def test_patch_with_a_stale_version_is_refused_and_names_what_changed(story, alice, bob):
    case = make_case(actor=story.caseworker)
    alice.patch_json(f"{CASES}{case.number}", {"version": 1, "risk": "high"})

    response = bob.patch_json(f"{CASES}{case.number}", {"version": 1, "risk": "low"})

    assert response.status_code == 409
    assert response.json()["changed"] == [{"field": "risk", "value": "high"}]
    assert response.json()["version"] == 2
    assert Case.objects.get(pk=case.pk).risk == "high"


def test_patch_stage_adds_a_stage_event(story, bob):
    case = make_case(actor=story.caseworker)

    bob.patch_json(
        f"{CASES}{case.number}",
        {"version": 1, "stage": "in_care", "stage_changed_on": "2026-02-01"},
    )

    assert CaseEvent.objects.filter(
        case=case, kind="stage_changed", happened_on=date(2026, 2, 1)
    ).exists()


def test_patch_to_a_team_of_another_office_is_refused(story, bob):
    case = make_case(actor=story.caseworker)
    foreign_team = story.outsider.memberships.get().team

    response = bob.patch_json(
        f"{CASES}{case.number}", {"version": 1, "team_id": str(foreign_team.pk)}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "team_id"
    assert Case.objects.get(pk=case.pk).team == story.team


def test_close_and_reopen_keep_the_case(story, bob):
    case = make_case(actor=story.caseworker)

    closed = bob.post_json(
        f"{CASES}{case.number}/close",
        {"version": 1, "closed_on": "2026-03-01", "reason": "Reintegrated"},
    ).json()
    reopened = bob.post_json(
        f"{CASES}{case.number}/reopen",
        {"version": closed["version"], "reopened_on": "2026-04-01", "reason": "Contact again"},
    ).json()

    assert (closed["status"], closed["closed_on"]) == ("closed", "2026-03-01")
    assert reopened["status"] == "open"
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"closed", "reopened"} <= kinds


def test_closing_without_a_reason_is_refused_naming_the_reason(story, bob):
    case = make_case(actor=story.caseworker)

    response = bob.post_json(
        f"{CASES}{case.number}/close", {"version": 1, "closed_on": "2026-03-01", "reason": " "}
    )

    assert response.json()["detail"][0]["field"] == "reason"
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_counselling_notes_are_hidden_from_a_caseworker(story, api_as):
    case = make_case(actor=story.caseworker)
    counsellor = make_member(role=Role.COUNSELLOR, office=story.office)
    assign_worker(actor=story.caseworker, case=case, worker=counsellor, check=False)
    add_note(actor=counsellor, case=case, body="Sleeps badly", section=Section.COUNSELLING)
    add_note(actor=story.caseworker, case=case, body="Needs a school place")

    seen_by_caseworker = api_as(story.caseworker).get(f"{CASES}{case.number}/notes")
    seen_by_counsellor = api_as(counsellor).get(f"{CASES}{case.number}/notes")

    assert [n["body"] for n in seen_by_caseworker.json()] == ["Needs a school place"]
    assert "Sleeps badly" not in seen_by_caseworker.content.decode()
    assert {n["body"] for n in seen_by_counsellor.json()} == {
        "Sleeps badly",
        "Needs a school place",
    }


def test_a_caseworker_cannot_write_a_counselling_note(story, bob):
    case = make_case(actor=story.caseworker)

    response = bob.post_json(
        f"{CASES}{case.number}/notes", {"body": "Sleeps badly", "section": "counselling"}
    )

    assert response.status_code == 403
    assert not Note.objects.filter(case=case).exists()


def test_a_note_written_through_the_api_is_listed(story, bob):
    case = make_case(actor=story.caseworker)

    created = bob.post_json(f"{CASES}{case.number}/notes", {"body": "Called her mother"})

    assert created.status_code == 201
    assert [n["body"] for n in bob.get(f"{CASES}{case.number}/notes").json()] == [
        "Called her mother"
    ]


def test_open_a_case_for_a_new_person(story, bob):
    response = bob.post_json(
        CASES,
        {
            "opened_on": "2026-02-01",
            "risk": "high",
            "stage": "in_care",
            "person": {"given_name": "Mina", "family_name": "Khatun", "sex": "female"},
            "exploitation": {"types": ["forced_labour"], "countries_of_exploitation": ["IN"]},
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["survivor"]["name"] == "Mina Khatun"
    assert (body["risk"], body["stage"], body["team"]["name"]) == ("high", "in_care", "Khulna-1")
    assert body["exploitation"]["types"] == ["forced_labour"]
    case = Case.objects.get(number=body["number"])
    assert case.assignments.get().user == story.colleague


def test_open_a_case_for_a_person_already_recorded(story, bob):
    earlier = make_case(actor=story.caseworker)

    response = bob.post_json(
        CASES, {"opened_on": "2026-02-01", "person_id": str(earlier.survivor_id)}
    )

    assert response.json()["survivor"]["id"] == str(earlier.survivor_id)
    assert Person.objects.count() == 1


def test_opening_with_an_invalid_case_field_leaves_no_person(story, bob):
    response = bob.post_json(CASES, {"opened_on": "2099-01-01", "person": {"given_name": "Mina"}})

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["opened_on"]
    assert not Person.objects.exists()
    assert not PersonNameToken.objects.exists()
    assert not Case.objects.exists()


def test_opening_with_an_invalid_person_names_the_nested_field(story, bob):
    response = bob.post_json(
        CASES, {"opened_on": "2026-02-01", "person": {"given_name": "", "family_name": ""}}
    )

    assert response.json()["detail"][0]["field"] == "person.given_name"
    assert not Case.objects.exists()


def test_outsider_cannot_open_a_case_for_someone_they_cannot_see(story, charlie):
    survivor = make_person(actor=story.caseworker, office=story.office)
    make_case(actor=story.caseworker, survivor=survivor)

    response = charlie.post_json(CASES, {"opened_on": "2026-02-01", "person_id": str(survivor.pk)})

    assert response.status_code == 404
    assert Case.objects.filter(survivor=survivor).count() == 1
    assert AccessLogEntry.objects.filter(
        user=story.outsider, action=AccessAction.DENIED, object_id=str(survivor.pk)
    ).exists()
