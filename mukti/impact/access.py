"""Who may read and write what in impact reporting, and whose records an aggregate counts.

Aggregates count the cases that the user's VIEW_ANALYTICS memberships reach (the same
`case_scope_q` as every case list), never more. Roles that manage reports and partners that
submit figures are named here as data until roles.py has actions of their own for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from mukti.accounts.models import Membership, Office
from mukti.accounts.permissions import case_scope_q
from mukti.accounts.roles import Action, Role, Scope
from mukti.accounts.selectors import active_memberships, memberships_allowing
from mukti.cases.models import Case

# Roles that set targets, write narrative and publish (with VIEW_ANALYTICS).
REPORT_MANAGERS = frozenset({Role.ME_OFFICER, Role.PROGRAMME_MANAGER})
# Roles that submit a joint operation's figures for their own office.
PARTNER_SUBMITTERS = frozenset({Role.PARTNER_STAFF})


@dataclass(frozen=True)
class AnalyticsScope:
    """The offices an aggregate may count, and (when some membership reaches less than a
    whole office) the cases it may count."""

    office_ids: tuple[Any, ...]
    case_ids: QuerySet[Case] | None
    whole_office_ids: frozenset[Any]

    @property
    def is_empty(self) -> bool:
        return not self.office_ids


def _offices_of(membership: Membership) -> set[Any]:
    if membership.scope == Scope.ORGANISATION:
        return set(
            Office.objects.filter(organisation_id=membership.office.organisation_id).values_list(
                "pk", flat=True
            )
        )
    return {membership.office_id}


def analytics_scope(user: Any, *, organisation_id: Any = None) -> AnalyticsScope:
    """Whose records the user's aggregates count (within one organisation if given)."""
    memberships = memberships_allowing(user, Action.VIEW_ANALYTICS)
    if organisation_id is not None:
        memberships = [
            m for m in memberships if str(m.office.organisation_id) == str(organisation_id)
        ]
    whole: set[Any] = set()
    partial: set[Any] = set()
    for membership in memberships:
        offices = _offices_of(membership)
        if membership.scope in (Scope.ORGANISATION, Scope.OFFICE):
            whole |= offices
        else:
            partial |= offices
    partial -= whole
    case_ids = None
    if partial:
        # Some reach is a team or assigned cases only: count exactly the cases in scope.
        case_ids = Case.objects.filter(case_scope_q(user, Action.VIEW_ANALYTICS)).filter(
            office_id__in=whole | partial
        )
    ordered = tuple(sorted(whole | partial, key=str))
    return AnalyticsScope(office_ids=ordered, case_ids=case_ids, whole_office_ids=frozenset(whole))


def organisation_reader(organisation_id: Any) -> Any:
    """The command line's reader: an in-memory M&E officer of the whole organisation, never
    saved and able to sign in nowhere. `mukti impact report` runs on the server, by an
    operator who holds the database already; it counts every office and shows no name."""
    from mukti.accounts.models import User
    from mukti.accounts.selectors import _CACHE_ATTRIBUTE

    office = Office.objects.filter(organisation_id=organisation_id).order_by("code").first()
    reader = User(email="command-line@mukti.invalid", full_name="mukti impact report")
    reader.set_unusable_password()
    memberships = []
    if office is not None:
        memberships.append(
            Membership(
                user=reader,
                office=office,
                role=Role.ME_OFFICER,
                scope=Scope.ORGANISATION,
                is_active=True,
            )
        )
    setattr(reader, _CACHE_ATTRIBUTE, memberships)
    return reader


def may_view_analytics(user: Any) -> bool:
    return bool(memberships_allowing(user, Action.VIEW_ANALYTICS))


def is_donor_viewer(user: Any) -> bool:
    return any(m.role == Role.DONOR_VIEWER for m in active_memberships(user))


def reads_published_reports(user: Any) -> bool:
    return may_view_analytics(user) or is_donor_viewer(user)


def organisations_with_published_reports(user: Any) -> set[Any]:
    """The organisations whose published reports the user may read."""
    return {
        m.office.organisation_id
        for m in active_memberships(user)
        if m.role == Role.DONOR_VIEWER or Action.VIEW_ANALYTICS in _actions(m)
    }


def _actions(membership: Membership) -> frozenset[str]:
    from mukti.accounts.roles import ROLE_RULES

    return ROLE_RULES[membership.role].actions


def may_manage_reports(user: Any, organisation_id: Any) -> bool:
    """Set targets, write and publish reports, change settings for this organisation."""
    return any(
        m.role in REPORT_MANAGERS and str(m.office.organisation_id) == str(organisation_id)
        for m in memberships_allowing(user, Action.VIEW_ANALYTICS)
    )


def managed_organisation_ids(user: Any) -> set[Any]:
    return {
        m.office.organisation_id
        for m in memberships_allowing(user, Action.VIEW_ANALYTICS)
        if m.role in REPORT_MANAGERS
    }


def may_submit_for(user: Any, office: Office) -> bool:
    """Partner staff of a joint operation submit its figures; report managers of the host
    organisation may type them in on the partner's behalf."""
    if office.strategy != Office.Strategy.JOINT:
        return False
    if may_manage_reports(user, office.organisation_id):
        return True
    return any(
        m.role in PARTNER_SUBMITTERS and m.office_id == office.pk for m in active_memberships(user)
    )


def offices_to_submit_for(user: Any) -> QuerySet[Office]:
    office_ids = {m.office_id for m in active_memberships(user) if m.role in PARTNER_SUBMITTERS}
    managed = managed_organisation_ids(user)
    return (
        Office.objects.filter(strategy=Office.Strategy.JOINT)
        .filter(Q(pk__in=office_ids) | Q(organisation_id__in=managed))
        .order_by("code")
    )
