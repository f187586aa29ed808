from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mukti.people import services
from mukti.people.models import Consent, Person, PersonName
from tests.factories import make_person


def test_a_person_needs_at_least_one_name(story):
    with pytest.raises(ValidationError) as refused:
        services.record_person(actor=story.caseworker, office=story.office, given_name=" ")
    assert "given_name" in refused.value.message_dict
    assert not Person.objects.exists()


def test_a_birth_date_in_the_future_is_refused_and_nothing_is_saved(story):
    with pytest.raises(ValidationError) as refused:
        make_person(actor=story.caseworker, office=story.office, birth_date=date(2999, 1, 1))
    assert "future" in refused.value.message_dict["birth_date"][0]
    assert not Person.objects.exists()
    assert not PersonName.objects.exists()


def test_an_estimated_age_needs_the_date_it_was_estimated(story):
    with pytest.raises(ValidationError) as refused:
        make_person(actor=story.caseworker, office=story.office, birth_date=None, estimated_age=14)
    assert "age_estimated_on" in refused.value.message_dict


def test_age_is_counted_from_birth_or_from_the_estimate(story):
    born = make_person(actor=story.caseworker, office=story.office, birth_date=date(2008, 3, 1))
    assert born.age_on(date(2026, 2, 28)) == 17
    assert born.age_on(date(2026, 3, 1)) == 18
    estimated = make_person(
        actor=story.caseworker,
        office=story.office,
        birth_date=None,
        estimated_age=14,
        age_estimated_on=date(2024, 6, 1),
    )
    assert estimated.age_on(date(2026, 6, 2)) == 16


def test_an_outsider_cannot_record_a_person_in_another_office(story):
    with pytest.raises(PermissionDenied):
        make_person(actor=story.outsider, office=story.office)
    assert not Person.objects.exists()


def test_consent_is_never_overwritten_a_withdrawal_is_a_new_record(story):
    person = make_person(actor=story.caseworker, office=story.office)
    services.record_consent(
        actor=story.caseworker,
        person=person,
        purpose=Consent.Purpose.STORY_USE,
        given=True,
        recorded_on=date(2026, 1, 10),
    )
    services.record_consent(
        actor=story.caseworker,
        person=person,
        purpose=Consent.Purpose.STORY_USE,
        given=False,
        recorded_on=date(2026, 2, 10),
        note="Changed her mind after the hearing",
    )
    history = list(person.consents.order_by("recorded_on").values_list("given", flat=True))
    assert history == [True, False]


def test_a_person_cannot_be_their_own_relative(story):
    person = make_person(actor=story.caseworker, office=story.office)
    with pytest.raises(ValidationError):
        services.relate_persons(
            actor=story.caseworker, person=person, relative=person, kind="mother"
        )
