"""DASS-21 (counselling section) and recovery assessments, household income, and
reintegration stages of a case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Router

from mukti.aftercare import schemas, selectors, services
from mukti.aftercare.endpoints.common import CASE, case_in_scope, found, kept, shown
from mukti.aftercare.models import (
    IncomeRecord,
    RecoveryAssessment,
)
from mukti.api.auth import ApiRequest
from mukti.cases.models import Case

router = Router(tags=["aftercare"])


# --- assessments ---------------------------------------------------------------------------


@router.get(f"{CASE}/dass21", response=list[schemas.Dass21Out], summary="DASS-21 assessments")
def list_dass21(request: ApiRequest, number: str, archived: bool = False) -> Any:
    """Counselling section: an empty list for roles that do not read it."""
    case = case_in_scope(request, number)
    return shown(
        request, case, list(selectors.dass21_of(request.auth, case=case, archived=archived))
    )


def _dass21(request: ApiRequest, case: Case, assessment_id: UUID) -> Any:
    return found(
        request,
        "aftercare.dass21assessment",
        assessment_id,
        lambda: selectors.dass21_for(request.auth, case=case, assessment_id=assessment_id),
    )


@router.get(f"{CASE}/dass21/{{assessment_id}}", response=schemas.Dass21Out)
def get_dass21(request: ApiRequest, number: str, assessment_id: UUID) -> Any:
    case = case_in_scope(request, number)
    return shown(request, case, _dass21(request, case, assessment_id))


@router.post(f"{CASE}/dass21", response={201: schemas.Dass21Out}, summary="Record a DASS-21")
def record_dass21(request: ApiRequest, number: str, payload: schemas.Dass21In) -> Any:
    """The 21 answers (each 0-3); the scores (sum of 7 items × 2) and bands are computed."""
    case = case_in_scope(request, number)
    assessment = services.record_dass21(actor=request.auth, case=case, **payload.dict())
    return shown(request, case, assessment, 201)


@router.patch(f"{CASE}/dass21/{{assessment_id}}", response=schemas.Dass21Out)
def change_dass21(
    request: ApiRequest, number: str, assessment_id: UUID, payload: schemas.Dass21Patch
) -> Any:
    case = case_in_scope(request, number)
    assessment = _dass21(request, case, assessment_id)
    services.update_dass21(
        actor=request.auth,
        assessment=assessment,
        expected_version=payload.version,
        assessed_on=kept(payload.assessed_on, assessment.assessed_on),
        items=kept(payload.items, assessment.items),
        notes=kept(payload.notes, assessment.notes),
    )
    return shown(request, case, assessment)


@router.get(f"{CASE}/recovery-assessments", response=list[schemas.RecoveryOut])
def list_recovery_assessments(request: ApiRequest, number: str, archived: bool = False) -> Any:
    case = case_in_scope(request, number)
    assessments = selectors.recovery_assessments_of(request.auth, case=case, archived=archived)
    return shown(request, case, list(assessments))


def _recovery(request: ApiRequest, case: Case, assessment_id: UUID) -> RecoveryAssessment:
    return found(  # type: ignore[no-any-return]
        request,
        "aftercare.recoveryassessment",
        assessment_id,
        lambda: selectors.recovery_assessment_for(
            request.auth, case=case, assessment_id=assessment_id
        ),
    )


@router.get(f"{CASE}/recovery-assessments/{{assessment_id}}", response=schemas.RecoveryOut)
def get_recovery_assessment(request: ApiRequest, number: str, assessment_id: UUID) -> Any:
    case = case_in_scope(request, number)
    return shown(request, case, _recovery(request, case, assessment_id))


@router.post(f"{CASE}/recovery-assessments", response={201: schemas.RecoveryOut})
def record_recovery_assessment(
    request: ApiRequest, number: str, payload: schemas.RecoveryIn
) -> Any:
    """A score per domain on the current instrument's scale; `is_stable` by its rule."""
    case = case_in_scope(request, number)
    assessment = services.record_recovery_assessment(
        actor=request.auth, case=case, **payload.dict()
    )
    return shown(request, case, assessment, 201)


@router.patch(f"{CASE}/recovery-assessments/{{assessment_id}}", response=schemas.RecoveryOut)
def change_recovery_assessment(
    request: ApiRequest, number: str, assessment_id: UUID, payload: schemas.RecoveryPatch
) -> Any:
    case = case_in_scope(request, number)
    assessment = _recovery(request, case, assessment_id)
    services.update_recovery_assessment(
        actor=request.auth,
        assessment=assessment,
        expected_version=payload.version,
        assessed_on=kept(payload.assessed_on, assessment.assessed_on),
        scores=kept(payload.scores, assessment.scores()),
        notes=kept(payload.notes, assessment.notes),
    )
    return shown(request, case, assessment)


# --- income --------------------------------------------------------------------------------


def _with_change(request: ApiRequest, case: Case) -> list[IncomeRecord]:
    """The records oldest first, each carrying its change from the baseline."""
    records = []
    for row in selectors.income_history(request.auth, case=case):
        row.record.change, row.record.change_percent = row.change, row.change_percent  # type: ignore[attr-defined]
        records.append(row.record)
    return records


@router.get(f"{CASE}/income", response=list[schemas.IncomeOut], summary="Household income")
def list_income(request: ApiRequest, number: str) -> Any:
    """Oldest first; each later record with its change from the baseline."""
    case = case_in_scope(request, number)
    return shown(request, case, _with_change(request, case))


def _income_shown(request: ApiRequest, case: Case, record_id: Any, status: int = 200) -> Any:
    record = next((r for r in _with_change(request, case) if r.pk == record_id), None)
    if record is None:  # archived: no change is computed for it
        record = selectors.income_record_for(request.auth, case=case, record_id=record_id)
    return shown(request, case, record, status)


@router.get(f"{CASE}/income/{{record_id}}", response=schemas.IncomeOut)
def get_income(request: ApiRequest, number: str, record_id: UUID) -> Any:
    case = case_in_scope(request, number)
    found(
        request,
        "aftercare.incomerecord",
        record_id,
        lambda: selectors.income_record_for(request.auth, case=case, record_id=record_id),
    )
    return _income_shown(request, case, record_id)


@router.post(f"{CASE}/income", response={201: schemas.IncomeOut}, summary="Record income")
def record_income(request: ApiRequest, number: str, payload: schemas.IncomeIn) -> Any:
    """The case's first record is its baseline; later ones use its currency."""
    case = case_in_scope(request, number)
    record = services.record_income(actor=request.auth, case=case, **payload.dict())
    return _income_shown(request, case, record.pk, 201)


@router.patch(f"{CASE}/income/{{record_id}}", response=schemas.IncomeOut)
def change_income(
    request: ApiRequest, number: str, record_id: UUID, payload: schemas.IncomePatch
) -> Any:
    case = case_in_scope(request, number)
    record = found(
        request,
        "aftercare.incomerecord",
        record_id,
        lambda: selectors.income_record_for(request.auth, case=case, record_id=record_id),
    )
    given = payload.dict(exclude={"version"})
    services.update_income(
        actor=request.auth,
        record=record,
        expected_version=payload.version,
        **{name: kept(value, getattr(record, name)) for name, value in given.items()},
    )
    return _income_shown(request, case, record_id)


# --- reintegration -------------------------------------------------------------------------


@router.get(f"{CASE}/reintegration", response=list[schemas.StageOut], summary="Stages")
def list_stages(request: ApiRequest, number: str, archived: bool = False) -> Any:
    """Latest first."""
    case = case_in_scope(request, number)
    return shown(
        request, case, list(selectors.reintegration_of(request.auth, case=case, archived=archived))
    )


@router.post(f"{CASE}/reintegration", response={201: schemas.StageOut}, summary="Record a stage")
def record_stage(request: ApiRequest, number: str, payload: schemas.StageIn) -> Any:
    """The next stage in order, or a step back (with its reason)."""
    case = case_in_scope(request, number)
    transition = services.record_reintegration_stage(
        actor=request.auth, case=case, **payload.dict()
    )
    return shown(request, case, transition, 201)


@router.patch(f"{CASE}/reintegration/{{transition_id}}", response=schemas.StageOut)
def change_stage(
    request: ApiRequest, number: str, transition_id: UUID, payload: schemas.StagePatch
) -> Any:
    case = case_in_scope(request, number)
    transition = found(
        request,
        "aftercare.reintegrationtransition",
        transition_id,
        lambda: selectors.reintegration_transition_for(
            request.auth, case=case, transition_id=transition_id
        ),
    )
    services.update_reintegration_stage(
        actor=request.auth,
        transition=transition,
        expected_version=payload.version,
        reached_on=kept(payload.reached_on, transition.reached_on),
        reason=kept(payload.reason, transition.reason),
    )
    return shown(request, case, transition)
