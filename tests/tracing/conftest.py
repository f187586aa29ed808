"""Tracing tests: each starts with no matching index in memory, and the index looks for
other writers' changes before every search (not once a second, as in a server)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mukti.accounts.roles import Role
from mukti.tracing import report_index
from tests.factories import OfficeFactory, TeamFactory, make_member


@pytest.fixture(autouse=True)
def fresh_report_index(monkeypatch: Any) -> Iterator[None]:
    monkeypatch.setattr(report_index, "SYNC_EVERY_SECONDS", 0.0)
    report_index.forget()
    yield
    report_index.forget()


@pytest.fixture
def manager(story: Any) -> Any:
    """Dina, the programme manager of the Bangladesh office (office-wide)."""
    return make_member(role=Role.PROGRAMME_MANAGER, office=story.office, full_name="Dina Manager")


@pytest.fixture
def repatriation_officer(story: Any) -> Any:
    """Rafiq manages tracing in the office but does not review matches."""
    return make_member(
        role=Role.REPATRIATION_OFFICER, office=story.office, full_name="Rafiq Repatriation"
    )


@pytest.fixture
def counsellor(story: Any) -> Any:
    return make_member(role=Role.COUNSELLOR, office=story.office, full_name="Shila Counsellor")


@pytest.fixture
def me_officer(story: Any) -> Any:
    return make_member(role=Role.ME_OFFICER, office=story.office, full_name="Emon Evaluation")


@pytest.fixture
def other_team_caseworker(story: Any) -> Any:
    """Same office, another team: reads the office's reports, not the team's cases."""
    return make_member(
        role=Role.CASEWORKER,
        team=TeamFactory(office=story.office, name="Khulna-2"),
        full_name="Sadia Khulna-2",
    )


@pytest.fixture
def jessore(story: Any) -> Any:
    """Another office of the same organisation."""
    return OfficeFactory(organisation=story.organisation, code="BD-JSR", name="Jessore")
