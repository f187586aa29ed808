"""/api/v1/people/: find a person, read and change their details, add names, phones and
consent. Persons are reached only through `persons_visible_to`; one outside the caller's
scope answers 404 and the attempt is logged."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.people import services
from mukti.people.models import Person
from mukti.people.schemas import (
    ConsentIn,
    ConsentOut,
    NameIn,
    NameOut,
    PersonOut,
    PersonPatchIn,
    PersonSearchOut,
    PhoneIn,
    PhoneOut,
)
from mukti.people.selectors import person_for, persons_named, persons_with_phone

router = Router(tags=["people"])

SEARCH_LIMIT = 50


def _person(request: ApiRequest, person_id: UUID) -> Person:
    try:
        return person_for(request.auth, person_id=person_id)
    except Person.DoesNotExist:
        raise not_found(request, object_type="people.person", object_id=person_id) from None


def _person_out(request: ApiRequest, person: Person) -> Person:
    record_access(
        actor=request.auth, action=AccessAction.API_READ, record=person, path=request.path
    )
    return person


@router.get("/", response=PersonSearchOut, summary="Find persons")
def search_people(request: ApiRequest, name: str = "", phone: str = "") -> Any:
    """By name (spelling- and transliteration-tolerant, every word must match) and/or by
    phone number; only persons you may see are found."""
    if not name.strip() and not phone.strip():
        raise ValidationError({"name": _("Give a name or a phone number to search for.")})
    if name.strip():
        found = persons_named(request.auth, name=name, limit=SEARCH_LIMIT)
        if phone.strip():
            holders = set(
                persons_with_phone(request.auth, phone=phone).values_list("pk", flat=True)
            )
            found = [person for person in found if person.pk in holders]
    else:
        found = list(persons_with_phone(request.auth, phone=phone)[:SEARCH_LIMIT])
    if found:
        record_access(
            actor=request.auth,
            action=AccessAction.API_READ,
            object_type="people.person",
            path=request.path,
        )
    return {"results": found}


@router.get("/{person_id}", response=PersonOut, summary="A person")
def get_person(request: ApiRequest, person_id: UUID) -> Any:
    return _person_out(request, _person(request, person_id))


@router.patch("/{person_id}", response=PersonOut, summary="Change a person's details")
def change_person(request: ApiRequest, person_id: UUID, payload: PersonPatchIn) -> Any:
    """Fields left out keep their value. If the person was changed since the `version` you
    read, nothing is saved and the answer (409) names the fields that changed."""
    person = _person(request, person_id)
    given = payload.dict(exclude_unset=True)

    def chosen(field: str) -> Any:
        return given[field] if field in given else getattr(person, field)

    services.update_person(
        actor=request.auth,
        person=person,
        expected_version=payload.version,
        sex=chosen("sex") or person.sex,
        birth_date=chosen("birth_date"),
        estimated_age=chosen("estimated_age"),
        age_estimated_on=chosen("age_estimated_on"),
        nationality=chosen("nationality") or "",
    )
    return _person_out(request, _person(request, person_id))


@router.post("/{person_id}/names", response={201: NameOut}, summary="Add a name")
def add_name(request: ApiRequest, person_id: UUID, payload: NameIn) -> Any:
    """An alias, nickname, name at birth or transliteration; every name is searchable."""
    person = _person(request, person_id)
    name = services.add_name_to_person(
        actor=request.auth,
        person=person,
        given_name=payload.given_name,
        family_name=payload.family_name,
        kind=payload.kind,
        script=payload.script,
    )
    return Status(201, name)


@router.post("/{person_id}/phones", response={201: PhoneOut}, summary="Add a phone number")
def add_phone(request: ApiRequest, person_id: UUID, payload: PhoneIn) -> Any:
    person = _person(request, person_id)
    with fields_renamed({"phone": "number"}):
        phone = services.add_phone_to_person(
            actor=request.auth, person=person, number=payload.number, label=payload.label
        )
    return Status(201, phone)


@router.post("/{person_id}/consents", response={201: ConsentOut}, summary="Record consent")
def record_consent(request: ApiRequest, person_id: UUID, payload: ConsentIn) -> Any:
    """Consent is never overwritten: a change of mind is a new, dated record."""
    person = _person(request, person_id)
    consent = services.record_consent(
        actor=request.auth,
        person=person,
        purpose=payload.purpose,
        given=payload.given,
        recorded_on=payload.recorded_on,
        expires_on=payload.expires_on,
        note=payload.note,
    )
    return Status(201, consent)
