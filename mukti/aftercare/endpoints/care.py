"""Care plans (needs, goals, reviews), services and follow-ups of a case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router

from mukti.accounts.models import User
from mukti.aftercare import schemas, selectors, services
from mukti.aftercare.endpoints.common import CASE, case_in_scope, found, kept, shown
from mukti.aftercare.models import (
    CarePlan,
    FollowUp,
    FollowUpStatus,
    ServiceStatus,
)
from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.cases.models import Case

router = Router(tags=["aftercare"])


# --- care plans ----------------------------------------------------------------------------


def _needs(needs: list[schemas.NeedIn]) -> list[services.NeedInput]:
    return [services.NeedInput(n.domain, n.level, n.description) for n in needs]


def _plan(request: ApiRequest, case: Case) -> CarePlan:
    plan = selectors.current_care_plan(request.auth, case=case)
    if plan is None:
        raise not_found(request, object_type="aftercare.careplan", object_id=case.number)
    return plan


@router.get(f"{CASE}/care-plan", response=schemas.CarePlanOut, summary="The current care plan")
def get_care_plan(request: ApiRequest, number: str) -> Any:
    case = case_in_scope(request, number)
    return shown(request, case, _plan(request, case))


@router.post(f"{CASE}/care-plan", response={201: schemas.CarePlanOut}, summary="Record a plan")
def create_care_plan(request: ApiRequest, number: str, payload: schemas.CarePlanIn) -> Any:
    """From a needs assessment across the six domains; one current plan per case."""
    case = case_in_scope(request, number)
    services.create_care_plan(
        actor=request.auth,
        case=case,
        agreed_on=payload.agreed_on,
        review_on=payload.review_on,
        summary=payload.summary,
        needs=_needs(payload.needs),
    )
    return shown(request, case, _plan(request, case), 201)


@router.patch(f"{CASE}/care-plans/{{plan_id}}", response=schemas.CarePlanOut, summary="Change")
def change_care_plan(
    request: ApiRequest, number: str, plan_id: UUID, payload: schemas.CarePlanPatch
) -> Any:
    case = case_in_scope(request, number)
    plan = found(
        request,
        "aftercare.careplan",
        plan_id,
        lambda: selectors.care_plan_for(request.auth, case=case, plan_id=plan_id),
    )
    needs = (
        _needs(payload.needs)
        if payload.needs is not None
        else [services.NeedInput(n.domain, n.level, n.description) for n in plan.needs.all()]
    )
    services.update_care_plan(
        actor=request.auth,
        plan=plan,
        expected_version=payload.version,
        agreed_on=kept(payload.agreed_on, plan.agreed_on),
        review_on=kept(payload.review_on, plan.review_on),
        summary=kept(payload.summary, plan.summary),
        needs=needs,
    )
    return shown(request, case, selectors.care_plan_for(request.auth, case=case, plan_id=plan_id))


def _owner(owner_id: UUID | None) -> Any:
    return User.objects.filter(pk=owner_id, is_active=True).first() if owner_id else None


@router.post(f"{CASE}/care-plan/goals", response={201: schemas.GoalOut}, summary="Add a goal")
def add_goal(request: ApiRequest, number: str, payload: schemas.GoalIn) -> Any:
    case = case_in_scope(request, number)
    with fields_renamed({"owner": "owner_id"}):
        goal = services.add_goal(
            actor=request.auth,
            plan=_plan(request, case),
            domain=payload.domain,
            description=payload.description,
            owner=_owner(payload.owner_id),
            target_on=payload.target_on,
        )
    return shown(request, case, goal, 201)


@router.patch(f"{CASE}/goals/{{goal_id}}", response=schemas.GoalOut, summary="Change a goal")
def change_goal(request: ApiRequest, number: str, goal_id: UUID, payload: schemas.GoalPatch) -> Any:
    case = case_in_scope(request, number)
    goal = found(
        request,
        "aftercare.careplangoal",
        goal_id,
        lambda: selectors.goal_for(request.auth, case=case, goal_id=goal_id),
    )
    with fields_renamed({"owner": "owner_id"}):
        services.update_goal(
            actor=request.auth,
            goal=goal,
            expected_version=payload.version,
            domain=kept(payload.domain, goal.domain),
            description=kept(payload.description, goal.description),
            owner=_owner(payload.owner_id) if payload.owner_id else goal.owner,
            target_on=kept(payload.target_on, goal.target_on),
            status=kept(payload.status, goal.status),
        )
    return shown(request, case, goal)


@router.post(f"{CASE}/care-plan/reviews", response={201: schemas.ReviewOut}, summary="Review")
def record_review(request: ApiRequest, number: str, payload: schemas.ReviewIn) -> Any:
    """The plan reviewed; its review date moves to `next_review_on`."""
    case = case_in_scope(request, number)
    review = services.record_care_plan_review(
        actor=request.auth, plan=_plan(request, case), **payload.dict()
    )
    return shown(request, case, review, 201)


@router.patch(f"{CASE}/reviews/{{review_id}}", response=schemas.ReviewOut, summary="Correct")
def change_review(
    request: ApiRequest, number: str, review_id: UUID, payload: schemas.ReviewPatch
) -> Any:
    case = case_in_scope(request, number)
    review = found(
        request,
        "aftercare.careplanreview",
        review_id,
        lambda: _plan(request, case).reviews.get(pk=review_id),
    )
    services.update_care_plan_review(
        actor=request.auth, review=review, expected_version=payload.version, notes=payload.notes
    )
    return shown(request, case, review)


# --- services ------------------------------------------------------------------------------


@router.get(f"{CASE}/services", response=list[schemas.ServiceOut], summary="Services")
def list_services(request: ApiRequest, number: str, archived: bool = False) -> Any:
    """Only those in sections your role reads (no counselling for a caseworker…)."""
    case = case_in_scope(request, number)
    return shown(
        request, case, list(selectors.services_readable(request.auth, case=case, archived=archived))
    )


def _service(request: ApiRequest, case: Case, service_id: UUID) -> Any:
    return found(
        request,
        "aftercare.service",
        service_id,
        lambda: selectors.service_for(request.auth, case=case, service_id=service_id),
    )


@router.get(f"{CASE}/services/{{service_id}}", response=schemas.ServiceOut, summary="A service")
def get_service(request: ApiRequest, number: str, service_id: UUID) -> Any:
    case = case_in_scope(request, number)
    return shown(request, case, _service(request, case, service_id))


@router.post(f"{CASE}/services", response={201: schemas.ServiceOut}, summary="Record a service")
def record_service(request: ApiRequest, number: str, payload: schemas.ServiceIn) -> Any:
    """Planned for a due date, or delivered on a date; with provider, cost and currency."""
    case = case_in_scope(request, number)
    service = services.record_service(
        actor=request.auth, case=case, details=services.ServiceDetails(**payload.dict())
    )
    return shown(request, case, service, 201)


@router.patch(f"{CASE}/services/{{service_id}}", response=schemas.ServiceOut, summary="Change")
def change_service(
    request: ApiRequest, number: str, service_id: UUID, payload: schemas.ServicePatch
) -> Any:
    """Or mark a planned service delivered: `status: delivered` with `delivered_on`."""
    case = case_in_scope(request, number)
    service = _service(request, case, service_id)
    given = payload.dict(exclude={"version"})
    current = {name: getattr(service, name) for name in given if name != "household_size"}
    current["household_size"] = service.household.size if service.household else None
    details = {name: kept(value, current[name]) for name, value in given.items()}
    if details["status"] == ServiceStatus.PLANNED:
        details["delivered_on"] = None
    services.update_service(
        actor=request.auth,
        service=service,
        expected_version=payload.version,
        details=services.ServiceDetails(**details),
    )
    return shown(request, case, _service(request, case, service_id))


@router.post(f"{CASE}/services/{{service_id}}/cancel", response=schemas.ServiceOut)
def cancel_service(
    request: ApiRequest, number: str, service_id: UUID, payload: schemas.CancelIn
) -> Any:
    """A planned service that will not happen, with the reason (it can be planned again)."""
    case = case_in_scope(request, number)
    service = services.cancel_service(
        actor=request.auth, service=_service(request, case, service_id), reason=payload.reason
    )
    return shown(request, case, service)


# --- follow-ups ----------------------------------------------------------------------------


@router.get(f"{CASE}/follow-ups", response=list[schemas.FollowUpOut], summary="Follow-ups")
def list_follow_ups(request: ApiRequest, number: str, archived: bool = False) -> Any:
    """Latest first."""
    case = case_in_scope(request, number)
    follow_ups = selectors.follow_ups_of(request.auth, case=case, archived=archived)
    return shown(request, case, list(follow_ups))


def _follow_up(request: ApiRequest, case: Case, follow_up_id: UUID) -> FollowUp:
    return found(  # type: ignore[no-any-return]
        request,
        "aftercare.followup",
        follow_up_id,
        lambda: selectors.follow_up_for(request.auth, case=case, follow_up_id=follow_up_id),
    )


@router.get(f"{CASE}/follow-ups/{{follow_up_id}}", response=schemas.FollowUpOut)
def get_follow_up(request: ApiRequest, number: str, follow_up_id: UUID) -> Any:
    case = case_in_scope(request, number)
    return shown(request, case, _follow_up(request, case, follow_up_id))


@router.post(f"{CASE}/follow-ups", response={201: schemas.FollowUpOut}, summary="Record one")
def record_follow_up(request: ApiRequest, number: str, payload: schemas.FollowUpIn) -> Any:
    """Planned (`status: planned`, `due_on`) or done (`done_on`, `outcome`). Refused on a
    closed case."""
    case = case_in_scope(request, number)
    if payload.status == FollowUpStatus.PLANNED:
        follow_up = services.plan_follow_up(
            actor=request.auth,
            case=case,
            kind=payload.kind,
            due_on=payload.due_on,  # type: ignore[arg-type]
            notes=payload.notes,
        )
    elif payload.status == FollowUpStatus.DONE:
        follow_up = services.record_follow_up(
            actor=request.auth,
            case=case,
            kind=payload.kind,
            done_on=payload.done_on,  # type: ignore[arg-type]
            outcome=payload.outcome,
            notes=payload.notes,
        )
    else:
        raise ValidationError({"status": _("A follow-up is planned or done.")})
    return shown(request, case, follow_up, 201)


@router.patch(f"{CASE}/follow-ups/{{follow_up_id}}", response=schemas.FollowUpOut)
def change_follow_up(
    request: ApiRequest, number: str, follow_up_id: UUID, payload: schemas.FollowUpPatch
) -> Any:
    """Change a follow-up; on a planned one, `done_on` with `outcome` marks it done."""
    case = case_in_scope(request, number)
    follow_up = _follow_up(request, case, follow_up_id)
    kind = kept(payload.kind, follow_up.kind)
    notes = kept(payload.notes, follow_up.notes)
    if follow_up.status == FollowUpStatus.PLANNED and payload.done_on is not None:
        services.complete_follow_up(
            actor=request.auth,
            follow_up=follow_up,
            expected_version=payload.version,
            done_on=payload.done_on,
            outcome=payload.outcome or "",
            notes=notes,
            kind=kind,
        )
    else:
        services.update_follow_up(
            actor=request.auth,
            follow_up=follow_up,
            expected_version=payload.version,
            kind=kind,
            notes=notes,
            due_on=kept(payload.due_on, follow_up.due_on),
            done_on=kept(payload.done_on, follow_up.done_on),
            outcome=kept(payload.outcome, follow_up.outcome),
        )
    return shown(request, case, _follow_up(request, case, follow_up_id))
