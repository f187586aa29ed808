"""Role x scope x section: the one place that says who may do what to which case.

Selectors (cases_visible_to, persons_visible_to) build their querysets from the same
`case_scope_q`, so a list can never show what a detail page would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from mukti.accounts.roles import ROLE_RULES, Scope
from mukti.accounts.selectors import active_memberships, memberships_allowing, team_ids_of

if TYPE_CHECKING:
    from mukti.accounts.models import Membership, Office
    from mukti.cases.models import Case


def case_scope_branches(user: Any, action: str) -> list[Q]:
    """The cases on which the user may do `action`, as separate conditions that each
    use one index (assigned, one team, one office, shared). Their union is the scope.

    Lists walk each branch in date order and merge them, instead of sorting everything in
    scope: a page costs the same with a hundred cases as with a million.
    """
    from mukti.accounts.models import Office
    from mukti.cases.models import CaseAssignment, CaseShare

    memberships = memberships_allowing(user, action)
    if not memberships:
        return []
    assigned = CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values("case_id")
    branches = [Q(office_id__in={m.office_id for m in memberships}, pk__in=assigned)]
    team_ids = {m.team_id for m in memberships if m.scope == Scope.TEAM}
    office_ids = {m.office_id for m in memberships if m.scope == Scope.OFFICE}
    organisation_ids = {
        m.office.organisation_id for m in memberships if m.scope == Scope.ORGANISATION
    }
    if organisation_ids:
        office_ids |= set(
            Office.objects.filter(organisation_id__in=organisation_ids).values_list("pk", flat=True)
        )
    branches += [Q(team_id=team_id) for team_id in sorted(team_ids, key=str)]
    branches += [Q(office_id=office_id) for office_id in sorted(office_ids, key=str)]
    shares = CaseShare.objects.filter(revoked_at__isnull=True).filter(
        Q(user=user) | Q(team_id__in=team_ids_of(user))
    )
    branches.append(Q(pk__in=shares.values("case_id")))
    return branches


def case_scope_q(user: Any, action: str) -> Q:
    """A filter on Case for the cases on which the user may do `action`."""
    reach = Q(pk__in=[])
    for branch in case_scope_branches(user, action):
        reach |= branch
    return reach


def _membership_reaches(
    membership: Membership, case: Case, *, is_assigned: Callable[[], bool]
) -> bool:
    if membership.scope == Scope.ORGANISATION:
        return membership.office.organisation_id == case.office.organisation_id
    if membership.office_id != case.office_id:
        return False
    if membership.scope == Scope.OFFICE:
        return True
    if membership.scope == Scope.TEAM and membership.team_id == case.team_id:
        return True
    return is_assigned()


def _is_shared(user: Any, case: Case) -> bool:
    return (
        case.shares.filter(revoked_at__isnull=True)
        .filter(Q(user=user) | Q(team_id__in=team_ids_of(user)))
        .exists()
    )


def memberships_reaching(user: Any, case: Case) -> list[Membership]:
    """The memberships through which the user reaches this case (all of them if shared)."""
    memberships = active_memberships(user)
    if not memberships:
        return []

    @cache
    def is_assigned() -> bool:
        # Asked only when a membership's scope depends on it, and at most once.
        return case.assignments.filter(user=user, ended_at__isnull=True).exists()

    reaching = [m for m in memberships if _membership_reaches(m, case, is_assigned=is_assigned)]
    if reaching:
        return reaching
    return memberships if _is_shared(user, case) else []


def case_allows(user: Any, action: str, case: Case) -> bool:
    return any(action in ROLE_RULES[m.role].actions for m in memberships_reaching(user, case))


def readable_sections(user: Any, case: Case) -> set[str]:
    """The restricted sections of this case the user may read."""
    sections: set[str] = set()
    for membership in memberships_reaching(user, case):
        if ROLE_RULES[membership.role].actions:
            sections |= ROLE_RULES[membership.role].sections
    return sections


def office_allows(user: Any, action: str, office: Office) -> bool:
    return any(
        m.office_id == office.pk
        or (m.scope == Scope.ORGANISATION and m.office.organisation_id == office.organisation_id)
        for m in memberships_allowing(user, action)
    )


def ensure_can(user: Any, action: str, target: Any = None) -> None:
    """Refuse with PermissionDenied unless the user may do `action` (on `target`)."""
    if not user.has_perm(action, target):
        raise PermissionDenied(_("Your role does not allow this."))
