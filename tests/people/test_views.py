"""The person page: who someone is, their names, phones, relatives, consent and cases."""

from __future__ import annotations

import re
from datetime import date

from django.test import Client

from mukti.accounts.models import User
from mukti.accounts.roles import Role
from mukti.audit.models import AccessLogEntry
from mukti.cases.selectors import CaseFilters, case_page
from mukti.people import services
from mukti.people.models import Consent, Person, Relationship
from tests.factories import make_case, make_member


def login(client: Client, user: User) -> Client:
    """Signed in, with the demo waiver standing in for the second factor."""
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    client.force_login(user)
    return client


def log_rows(user: User, action: str) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(user=user, action=action).order_by("sequence"))


def test_caseworker_sees_the_survivor_and_the_view_is_logged(client, story):
    case = make_case(actor=story.caseworker)
    survivor = case.survivor
    services.add_phone(actor=story.caseworker, person=survivor, number="+880 1712 345678")
    services.add_name(
        actor=story.caseworker, person=survivor, given_name="রিনা", family_name="", script="Beng"
    )
    login(client, story.colleague)

    page = client.get(f"/people/{survivor.pk}/").content.decode()

    assert "<h1>Rina Akter</h1>" in page
    assert "রিনা" in page
    assert "Beng" in page
    assert "+880 1712 345678" in page
    assert case.number in page
    assert "Open a case" in page
    [row] = log_rows(story.colleague, "view")
    assert (row.object_type, row.person_id) == ("people.person", survivor.pk)


def test_outsider_gets_404_for_a_person_and_the_attempt_is_logged(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.outsider)

    response = client.get(f"/people/{survivor.pk}/")

    assert response.status_code == 404
    assert "Rina" not in response.content.decode()
    [row] = log_rows(story.outsider, "denied")
    assert (row.object_type, row.object_id) == ("people.person", str(survivor.pk))


def test_outsider_cannot_add_a_phone(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.outsider)

    response = client.post(f"/people/{survivor.pk}/phones/", {"number": "01712345678"})

    assert response.status_code == 404
    assert not survivor.phones.exists()


def test_an_alias_added_with_htmx_is_shown_and_findable(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    response = client.post(
        f"/people/{case.survivor_id}/names/",
        {"given_name": "Moyna", "family_name": "", "kind": "nickname", "script": "Latn"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="names"')
    assert "Moyna" in page
    assert "The name was added." in page
    found = case_page(story.caseworker, filters=CaseFilters(query="Moina"))
    assert [c.pk for c in found.cases] == [case.pk]


def test_a_phone_with_too_few_digits_shows_the_message_and_stores_nothing(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.caseworker)

    response = client.post(f"/people/{survivor.pk}/phones/", {"number": "123", "label": ""})

    assert "A phone number has between 6 and 15 digits." in response.content.decode()
    assert not survivor.phones.exists()


def test_a_relative_is_recorded_and_linked(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.caseworker)

    response = client.post(
        f"/people/{survivor.pk}/relatives/",
        {"kind": "mother", "given_name": "Jorina", "family_name": "Begum", "sex": "female"},
        follow=True,
    )

    relationship = Relationship.objects.get(person=survivor)
    page = response.content.decode()
    assert "The relative was recorded." in page
    assert f'href="/people/{relationship.relative_id}/">Jorina Begum</a>' in page
    assert relationship.kind == "mother"
    mother_page = client.get(f"/people/{relationship.relative_id}/").content.decode()
    assert "<h1>Jorina Begum</h1>" in mother_page


def test_consent_is_recorded_and_a_future_date_refused(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.caseworker)

    refused = client.post(
        f"/people/{survivor.pk}/consents/",
        {"purpose": "data_sharing", "given": "yes", "recorded_on": "2099-01-01"},
    )
    assert "Consent cannot be recorded in the future." in refused.content.decode()
    assert not Consent.objects.exists()

    client.post(
        f"/people/{survivor.pk}/consents/",
        {"purpose": "data_sharing", "given": "no", "recorded_on": "2026-02-01"},
    )
    consent = Consent.objects.get()
    assert (consent.purpose, consent.given) == ("data_sharing", False)
    assert "Refused" in client.get(f"/people/{survivor.pk}/").content.decode()


def test_a_counsellor_sees_the_person_but_no_forms_to_change_them(client, story):
    case = make_case(actor=story.caseworker)
    counsellor = make_member(role=Role.COUNSELLOR, office=story.office, scope="office")
    login(client, counsellor)

    page = client.get(f"/people/{case.survivor_id}/").content.decode()

    assert "Rina Akter" in page
    assert "Add a phone number" not in page
    assert client.get(f"/people/{case.survivor_id}/edit/").status_code == 403


def test_details_are_edited_with_the_version_seen(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.caseworker)

    response = client.post(
        f"/people/{survivor.pk}/edit/",
        {"sex": "female", "birth_date": "2007-05-04", "nationality": "IN", "version": 1},
        follow=True,
    )

    assert "The person&#x27;s details were saved." in response.content.decode()
    survivor.refresh_from_db()
    assert (survivor.birth_date, survivor.nationality) == (date(2007, 5, 4), "IN")


def test_a_stale_edit_of_a_person_is_refused_and_the_current_value_kept(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    seen = survivor.version
    services.update_person(
        actor=story.colleague,
        person=Person.objects.get(pk=survivor.pk),
        expected_version=seen,
        sex="female",
        birth_date=date(2008, 3, 1),
        estimated_age=None,
        age_estimated_on=None,
        nationality="NP",
    )
    login(client, story.caseworker)

    response = client.post(
        f"/people/{survivor.pk}/edit/",
        {"sex": "female", "birth_date": "2008-03-01", "nationality": "IN", "version": seen},
    )

    page = response.content.decode()
    assert "changed by Bob Caseworker" in page
    assert "<td>India</td><td>Nepal</td>" in page.replace("\n", "").replace("  ", "")
    survivor.refresh_from_db()
    assert survivor.nationality == "NP"


def test_a_birth_date_and_an_estimated_age_together_are_refused(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    login(client, story.caseworker)

    response = client.post(
        f"/people/{survivor.pk}/edit/",
        {
            "sex": "female",
            "birth_date": "2008-03-01",
            "estimated_age": "17",
            "age_estimated_on": "2026-01-01",
            "version": survivor.version,
        },
    )

    assert "Give a date of birth or an estimated age, not both." in response.content.decode()
    survivor.refresh_from_db()
    assert survivor.estimated_age is None


def test_every_field_on_the_person_page_has_a_label_of_its_own(client, story):
    survivor = make_case(actor=story.caseworker).survivor
    page = login(client, story.caseworker).get(f"/people/{survivor.pk}/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page):
        assert f'for="{field_id}"' in page
