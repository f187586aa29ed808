"""Roles x scopes x actions on cases, persons, notes and attachments.

The expectations are written out here by hand, apart from mukti/accounts/roles.py, so that a
change to the role table that widens access fails a test someone has to read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mukti.accounts.models import Membership, User
from mukti.accounts.permissions import readable_sections
from mukti.accounts.roles import Action, Role, Scope, Section
from mukti.cases import selectors as case_selectors
from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.people.selectors import persons_visible_to
from tests.factories import (
    OfficeFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    make_case,
    make_member,
)

ALL_ROLES = list(Role)
ALL_SCOPES = list(Scope)

# Which of the four cases each scope reaches, for a member of team T1 in office A:
# "mine" (team T1, assigned to the member), "team" (team T1), "office" (office A, team T2),
# "organisation" (office B, same organisation), "elsewhere" (another organisation).
REACH = {
    Scope.ASSIGNED: {"mine"},
    Scope.TEAM: {"mine", "team"},
    Scope.OFFICE: {"mine", "team", "office"},
    Scope.ORGANISATION: {"mine", "team", "office", "organisation"},
}

READS_CASES = {
    Role.CASEWORKER,
    Role.COUNSELLOR,
    Role.LEGAL_OFFICER,
    Role.REPATRIATION_OFFICER,
    Role.PROGRAMME_MANAGER,
    Role.PARTNER_STAFF,
}

ACTIONS_ON_A_REACHED_CASE = {
    Role.CASEWORKER: {"view", "change", "close", "note", "attach", "event"},
    Role.COUNSELLOR: {"view", "note", "attach", "event"},
    Role.LEGAL_OFFICER: {"view", "note", "attach", "event"},
    Role.REPATRIATION_OFFICER: {"view", "note", "attach", "event"},
    Role.PROGRAMME_MANAGER: {"view", "change", "close", "note", "attach", "event", "share"},
    Role.PARTNER_STAFF: {"view", "change", "close", "note", "attach", "event"},
    Role.ME_OFFICER: set(),
    Role.DONOR_VIEWER: set(),
    Role.DATA_PROTECTION_OFFICER: set(),
    Role.SYSTEM_ADMINISTRATOR: set(),
}
ACTION_CODES = {
    "view": Action.VIEW_CASE,
    "change": Action.CHANGE_CASE,
    "close": Action.CLOSE_CASE,
    "note": Action.ADD_NOTE,
    "attach": Action.ADD_ATTACHMENT,
    "event": Action.ADD_EVENT,
    "share": Action.SHARE_CASE,
}

SECTIONS = {
    Role.CASEWORKER: {Section.GENERAL, Section.HEALTH},
    Role.COUNSELLOR: {
        Section.GENERAL,
        Section.HEALTH,
        Section.COUNSELLING,
        Section.SEXUAL_EXPLOITATION,
    },
    Role.LEGAL_OFFICER: {Section.GENERAL, Section.LEGAL, Section.SEXUAL_EXPLOITATION},
    Role.REPATRIATION_OFFICER: {Section.GENERAL},
    Role.PROGRAMME_MANAGER: set(Section),
    Role.PARTNER_STAFF: {Section.GENERAL},
}


@dataclass
class World:
    cases: dict[str, Case]
    office_a: object
    team_1: object


@pytest.fixture
def world(db: None) -> World:
    organisation = OrganisationFactory()
    office_a = OfficeFactory(organisation=organisation, code="BD-AAA")
    office_b = OfficeFactory(organisation=organisation, code="BD-BBB")
    team_1 = TeamFactory(office=office_a)
    team_2 = TeamFactory(office=office_a)
    manager_a = make_member(role=Role.PROGRAMME_MANAGER, office=office_a)
    manager_b = make_member(role=Role.PROGRAMME_MANAGER, office=office_b)
    elsewhere_worker = make_member(role=Role.CASEWORKER, scope=Scope.OFFICE)
    cases = {
        "mine": make_case(actor=manager_a, office=office_a, team=team_1),
        "team": make_case(actor=manager_a, office=office_a, team=team_1),
        "office": make_case(actor=manager_a, office=office_a, team=team_2),
        "organisation": make_case(actor=manager_b, office=office_b),
        "elsewhere": make_case(actor=elsewhere_worker),
    }
    for case in cases.values():
        for section in Section:
            case_services.add_note(
                actor=manager_a if case.office_id == office_a.pk else _manager_of(case),
                case=case,
                body=f"{section} note",
                section=section,
            )
    return World(cases=cases, office_a=office_a, team_1=team_1)


def _manager_of(case: Case) -> User:
    membership = Membership.objects.filter(office=case.office, role__in=["programme_manager"])
    found = membership.first()
    if found is None:
        user = UserFactory()
        Membership.objects.create(
            user=user, office=case.office, role=Role.PROGRAMME_MANAGER, scope=Scope.OFFICE
        )
        return user
    return found.user


def _member(world: World, *, role: str, scope: str) -> User:
    user = UserFactory()
    Membership.objects.create(
        user=user,
        office=world.office_a,
        team=world.team_1,
        role=role,
        scope=scope,
    )
    case_services.assign_worker(actor=user, case=world.cases["mine"], worker=user, check=False)
    return user


@pytest.mark.parametrize("scope", ALL_SCOPES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_and_scope_reaches_exactly_its_cases(world, role, scope):
    user = _member(world, role=role, scope=scope)
    visible = set(case_selectors.cases_visible_to(user).values_list("pk", flat=True))
    expected = REACH[scope] if role in READS_CASES else set()
    assert {name for name, case in world.cases.items() if case.pk in visible} == expected
    # Persons follow cases: the survivors of exactly the reached cases (office- and
    # organisation-wide roles also see persons their offices recorded; all survivors here
    # were recorded by the case's office, so the sets coincide).
    persons = set(persons_visible_to(user).values_list("pk", flat=True))
    expected_survivors = {world.cases[name].survivor_id for name in expected}
    assert persons == expected_survivors


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_may_do_exactly_its_actions_on_a_reached_case(world, role):
    user = _member(world, role=role, scope=Scope.ORGANISATION)
    case = world.cases["team"]
    allowed = {name for name, code in ACTION_CODES.items() if user.has_perm(code, case)}
    assert allowed == ACTIONS_ON_A_REACHED_CASE[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_role_may_act_on_another_organisations_case(world, role):
    user = _member(world, role=role, scope=Scope.ORGANISATION)
    case = world.cases["elsewhere"]
    assert not any(user.has_perm(code, case) for code in ACTION_CODES.values())


@pytest.mark.parametrize("role", sorted(READS_CASES))
def test_each_role_reads_exactly_its_note_and_attachment_sections(world, role):
    user = _member(world, role=role, scope=Scope.OFFICE)
    case = world.cases["team"]
    assert readable_sections(user, case) == SECTIONS[role]
    bodies = {note.body for note in case_selectors.notes_readable(user, case=case)}
    assert bodies == {f"{section} note" for section in SECTIONS[role]}


@pytest.mark.parametrize("role", sorted(READS_CASES))
def test_attachments_in_a_restricted_section_are_hidden_from_other_roles(world, role):
    manager = _manager_of(world.cases["team"])
    case = world.cases["team"]
    for section in Section:
        case_services.add_attachment(
            actor=manager, case=case, filename=f"{section}.txt", content=b"x", section=section
        )
    user = _member(world, role=role, scope=Scope.OFFICE)
    names = {a.filename for a in case_selectors.attachments_readable(user, case=case)}
    assert names == {f"{section}.txt" for section in SECTIONS[role]}


def test_sharing_one_case_opens_only_that_case_and_revoking_closes_it(world):
    worker = _member(world, role=Role.CASEWORKER, scope=Scope.TEAM)
    case = world.cases["elsewhere"]
    owner = _manager_of(case)
    share = case_services.share_case(
        actor=owner, case=case, user=worker, reason="joint repatriation"
    )
    assert case_selectors.cases_visible_to(worker).filter(pk=case.pk).exists()
    assert (
        not case_selectors.cases_visible_to(worker)
        .filter(pk=world.cases["organisation"].pk)
        .exists()
    )
    case_services.revoke_share(actor=owner, share=share)
    assert not case_selectors.cases_visible_to(worker).filter(pk=case.pk).exists()


def test_sharing_with_a_team_reaches_its_members(world):
    worker = _member(world, role=Role.CASEWORKER, scope=Scope.TEAM)
    case = world.cases["organisation"]
    case_services.share_case(
        actor=_manager_of(case), case=case, team=world.team_1, reason="cross-border case"
    )
    assert case_selectors.cases_visible_to(worker).filter(pk=case.pk).exists()


def test_inactive_membership_reaches_nothing(world):
    user = _member(world, role=Role.PROGRAMME_MANAGER, scope=Scope.ORGANISATION)
    Membership.objects.filter(user=user).update(is_active=False)
    fresh = User.objects.get(pk=user.pk)
    assert not case_selectors.cases_visible_to(fresh).exists()
