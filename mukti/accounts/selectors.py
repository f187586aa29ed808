"""Reads about users and what their memberships allow."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mukti.accounts.models import Membership, Office, Team, User
from mukti.accounts.roles import ROLE_RULES, Scope

_CACHE_ATTRIBUTE = "_mukti_active_memberships"


def active_memberships(user: Any) -> list[Membership]:
    """The user's active memberships, loaded once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "office", "office__organisation", "team"
            )
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """After a membership changes, so that the next check reads it afresh."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def memberships_allowing(user: Any, action: str) -> list[Membership]:
    return [m for m in active_memberships(user) if action in ROLE_RULES[m.role].actions]


def user_may(user: Any, action: str) -> bool:
    """Whether any of the user's roles allows the action somewhere."""
    return bool(memberships_allowing(user, action))


def needs_two_factor(user: Any) -> bool:
    """Every role that can read identifying data signs in with a second factor."""
    return any(ROLE_RULES[m.role].reads_identifying_data for m in active_memberships(user))


def authenticator_app_of(user: Any) -> Any:
    """The user's confirmed authenticator app (a TOTP device), or None before enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def team_ids_of(user: Any) -> set[Any]:
    return {m.team_id for m in active_memberships(user) if m.team_id}


def offices_allowing(user: Any, action: str) -> QuerySet[Office]:
    """Offices in which the user may do `action` on new records (e.g. open a case)."""
    office_ids = set()
    organisation_ids = set()
    for membership in memberships_allowing(user, action):
        if membership.scope == Scope.ORGANISATION:
            organisation_ids.add(membership.office.organisation_id)
        office_ids.add(membership.office_id)
    return Office.objects.filter(pk__in=office_ids) | Office.objects.filter(
        organisation_id__in=organisation_ids
    )


def teams_allowing(user: Any, action: str) -> QuerySet[Team]:
    return Team.objects.filter(office__in=offices_allowing(user, action))


def users_in_offices(*, office_ids: set[Any]) -> QuerySet[User]:
    return User.objects.filter(
        memberships__office_id__in=office_ids, memberships__is_active=True, is_active=True
    ).distinct()


def active_user_with_email(email: str) -> User | None:
    """The staff member who signs in with this email, if active (for sharing a case)."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()
