"""/api/v1/people/ (mukti/people/api.py): find, read and change persons within scope."""

from __future__ import annotations

import pytest

from mukti.audit.models import AccessAction, AccessLogEntry
from mukti.people.models import Consent, Person, PersonPhone
from tests.factories import make_case, make_person

PEOPLE = "/api/v1/people/"


@pytest.fixture
def survivor(story):
    person = make_person(actor=story.caseworker, office=story.office, phone="+880 1712 345678")
    make_case(actor=story.caseworker, survivor=person)
    return person


@pytest.fixture
def bob(story, api_as):
    return api_as(story.colleague)


@pytest.fixture
def charlie(story, api_as):
    return api_as(story.outsider)


def test_a_colleague_reads_the_survivors_details_and_the_read_is_logged(story, bob, survivor):
    body = bob.get(f"{PEOPLE}{survivor.pk}").json()

    assert [n["full_name"] for n in body["names"]] == ["Rina Akter"]
    assert [p["number"] for p in body["phones"]] == ["+880 1712 345678"]
    assert body["version"] == 1
    assert AccessLogEntry.objects.filter(
        user=story.colleague, action=AccessAction.API_READ, person_id=survivor.pk
    ).exists()


def test_outsider_gets_404_for_a_person_and_the_attempt_is_logged(story, charlie, survivor):
    response = charlie.get(f"{PEOPLE}{survivor.pk}")

    assert response.status_code == 404
    assert "Rina" not in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=story.outsider, action=AccessAction.DENIED, object_id=str(survivor.pk)
    ).exists()


def test_search_by_name_and_phone_finds_only_visible_persons(story, bob, charlie, survivor):
    by_name = bob.get(PEOPLE, {"name": "Reena"}).json()["results"]
    by_phone = bob.get(PEOPLE, {"phone": "01712345678"}).json()["results"]
    by_both = bob.get(PEOPLE, {"name": "Rina", "phone": "01799999999"}).json()["results"]

    assert [p["name"] for p in by_name] == ["Rina Akter"]
    assert [p["id"] for p in by_phone] == [str(survivor.pk)]
    assert by_both == []
    assert charlie.get(PEOPLE, {"name": "Rina"}).json()["results"] == []


def test_search_without_a_name_or_phone_is_refused(story, bob):
    response = bob.get(PEOPLE)

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "name"


def test_patch_changes_only_the_fields_given(story, bob, survivor):
    body = bob.patch_json(f"{PEOPLE}{survivor.pk}", {"version": 1, "nationality": "BD"}).json()

    assert (body["nationality"], body["sex"], body["birth_date"]) == ("BD", "female", "2008-03-01")
    assert Person.objects.get(pk=survivor.pk).version == 2


def test_patch_with_a_stale_version_names_fields_but_not_their_values(story, api_as, survivor):
    api_as(story.caseworker).patch_json(
        f"{PEOPLE}{survivor.pk}", {"version": 1, "birth_date": "2007-05-05"}
    )

    response = api_as(story.colleague).patch_json(
        f"{PEOPLE}{survivor.pk}", {"version": 1, "nationality": "IN"}
    )

    assert response.status_code == 409
    assert response.json()["changed"] == [{"field": "birth_date"}]
    assert "2007" not in response.content.decode()
    assert Person.objects.get(pk=survivor.pk).nationality == ""


def test_a_birth_date_in_the_future_is_refused_naming_the_field(story, bob, survivor):
    response = bob.patch_json(f"{PEOPLE}{survivor.pk}", {"version": 1, "birth_date": "2099-01-01"})

    assert response.json()["detail"] == [
        {"field": "birth_date", "message": "The date of birth cannot be in the future."}
    ]


def test_an_added_alias_is_searchable(story, bob, survivor):
    created = bob.post_json(
        f"{PEOPLE}{survivor.pk}/names", {"given_name": "Moyna", "kind": "nickname"}
    )

    assert created.status_code == 201
    assert [p["id"] for p in bob.get(PEOPLE, {"name": "Moina"}).json()["results"]] == [
        str(survivor.pk)
    ]


def test_an_outsider_cannot_add_a_name(story, charlie, survivor):
    response = charlie.post_json(f"{PEOPLE}{survivor.pk}/names", {"given_name": "Moyna"})

    assert response.status_code == 404
    assert survivor.names.count() == 1


def test_a_phone_number_with_too_few_digits_is_refused_naming_the_number(story, bob, survivor):
    response = bob.post_json(f"{PEOPLE}{survivor.pk}/phones", {"number": "123"})

    assert response.json()["detail"][0]["field"] == "number"
    assert PersonPhone.objects.filter(person=survivor).count() == 1


def test_a_phone_number_added_is_shown(story, bob, survivor):
    bob.post_json(f"{PEOPLE}{survivor.pk}/phones", {"number": "01811 222333", "label": "mother"})

    phones = bob.get(f"{PEOPLE}{survivor.pk}").json()["phones"]
    assert {(p["number"], p["label"]) for p in phones} == {
        ("+880 1712 345678", ""),
        ("01811 222333", "mother"),
    }


def test_consent_is_recorded_and_shown(story, bob, survivor):
    created = bob.post_json(
        f"{PEOPLE}{survivor.pk}/consents",
        {"purpose": "services", "given": True, "recorded_on": "2026-01-15"},
    )

    assert created.status_code == 201
    consents = bob.get(f"{PEOPLE}{survivor.pk}").json()["consents"]
    assert [(c["purpose"], c["given"]) for c in consents] == [("services", True)]


def test_consent_recorded_in_the_future_is_refused(story, bob, survivor):
    response = bob.post_json(
        f"{PEOPLE}{survivor.pk}/consents",
        {"purpose": "services", "given": True, "recorded_on": "2099-01-01"},
    )

    assert response.json()["detail"][0]["field"] == "recorded_on"
    assert not Consent.objects.exists()
