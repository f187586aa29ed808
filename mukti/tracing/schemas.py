"""What the tracing API says and accepts: reports, imports and jobs, search answers, match
candidates with their evidence, reviews, and family tracing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from mukti.people.models import Relationship
from mukti.people.schemas import AddressIn, AddressOut, NameOut, PersonSummaryOut
from mukti.tracing.models import (
    MatchCandidate,
    MissingPersonReport,
    ReportSource,
    StepKind,
    StepOutcome,
    TracingJob,
    TracingRequest,
    TracingStep,
)


class ReportListItemOut(Schema):
    id: UUID
    version: int
    status: str
    office_code: str
    source_kind: str
    source_name: str
    reported_on: date
    person: PersonSummaryOut
    age_when_reported: int | None

    @staticmethod
    def resolve_office_code(report: MissingPersonReport) -> str:
        return report.office.code


class ReportPageOut(Schema):
    results: list[ReportListItemOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class ReportOut(ReportListItemOut):
    source_district: str
    report_number: str
    names: list[NameOut]
    birth_date: date | None
    estimated_age: int | None
    age_estimated_on: date | None
    address: AddressOut | None
    phones: list[str]
    father_name: str
    mother_name: str
    last_seen_place: str
    last_seen_on: date | None
    reporter_name: str
    reporter_relationship: str
    reporter_phone: str
    found_on: date | None
    closed_on: date | None
    closing_reason: str
    matched_case_number: str | None
    duplicate_of_id: UUID | None

    @staticmethod
    def resolve_names(report: MissingPersonReport) -> list[Any]:
        return list(report.person.names.all())

    @staticmethod
    def resolve_birth_date(report: MissingPersonReport) -> date | None:
        return report.person.birth_date

    @staticmethod
    def resolve_estimated_age(report: MissingPersonReport) -> int | None:
        return report.person.estimated_age

    @staticmethod
    def resolve_age_estimated_on(report: MissingPersonReport) -> date | None:
        return report.person.age_estimated_on

    @staticmethod
    def resolve_address(report: MissingPersonReport) -> Any:
        return next((a for a in report.person.addresses.all() if a.is_current), None)

    @staticmethod
    def resolve_phones(report: MissingPersonReport) -> list[str]:
        return [p.number for p in report.person.phones.all()]

    @staticmethod
    def resolve_matched_case_number(report: MissingPersonReport) -> str | None:
        return report.matched_case.number if report.matched_case else None


class ReportIn(Schema):
    """A missing-person report; the person's names, phone and address are encrypted."""

    office_id: UUID | None = Field(None, description="Needed if you work in several offices.")
    source_kind: ReportSource = ReportSource.POLICE_STATION
    source_name: str
    source_district: str = ""
    report_number: str
    reported_on: date
    given_name: str = ""
    family_name: str = ""
    other_names: list[str] = []
    sex: str = Field("unknown", description="female, male, other or unknown")
    birth_date: date | None = None
    estimated_age: int | None = Field(
        None, description="Age as reported (on the report date) if the birth date is not known."
    )
    nationality: str = ""
    phone: str = ""
    address: AddressIn | None = None
    father_name: str = ""
    mother_name: str = ""
    last_seen_place: str = ""
    last_seen_on: date | None = None
    reporter_name: str = ""
    reporter_relationship: Relationship.Kind | None = None
    reporter_phone: str = ""


class CloseReportIn(Schema):
    version: int
    status: str = Field(..., description="found or closed")
    closed_on: date
    reason: str


class JobOut(Schema):
    id: UUID
    kind: str
    status: str
    progress: float
    message: str
    office_code: str | None
    result: dict[str, Any]
    error_row: int | None
    error: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_office_code(job: TracingJob) -> str | None:
        return job.office.code if job.office else None


class PersonQueryIn(Schema):
    """Whatever is known of a person; every field may be left out."""

    given_name: str | None = None
    family_name: str | None = None
    other_names: str | None = None
    sex: str | None = Field(None, description="female, male or other")
    birth_date: date | None = None
    age: int | None = Field(None, ge=0, le=120)
    age_reported_on: date | None = Field(None, description="Default: today, when age is given")
    father_name: str | None = None
    mother_name: str | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    district: str | None = None
    subdistrict: str | None = None
    village: str | None = None
    phone: str | None = None
    id_number: str | None = None
    limit: int = Field(10, ge=1, le=50)


class EvidenceOut(Schema):
    field: str
    title: str
    label: str
    left: str = Field(..., description="The person's (or the case's, or the first report's) value")
    right: str = Field(..., description="The report's value")
    match_weight: float = Field(..., description="log2 Bayes factor: + agrees, − disagrees")


class PossibleReportOut(Schema):
    report: ReportListItemOut
    match_probability: float
    match_weight: float
    evidence: list[EvidenceOut]
    candidate_id: UUID | None = Field(None, description="The queued pair, if there is one")


class SearchOut(Schema):
    results: list[PossibleReportOut]
    elsewhere: int = Field(
        ..., description="Possible matches in offices you cannot see (only counted)."
    )
    model_version: str


class _CandidateFields(Schema):
    id: UUID
    version: int
    kind: str
    status: str
    match_probability: float
    match_weight: float
    person_age: int | None
    office_code: str
    case_number: str | None
    report_id: UUID
    other_report_id: UUID | None
    model_version: str
    found_at: datetime


class CandidateListItemOut(_CandidateFields):
    @staticmethod
    def resolve_office_code(candidate: MatchCandidate) -> str:
        return candidate.office.code

    @staticmethod
    def resolve_case_number(candidate: MatchCandidate) -> str | None:
        return candidate.case.number if candidate.case else None

    @staticmethod
    def resolve_found_at(candidate: MatchCandidate) -> datetime:
        return candidate.created_at


class CandidatePageOut(Schema):
    results: list[CandidateListItemOut]
    next_cursor: str | None = None


class CandidateOut(_CandidateFields):
    evidence: list[EvidenceOut]
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_reason: str


class ReviewIn(Schema):
    version: int
    decision: str = Field(..., description="confirmed, rejected or unsure")
    reason: str
    decided_on: date | None = None


class QueueCandidateIn(Schema):
    report_id: UUID


class TracingStepOut(Schema):
    id: UUID
    kind: str
    happened_on: date
    done_by: str
    agency: str
    outcome: str
    notes: str

    @staticmethod
    def resolve_done_by(step: TracingStep) -> str:
        return str(step.done_by)


class TracingRequestOut(Schema):
    id: UUID
    version: int
    status: str
    family_sought: str
    last_known_address: str
    opened_on: date
    verified_on: date | None
    reunited_on: date | None
    closed_on: date | None
    outcome: str
    report_id: UUID | None
    steps: list[TracingStepOut]

    @staticmethod
    def resolve_steps(request: TracingRequest) -> list[Any]:
        return list(request.steps.all())


class TracingRequestIn(Schema):
    family_sought: str
    last_known_address: str = ""
    opened_on: date
    report_id: UUID | None = None


class TracingStepIn(Schema):
    kind: StepKind
    happened_on: date
    outcome: StepOutcome
    agency: str = ""
    notes: str = ""


class ReunificationIn(Schema):
    version: int
    reunited_on: date
    summary: str = ""


class CloseTracingIn(Schema):
    version: int
    closed_on: date
    outcome: str
