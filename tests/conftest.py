"""The people every story needs (after healthchecks' alice, bob and charlie):

- `caseworker`: Alice, a caseworker in team Khulna-1 of the Bangladesh office;
- `colleague`: Bob, a caseworker in the same team;
- `outsider`: Charlie, a caseworker in another organisation's office, who must see nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mukti.accounts.models import Office, Organisation, Team, User
from mukti.accounts.roles import Role
from mukti.core.keyring import keyring
from tests.factories import OfficeFactory, OrganisationFactory, TeamFactory, make_member


@pytest.fixture(autouse=True)
def temporary_keys(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Keys and var/ files of each test live in its own temporary folder, never in var/."""
    settings.VAR_DIR = tmp_path
    settings.MUKTI_KEYS_FILE = tmp_path / "keys.json"
    settings.MUKTI_ENCRYPTION_KEYS = None
    keyring.cache_clear()
    yield settings.MUKTI_KEYS_FILE
    keyring.cache_clear()


@pytest.fixture(autouse=True)
def jobs_run_at_once(settings: Any) -> None:
    """A background job runs inside the test that enqueues it, so its result can be read."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def quick_password_hashing(settings: Any) -> None:
    """Argon2 is meant to be slow (half a second a user); tests/accounts keep it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
