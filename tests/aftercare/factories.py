"""Staff of every role around Alice's case, and aftercare records made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mukti.accounts.models import User
from mukti.accounts.roles import Role
from mukti.aftercare import services
from mukti.aftercare.models import FollowUpKind, FollowUpOutcome, ServiceKind, ServiceStatus
from mukti.cases.models import Case
from mukti.cases.services import assign_worker
from tests.factories import make_case, make_member

# A day after the story's cases open (2026-01-15) and before any test's "today".
DAY = date(2026, 2, 1)
ITEMS_NORMAL = [0] * 21
# Depression 2*(3*7)=42, anxiety 2*(2*7)=28, stress 2*(1*7)=14 (see tests/aftercare/test_dass21).
ITEMS_MIXED = [
    1,  # 1 stress
    2,  # 2 anxiety
    3,  # 3 depression
    2,  # 4 anxiety
    3,  # 5 depression
    1,  # 6 stress
    2,  # 7 anxiety
    1,  # 8 stress
    2,  # 9 anxiety
    3,  # 10 depression
    1,  # 11 stress
    1,  # 12 stress
    3,  # 13 depression
    1,  # 14 stress
    2,  # 15 anxiety
    3,  # 16 depression
    3,  # 17 depression
    1,  # 18 stress
    2,  # 19 anxiety
    2,  # 20 anxiety
    3,  # 21 depression
]
SCORES_STABLE = {
    "safety": 3,
    "legal_protection": 3,
    "mental_wellbeing": 4,
    "physical_health": 3,
    "economic_empowerment": 3,
    "social_support": 4,
}


@dataclass
class Staff:
    """One user per role, each able to reach Alice's case as their role's scope allows."""

    caseworker: User
    counsellor: User
    legal_officer: User
    repatriation_officer: User
    programme_manager: User
    me_officer: User
    partner_staff: User
    donor_viewer: User
    data_protection_officer: User
    system_administrator: User
    outsider: User

    def by_role(self) -> dict[str, User]:
        return dict(vars(self))


def staff_around(story: Any, case: Case) -> Staff:
    """Staff of the case's office (the counsellor assigned to it), and an outsider."""
    office = story.office

    def member(role: str) -> User:
        return make_member(role=role, office=office, full_name=f"{role} user")

    counsellor = member(Role.COUNSELLOR)
    assign_worker(actor=story.caseworker, case=case, worker=counsellor, check=False)
    return Staff(
        caseworker=story.caseworker,
        counsellor=counsellor,
        legal_officer=member(Role.LEGAL_OFFICER),
        repatriation_officer=member(Role.REPATRIATION_OFFICER),
        programme_manager=member(Role.PROGRAMME_MANAGER),
        me_officer=member(Role.ME_OFFICER),
        # Partner staff work in their joint operation's office: this case is not theirs.
        partner_staff=make_member(role=Role.PARTNER_STAFF, full_name="partner user"),
        donor_viewer=member(Role.DONOR_VIEWER),
        data_protection_officer=member(Role.DATA_PROTECTION_OFFICER),
        system_administrator=member(Role.SYSTEM_ADMINISTRATOR),
        outsider=story.outsider,
    )


def make_open_case(story: Any, **extra: Any) -> Case:
    return make_case(actor=story.caseworker, **extra)


def delivered(kind: str = ServiceKind.LIFE_SKILLS, **fields: Any) -> services.ServiceDetails:
    values: dict[str, Any] = {
        "kind": kind,
        "status": ServiceStatus.DELIVERED,
        "delivered_on": DAY,
    }
    if kind == ServiceKind.EMERGENCY_RELIEF:
        values["relief"] = "food"
    values.update(fields)
    return services.ServiceDetails(**values)


def planned(kind: str = ServiceKind.LIFE_SKILLS, **fields: Any) -> services.ServiceDetails:
    values: dict[str, Any] = {"kind": kind, "status": ServiceStatus.PLANNED, "due_on": DAY}
    values.update(fields)
    return services.ServiceDetails(**values)


def done_follow_up(actor: User, case: Case, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "kind": FollowUpKind.PHONE_CALL,
        "done_on": DAY,
        "outcome": FollowUpOutcome.DOING_WELL,
    }
    values.update(fields)
    return services.record_follow_up(actor=actor, case=case, **values)
