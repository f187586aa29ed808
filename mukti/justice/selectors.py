"""Reads of the justice app, always starting from what the acting user may see.

A legal case is in scope when one of its survivors' cases is (`cases_visible_to`); strategy
notes only for roles that read the legal section. Backlog analyses hold no names: they are
read by roles with VIEW_ANALYTICS in the office that uploaded them.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing
from mukti.cases.models import Case
from mukti.cases.selectors import cases_visible_to
from mukti.justice import access
from mukti.justice.models import (
    Accused,
    BacklogAnalysis,
    Deadline,
    DeadlineClock,
    Hearing,
    HearingStatus,
    LegalCase,
    LegalCaseParty,
    LegalStatus,
    PoliceEngagement,
    StageChange,
    WitnessSupport,
)
from mukti.people.models import PersonName


def legal_cases_visible_to(user: Any) -> QuerySet[LegalCase]:
    """Legal cases with at least one survivor's case the user may read."""
    readable = LegalCaseParty.objects.filter(
        legal_case_id=OuterRef("pk"), case__in=cases_visible_to(user)
    )
    return LegalCase.objects.filter(Exists(readable))


def legal_case_for(user: Any, *, legal_case_id: Any) -> LegalCase:
    """One legal case; LegalCase.DoesNotExist if the user may not read it (the view: 404)."""
    legal_case = LegalCase.objects.select_related("office").get(pk=legal_case_id)
    if not access.may_read(user, legal_case):
        raise LegalCase.DoesNotExist
    return legal_case


@dataclass(frozen=True)
class LegalCaseFilters:
    stage: str = ""
    status: str = ""
    country: str = ""
    office_id: str = ""
    court: str = ""
    deadline: str = ""  # "breached" or "near"


@dataclass(frozen=True)
class LegalCasePage:
    legal_cases: list[LegalCase]
    next_cursor: str | None


def _encode_cursor(legal_case: LegalCase) -> str:
    payload = json.dumps([legal_case.created_at.isoformat(), str(legal_case.pk)]).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    try:
        created_at, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), str(pk)
    except (ValueError, TypeError):
        return None


def _running_clocks(state: str, today: date) -> QuerySet[DeadlineClock]:
    running = DeadlineClock.objects.filter(stopped_on__isnull=True, deadline__is_active=True)
    if state == "breached":
        return running.filter(due_on__lt=today)
    # Near: due within the rule's own warning window. Rules are few: one condition each.
    near = Q(pk__in=[])
    for rule_id, near_days in Deadline.objects.values_list("pk", "near_days"):
        near |= Q(deadline_id=rule_id, due_on__lte=today + timedelta(days=near_days))
    return running.filter(near, due_on__gte=today)


def _filtered(legal_cases: QuerySet[LegalCase], filters: LegalCaseFilters) -> QuerySet[LegalCase]:
    if filters.stage:
        legal_cases = legal_cases.filter(stage=filters.stage)
    if filters.status:
        legal_cases = legal_cases.filter(status=filters.status)
    if filters.country:
        legal_cases = legal_cases.filter(country=filters.country)
    if filters.office_id:
        legal_cases = legal_cases.filter(office_id=filters.office_id)
    if filters.court.strip():
        legal_cases = legal_cases.filter(court__icontains=filters.court.strip())
    if filters.deadline in ("breached", "near"):
        clocks = _running_clocks(filters.deadline, timezone.localdate())
        legal_cases = legal_cases.filter(pk__in=clocks.values("legal_case_id"))
    return legal_cases


def legal_case_page(user: Any, *, filters: LegalCaseFilters, cursor: str = "") -> LegalCasePage:
    """One page of legal cases in scope, newest first, paginated by key."""
    legal_cases = _filtered(legal_cases_visible_to(user), filters)
    position = _decode_cursor(cursor) if cursor else None
    if position:
        created_at, pk = position
        legal_cases = legal_cases.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
        )
    size = settings.MUKTI_PAGE_SIZE
    page = list(
        legal_cases.select_related("office")
        .prefetch_related(
            Prefetch("clocks", queryset=DeadlineClock.objects.select_related("deadline"))
        )
        .order_by("-created_at", "-id")[: size + 1]
    )
    next_cursor = _encode_cursor(page[size - 1]) if len(page) > size else None
    return LegalCasePage(legal_cases=page[:size], next_cursor=next_cursor)


def legal_cases_of_case(user: Any, *, case: Case) -> list[LegalCase]:
    """The legal cases a survivor is involved in (for her case page)."""
    if not case_allows(user, Action.VIEW_CASE, case):
        return []
    return list(
        LegalCase.objects.filter(parties__case=case)
        .prefetch_related(
            Prefetch("clocks", queryset=DeadlineClock.objects.select_related("deadline"))
        )
        .order_by("-created_at")
    )


def witness_support_of_case(user: Any, *, case: Case) -> list[WitnessSupport]:
    if not case_allows(user, Action.VIEW_CASE, case):
        return []
    return list(
        WitnessSupport.objects.filter(case=case).select_related("legal_case", "hearing")[:50]
    )


def police_engagement_of_case(user: Any, *, case: Case) -> list[PoliceEngagement]:
    """The dated observations, latest first."""
    if not case_allows(user, Action.VIEW_CASE, case):
        return []
    return list(PoliceEngagement.objects.filter(case=case).select_related("created_by")[:50])


@dataclass(frozen=True)
class Party:
    """A survivor involved; shown by case number and name only where the user may read it."""

    role: str
    role_label: str
    case: Case | None


def parties_of(user: Any, *, legal_case: LegalCase) -> list[Party]:
    parties = legal_case.parties.select_related("case", "case__office", "case__survivor")
    parties = parties.prefetch_related(
        Prefetch("case__survivor__names", queryset=PersonName.objects.filter(is_primary=True))
    )
    return [
        Party(
            role=party.role,
            role_label=party.get_role_display(),
            case=party.case if case_allows(user, Action.VIEW_CASE, party.case) else None,
        )
        for party in parties
    ]


def accused_of(user: Any, *, legal_case: LegalCase) -> list[Accused]:
    """The accused with their names, arrests, bail decisions, charges and verdicts."""
    if not access.may_read(user, legal_case):
        return []
    return list(
        Accused.objects.filter(legal_case=legal_case)
        .select_related("person")
        .prefetch_related(
            Prefetch("person__names", queryset=PersonName.objects.filter(is_primary=True)),
            "arrests",
            "bail_decisions",
            "charges",
            "verdicts",
        )
        .order_by("created_at")
    )


def accused_for(user: Any, *, legal_case: LegalCase, accused_id: Any) -> Accused:
    if not access.may_read(user, legal_case):
        raise Accused.DoesNotExist
    return Accused.objects.select_related("legal_case").get(pk=accused_id, legal_case=legal_case)


def hearings_of(user: Any, *, legal_case: LegalCase) -> list[Hearing]:
    if not access.may_read(user, legal_case):
        return []
    return list(legal_case.hearings.order_by("-hearing_on", "-created_at"))


def hearing_for(user: Any, *, legal_case: LegalCase, hearing_id: Any) -> Hearing:
    if not access.may_read(user, legal_case):
        raise Hearing.DoesNotExist
    return Hearing.objects.select_related("legal_case").get(pk=hearing_id, legal_case=legal_case)


def stage_history(user: Any, *, legal_case: LegalCase) -> list[StageChange]:
    if not access.may_read(user, legal_case):
        return []
    return list(legal_case.stage_changes.order_by("happened_on", "created_at"))


def strategy_notes(user: Any, *, legal_case: LegalCase) -> str | None:
    """The notes, or None when the user's role does not read legal strategy."""
    if not access.reads_strategy(user, legal_case):
        return None
    return legal_case.strategy_notes


def clocks_of(user: Any, *, legal_case: LegalCase) -> list[DeadlineClock]:
    if not access.may_read(user, legal_case):
        return []
    return list(legal_case.clocks.select_related("deadline").order_by("due_on"))


def hearings_between(user: Any, *, start: date, end: date) -> list[Hearing]:
    """Scheduled hearings of legal cases in scope, in date order (the calendar)."""
    return list(
        Hearing.objects.filter(
            status=HearingStatus.SCHEDULED,
            hearing_on__gte=start,
            hearing_on__lte=end,
            legal_case__in=legal_cases_visible_to(user).filter(status=LegalStatus.OPEN),
        )
        .select_related("legal_case")
        .order_by("hearing_on", "legal_case__court")[:2000]
    )


@dataclass(frozen=True)
class DeadlineAlert:
    clock: DeadlineClock
    state: str  # breached or near
    days_left: int


def deadline_alerts(user: Any, *, limit: int = 500) -> list[DeadlineAlert]:
    """Open legal cases in scope that passed a statutory limit, or will soon, most overdue
    first."""
    today = timezone.localdate()
    in_scope = legal_cases_visible_to(user).filter(status=LegalStatus.OPEN)
    alerts = []
    for state in ("breached", "near"):
        clocks = (
            _running_clocks(state, today)
            .filter(legal_case__in=in_scope)
            .select_related("deadline", "legal_case")
            .order_by("due_on")[:limit]
        )
        alerts += [DeadlineAlert(c, state, (c.due_on - today).days) for c in clocks]
    return alerts


def deadline_rules() -> QuerySet[Deadline]:
    """The statutory limits (the law is public: every signed-in role may read them)."""
    return Deadline.objects.all()


def analyses_visible_to(user: Any) -> QuerySet[BacklogAnalysis]:
    offices = offices_allowing(user, Action.VIEW_ANALYTICS)
    return BacklogAnalysis.objects.filter(office__in=offices).defer("source", "result")


def analysis_for(user: Any, *, analysis_id: Any) -> BacklogAnalysis:
    offices = offices_allowing(user, Action.VIEW_ANALYTICS)
    return BacklogAnalysis.objects.get(pk=analysis_id, office__in=offices)
