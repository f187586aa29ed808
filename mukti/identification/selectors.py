"""Reads of identification records, always starting from what the acting user may see.

Operations are an office's records: whoever may read cases (or record identification) in an
office reads its operations. The people in an operation are shown only through cases the
user may read. Screenings and referrals are read through their case; a screening's answers
that reveal sexual exploitation are shown only to roles that read that section.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from mukti.accounts.models import Office, User
from mukti.accounts.permissions import case_allows, office_allows, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.accounts.selectors import offices_allowing
from mukti.cases.models import Case
from mukti.identification.models import (
    ADULT_AGE,
    Indicator,
    IndicatorSet,
    ObservedIndicator,
    Referral,
    RescuedPerson,
    RescueOperation,
    Screening,
)
from mukti.identification.screening_rules import Observation, ScreeningSummary, summarise
from mukti.people.models import PersonName

# Who reads operations: anyone who reads cases there, or records identification there.
READING_ACTIONS = (Action.VIEW_CASE, Action.RECORD_IDENTIFICATION)


def offices_with_operations_for(user: Any) -> QuerySet[Office]:
    """Offices whose operations the user may read."""
    first, second = (offices_allowing(user, action) for action in READING_ACTIONS)
    return (first | second).distinct().order_by("code")


def may_read_operations(user: Any, office: Office) -> bool:
    return any(office_allows(user, action, office) for action in READING_ACTIONS)


def may_record_operations(user: Any, office: Office) -> bool:
    return office_allows(user, Action.RECORD_IDENTIFICATION, office)


# --- operations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationFilters:
    office_id: str = ""
    agency: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class OperationPage:
    operations: list[RescueOperation]
    next_cursor: str | None


def _encode_cursor(operation: RescueOperation) -> str:
    payload = json.dumps([operation.operation_on.isoformat(), str(operation.pk)]).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_cursor(cursor: str) -> tuple[date, str] | None:
    try:
        day, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(day), str(pk)
    except (ValueError, TypeError):
        return None


def _with_counts(operations: QuerySet[RescueOperation]) -> QuerySet[RescueOperation]:
    """How many people each operation freed, and how many of them were minors: counts that
    name nobody, so they include cases the user cannot open."""
    return operations.select_related("office").annotate(
        person_count=Count("persons"),
        minor_count=Count("persons", filter=Q(persons__is_minor=True)),
    )


def operations_visible_to(user: Any) -> QuerySet[RescueOperation]:
    office_ids = list(offices_with_operations_for(user).values_list("pk", flat=True))
    return RescueOperation.objects.filter(office_id__in=office_ids)


def operation_page(user: Any, *, filters: OperationFilters, cursor: str = "") -> OperationPage:
    """One page of operations, latest first, paginated by key (never by counting)."""
    operations = operations_visible_to(user)
    if filters.office_id:
        operations = operations.filter(office_id=filters.office_id)
    if filters.agency:
        operations = operations.filter(agency=filters.agency)
    if filters.kind:
        operations = operations.filter(kind=filters.kind)
    if filters.date_from:
        operations = operations.filter(operation_on__gte=filters.date_from)
    if filters.date_to:
        operations = operations.filter(operation_on__lte=filters.date_to)
    position = _decode_cursor(cursor) if cursor else None
    if position:
        day, pk = position
        operations = operations.filter(Q(operation_on__lt=day) | Q(operation_on=day, pk__lt=pk))
    size = settings.MUKTI_PAGE_SIZE
    page = list(_with_counts(operations).order_by("-operation_on", "-id")[: size + 1])
    next_cursor = _encode_cursor(page[size - 1]) if len(page) > size else None
    return OperationPage(operations=page[:size], next_cursor=next_cursor)


def operation_for(user: Any, *, operation_id: Any) -> RescueOperation:
    """One operation; RescueOperation.DoesNotExist if its office is outside the user's reach."""
    operation = _with_counts(RescueOperation.objects.filter(pk=operation_id)).get()
    if not may_read_operations(user, operation.office):
        raise RescueOperation.DoesNotExist
    return operation


@dataclass(frozen=True)
class OperationPeople:
    visible: list[RescuedPerson]
    # People whose cases the user may not read: counted, never named.
    hidden: int


def people_of_operation(user: Any, *, operation: RescueOperation) -> OperationPeople:
    rescued = list(
        RescuedPerson.objects.filter(operation=operation)
        .select_related("case", "case__office", "case__team", "case__survivor")
        .prefetch_related(
            Prefetch("case__survivor__names", queryset=PersonName.objects.filter(is_primary=True))
        )
        .order_by("created_at")
    )
    visible = [r for r in rescued if case_allows(user, Action.VIEW_CASE, r.case)]
    return OperationPeople(visible=visible, hidden=len(rescued) - len(visible))


def rescues_of_case(user: Any, *, case: Case) -> list[RescuedPerson]:
    """The operations in which this case's survivor was removed from exploitation."""
    if not case_allows(user, Action.VIEW_CASE, case):
        return []
    return list(
        RescuedPerson.objects.filter(case=case)
        .select_related("operation", "operation__office")
        .order_by("-operation__operation_on")
    )


# --- checklists and screenings ------------------------------------------------------------


def indicator_sets_in_use() -> QuerySet[IndicatorSet]:
    """Checklists hold no one's data: every user who may screen sees the same ones."""
    return IndicatorSet.objects.filter(is_active=True).order_by("order", "name")


def screeners_for(user: Any, *, case: Case) -> QuerySet[User]:
    """Staff who could have screened this survivor: active members of the case's organisation
    (staff names, not survivors'; offered only to those who may screen)."""
    if not case_allows(user, Action.RECORD_IDENTIFICATION, case):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__office__organisation_id=case.office.organisation_id,
        )
        .distinct()
        .order_by("full_name")
    )


def reads_sexual_exploitation(user: Any, case: Case) -> bool:
    return Section.SEXUAL_EXPLOITATION in readable_sections(user, case)


def checklist_for(user: Any, *, case: Case, indicator_set: IndicatorSet) -> list[Indicator]:
    """The indicators the user may tick or read on this case, in the checklist's order."""
    indicators = indicator_set.indicators.filter(is_active=True).order_by("order")
    if not reads_sexual_exploitation(user, case):
        indicators = indicators.filter(reveals_sexual_exploitation=False)
    return list(indicators)


@dataclass(frozen=True)
class ScreeningView:
    """A screening as this user may see it: only the answers their role may read, and the
    summary of those answers."""

    screening: Screening
    observed: list[ObservedIndicator]
    summary: ScreeningSummary
    # Whether the role may read every answer (else some may be hidden).
    complete: bool


def _view(screening: Screening, *, reads_sexual: bool) -> ScreeningView:
    observed = [
        o
        for o in screening.observed.all()  # prefetched: current answers with their indicator
        if reads_sexual or not o.reveals_sexual_exploitation
    ]
    survivor = screening.case.survivor
    age = survivor.age_on(screening.screened_on)
    summary = summarise(
        (Observation(o.indicator.dimension, o.strength) for o in observed),
        rule=screening.indicator_set.rule,
        audience=screening.indicator_set.audience,
        is_minor=None if age is None else age < ADULT_AGE,
    )
    return ScreeningView(screening, observed, summary, complete=reads_sexual)


def _screenings(case_id: Any) -> QuerySet[Screening]:
    current = ObservedIndicator.objects.filter(withdrawn_at__isnull=True).select_related(
        "indicator"
    )
    return (
        Screening.objects.filter(case_id=case_id)
        .select_related("case", "case__survivor", "indicator_set", "screener")
        .prefetch_related(Prefetch("observed", queryset=current.order_by("indicator__order")))
    )


def _readable_case_id(user: Any, case: Case) -> Any:
    return case.pk if case_allows(user, Action.VIEW_CASE, case) else None


def screenings_of_case(user: Any, *, case: Case) -> list[ScreeningView]:
    reads_sexual = reads_sexual_exploitation(user, case)
    return [
        _view(screening, reads_sexual=reads_sexual)
        for screening in _screenings(_readable_case_id(user, case)).order_by(
            "-screened_on", "-created_at"
        )
    ]


def screening_for(user: Any, *, case: Case, screening_id: Any) -> ScreeningView:
    """Screening.DoesNotExist unless it is on this case and the user may read the case."""
    screening = _screenings(_readable_case_id(user, case)).get(pk=screening_id)
    return _view(screening, reads_sexual=reads_sexual_exploitation(user, case))


# --- referrals ----------------------------------------------------------------------------


def referrals_of_case(user: Any, *, case: Case) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(case_id=_readable_case_id(user, case))
        .select_related("created_by")
        .order_by("-referred_on", "-created_at")
    )


def referral_for(user: Any, *, case: Case, referral_id: Any) -> Referral:
    """Referral.DoesNotExist unless it is on this case and the user may read the case."""
    return (
        Referral.objects.select_related("case", "case__survivor")
        .filter(case_id=_readable_case_id(user, case))
        .get(pk=referral_id)
    )
