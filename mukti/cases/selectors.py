"""Reads of cases, always starting from what the acting user may see."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mukti.accounts.models import Team
from mukti.accounts.permissions import (
    case_allows,
    case_scope_branches,
    case_scope_q,
    readable_sections,
)
from mukti.accounts.roles import Action
from mukti.cases.models import (
    Attachment,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseShare,
    Note,
    Status,
)
from mukti.core.crypto import decrypt_bytes
from mukti.core.names import name_search_tokens
from mukti.people.models import PersonName, PersonNameToken, PersonPhone
from mukti.people.selectors import phone_index

CASE_NUMBER = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,8}-\d{4}-\d{1,6}$", re.IGNORECASE)
PHONE_LIKE = re.compile(r"^\+?[\d\s\-()]{6,20}$")
# A name as common as "Mohammad Hossain" still narrows to this many persons at most.
MAX_SEARCH_PERSONS = 5000


def cases_visible_to(user: Any, *, action: str = Action.VIEW_CASE) -> QuerySet[Case]:
    """The cases the user may read (or do `action` on): assigned, team, office,
    organisation or shared, as their memberships allow."""
    return Case.objects.filter(case_scope_q(user, action))


def _with_survivor_names(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("office", "team", "survivor").prefetch_related(
        Prefetch("survivor__names", queryset=PersonName.objects.filter(is_primary=True))
    )


def case_for(user: Any, *, number: str) -> Case:
    """One case by number; Case.DoesNotExist if it is outside the user's scope.

    The scope is checked on the one case found (the same rule as cases_visible_to), which
    is cheaper than filtering the table by the whole scope to find one row.
    """
    case = (
        _with_survivor_names(Case.objects.all())
        .select_related("exploitation", "office__organisation")
        .get(number=number.upper())
    )
    if not case_allows(user, Action.VIEW_CASE, case):
        raise Case.DoesNotExist
    return case


def _readable_case_id(user: Any, case: Case) -> Any:
    """The case's id if the user may read it, else None (which matches no row)."""
    return case.pk if case_allows(user, Action.VIEW_CASE, case) else None


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    status: str = ""
    office_id: str = ""
    team_id: str = ""
    risk: str = ""
    assigned_to_me: bool = False
    query: str = ""


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    next_cursor: str | None
    search_kind: str  # "", "number", "phone" or "name"


def _encode_cursor(case: Case) -> str:
    payload = json.dumps([case.created_at.isoformat(), str(case.pk)]).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    try:
        created_at, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), str(pk)
    except (ValueError, TypeError):
        return None


def _matching_survivors(query: str) -> tuple[list[Any] | None, str]:
    """Person ids for a phone number or a name; None for a case number (or no query).

    Only ids leave this function, and the case query that uses them is scoped.
    """
    if PHONE_LIKE.match(query) and sum(c.isdigit() for c in query) >= 6:
        holders = PersonPhone.objects.filter(number_index=phone_index(query))
        return list(holders.values_list("person_id", flat=True)[:MAX_SEARCH_PERSONS]), "phone"
    tokens = name_search_tokens(query)
    if not tokens:
        return [], "name"
    matching = (
        PersonNameToken.objects.filter(token__in=tokens)
        .values("person_id")
        .annotate(hits=Count("token", distinct=True))
        .filter(hits=len(tokens))
        .values_list("person_id", flat=True)
    )
    return list(matching[:MAX_SEARCH_PERSONS]), "name"


def _filtered(
    cases: QuerySet[Case], *, user: Any, filters: CaseFilters
) -> tuple[QuerySet[Case], str]:
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.office_id:
        cases = cases.filter(office_id=filters.office_id)
    if filters.team_id:
        cases = cases.filter(team_id=filters.team_id)
    if filters.risk:
        cases = cases.filter(risk=filters.risk)
    if filters.assigned_to_me:
        mine = CaseAssignment.objects.filter(user=user, ended_at__isnull=True)
        cases = cases.filter(pk__in=mine.values("case_id"))
    query = filters.query.strip()
    if not query:
        return cases, ""
    if CASE_NUMBER.match(query):
        return cases.filter(number=query.upper()), "number"
    survivor_ids, search_kind = _matching_survivors(query)
    return cases.filter(survivor_id__in=survivor_ids), search_kind


def case_page(user: Any, *, filters: CaseFilters, cursor: str = "") -> CasePage:
    """One page of the case list, newest first, paginated by key (never by counting).

    Each branch of the user's scope (assigned, a team, an office, shared) is read in date
    order up to one page, using its own index, and the branches are merged here.
    """
    cases, search_kind = _filtered(Case.objects.all(), user=user, filters=filters)
    position = _decode_cursor(cursor) if cursor else None
    if position:
        created_at, pk = position
        cases = cases.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    size = settings.MUKTI_PAGE_SIZE
    keys: set[tuple[datetime, Any]] = set()
    for branch in case_scope_branches(user, Action.VIEW_CASE):
        newest = cases.filter(branch).order_by("-created_at", "-id")[: size + 1]
        keys.update(newest.values_list("created_at", "id"))
    newest_ids = [pk for _created, pk in sorted(keys, reverse=True)[: size + 1]]
    page = list(
        _with_survivor_names(Case.objects.filter(pk__in=newest_ids)).order_by("-created_at", "-id")
    )
    next_cursor = _encode_cursor(page[size - 1]) if len(page) > size else None
    return CasePage(cases=page[:size], next_cursor=next_cursor, search_kind=search_kind)


def timeline(user: Any, *, case: Case) -> QuerySet[CaseEvent]:
    """The case's events, latest first, corrections hidden behind what they corrected."""
    # case_id= lets the planner use the timeline index, not scan every uncorrected event.
    return CaseEvent.objects.filter(
        case_id=_readable_case_id(user, case),
        superseded_by__isnull=True,
    ).select_related("created_by")


def notes_readable(user: Any, *, case: Case, archived: bool = False) -> QuerySet[Note]:
    """Notes in the sections the user's role may read."""
    return Note.objects.filter(
        case_id=_readable_case_id(user, case),
        section__in=readable_sections(user, case),
        archived_at__isnull=not archived,
    ).select_related("created_by")


def attachments_readable(user: Any, *, case: Case) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        case_id=_readable_case_id(user, case),
        section__in=readable_sections(user, case),
        archived_at__isnull=True,
    ).select_related("created_by")


def attachment_for(user: Any, *, attachment_id: Any) -> Attachment:
    """Attachment.DoesNotExist unless the user may read its case and its section."""
    attachment = Attachment.objects.select_related("case", "case__office").get(
        pk=attachment_id, case__in=cases_visible_to(user)
    )
    if attachment.section not in readable_sections(user, attachment.case):
        raise Attachment.DoesNotExist
    return attachment


def attachment_bytes(attachment: Attachment) -> bytes:
    return decrypt_bytes(bytes(attachment.content.sealed), context=f"attachment:{attachment.pk}")


def my_open_cases(user: Any, *, limit: int = 20) -> list[Case]:
    mine = CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values("case_id")
    cases = cases_visible_to(user).filter(pk__in=mine, status=Status.OPEN)
    return list(_with_survivor_names(cases).order_by("-created_at")[:limit])


def cases_due_for_contact(user: Any, *, quiet_days: int = 30, limit: int = 20) -> list[Case]:
    """My open cases with nothing on the timeline for `quiet_days`: someone should call."""
    since: date = timezone.localdate() - timedelta(days=quiet_days)
    mine = CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values("case_id")
    recent = CaseEvent.objects.filter(case_id=OuterRef("pk"), happened_on__gte=since)
    cases = (
        cases_visible_to(user)
        .filter(pk__in=mine, status=Status.OPEN)
        .exclude(Exists(recent))
        .order_by("risk", "opened_on")
    )
    return list(_with_survivor_names(cases)[:limit])


def case_workers(user: Any, *, case: Case) -> list[CaseAssignment]:
    """The staff currently assigned to a case the user may see, lead worker first."""
    return list(
        CaseAssignment.objects.filter(case_id=_readable_case_id(user, case), ended_at__isnull=True)
        .select_related("user")
        .order_by("-is_lead", "created_at")
    )


def cases_of_survivor(user: Any, *, person_id: Any) -> list[Case]:
    """The cases of one survivor that the user may see, newest first."""
    cases = cases_visible_to(user).filter(survivor_id=person_id)
    return list(cases.select_related("office", "team").order_by("-opened_on", "-created_at"))


def case_shares(user: Any, *, case: Case) -> QuerySet[CaseShare]:
    """Who, beyond the case's usual scope, the case is shared with now."""
    return CaseShare.objects.filter(
        case_id=_readable_case_id(user, case), revoked_at__isnull=True
    ).select_related("user", "team", "team__office", "created_by")


def assignable_workers(user: Any, *, case: Case) -> QuerySet[Any]:
    """Staff of the case's office who could be assigned to it."""
    from mukti.accounts.selectors import users_in_offices

    if not case_allows(user, Action.ASSIGN_CASE, case):
        return users_in_offices(office_ids=set()).none()
    return users_in_offices(office_ids={case.office_id}).order_by("full_name")


def teams_to_share_with(user: Any, *, case: Case) -> QuerySet[Team]:
    """Teams of the case's organisation, and of its joint operations' offices."""
    if not case_allows(user, Action.SHARE_CASE, case):
        return Team.objects.none()
    organisation_id = case.office.organisation_id
    return (
        Team.objects.filter(office__organisation_id=organisation_id)
        .select_related("office")
        .order_by("office__code", "name")
    )
