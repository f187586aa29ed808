"""What the API says about corridors, repatriations and their analytics, and what it accepts."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema

from mukti.repatriation.models import DocumentType, Milestone, RepatriationStatus
from mukti.repatriation.progress import days_late, due_on, is_overdue


class TemplateStepOut(Schema):
    position: int
    key: str
    name: str
    label: str = Field(description="The name in the caller's language, for shipped steps.")
    target_days: int
    milestone: Milestone
    responsible_agency: str
    documents: list[DocumentType]


class CorridorOut(Schema):
    code: str
    label: str
    from_country: str
    to_country: str
    qualifier: str
    is_active: bool
    version: int = Field(description="Send it back to change the steps.")
    template_version: int
    steps: list[TemplateStepOut]


class TemplateStepIn(Schema):
    name: str
    target_days: int = Field(ge=1, le=3650)
    milestone: Milestone = Milestone.STEP
    responsible_agency: str = ""
    documents: list[DocumentType] = []
    key: str = Field("", description="Keep a step's key to keep its analytics history.")


class CorridorIn(Schema):
    from_country: str
    to_country: str
    qualifier: str = ""
    steps: list[TemplateStepIn]


class CorridorStepsIn(Schema):
    version: int
    steps: list[TemplateStepIn]


class DocumentOut(Schema):
    id: UUID
    version: int
    document_type: DocumentType
    received: bool
    received_on: date | None


class BlockerOut(Schema):
    id: UUID
    version: int
    opened_on: date
    note: str
    resolved_on: date | None
    resolution: str


class StepOut(Schema):
    id: UUID
    version: int
    position: int
    key: str
    name: str
    label: str
    target_days: int
    milestone: Milestone
    responsible_agency: str
    planned_on: date | None
    started_on: date | None
    done_on: date | None
    could_start_on: date | None = Field(
        description="The step before it done (the repatriation started, for the first)."
    )
    due_on: date | None
    overdue: bool
    days_late: int
    days_taken: int | None
    documents: list[DocumentOut]
    blockers: list[BlockerOut]

    @staticmethod
    def resolve_due_on(step: Any) -> date | None:
        return due_on(step)

    @staticmethod
    def resolve_overdue(step: Any) -> bool:
        return is_overdue(step, today=timezone.localdate())

    @staticmethod
    def resolve_days_late(step: Any) -> int:
        return days_late(step, today=timezone.localdate())

    @staticmethod
    def resolve_documents(step: Any) -> list[Any]:
        return list(step.documents.all())

    @staticmethod
    def resolve_blockers(step: Any) -> list[Any]:
        return list(step.blockers.all())


class RepatriationOut(Schema):
    id: UUID
    version: int
    case_number: str
    corridor: str
    status: RepatriationStatus
    started_on: date
    completed_on: date | None
    cancelled_on: date | None
    cancel_reason: str
    repatriated_on: date | None
    reunited_on: date | None
    waiting_since: date | None
    due_on: date | None
    days_end_to_end: int | None
    steps: list[StepOut]

    @staticmethod
    def resolve_case_number(repatriation: Any) -> str:
        return str(repatriation.case.number)

    @staticmethod
    def resolve_corridor(repatriation: Any) -> str:
        return str(repatriation.corridor.code)

    @staticmethod
    def resolve_steps(repatriation: Any) -> list[Any]:
        return list(repatriation.steps.all())


class StartIn(Schema):
    corridor: str = Field(description="The corridor's code, e.g. IN-BD.")
    started_on: date


class StepPatchIn(Schema):
    """Only the fields you send change; `version` is the step's, as you read it."""

    version: int
    planned_on: date | None = None
    started_on: date | None = None
    done_on: date | None = None
    responsible_agency: str | None = None


class DocumentIn(Schema):
    document_type: DocumentType


class DocumentPatchIn(Schema):
    version: int
    received: bool
    received_on: date | None = None


class BlockerIn(Schema):
    opened_on: date
    note: str


class ResolveIn(Schema):
    version: int
    resolved_on: date
    resolution: str = ""


class CancelIn(Schema):
    version: int
    cancelled_on: date
    reason: str


class WaitingOut(Schema):
    repatriation_id: UUID
    case_number: str
    office: str
    survivor_name: str
    corridor: str
    step_position: int
    step: str
    responsible_agency: str
    days_in_step: int
    target_days: int
    days_since_start: int
    overdue: bool
    days_late: int
    open_blockers: int


class WaitingPageOut(Schema):
    results: list[WaitingOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class FiguresOut(Schema):
    label: str
    count: int
    median: float | None
    p90: float | None
    target_days: int | None


class CorridorFiguresOut(Schema):
    corridor: str
    steps: list[FiguresOut]
    to_repatriation: FiguresOut
    end_to_end: FiguresOut


class AnalyticsOut(Schema):
    start: date
    end: date
    corridors: list[CorridorFiguresOut]
