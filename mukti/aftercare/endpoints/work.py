"""Archive, restore, cancel and plan again (any record); a worker's queues; counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Router

from mukti.aftercare import schemas, selectors
from mukti.aftercare.endpoints.common import CASE, case_in_scope, found, log_read
from mukti.aftercare.views.machinery import KINDS
from mukti.api.auth import ApiRequest
from mukti.api.errors import not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access

router = Router(tags=["aftercare"])


# --- archive, restore, cancel, plan again: any record ----------------------------------------


class ActionOut(schemas.Schema):
    id: UUID
    kind: str
    action: str
    message: str


@router.post(
    f"{CASE}/records/{{kind}}/{{record_id}}/{{action}}",
    response=ActionOut,
    summary="Archive, restore, cancel or plan again",
)
def change_record(request: ApiRequest, number: str, kind: str, record_id: UUID, action: str) -> Any:
    """`kind`: care-plan, goal, service, follow-up, dass21, recovery, income, stage,
    peer-mentor, match, session, re-trafficking. `action`: archive and restore (a record
    entered in error; its timeline event is withdrawn and comes back), cancel and plan-again
    (planned services and follow-ups)."""
    case = case_in_scope(request, number)
    record_kind = KINDS.get(kind)
    change = record_kind.actions.get(action) if record_kind else None
    if record_kind is None or change is None:
        raise not_found(request, object_type=f"aftercare.{kind}", object_id=record_id)
    record = found(
        request,
        f"aftercare.{kind}",
        record_id,
        lambda: record_kind.find(request.auth, case, record_id),
    )
    change.run(request.auth, record)
    log_read(request, case)
    return {"id": record.pk, "kind": kind, "action": action, "message": str(change.done)}


# --- a worker's queues and counts ------------------------------------------------------------


def _queue(request: ApiRequest, page: selectors.QueuePage) -> dict[str, Any]:
    if page.items:
        record_access(
            actor=request.auth,
            action=AccessAction.API_READ,
            object_type="aftercare.queue",
            path=request.path,
        )
    return {"results": page.items, "next_cursor": page.next_cursor}


@router.get("/my-work/follow-ups", response=schemas.QueuePageOut, summary="Follow-ups due")
def my_follow_ups(request: ApiRequest, team: bool = False, cursor: str = "") -> Any:
    """Planned follow-ups of the open cases assigned to you (with `team`, also your team's),
    overdue or due within seven days, most overdue first."""
    return _queue(request, selectors.due_follow_ups(request.auth, include_team=team, cursor=cursor))


@router.get("/my-work/care-plan-reviews", response=schemas.QueuePageOut)
def my_reviews(request: ApiRequest, team: bool = False, cursor: str = "") -> Any:
    """Care plans of your cases whose review is overdue or due within seven days."""
    page = selectors.care_plan_reviews_due(request.auth, include_team=team, cursor=cursor)
    return _queue(request, page)


@router.get("/my-work/overdue-services", response=schemas.QueuePageOut)
def my_overdue_services(request: ApiRequest, team: bool = False, cursor: str = "") -> Any:
    page = selectors.overdue_services(request.auth, include_team=team, cursor=cursor)
    return _queue(request, page)


@router.get("/counts", response=schemas.CountsOut, summary="Counts over your cases")
def counts(request: ApiRequest, since: date | None = None, until: date | None = None) -> Any:
    """Follow-ups done, households reached by emergency relief (each once) and the people in
    them, and re-trafficking, between two dates (default: the last six months), over the
    cases you may read. No names."""
    until = until or timezone.localdate()
    since = since or until - timedelta(days=182)
    figures = selectors.aftercare_counts(request.auth, since=since, until=until)
    return {"since": since, "until": until, **vars(figures)}
