"""Small known stories for the indicator rules: survivors, their cases and dated events."""

from __future__ import annotations

from datetime import date
from typing import Any

from mukti.accounts.models import Office, User
from mukti.cases import services as case_services
from mukti.cases.models import Case, CaseEvent
from mukti.people.models import Person, Sex
from tests.factories import make_case, make_person


def survivor(
    actor: User,
    office: Office,
    *,
    sex: str = Sex.FEMALE,
    birth_date: date | None = date(1995, 6, 1),
    **extra: Any,
) -> Person:
    return make_person(actor=actor, office=office, sex=sex, birth_date=birth_date, **extra)


def case_of(
    actor: User,
    office: Office | None = None,
    *,
    person: Person | None = None,
    opened_on: date = date(2020, 1, 10),
    **extra: Any,
) -> Case:
    if office is None:
        membership = actor.memberships.select_related("office").first()
        assert membership is not None
        office = membership.office
    person = person or survivor(actor, office)
    return make_case(actor=actor, office=office, survivor=person, opened_on=opened_on, **extra)


def event(actor: User, case: Case, kind: str, on: date, source: Any = None) -> CaseEvent:
    return case_services.add_case_event(
        actor=actor, case=case, kind=kind, happened_on=on, source=source
    )
