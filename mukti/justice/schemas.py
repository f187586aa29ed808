"""What the justice API says, and what it accepts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from mukti.justice.models import (
    AccusedRole,
    AdjournmentReason,
    ClosingOutcome,
    Engagement,
    HearingPurpose,
    HearingStatus,
    PartyRole,
    ProtectionMeasure,
    Stage,
    TestimonyMode,
    VerdictOutcome,
)
from mukti.people.models import Sex
from mukti.people.schemas import PersonSummaryOut


class LegalCaseListItemOut(Schema):
    id: UUID
    country: str
    court: str
    court_case_number: str
    stage: str
    stage_since: date
    status: str
    closing_outcome: str
    office_code: str = Field(..., alias="office.code")


class LegalCasePageOut(Schema):
    results: list[LegalCaseListItemOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class PartyOut(Schema):
    role: str
    case_number: str | None = Field(None, description="Null for a case outside your scope.")
    survivor: PersonSummaryOut | None = None


class StageChangeOut(Schema):
    stage: str
    happened_on: date


class ClockOut(Schema):
    law: str
    section: str
    starts_on: date
    due_on: date
    stopped_on: date | None
    state: str = Field(..., description="running, near, breached, met or met_late")


class LegalCaseOut(Schema):
    id: UUID
    version: int
    office_code: str
    country: str
    court: str
    court_case_number: str
    police_station: str
    fir_date: date | None
    laws_and_sections: str
    investigating_officer: str
    stage: str
    stage_since: date
    status: str
    closed_on: date | None
    closing_outcome: str
    strategy_notes: str | None = Field(
        None, description="Null when your role does not read legal strategy."
    )
    strategy_hidden: bool = False
    survivors: list[PartyOut]
    stages: list[StageChangeOut]
    deadlines: list[ClockOut]


class LegalCaseDetailsIn(Schema):
    country: str = Field(..., min_length=2, max_length=2)
    court: str = Field(..., max_length=200)
    court_case_number: str = Field("", max_length=100)
    police_station: str = Field("", max_length=200)
    fir_date: date | None = None
    laws_and_sections: str = Field("", max_length=300)
    investigating_officer: str = Field("", max_length=200)


class SurvivorIn(Schema):
    case_number: str
    role: PartyRole


class LegalCaseIn(LegalCaseDetailsIn):
    survivors: list[SurvivorIn] = Field(..., min_length=1)
    stage: Stage = Stage.COMPLAINT
    stage_since: date
    strategy_notes: str = ""


class LegalCasePatchIn(LegalCaseDetailsIn):
    version: int


class StrategyNotesIn(Schema):
    notes: str
    version: int


class StageIn(Schema):
    stage: Stage
    happened_on: date
    version: int


class CloseIn(Schema):
    outcome: ClosingOutcome
    closed_on: date
    version: int


class ArrestOut(Schema):
    id: UUID
    arrested_on: date
    agency: str


class BailOut(Schema):
    id: UUID
    decided_on: date
    granted: bool


class ChargeOut(Schema):
    id: UUID
    law_section: str
    framed_on: date | None


class VerdictOut(Schema):
    id: UUID
    outcome: str
    decided_on: date
    sentence_years: int | None
    sentence_months: int | None
    fine: Decimal | None
    fine_currency: str


class AccusedOut(Schema):
    id: UUID
    role: str
    person: PersonSummaryOut
    arrests: list[ArrestOut]
    bail_decisions: list[BailOut]
    charges: list[ChargeOut]
    verdicts: list[VerdictOut]

    @staticmethod
    def resolve_arrests(accused: Any) -> list[Any]:
        return list(accused.arrests.all())

    @staticmethod
    def resolve_bail_decisions(accused: Any) -> list[Any]:
        return list(accused.bail_decisions.all())

    @staticmethod
    def resolve_charges(accused: Any) -> list[Any]:
        return list(accused.charges.all())

    @staticmethod
    def resolve_verdicts(accused: Any) -> list[Any]:
        return list(accused.verdicts.all())


class AccusedIn(Schema):
    given_name: str = Field("", max_length=200)
    family_name: str = Field("", max_length=200)
    sex: Sex = Sex.UNKNOWN
    role: AccusedRole = AccusedRole.UNKNOWN


class ArrestIn(Schema):
    arrested_on: date
    agency: str = Field(..., max_length=200)


class BailIn(Schema):
    decided_on: date
    granted: bool


class ChargeIn(Schema):
    law_section: str = Field(..., max_length=200)
    framed_on: date | None = None


class VerdictIn(Schema):
    outcome: VerdictOutcome
    decided_on: date
    sentence_years: int | None = Field(None, ge=0, le=99)
    sentence_months: int | None = Field(None, ge=0, le=11)
    fine: Decimal | None = Field(None, ge=0)
    fine_currency: str = Field("", max_length=3)


class HearingOut(Schema):
    id: UUID
    version: int
    legal_case_id: UUID
    hearing_on: date
    purpose: str
    status: str
    outcome: str
    adjournment_reason: str
    next_date: date | None


class HearingResultIn(Schema):
    status: HearingStatus
    outcome: str = Field("", max_length=4000)
    adjournment_reason: AdjournmentReason | None = None
    next_date: date | None = None


class HearingIn(HearingResultIn):
    hearing_on: date
    purpose: HearingPurpose
    status: HearingStatus = HearingStatus.SCHEDULED


class HearingOutcomeIn(HearingResultIn):
    version: int


class WitnessSupportOut(Schema):
    id: UUID
    legal_case_id: UUID
    case_number: str = Field(..., alias="case.number")
    hearing_id: UUID | None
    support_on: date
    prepared: bool
    travel_supported: bool
    protection_measures: list[str]
    attended: bool | None
    testified: bool
    testimony_mode: str
    testified_from: str
    note: str


class WitnessSupportIn(Schema):
    case_number: str
    hearing_id: UUID | None = None
    support_on: date
    prepared: bool = False
    travel_supported: bool = False
    protection_measures: list[ProtectionMeasure] = []
    attended: bool | None = None
    testified: bool = False
    testimony_mode: TestimonyMode | None = None
    testified_from: str = Field("", max_length=2)
    note: str = Field("", max_length=4000)


class PoliceEngagementOut(Schema):
    id: UUID
    observed_on: date
    engagement: str
    legal_case_id: UUID | None
    note: str


class PoliceEngagementIn(Schema):
    observed_on: date
    engagement: Engagement
    legal_case_id: UUID | None = None
    note: str = Field("", max_length=4000)


class DeadlineOut(Schema):
    id: UUID
    version: int
    country: str
    law: str
    section: str
    description: str
    from_stage: str
    until_stage: str
    days: int
    working_days: bool
    weekmask: str
    holidays: list[str]
    near_days: int
    effective_from: date
    effective_until: date | None
    is_active: bool


class DeadlineIn(Schema):
    country: str = Field(..., min_length=2, max_length=2)
    law: str = Field(..., max_length=200)
    section: str = Field(..., max_length=50)
    description: str = Field(..., max_length=300)
    from_stage: Stage
    until_stage: Stage
    days: int = Field(..., ge=1, le=10000)
    working_days: bool = True
    weekmask: str = "1111100"
    holidays: list[str] = []
    near_days: int = Field(30, ge=0, le=365)
    effective_from: date
    effective_until: date | None = None
    is_active: bool = True
    version: int | None = Field(None, description="The version you read (for a change).")


class DeadlineAlertOut(Schema):
    legal_case_id: UUID
    court: str
    court_case_number: str
    law: str
    section: str
    due_on: date
    state: str
    days_left: int


class BacklogAnalysisSummaryOut(Schema):
    id: UUID
    title: str
    filename: str
    row_count: int
    deadline_country: str
    as_of: date
    status: str
    progress: int


class BacklogAnalysisOut(Schema):
    id: UUID
    title: str
    filename: str
    row_count: int
    deadline_country: str
    as_of: date
    status: str
    progress: int
    error: str
    result: dict[str, Any] | None = None
