"""Recording and changing persons. Every identifying value is encrypted by its field; the
blind indexes and name tokens that make it findable are written here, with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office
from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.core.crypto import blind_index
from mukti.core.names import name_search_tokens
from mukti.people.models import (
    Consent,
    IdentityDocument,
    Person,
    PersonAddress,
    PersonName,
    PersonNameToken,
    PersonPhone,
    Relationship,
    Sex,
)
from mukti.people.selectors import phone_index

MAX_AGE = 120


@dataclass(frozen=True)
class AddressInput:
    country: str
    division: str = ""
    district: str = ""
    subdistrict: str = ""
    village: str = ""
    street: str = ""


@dataclass(frozen=True)
class PersonDetails:
    """What is known of a new person, as `record_person` takes it."""

    given_name: str
    family_name: str = ""
    script: str = "Latn"
    sex: str = Sex.UNKNOWN
    birth_date: date | None = None
    estimated_age: int | None = None
    age_estimated_on: date | None = None
    nationality: str = ""
    phone: str = ""
    address: AddressInput | None = None


def validate_birth(
    *, birth_date: date | None, estimated_age: int | None, age_estimated_on: date | None
) -> None:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if birth_date and birth_date > today:
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    if birth_date and (today.year - birth_date.year) > MAX_AGE:
        errors["birth_date"] = _("The date of birth is more than 120 years ago.")
    if estimated_age is not None and not 0 <= estimated_age <= MAX_AGE:
        errors["estimated_age"] = _("An estimated age is between 0 and 120.")
    if estimated_age is not None and age_estimated_on is None:
        errors["age_estimated_on"] = _("Say on which date the age was estimated.")
    if age_estimated_on and age_estimated_on > today:
        errors["age_estimated_on"] = _("The date of the estimate cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def index_name(name: PersonName) -> None:
    """(Re)write the search tokens of one name."""
    PersonNameToken.objects.filter(name=name).delete()
    PersonNameToken.objects.bulk_create(
        PersonNameToken(person_id=name.person_id, name=name, token=token)
        for token in name_search_tokens(name.full_name)
    )


@transaction.atomic
def record_person(
    *,
    actor: Any,
    office: Office,
    given_name: str,
    family_name: str = "",
    script: str = "Latn",
    sex: str = Sex.UNKNOWN,
    birth_date: date | None = None,
    estimated_age: int | None = None,
    age_estimated_on: date | None = None,
    nationality: str = "",
    phone: str = "",
    address: AddressInput | None = None,
) -> Person:
    """Record a new person (a survivor, relative, witness …) for an office."""
    ensure_can(actor, Action.CHANGE_PERSON, office)
    if not given_name.strip() and not family_name.strip():
        raise ValidationError({"given_name": _("Give at least one name, or a nickname.")})
    validate_birth(
        birth_date=birth_date, estimated_age=estimated_age, age_estimated_on=age_estimated_on
    )
    person = Person(
        office=office,
        sex=sex,
        birth_date=birth_date,
        estimated_age=estimated_age,
        age_estimated_on=age_estimated_on,
        nationality=nationality,
        created_by=actor,
        updated_by=actor,
    )
    person._history_user = actor  # type: ignore[attr-defined]
    person.full_clean()
    person.save()
    add_name(
        actor=actor,
        person=person,
        given_name=given_name,
        family_name=family_name,
        script=script,
        kind=PersonName.Kind.PRIMARY,
    )
    if phone:
        add_phone(actor=actor, person=person, number=phone)
    if address:
        add_address(actor=actor, person=person, address=address)
    return person


@transaction.atomic
def add_name(
    *,
    actor: Any,
    person: Person,
    given_name: str,
    family_name: str = "",
    kind: str = PersonName.Kind.ALIAS,
    script: str = "Latn",
) -> PersonName:
    """Another name, alias, nickname or transliteration; all are searchable."""
    is_primary = kind == PersonName.Kind.PRIMARY
    if is_primary and person.names.filter(is_primary=True).exists():
        raise ValidationError({"kind": _("This person already has a main name.")})
    name = PersonName(
        person=person,
        kind=kind,
        is_primary=is_primary,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        script=script,
        created_by=actor,
        updated_by=actor,
    )
    name._history_user = actor  # type: ignore[attr-defined]
    name.save()
    index_name(name)
    return name


@transaction.atomic
def change_name(
    *, actor: Any, name: PersonName, expected_version: int, given_name: str, family_name: str
) -> PersonName:
    name.version = expected_version
    name.given_name, name.family_name = given_name.strip(), family_name.strip()
    name.updated_by = actor
    name._history_user = actor  # type: ignore[attr-defined]
    name.save()
    index_name(name)
    return name


@transaction.atomic
def add_phone(*, actor: Any, person: Person, number: str, label: str = "") -> PersonPhone:
    digits = "".join(c for c in number if c.isdigit())
    if not 6 <= len(digits) <= 15:
        raise ValidationError({"phone": _("A phone number has between 6 and 15 digits.")})
    phone = PersonPhone(
        person=person,
        number=number.strip(),
        number_index=phone_index(number),
        label=label,
        created_by=actor,
        updated_by=actor,
    )
    phone._history_user = actor  # type: ignore[attr-defined]
    phone.save()
    return phone


@transaction.atomic
def add_address(*, actor: Any, person: Person, address: AddressInput) -> PersonAddress:
    person.addresses.filter(is_current=True).update(is_current=False)
    record = PersonAddress(
        person=person,
        country=address.country,
        division=address.division,
        district=address.district,
        subdistrict=address.subdistrict,
        village=address.village,
        street=address.street,
        created_by=actor,
        updated_by=actor,
    )
    record._history_user = actor  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def add_identity_document(
    *, actor: Any, person: Person, kind: str, number: str, issuing_country: str = ""
) -> IdentityDocument:
    normalised = "".join(c for c in number.upper() if c.isalnum())
    if not normalised:
        raise ValidationError({"number": _("Enter the document number.")})
    document = IdentityDocument(
        person=person,
        kind=kind,
        number=number.strip(),
        number_index=blind_index(normalised, purpose="identity-number"),
        issuing_country=issuing_country,
        created_by=actor,
        updated_by=actor,
    )
    document._history_user = actor  # type: ignore[attr-defined]
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def update_person(
    *,
    actor: Any,
    person: Person,
    expected_version: int,
    sex: str,
    birth_date: date | None,
    estimated_age: int | None,
    age_estimated_on: date | None,
    nationality: str,
) -> Person:
    """Change a person's details; refused if someone saved them since `expected_version`."""
    ensure_can(actor, Action.CHANGE_PERSON, person)
    validate_birth(
        birth_date=birth_date, estimated_age=estimated_age, age_estimated_on=age_estimated_on
    )
    person.version = expected_version
    person.sex, person.birth_date, person.nationality = sex, birth_date, nationality
    person.estimated_age, person.age_estimated_on = estimated_age, age_estimated_on
    person.updated_by = actor
    person._history_user = actor  # type: ignore[attr-defined]
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def relate_persons(*, actor: Any, person: Person, relative: Person, kind: str) -> Relationship:
    ensure_can(actor, Action.CHANGE_PERSON, person)
    if person.pk == relative.pk:
        raise ValidationError({"relative": _("A person cannot be related to themselves.")})
    relationship = Relationship(
        person=person, relative=relative, kind=kind, created_by=actor, updated_by=actor
    )
    relationship._history_user = actor  # type: ignore[attr-defined]
    relationship.save()
    return relationship


@transaction.atomic
def record_consent(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    given: bool,
    recorded_on: date,
    expires_on: date | None = None,
    note: str = "",
) -> Consent:
    """Consent is never overwritten: a change of mind is a new, dated record."""
    ensure_can(actor, Action.CHANGE_PERSON, person)
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("Consent cannot be recorded in the future.")})
    if expires_on and expires_on <= recorded_on:
        raise ValidationError({"expires_on": _("Consent expires after the day it was given.")})
    consent = Consent(
        person=person,
        purpose=purpose,
        given=given,
        recorded_on=recorded_on,
        expires_on=expires_on,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    consent._history_user = actor  # type: ignore[attr-defined]
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def add_name_to_person(
    *,
    actor: Any,
    person: Person,
    given_name: str,
    family_name: str = "",
    kind: str = PersonName.Kind.ALIAS,
    script: str = "Latn",
) -> PersonName:
    """A name added from the person page: an alias, nickname or transliteration."""
    ensure_can(actor, Action.CHANGE_PERSON, person)
    if not given_name.strip() and not family_name.strip():
        raise ValidationError({"given_name": _("Give at least one name, or a nickname.")})
    return add_name(
        actor=actor,
        person=person,
        given_name=given_name,
        family_name=family_name,
        kind=kind,
        script=script,
    )


@transaction.atomic
def add_phone_to_person(*, actor: Any, person: Person, number: str, label: str = "") -> PersonPhone:
    """A phone number added from the person page."""
    ensure_can(actor, Action.CHANGE_PERSON, person)
    return add_phone(actor=actor, person=person, number=number, label=label)


@transaction.atomic
def record_relative(
    *, actor: Any, person: Person, kind: str, relative: PersonDetails
) -> Relationship:
    """A relative not yet known to Mukti, recorded and related to `person` in one step."""
    ensure_can(actor, Action.CHANGE_PERSON, person)
    recorded = record_person(actor=actor, office=person.office, **vars(relative))
    return relate_persons(actor=actor, person=person, relative=recorded, kind=kind)
