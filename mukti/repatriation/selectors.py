"""Reads about repatriations, always starting from what the acting user may see: a
repatriation is in a user's scope when its case is."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from mukti.accounts.models import Office
from mukti.accounts.permissions import case_allows, case_scope_branches
from mukti.accounts.roles import Action, Role
from mukti.accounts.selectors import memberships_allowing, offices_allowing, user_may
from mukti.cases.models import Case
from mukti.people.models import PersonName
from mukti.repatriation.models import (
    Blocker,
    Corridor,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    StepDocument,
    StepTemplate,
    TemplateStep,
)

# Who may add corridors and change their steps: configuration that every office's
# repatriations follow, so it takes a programme manager's rights as well.
CORRIDOR_EDITOR_ROLES = frozenset({Role.PROGRAMME_MANAGER})


def may_configure_corridors(user: Any) -> bool:
    return any(
        membership.role in CORRIDOR_EDITOR_ROLES
        for membership in memberships_allowing(user, Action.MANAGE_REPATRIATION)
    )


def may_read_corridors(user: Any) -> bool:
    """Corridors are configuration, not records about anyone: the people who run
    repatriations or read their analytics see them."""
    return user_may(user, Action.MANAGE_REPATRIATION) or user_may(user, Action.VIEW_ANALYTICS)


# --- corridors ----------------------------------------------------------------------------


def corridors_for(user: Any, *, in_use_only: bool = False) -> QuerySet[Corridor]:
    if not may_read_corridors(user):
        return Corridor.objects.none()
    corridors = Corridor.objects.select_related("current_template").order_by("code")
    return corridors.filter(is_active=True) if in_use_only else corridors


def corridor_for(user: Any, *, code: str) -> Corridor:
    """Corridor.DoesNotExist when there is none, or the user may not read corridors."""
    return corridors_for(user).get(code=code.upper())


def template_steps(template: StepTemplate | None) -> list[TemplateStep]:
    if template is None:
        return []
    return list(template.steps.order_by("position"))


def template_versions(user: Any, *, corridor: Corridor) -> list[StepTemplate]:
    """Every version of the corridor's steps, newest first, with who made it."""
    if not may_read_corridors(user):
        return []
    return list(
        corridor.templates.select_related("created_by")
        .prefetch_related(Prefetch("steps", queryset=TemplateStep.objects.order_by("position")))
        .order_by("-number")
    )


# --- one case's repatriations --------------------------------------------------------------


def _readable_case_id(user: Any, case: Case) -> Any:
    return case.pk if case_allows(user, Action.VIEW_CASE, case) else None


def _with_steps(repatriations: QuerySet[Repatriation]) -> QuerySet[Repatriation]:
    return repatriations.select_related("corridor", "current_step").prefetch_related(
        Prefetch(
            "steps",
            queryset=RepatriationStep.objects.order_by("position").prefetch_related(
                Prefetch("documents", queryset=StepDocument.objects.order_by("created_at")),
                Prefetch(
                    "blockers",
                    queryset=Blocker.objects.select_related("created_by").order_by(
                        "opened_on", "created_at"
                    ),
                ),
            ),
        )
    )


def repatriations_of_case(user: Any, *, case: Case) -> list[Repatriation]:
    """The case's repatriations, the one in progress first, each with its steps,
    documents checklist and blockers."""
    repatriations = Repatriation.objects.filter(case_id=_readable_case_id(user, case))
    return sorted(
        _with_steps(repatriations),
        key=lambda r: (r.status != RepatriationStatus.IN_PROGRESS, -r.started_on.toordinal()),
    )


def case_has_repatriation(case: Case) -> bool:
    """For the case page: whether to show the repatriation panel to readers of the case."""
    return Repatriation.objects.filter(case_id=case.pk).exists()


def repatriation_for(user: Any, *, repatriation_id: Any) -> Repatriation:
    """Repatriation.DoesNotExist unless the user may read its case."""
    repatriation = Repatriation.objects.select_related(
        "case", "case__office", "case__survivor", "corridor"
    ).get(pk=repatriation_id)
    if not case_allows(user, Action.VIEW_CASE, repatriation.case):
        raise Repatriation.DoesNotExist
    return repatriation


def step_for(user: Any, *, step_id: Any) -> RepatriationStep:
    step = RepatriationStep.objects.select_related(
        "repatriation", "repatriation__case", "repatriation__case__survivor"
    ).get(pk=step_id)
    if not case_allows(user, Action.VIEW_CASE, step.repatriation.case):
        raise RepatriationStep.DoesNotExist
    return step


def document_for(user: Any, *, document_id: Any) -> StepDocument:
    document = StepDocument.objects.select_related(
        "step", "step__repatriation", "step__repatriation__case"
    ).get(pk=document_id)
    if not case_allows(user, Action.VIEW_CASE, document.step.repatriation.case):
        raise StepDocument.DoesNotExist
    return document


def blocker_for(user: Any, *, blocker_id: Any) -> Blocker:
    blocker = Blocker.objects.select_related(
        "step", "repatriation", "repatriation__case", "repatriation__case__survivor"
    ).get(pk=blocker_id)
    if not case_allows(user, Action.VIEW_CASE, blocker.repatriation.case):
        raise Blocker.DoesNotExist
    return blocker


# --- who is waiting, and for how long ---------------------------------------------------------


class WaitingSort:
    """The orders of the waiting list; each is a date, oldest first, and an index."""

    WAITING = "waiting"  # longest in the current step first
    STARTED = "started"  # longest since the repatriation started first
    DUE = "due"  # most overdue first

    FIELDS = {WAITING: "waiting_since", STARTED: "started_on", DUE: "due_on"}


@dataclass(frozen=True)
class WaitingFilters:
    corridor_id: str = ""
    office_id: str = ""
    overdue: bool | None = None
    sort: str = WaitingSort.WAITING


@dataclass(frozen=True)
class WaitingRow:
    repatriation: Repatriation
    step: RepatriationStep
    days_in_step: int
    days_since_start: int
    overdue: bool
    days_late: int
    open_blockers: list[Blocker]


@dataclass(frozen=True)
class WaitingPage:
    rows: list[WaitingRow]
    next_cursor: str | None


def _encode_cursor(day: date, pk: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps([day.isoformat(), str(pk)]).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[date, str] | None:
    try:
        day, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(day), str(pk)
    except (ValueError, TypeError):
        return None


def waiting_offices(user: Any) -> QuerySet[Office]:
    """The offices whose repatriations the user may see on the waiting list."""
    return offices_allowing(user, Action.MANAGE_REPATRIATION).distinct().order_by("code")


def _waiting_in_scope(filters: WaitingFilters, *, today: date) -> QuerySet[Repatriation]:
    waiting = Repatriation.objects.filter(status=RepatriationStatus.IN_PROGRESS)
    if filters.corridor_id:
        waiting = waiting.filter(corridor_id=filters.corridor_id)
    if filters.office_id:
        waiting = waiting.filter(office_id=filters.office_id)
    if filters.overdue is True:
        waiting = waiting.filter(due_on__lt=today)
    elif filters.overdue is False:
        waiting = waiting.filter(due_on__gte=today)
    return waiting


def waiting_list(user: Any, *, filters: WaitingFilters, cursor: str = "") -> WaitingPage:
    """Repatriations in progress in the user's scope, with the step each survivor waits on,
    for how long, against which target. A page at a time, by key, never by counting.

    Each branch of the user's scope (assigned, a team, an office, shared) is read in order
    up to one page, using the index of the chosen order, and the branches are merged here.
    """
    today = timezone.localdate()
    order = WaitingSort.FIELDS.get(filters.sort, WaitingSort.FIELDS[WaitingSort.WAITING])
    waiting = _waiting_in_scope(filters, today=today)
    position = _decode_cursor(cursor) if cursor else None
    if position:
        day, pk = position
        waiting = waiting.filter(Q(**{f"{order}__gt": day}) | Q(**{order: day, "pk__gt": pk}))
    size = settings.MUKTI_PAGE_SIZE
    keys: set[tuple[date, str]] = set()
    for branch in case_scope_branches(user, Action.MANAGE_REPATRIATION):
        cases = Case.objects.filter(branch).values("pk")
        first = waiting.filter(case_id__in=cases).order_by(order, "id")[: size + 1]
        keys.update((day, str(pk)) for day, pk in first.values_list(order, "id"))
    ids = [pk for _day, pk in sorted(keys)[: size + 1]]
    page = list(
        Repatriation.objects.filter(pk__in=ids)
        .select_related("case", "case__survivor", "corridor", "office", "current_step")
        .prefetch_related(
            Prefetch("case__survivor__names", queryset=PersonName.objects.filter(is_primary=True)),
            Prefetch(
                "blockers",
                queryset=Blocker.objects.filter(resolved_on__isnull=True).order_by("opened_on"),
                to_attr="open_blocker_list",
            ),
        )
        .order_by(order, "id")
    )
    next_cursor = None
    if len(page) > size:
        last = page[size - 1]
        next_cursor = _encode_cursor(getattr(last, order), last.pk)
    return WaitingPage(rows=[_row(r, today=today) for r in page[:size]], next_cursor=next_cursor)


def _row(repatriation: Repatriation, *, today: date) -> WaitingRow:
    step = repatriation.current_step
    assert step is not None  # noqa: S101 - a repatriation in progress waits on a step
    since = repatriation.waiting_since or repatriation.started_on
    due = repatriation.due_on
    return WaitingRow(
        repatriation=repatriation,
        step=step,
        days_in_step=(today - since).days,
        days_since_start=(today - repatriation.started_on).days,
        overdue=due is not None and today > due,
        days_late=max(0, (today - due).days) if due else 0,
        open_blockers=getattr(repatriation, "open_blocker_list", []),
    )
