"""Identification tests: the story's people, one member of staff for every role, and API
clients with tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from mukti.accounts.models import User
from mukti.accounts.roles import Role
from mukti.api.services import issue_token
from mukti.cases.models import Case
from mukti.cases.services import assign_worker
from tests.api.conftest import ApiClient
from tests.factories import OfficeFactory, TeamFactory, make_case, make_member, make_person

# Everyone who could be asked about a case in the Bangladesh office, plus the outsider.
ROLES = (
    "caseworker",
    "counsellor",
    "legal_officer",
    "repatriation_officer",
    "programme_manager",
    "me_officer",
    "partner_staff",
    "data_protection_officer",
    "system_administrator",
    "outsider",
)


@pytest.fixture
def case(story) -> Case:
    """Alice's case for Rina, an adult (born 1 June 1998), opened on 15 January 2026."""
    rina = make_person(actor=story.caseworker, office=story.office, birth_date=date(1998, 6, 1))
    return make_case(actor=story.caseworker, survivor=rina)


@pytest.fixture
def child_case(story) -> Case:
    """Alice's case for Mina, a girl born 1 March 2010, opened on 15 January 2026."""
    mina = make_person(
        actor=story.caseworker, office=story.office, given_name="Mina", birth_date=date(2010, 3, 1)
    )
    return make_case(actor=story.caseworker, survivor=mina)


@pytest.fixture
def staff(story, case) -> dict[str, User]:
    """One member of staff per role in the case's office (the counsellor assigned to the
    case, as counsellors read only their own cases), and the outsider."""
    office = story.office
    people = {
        "caseworker": story.colleague,
        "outsider": story.outsider,
    }
    for role in ROLES:
        if role in people:
            continue
        people[role] = make_member(
            role=role, office=office, full_name=f"{Role(role).label} of BD-KHU"
        )
    assign_worker(actor=story.caseworker, case=case, worker=people["counsellor"], check=False)
    return people


@pytest.fixture
def other_office(story):
    """Another office of the same organisation (India, Kolkata)."""
    office = OfficeFactory(organisation=story.organisation, code="IN-KOL", country="IN")
    TeamFactory(office=office, name="Kolkata aftercare")
    return office


@pytest.fixture
def api_as(db: None) -> Callable[[Any], ApiClient]:
    def client_for(user: Any) -> ApiClient:
        _token, plaintext = issue_token(actor=None, user=user, name="tests")
        return ApiClient(plaintext)

    return client_for
