"""The justice story: Alice's survivor goes to court. Around her: a legal officer and a
programme manager of her office, a counsellor assigned to her case, and Charlie outside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from mukti.accounts.models import User
from mukti.accounts.roles import Role
from mukti.cases.models import Case
from mukti.cases.services import assign_worker
from tests.conftest import Story
from tests.factories import make_case, make_member


@dataclass
class JusticeStory:
    story: Story
    case: Case
    legal_officer: User
    manager: User
    counsellor: User
    me_officer: User

    @property
    def caseworker(self) -> User:
        return self.story.caseworker

    @property
    def outsider(self) -> User:
        return self.story.outsider


@pytest.fixture
def justice(story: Story) -> JusticeStory:
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office, full_name="Mahmuda")
    counsellor = make_member(role=Role.COUNSELLOR, office=story.office, full_name="Shamima")
    assign_worker(actor=manager, case=case, worker=counsellor)
    return JusticeStory(
        story=story,
        case=case,
        legal_officer=make_member(
            role=Role.LEGAL_OFFICER, office=story.office, full_name="Tanvir Legal"
        ),
        manager=manager,
        counsellor=counsellor,
        me_officer=make_member(role=Role.ME_OFFICER, office=story.office, full_name="Arif ME"),
    )


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked in English; a page requested in Bengali leaves the language of
    the thread behind, so each test starts (and ends) from English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
