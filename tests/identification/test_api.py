"""/api/v1/identification/ (mukti/identification/api.py): the same services, validation and
scope as the pages, with access-log rows for responses that identify someone."""

from __future__ import annotations

from datetime import date

import pytest

from mukti.accounts.roles import Role
from mukti.audit.models import AccessAction, AccessLogEntry
from mukti.cases.models import Case, EventKind
from mukti.identification import services
from mukti.identification.models import ObservedIndicator, Referral, RescuedPerson
from tests.factories import make_case, make_member
from tests.identification.factories import (
    ADULTS,
    ILO,
    PRESUMED,
    make_operation,
    make_referral,
    make_screening,
)

API = "/api/v1/identification"


@pytest.fixture
def alice(story, api_as):
    return api_as(story.caseworker)


@pytest.fixture
def bob(story, api_as):
    return api_as(story.colleague)


@pytest.fixture
def charlie(story, api_as):
    return api_as(story.outsider)


def api_reads(user) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(user=user, action=AccessAction.API_READ))


def fields(response) -> dict[str, str]:
    return {problem["field"]: problem["message"] for problem in response.json()["detail"]}


# --- operations ---------------------------------------------------------------------------


def test_an_operation_is_recorded_and_read_back(story, alice):
    response = alice.post_json(
        f"{API}/operations",
        {
            "kind": "rescue",
            "operation_on": "2026-02-12",
            "country": "BD",
            "agency": "police",
            "reference": "GD 417",
            "place": "A house in Benapole",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["office"]["code"] == "BD-KHU"
    assert (body["place"], body["person_count"], body["people"]) == ("A house in Benapole", 0, [])
    assert alice.get(f"{API}/operations/{body['id']}").json()["reference"] == "GD 417"


def test_a_bad_operation_is_refused_naming_the_field(story, alice):
    response = alice.post_json(
        f"{API}/operations",
        {"kind": "rescue", "operation_on": "2026-02-12", "country": "BD", "agency": "ngo"},
    )

    assert response.status_code == 422
    assert fields(response) == {"agency_name": "Give the name of the organisation or agency."}


def test_the_list_filters_and_pages(story, bob, settings):
    settings.MUKTI_PAGE_SIZE = 1
    make_operation(actor=story.caseworker, office=story.office, operation_on=date(2026, 1, 2))
    make_operation(actor=story.caseworker, office=story.office, agency="police")

    first = bob.get(f"{API}/operations").json()
    second = bob.get(f"{API}/operations", {"cursor": first["next_cursor"]}).json()
    police = bob.get(f"{API}/operations", {"agency": "police"}).json()

    assert [o["agency"] for o in first["results"] + second["results"]] == ["police", "bgb"]
    assert second["next_cursor"] is None
    assert [o["agency"] for o in police["results"]] == ["police"]
    assert bob.get(f"{API}/operations", {"agency": "army"}).status_code == 422


def test_the_outsider_neither_lists_nor_reads_an_operation(story, charlie):
    operation = make_operation(actor=story.caseworker, office=story.office)

    assert charlie.get(f"{API}/operations").json()["results"] == []
    assert charlie.get(f"{API}/operations/{operation.pk}").status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").exists()


def test_people_are_added_by_case_number_or_as_new_survivors(story, alice, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    url = f"{API}/operations/{operation.pk}/people"

    linked = alice.post_json(url, {"case_number": case.number})
    opened = alice.post_json(
        url,
        {
            "person": {
                "given_name": "Shila",
                "estimated_age": 15,
                "age_estimated_on": "2026-02-10",
            },
            "team_id": str(story.team.pk),
        },
    )
    again = alice.post_json(url, {"case_number": case.number})

    assert linked.status_code == 201
    assert linked.json()["survivor"]["name"] == "Rina Akter"
    assert opened.status_code == 201
    assert opened.json()["is_minor"] is True and opened.json()["opened_case"] is True
    assert again.status_code == 422
    assert fields(again) == {"case_number": "This case is already linked to this operation."}
    body = alice.get(f"{API}/operations/{operation.pk}").json()
    assert (body["person_count"], body["minor_count"]) == (2, 1)
    assert {p["case_number"] for p in body["people"]} == {
        case.number,
        opened.json()["case_number"],
    }


def test_a_new_survivor_without_a_name_is_refused_under_person(story, alice):
    operation = make_operation(actor=story.caseworker, office=story.office)

    response = alice.post_json(f"{API}/operations/{operation.pk}/people", {"person": {}})

    assert response.status_code == 422
    assert "person.given_name" in fields(response)
    assert not RescuedPerson.objects.exists()


def test_an_operation_shows_only_the_people_you_may_read_and_logs_them(story, bob, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)
    other_team = make_member(role=Role.CASEWORKER, office=story.office)
    theirs = make_case(actor=other_team)
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    services.add_rescued_case(actor=manager, operation=operation, case=theirs)

    body = bob.get(f"{API}/operations/{operation.pk}").json()

    assert [p["case_number"] for p in body["people"]] == [case.number]
    assert (body["people_hidden"], body["person_count"]) == (1, 2)
    logged = {(row.object_type, row.person_id) for row in api_reads(story.colleague)}
    assert logged == {
        ("identification.rescueoperation", None),
        ("cases.case", case.survivor_id),
    }


def test_a_stale_operation_edit_answers_409(story, alice, bob):
    operation = make_operation(actor=story.caseworker, office=story.office)
    bob.patch_json(f"{API}/operations/{operation.pk}", {"version": 1, "reference": "B"})

    response = alice.patch_json(
        f"{API}/operations/{operation.pk}", {"version": 1, "reference": "A"}
    )

    assert response.status_code == 409
    assert {"field": "reference"} in response.json()["changed"]


def test_a_counsellor_may_not_record_an_operation(story, api_as):
    counsellor = api_as(make_member(role=Role.COUNSELLOR, office=story.office))

    response = counsellor.post_json(
        f"{API}/operations",
        {"kind": "rescue", "operation_on": "2026-02-12", "country": "BD", "agency": "police"},
    )

    assert response.status_code == 422  # no office where they may record
    assert "office_id" in fields(response)


# --- screenings ---------------------------------------------------------------------------


def test_a_screening_is_recorded_with_its_summary(story, alice, case):
    response = alice.post_json(
        f"{API}/cases/{case.number}/screenings",
        {
            "screened_on": "2026-02-01",
            "checklist": ADULTS,
            "indicators": PRESUMED,
            "outcome": "presumed_victim",
            "outcome_reason": "Deceived and held by debt",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["summary"]["suggestion"] == "presumed_victim"
    assert (body["summary"]["strong"], body["summary"]["medium"]) == (4, 2)
    assert set(body["summary"]["positive_dimensions"]) == {
        "deceptive_recruitment",
        "exploitative_conditions",
        "coercion_at_destination",
    }
    assert body["screener"] == "Alice Caseworker"
    assert case.events.filter(kind=EventKind.IDENTIFIED).count() == 1


def test_unknown_indicators_and_checklists_are_refused(story, alice, case):
    base = {"screened_on": "2026-02-01", "outcome": "needs_more_assessment", "outcome_reason": "x"}

    unknown_code = alice.post_json(
        f"{API}/cases/{case.number}/screenings",
        {**base, "checklist": ILO, "indicators": ["deception", "telepathy"]},
    )
    unknown_list = alice.post_json(
        f"{API}/cases/{case.number}/screenings", {**base, "checklist": "astrology"}
    )
    hidden = alice.post_json(
        f"{API}/cases/{case.number}/screenings",
        {**base, "checklist": ILO, "indicators": ["physical-and-sexual-violence"]},
    )

    assert fields(unknown_code) == {"indicators": "Not in this checklist: telepathy."}
    assert fields(unknown_list) == {"checklist": "No checklist in use has this code."}
    # For a caseworker the indicator is not on the checklist at all.
    assert fields(hidden) == {"indicators": "Not in this checklist: physical-and-sexual-violence."}


def test_a_screening_for_an_adult_with_the_childrens_list_names_the_checklist(story, alice, case):
    response = alice.post_json(
        f"{API}/cases/{case.number}/screenings",
        {
            "screened_on": "2026-02-01",
            "checklist": "delphi-2009-children",
            "outcome": "needs_more_assessment",
            "outcome_reason": "Unsure",
        },
    )

    assert fields(response) == {
        "checklist": "This checklist is for children; the survivor was an adult."
    }


def test_screening_answers_about_sexual_exploitation_are_hidden_by_role(story, api_as, case):
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    screening = make_screening(
        actor=manager, case=case, set_code=ILO, codes=["deception", "physical-and-sexual-violence"]
    )
    url = f"{API}/cases/{case.number}/screenings/{screening.pk}"

    as_caseworker = api_as(story.caseworker).get(url).json()
    as_manager = api_as(manager).get(url).json()

    assert [o["code"] for o in as_caseworker["observed"]] == ["deception"]
    assert as_caseworker["answers_complete"] is False
    assert [o["code"] for o in as_manager["observed"]] == [
        "deception",
        "physical-and-sexual-violence",
    ]
    assert as_manager["answers_complete"] is True


def test_patching_a_screening_keeps_hidden_answers(story, alice, case):
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    screening = make_screening(
        actor=manager, case=case, set_code=ILO, codes=["deception", "physical-and-sexual-violence"]
    )

    response = alice.patch_json(
        f"{API}/cases/{case.number}/screenings/{screening.pk}",
        {"version": screening.version, "indicators": ["debt-bondage"]},
    )

    assert response.status_code == 200
    assert [o["code"] for o in response.json()["observed"]] == ["debt-bondage"]
    current = ObservedIndicator.objects.filter(withdrawn_at__isnull=True)
    assert sorted(current.values_list("indicator__code", flat=True)) == [
        "debt-bondage",
        "physical-and-sexual-violence",
    ]


def test_screenings_are_listed_and_logged_and_hidden_from_the_outsider(story, bob, charlie, case):
    make_screening(actor=story.caseworker, case=case)

    body = bob.get(f"{API}/cases/{case.number}/screenings").json()

    assert [s["outcome"] for s in body] == ["presumed_victim"]
    assert [r.person_id for r in api_reads(story.colleague)] == [case.survivor_id]
    assert charlie.get(f"{API}/cases/{case.number}/screenings").status_code == 404


def test_a_legal_officer_reads_but_may_not_screen(story, api_as, case):
    legal = api_as(make_member(role=Role.LEGAL_OFFICER, office=story.office))
    make_screening(actor=story.caseworker, case=case)

    assert legal.get(f"{API}/cases/{case.number}/screenings").status_code == 200
    response = legal.post_json(
        f"{API}/cases/{case.number}/screenings",
        {
            "screened_on": "2026-02-01",
            "checklist": ILO,
            "outcome": "not_a_victim",
            "outcome_reason": "x",
        },
    )
    assert response.status_code == 403


# --- referrals ----------------------------------------------------------------------------


def test_an_nrm_referral_moves_through_its_decisions(story, alice, case):
    created = alice.post_json(
        f"{API}/cases/{case.number}/referrals",
        {"kind": "uk_nrm", "referred_on": "2026-02-03", "referred_to": "Competent authority"},
    )
    referral_id = created.json()["id"]
    url = f"{API}/cases/{case.number}/referrals/{referral_id}"

    rg = alice.patch_json(
        url,
        {
            "version": 1,
            "reasonable_grounds": "positive",
            "reasonable_grounds_on": "2026-02-09",
            "status": "accepted",
            "status_on": "2026-02-09",
        },
    )
    too_early = alice.patch_json(
        url,
        {"version": 2, "conclusive_grounds": "positive", "conclusive_grounds_on": "2026-02-08"},
    )

    assert created.status_code == 201 and created.json()["status"] == "made"
    assert rg.status_code == 200
    assert (rg.json()["status"], rg.json()["answered_on"]) == ("accepted", "2026-02-09")
    assert fields(too_early) == {
        "conclusive_grounds_on": (
            "The conclusive-grounds decision is before the reasonable-grounds decision."
        )
    }
    assert Referral.objects.get().conclusive_grounds == ""


def test_referrals_are_listed_and_a_wrong_transition_is_refused(story, bob, case):
    referral = make_referral(actor=story.caseworker, case=case)

    listed = bob.get(f"{API}/cases/{case.number}/referrals").json()
    wrong = bob.patch_json(
        f"{API}/cases/{case.number}/referrals/{referral.pk}",
        {"version": 1, "status": "completed", "status_on": "2026-02-05"},
    )

    assert [r["referred_to"] for r in listed] == ["Safe home, Jessore"]
    assert fields(wrong) == {"status": "A referral that is made cannot become completed."}


def test_a_referral_of_another_case_is_not_found(story, alice, case):
    other = make_case(actor=story.caseworker)
    referral = make_referral(actor=story.caseworker, case=other)

    response = alice.get(f"{API}/cases/{case.number}/referrals/{referral.pk}")

    assert response.status_code == 404
    assert Case.objects.count() == 2


def test_checklists_are_listed_with_their_indicators(story, alice):
    body = alice.get(f"{API}/checklists").json()

    by_code = {c["code"]: c for c in body}
    assert len(by_code[ADULTS]["indicators"]) == 67
    assert len(by_code["delphi-2009-children"]["indicators"]) == 65
    assert len(by_code[ILO]["indicators"]) == 11
    assert by_code[ADULTS]["rule"] == "delphi_2009"
