"""/api/v1/repatriation/: corridors, a case's repatriations and their steps, who is waiting,
and the step analytics — with the same services, validation and scope as the pages.

A repatriation, step, document or blocker outside the caller's scope answers 404 and the
attempt is logged; responses that identify a survivor (names, blocker notes, reasons) are
logged as "api_read".
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may
from mukti.api.auth import ApiRequest
from mukti.api.errors import not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases.models import Case
from mukti.cases.selectors import case_for
from mukti.repatriation import selectors, services
from mukti.repatriation.analytics import Period, half_year_of, step_analytics
from mukti.repatriation.models import (
    Blocker,
    Corridor,
    Repatriation,
    RepatriationStep,
    StepDocument,
)
from mukti.repatriation.schemas import (
    AnalyticsOut,
    BlockerIn,
    BlockerOut,
    CancelIn,
    CorridorIn,
    CorridorOut,
    CorridorStepsIn,
    DocumentIn,
    DocumentOut,
    DocumentPatchIn,
    RepatriationOut,
    ResolveIn,
    StartIn,
    StepOut,
    StepPatchIn,
    TemplateStepIn,
    WaitingPageOut,
)
from mukti.repatriation.selectors import WaitingFilters, WaitingSort

router = Router(tags=["repatriation"])


# --- corridors ----------------------------------------------------------------------------


def _corridor_out(corridor: Corridor) -> dict[str, Any]:
    steps = selectors.template_steps(corridor.current_template)
    return {
        "code": corridor.code,
        "label": corridor.label,
        "from_country": corridor.from_country,
        "to_country": corridor.to_country,
        "qualifier": corridor.qualifier,
        "is_active": corridor.is_active,
        "version": corridor.version,
        "template_version": corridor.current_template.number if corridor.current_template else 0,
        "steps": steps,
    }


def _ensure_reads_corridors(request: ApiRequest) -> None:
    if not selectors.may_read_corridors(request.auth):
        raise PermissionDenied(_("Your role does not work with repatriations."))


def _corridor(request: ApiRequest, code: str) -> Corridor:
    _ensure_reads_corridors(request)
    try:
        return selectors.corridor_for(request.auth, code=code)
    except Corridor.DoesNotExist:
        raise not_found(request, object_type="repatriation.corridor", object_id=code) from None


def _specs(steps: list[TemplateStepIn]) -> list[services.StepSpec]:
    return [
        services.StepSpec(
            name=step.name,
            target_days=step.target_days,
            milestone=step.milestone,
            responsible_agency=step.responsible_agency,
            documents=tuple(step.documents),
            key=step.key,
        )
        for step in steps
    ]


@router.get("/corridors", response=list[CorridorOut], summary="Corridors and their steps")
def list_corridors(request: ApiRequest) -> Any:
    _ensure_reads_corridors(request)
    return [_corridor_out(corridor) for corridor in selectors.corridors_for(request.auth)]


@router.get("/corridors/{code}", response=CorridorOut, summary="A corridor")
def get_corridor(request: ApiRequest, code: str) -> Any:
    return _corridor_out(_corridor(request, code))


@router.post("/corridors", response={201: CorridorOut}, summary="Add a corridor")
def add_corridor(request: ApiRequest, payload: CorridorIn) -> Any:
    """For a programme manager who manages repatriations."""
    corridor = services.add_corridor(
        actor=request.auth,
        from_country=payload.from_country,
        to_country=payload.to_country,
        qualifier=payload.qualifier,
        steps=_specs(payload.steps),
    )
    return Status(201, _corridor_out(corridor))


@router.put("/corridors/{code}/steps", response=CorridorOut, summary="Change a corridor's steps")
def change_steps(request: ApiRequest, code: str, payload: CorridorStepsIn) -> Any:
    """Saves a new version of the steps; repatriations already started keep theirs."""
    corridor = _corridor(request, code)
    services.change_corridor_steps(
        actor=request.auth,
        corridor=corridor,
        expected_version=payload.version,
        steps=_specs(payload.steps),
    )
    return _corridor_out(selectors.corridor_for(request.auth, code=code))


# --- a case's repatriations -------------------------------------------------------------------


def _case(request: ApiRequest, number: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise not_found(request, object_type="cases.case", object_id=number) from None


def _read(request: ApiRequest, case: Case) -> None:
    record_access(actor=request.auth, action=AccessAction.API_READ, record=case, path=request.path)


def _repatriation_out(request: ApiRequest, repatriation: Repatriation) -> Repatriation:
    """The repatriation again, with its steps, documents and blockers, as the caller sees it."""
    case = repatriation.case
    [fresh] = [
        r
        for r in selectors.repatriations_of_case(request.auth, case=case)
        if r.pk == repatriation.pk
    ]
    _read(request, case)
    return fresh


def _repatriation(request: ApiRequest, repatriation_id: UUID) -> Repatriation:
    try:
        return selectors.repatriation_for(request.auth, repatriation_id=repatriation_id)
    except Repatriation.DoesNotExist:
        raise not_found(
            request, object_type="repatriation.repatriation", object_id=repatriation_id
        ) from None


def _step(request: ApiRequest, step_id: UUID) -> RepatriationStep:
    try:
        return selectors.step_for(request.auth, step_id=step_id)
    except RepatriationStep.DoesNotExist:
        raise not_found(
            request, object_type="repatriation.repatriationstep", object_id=step_id
        ) from None


@router.get("/cases/{number}", response=list[RepatriationOut], summary="A case's repatriations")
def list_for_case(request: ApiRequest, number: str) -> Any:
    """The one in progress first; each with its steps, documents checklist and blockers."""
    case = _case(request, number)
    repatriations = selectors.repatriations_of_case(request.auth, case=case)
    _read(request, case)
    return repatriations


@router.post("/cases/{number}", response={201: RepatriationOut}, summary="Start a repatriation")
def start(request: ApiRequest, number: str, payload: StartIn) -> Any:
    """Copies the corridor's current steps, each planned for when its target would be met."""
    case = _case(request, number)
    try:
        corridor = selectors.corridors_for(request.auth, in_use_only=True).get(
            code=payload.corridor.upper()
        )
    except Corridor.DoesNotExist:
        if not user_may(request.auth, Action.MANAGE_REPATRIATION):
            raise PermissionDenied(_("Your role does not allow this.")) from None
        raise ValidationError({"corridor": _("No corridor in use has this code.")}) from None
    repatriation = services.start_repatriation(
        actor=request.auth, case=case, corridor=corridor, started_on=payload.started_on
    )
    return Status(201, _repatriation_out(request, repatriation))


@router.get("/{uuid:repatriation_id}", response=RepatriationOut, summary="A repatriation")
def get_repatriation(request: ApiRequest, repatriation_id: UUID) -> Any:
    return _repatriation_out(request, _repatriation(request, repatriation_id))


@router.post(
    "/{uuid:repatriation_id}/cancel", response=RepatriationOut, summary="Cancel a repatriation"
)
def cancel(request: ApiRequest, repatriation_id: UUID, payload: CancelIn) -> Any:
    repatriation = _repatriation(request, repatriation_id)
    services.cancel_repatriation(
        actor=request.auth,
        repatriation=repatriation,
        expected_version=payload.version,
        cancelled_on=payload.cancelled_on,
        reason=payload.reason,
    )
    return _repatriation_out(request, repatriation)


@router.patch("/steps/{uuid:step_id}", response=StepOut, summary="Update a step")
def update_step(request: ApiRequest, step_id: UUID, payload: StepPatchIn) -> Any:
    """Plan, start or finish a step, or correct it. Only the fields you send change; send
    `null` to clear a date (a done date cannot be cleared). Dates in an impossible order are
    refused with the reason (422)."""
    step = _step(request, step_id)
    given = payload.dict(exclude_unset=True)

    def chosen(name: str) -> Any:
        return given[name] if name in given else getattr(step, name)

    services.update_step(
        actor=request.auth,
        step=step,
        expected_version=payload.version,
        planned_on=chosen("planned_on"),
        started_on=chosen("started_on"),
        done_on=chosen("done_on"),
        responsible_agency=chosen("responsible_agency") or "",
    )
    return _step_out(request, step.pk)


def _step_out(request: ApiRequest, step_id: Any) -> RepatriationStep:
    step = selectors.step_for(request.auth, step_id=step_id)
    _read(request, step.repatriation.case)
    return step


@router.post(
    "/steps/{uuid:step_id}/documents",
    response={201: DocumentOut},
    summary="Add a document to a step's checklist",
)
def add_document(request: ApiRequest, step_id: UUID, payload: DocumentIn) -> Any:
    step = _step(request, step_id)
    document = services.add_document(
        actor=request.auth, step=step, document_type=payload.document_type
    )
    return Status(201, document)


@router.patch("/documents/{uuid:document_id}", response=DocumentOut, summary="Tick a document")
def record_document(request: ApiRequest, document_id: UUID, payload: DocumentPatchIn) -> Any:
    try:
        document = selectors.document_for(request.auth, document_id=document_id)
    except StepDocument.DoesNotExist:
        raise not_found(
            request, object_type="repatriation.stepdocument", object_id=document_id
        ) from None
    return services.record_document(
        actor=request.auth,
        document=document,
        expected_version=payload.version,
        received=payload.received,
        received_on=payload.received_on,
    )


@router.post(
    "/steps/{uuid:step_id}/blockers", response={201: BlockerOut}, summary="Record a blocker"
)
def open_blocker(request: ApiRequest, step_id: UUID, payload: BlockerIn) -> Any:
    step = _step(request, step_id)
    blocker = services.open_blocker(
        actor=request.auth, step=step, opened_on=payload.opened_on, note=payload.note
    )
    _read(request, step.repatriation.case)
    return Status(201, blocker)


@router.post(
    "/blockers/{uuid:blocker_id}/resolve", response=BlockerOut, summary="Resolve a blocker"
)
def resolve_blocker(request: ApiRequest, blocker_id: UUID, payload: ResolveIn) -> Any:
    try:
        blocker = selectors.blocker_for(request.auth, blocker_id=blocker_id)
    except Blocker.DoesNotExist:
        raise not_found(request, object_type="repatriation.blocker", object_id=blocker_id) from None
    resolved = services.resolve_blocker(
        actor=request.auth,
        blocker=blocker,
        expected_version=payload.version,
        resolved_on=payload.resolved_on,
        resolution=payload.resolution,
    )
    _read(request, blocker.repatriation.case)
    return resolved


# --- who is waiting, and analytics ------------------------------------------------------------


@router.get("/waiting", response=WaitingPageOut, summary="Who is waiting and for how long")
def waiting(
    request: ApiRequest,
    corridor: str = "",
    office_id: UUID | None = None,
    overdue: bool | None = None,
    sort: str = WaitingSort.WAITING,
    cursor: str = "",
) -> Any:
    """Repatriations in progress in your scope, a page at a time. `sort`: `waiting`
    (longest in the current step first), `due` (most overdue first) or `started`."""
    if not user_may(request.auth, Action.MANAGE_REPATRIATION):
        raise PermissionDenied(_("Your role does not manage repatriations."))
    if sort not in WaitingSort.FIELDS:
        raise ValidationError({"sort": _("Sort by waiting, due or started.")})
    corridor_id = ""
    if corridor:
        found = selectors.corridors_for(request.auth).filter(code=corridor.upper()).first()
        if found is None:
            raise ValidationError({"corridor": _("No corridor has this code.")})
        corridor_id = str(found.pk)
    filters = WaitingFilters(
        corridor_id=corridor_id,
        office_id=str(office_id or ""),
        overdue=overdue,
        sort=sort,
    )
    page = selectors.waiting_list(request.auth, filters=filters, cursor=cursor)
    if page.rows:
        record_access(
            actor=request.auth,
            action=AccessAction.API_READ,
            object_type="repatriation.repatriation",
            path=request.path,
        )
    return {
        "results": [
            {
                "repatriation_id": row.repatriation.pk,
                "case_number": row.repatriation.case.number,
                "office": row.repatriation.office.code,
                "survivor_name": row.repatriation.case.survivor.display_name,
                "corridor": row.repatriation.corridor.code,
                "step_position": row.step.position,
                "step": row.step.label,
                "responsible_agency": row.step.responsible_agency,
                "days_in_step": row.days_in_step,
                "target_days": row.step.target_days,
                "days_since_start": row.days_since_start,
                "overdue": row.overdue,
                "days_late": row.days_late,
                "open_blockers": len(row.open_blockers),
            }
            for row in page.rows
        ],
        "next_cursor": page.next_cursor,
    }


@router.get("/analytics", response=AnalyticsOut, summary="Days per step, by corridor")
def analytics(
    request: ApiRequest,
    start: date | None = None,
    end: date | None = None,
    corridor: str = "",
) -> Any:
    """Median and 90th percentile of days per step and end to end, for each corridor, over
    your offices; no names. Without dates: the current reporting half-year."""
    if not user_may(request.auth, Action.VIEW_ANALYTICS):
        raise PermissionDenied(_("Your role does not read analytics."))
    if (start is None) != (end is None):
        raise ValidationError({"start": _("Give both dates of the period.")})
    if start is not None and end is not None and end < start:
        raise ValidationError({"end": _("The period ends before it starts.")})
    period = (
        Period(start, end)
        if start is not None and end is not None
        else half_year_of(timezone.localdate())
    )
    corridor_id = None
    if corridor:
        found = selectors.corridors_for(request.auth).filter(code=corridor.upper()).first()
        if found is None:
            raise ValidationError({"corridor": _("No corridor has this code.")})
        corridor_id = found.pk
    figures = step_analytics(request.auth, period=period, corridor_id=corridor_id)
    return {
        "start": period.start,
        "end": period.end,
        "corridors": [
            {
                "corridor": item.corridor.code,
                "steps": item.steps,
                "to_repatriation": item.to_repatriation,
                "end_to_end": item.end_to_end,
            }
            for item in figures
        ],
    }
