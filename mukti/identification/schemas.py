"""What the API says about rescues, screenings and referrals, and what it accepts."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from mukti.cases.models import Risk
from mukti.cases.schemas import OfficeOut
from mukti.identification.models import (
    Agency,
    Audience,
    Decision,
    Dimension,
    Indicator,
    OperationKind,
    Outcome,
    ReferralKind,
    ReferralStatus,
    RescueOperation,
    ScreeningRule,
    Strength,
)
from mukti.people.schemas import PersonIn, PersonSummaryOut

# --- operations ---------------------------------------------------------------------------


class OperationListItemOut(Schema):
    id: UUID
    office: OfficeOut
    kind: OperationKind
    operation_on: date
    country: str
    district: str
    agency: Agency
    agency_name: str
    reference: str
    person_count: int = Field(..., description="People removed, including cases you cannot see.")
    minor_count: int


class OperationPageOut(Schema):
    results: list[OperationListItemOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class RescuedPersonOut(Schema):
    case_number: str
    survivor: PersonSummaryOut
    age_at_operation: int | None
    is_minor: bool | None
    opened_case: bool = Field(..., description="The case was opened at this operation.")

    @staticmethod
    def resolve_case_number(rescued: Any) -> str:
        return str(rescued.case.number)

    @staticmethod
    def resolve_survivor(rescued: Any) -> Any:
        return rescued.case.survivor


class OperationOut(OperationListItemOut):
    version: int
    place: str
    notes: str
    people: list[RescuedPersonOut] = Field(
        default_factory=list, description="Only the people whose cases you may read."
    )
    people_hidden: int = Field(0, description="People whose cases you may not read.")

    @staticmethod
    def resolve_people(operation: RescueOperation) -> list[Any]:
        return list(getattr(operation, "visible_people", []))

    @staticmethod
    def resolve_people_hidden(operation: RescueOperation) -> int:
        return int(getattr(operation, "hidden_people", 0))


class OperationIn(Schema):
    office_id: UUID | None = Field(None, description="Needed if you work in several offices.")
    kind: OperationKind
    operation_on: date
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    agency: Agency
    agency_name: str = Field("", description="Needed for an NGO, a partner or another agency.")
    district: str = ""
    place: str = ""
    reference: str = ""
    notes: str = ""


class OperationPatchIn(Schema):
    """Fields left out keep their value; `version` is the one the client last read."""

    version: int
    kind: OperationKind | None = None
    operation_on: date | None = None
    country: str | None = None
    agency: Agency | None = None
    agency_name: str | None = None
    district: str | None = None
    place: str | None = None
    reference: str | None = None
    notes: str | None = None


class RescuedPersonIn(Schema):
    """Someone removed in the operation: a case you may work on (`case_number`), or a new
    person (`person`) whose case opens in the operation's office on its date."""

    case_number: str | None = None
    person: PersonIn | None = None
    team_id: UUID | None = None
    risk: Risk = Risk.MEDIUM
    involves_sexual_exploitation: bool = False


# --- checklists and screenings ------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    label: str
    dimension: Dimension | None
    strength: Strength | None
    reveals_sexual_exploitation: bool

    @staticmethod
    def resolve_label(indicator: Indicator) -> str:
        return indicator.display_label

    @staticmethod
    def resolve_dimension(indicator: Indicator) -> str | None:
        return indicator.dimension or None

    @staticmethod
    def resolve_strength(indicator: Indicator) -> str | None:
        return indicator.strength or None


class ChecklistOut(Schema):
    code: str
    name: str
    source: str
    rule: ScreeningRule
    audience: Audience
    indicators: list[IndicatorOut] = Field(
        ..., description="Those about sexual exploitation only if your role reads them."
    )


class ObservedOut(Schema):
    code: str
    label: str
    dimension: Dimension | None
    strength: Strength | None = Field(None, description="As graded on the day of the screening.")


class SummaryOut(Schema):
    strong: int
    medium: int
    weak: int
    ungraded: int
    positive_dimensions: list[Dimension]
    suggestion: Outcome | None = Field(
        None, description="What the checklist's rule suggests; the screener decides."
    )
    explanation: str


class ScreeningOut(Schema):
    id: UUID
    version: int
    case_number: str
    screened_on: date
    screener_id: UUID
    screener: str
    checklist: str
    outcome: Outcome
    outcome_reason: str
    observed: list[ObservedOut]
    summary: SummaryOut
    answers_complete: bool = Field(
        ..., description="False when answers about sexual exploitation are hidden from you."
    )


class ScreeningIn(Schema):
    screened_on: date
    checklist: str = Field(..., description="A checklist's code, from /checklists.")
    indicators: list[str] = Field(default_factory=list, description="Codes of observed ones.")
    outcome: Outcome
    outcome_reason: str
    screener_id: UUID | None = Field(None, description="Defaults to you.")


class ScreeningPatchIn(Schema):
    """Fields left out keep their value. `indicators`, when given, replaces the answers you
    may read (answers hidden from your role stay as they are)."""

    version: int
    screened_on: date | None = None
    screener_id: UUID | None = None
    indicators: list[str] | None = None
    outcome: Outcome | None = None
    outcome_reason: str | None = None


# --- referrals ----------------------------------------------------------------------------


class ReferralOut(Schema):
    id: UUID
    version: int
    case_number: str
    kind: ReferralKind
    referred_to: str
    referred_on: date
    status: ReferralStatus
    answered_on: date | None = Field(None, description="Accepted or declined on.")
    ended_on: date | None = Field(None, description="Completed or withdrawn on.")
    reasonable_grounds: Decision | None
    reasonable_grounds_on: date | None
    conclusive_grounds: Decision | None
    conclusive_grounds_on: date | None
    notes: str

    @staticmethod
    def resolve_case_number(referral: Any) -> str:
        return str(referral.case.number)

    @staticmethod
    def resolve_reasonable_grounds(referral: Any) -> str | None:
        return referral.reasonable_grounds or None

    @staticmethod
    def resolve_conclusive_grounds(referral: Any) -> str | None:
        return referral.conclusive_grounds or None


class ReferralIn(Schema):
    kind: ReferralKind
    referred_on: date
    referred_to: str = ""
    notes: str = ""
    reasonable_grounds: Decision | None = None
    reasonable_grounds_on: date | None = None
    conclusive_grounds: Decision | None = None
    conclusive_grounds_on: date | None = None


class ReferralPatchIn(Schema):
    """Fields left out keep their value. A new `status` needs `status_on`, the date it
    changed; made → accepted, declined or withdrawn; accepted → completed or withdrawn."""

    version: int
    kind: ReferralKind | None = None
    referred_on: date | None = None
    referred_to: str | None = None
    notes: str | None = None
    reasonable_grounds: Decision | None = None
    reasonable_grounds_on: date | None = None
    conclusive_grounds: Decision | None = None
    conclusive_grounds_on: date | None = None
    status: ReferralStatus | None = None
    status_on: date | None = None
