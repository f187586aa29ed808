"""What the API says about persons, and what it accepts to record or change one."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema

from mukti.people.models import Consent, Person, PersonName, Sex


def _age_today(person: Person) -> int | None:
    return person.age_on(timezone.localdate())


class PersonSummaryOut(Schema):
    """Enough to recognise a person in a list: the main name, sex and age today."""

    id: UUID
    name: str
    sex: str
    age: int | None

    @staticmethod
    def resolve_name(person: Person) -> str:
        return person.display_name

    @staticmethod
    def resolve_age(person: Person) -> int | None:
        return _age_today(person)


class PersonSearchOut(Schema):
    results: list[PersonSummaryOut]


class NameOut(Schema):
    id: UUID
    kind: str
    is_primary: bool
    given_name: str
    family_name: str
    full_name: str
    script: str
    version: int


class PhoneOut(Schema):
    id: UUID
    number: str
    label: str


class AddressOut(Schema):
    country: str
    division: str
    district: str
    subdistrict: str
    village: str
    street: str
    is_current: bool


class IdentityDocumentOut(Schema):
    kind: str
    number: str
    issuing_country: str


class ConsentOut(Schema):
    id: UUID
    purpose: str
    given: bool
    recorded_on: date
    expires_on: date | None
    withdrawn_on: date | None
    note: str


class PersonOut(Schema):
    id: UUID
    version: int
    office_code: str
    sex: str
    birth_date: date | None
    estimated_age: int | None
    age_estimated_on: date | None
    age: int | None
    nationality: str
    names: list[NameOut]
    phones: list[PhoneOut]
    addresses: list[AddressOut]
    identity_documents: list[IdentityDocumentOut]
    consents: list[ConsentOut]

    @staticmethod
    def resolve_office_code(person: Person) -> str:
        return person.office.code

    @staticmethod
    def resolve_age(person: Person) -> int | None:
        return _age_today(person)


class AddressIn(Schema):
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    division: str = ""
    district: str = ""
    subdistrict: str = ""
    village: str = ""
    street: str = ""


class PersonIn(Schema):
    """A new person, recorded together with whatever needs them (e.g. a new case)."""

    given_name: str = ""
    family_name: str = ""
    script: str = "Latn"
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    estimated_age: int | None = None
    age_estimated_on: date | None = None
    nationality: str = ""
    phone: str = ""
    address: AddressIn | None = None


class PersonPatchIn(Schema):
    """Fields left out keep their value; `version` is the one the client last read."""

    version: int
    sex: Sex | None = None
    birth_date: date | None = None
    estimated_age: int | None = None
    age_estimated_on: date | None = None
    nationality: str | None = None


class NameIn(Schema):
    given_name: str = ""
    family_name: str = ""
    kind: PersonName.Kind = PersonName.Kind.ALIAS
    script: str = "Latn"


class PhoneIn(Schema):
    number: str
    label: str = ""


class ConsentIn(Schema):
    purpose: Consent.Purpose
    given: bool
    recorded_on: date
    expires_on: date | None = None
    note: str = ""
