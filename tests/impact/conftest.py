"""The impact stories: a programme manager and an M&E officer in Alice's office, a second
direct office in the UK, and a joint operation in India with its partner's staff."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mukti.accounts.models import Office, Organisation, User
from mukti.accounts.roles import Role
from tests.conftest import Story
from tests.factories import OfficeFactory, OrganisationFactory, TeamFactory, make_member


@dataclass
class ImpactStory:
    story: Story
    organisation: Organisation
    office: Office  # BD-KHU, direct
    uk: Office  # GB-LON, direct
    india: Office  # IN-KOL, joint with a partner
    manager: User  # programme manager, BD-KHU (office scope)
    me_officer: User  # M&E officer, organisation scope
    donor: User  # donor viewer
    partner: User  # partner staff in IN-KOL
    uk_manager: User


@pytest.fixture
def impact(story: Story) -> ImpactStory:
    organisation = story.organisation
    uk = OfficeFactory(organisation=organisation, code="GB-LON", name="UK", country="GB")
    partner_org = OrganisationFactory(name="Partner India", short_name="PI", is_partner=True)
    india = OfficeFactory(
        organisation=organisation,
        code="IN-KOL",
        name="India",
        country="IN",
        strategy=Office.Strategy.JOINT,
        partner_organisation=partner_org,
    )
    partner_team = TeamFactory(office=india, name="Kolkata aftercare")
    return ImpactStory(
        story=story,
        organisation=organisation,
        office=story.office,
        uk=uk,
        india=india,
        manager=make_member(role=Role.PROGRAMME_MANAGER, office=story.office),
        me_officer=make_member(role=Role.ME_OFFICER, office=story.office, scope="organisation"),
        donor=make_member(role=Role.DONOR_VIEWER, office=uk),
        partner=make_member(role=Role.PARTNER_STAFF, office=india, team=partner_team),
        uk_manager=make_member(role=Role.PROGRAMME_MANAGER, office=uk),
    )
