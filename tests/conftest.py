"""The people every story needs (after healthchecks' alice, bob and charlie):

- `caseworker`: Alice, a caseworker in team Khulna-1 of the Bangladesh office;
- `colleague`: Bob, a caseworker in the same team;
- `outsider`: Charlie, a caseworker in another organisation's office, who must see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mukti.accounts.models import Office, Organisation, Team, User
from mukti.accounts.roles import Role
from tests.factories import OfficeFactory, OrganisationFactory, TeamFactory, make_member


@dataclass
class Story:
    organisation: Organisation
    office: Office
    team: Team
    caseworker: User
    colleague: User
    outsider: User


@pytest.fixture
def story(db: None) -> Story:
    organisation = OrganisationFactory(name="Justice and Care", short_name="JC")
    office = OfficeFactory(organisation=organisation, name="Bangladesh", code="BD-KHU")
    team = TeamFactory(office=office, name="Khulna-1")
    caseworker = make_member(role=Role.CASEWORKER, team=team, full_name="Alice Caseworker")
    colleague = make_member(role=Role.CASEWORKER, team=team, full_name="Bob Caseworker")
    other_office = OfficeFactory(code="RO-BUC", country="RO")
    outsider = make_member(
        role=Role.CASEWORKER, team=TeamFactory(office=other_office), full_name="Charlie Outsider"
    )
    return Story(organisation, office, team, caseworker, colleague, outsider)


@pytest.fixture
def caseworker(story: Story) -> User:
    return story.caseworker


@pytest.fixture
def colleague(story: Story) -> User:
    return story.colleague


@pytest.fixture
def outsider(story: Story) -> User:
    return story.outsider
