"""What the aftercare API says and accepts. Choices are the models' codes (e.g. a follow-up's
kind is `phone_call`, `home_visit` or `video_call`); dates are ISO 8601; money is a decimal
string with its ISO 4217 currency. PATCH bodies name the `version` the client last read;
fields left out keep their value."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class RecordOut(Schema):
    id: UUID
    version: int
    archived: bool
    recorded_at: datetime

    @staticmethod
    def resolve_archived(record: Any) -> bool:
        return getattr(record, "archived_at", None) is not None

    @staticmethod
    def resolve_recorded_at(record: Any) -> datetime:
        return record.created_at


# --- care plans ----------------------------------------------------------------------------


class NeedOut(Schema):
    domain: str
    level: str
    description: str


class NeedIn(Schema):
    domain: str
    level: str = "none"
    description: str = ""


class GoalOut(RecordOut):
    domain: str
    description: str
    owner_id: UUID
    owner: str
    target_on: date
    status: str

    @staticmethod
    def resolve_owner(goal: Any) -> str:
        return str(goal.owner)


class ReviewOut(Schema):
    id: UUID
    version: int
    reviewed_on: date
    next_review_on: date
    notes: str


class CarePlanOut(RecordOut):
    agreed_on: date
    review_on: date
    summary: str
    needs: list[NeedOut]
    goals: list[GoalOut]
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_needs(plan: Any) -> list[Any]:
        return list(plan.needs.all())

    @staticmethod
    def resolve_goals(plan: Any) -> list[Any]:
        return [goal for goal in plan.goals.all() if goal.archived_at is None]

    @staticmethod
    def resolve_reviews(plan: Any) -> list[Any]:
        return list(plan.reviews.all())


class CarePlanIn(Schema):
    agreed_on: date
    review_on: date
    summary: str = ""
    needs: list[NeedIn] = Field(
        default_factory=list, description="One per domain; domains left out have no need."
    )


class CarePlanPatch(Schema):
    version: int
    agreed_on: date | None = None
    review_on: date | None = None
    summary: str | None = None
    needs: list[NeedIn] | None = None


class GoalIn(Schema):
    domain: str
    description: str
    owner_id: UUID
    target_on: date


class GoalPatch(Schema):
    version: int
    domain: str | None = None
    description: str | None = None
    owner_id: UUID | None = None
    target_on: date | None = None
    status: str | None = None


class ReviewIn(Schema):
    reviewed_on: date
    next_review_on: date
    notes: str = ""


class ReviewPatch(Schema):
    version: int
    notes: str


# --- services ------------------------------------------------------------------------------


class ServiceOut(RecordOut):
    kind: str
    relief: str
    section: str
    status: str
    due_on: date | None
    delivered_on: date | None
    provider: str
    cost: Decimal | None
    currency: str
    notes: str
    household_id: UUID | None
    household_size: int | None
    people_reached: int | None

    @staticmethod
    def resolve_household_size(service: Any) -> int | None:
        return service.household.size if service.household else None


class ServiceIn(Schema):
    kind: str
    status: str = Field("delivered", description="`planned` (give due_on) or `delivered`.")
    due_on: date | None = None
    delivered_on: date | None = None
    provider: str = ""
    cost: Decimal | None = None
    currency: str = ""
    notes: str = ""
    relief: str = Field(
        "", description="Emergency relief only: food, hygiene, medicine, home_rebuild."
    )
    people_reached: int | None = None
    household_size: int | None = None


class ServicePatch(Schema):
    version: int
    kind: str | None = None
    status: str | None = None
    due_on: date | None = None
    delivered_on: date | None = None
    provider: str | None = None
    cost: Decimal | None = None
    currency: str | None = None
    notes: str | None = None
    relief: str | None = None
    people_reached: int | None = None
    household_size: int | None = None


class CancelIn(Schema):
    reason: str = ""


# --- follow-ups ----------------------------------------------------------------------------


class FollowUpOut(RecordOut):
    kind: str
    status: str
    due_on: date | None
    done_on: date | None
    outcome: str
    notes: str


class FollowUpIn(Schema):
    """Planned (give `due_on`) or done (give `done_on` and `outcome`)."""

    kind: str
    status: str = Field("done", description="`planned` or `done`.")
    due_on: date | None = None
    done_on: date | None = None
    outcome: str = ""
    notes: str = ""


class FollowUpPatch(Schema):
    """On a planned follow-up, `done_on` with `outcome` marks it done."""

    version: int
    kind: str | None = None
    due_on: date | None = None
    done_on: date | None = None
    outcome: str | None = None
    notes: str | None = None


class QueueItemOut(Schema):
    id: UUID
    case_number: str
    due_on: date
    kind: str

    @staticmethod
    def resolve_case_number(item: Any) -> str:
        return str(item.case.number)

    @staticmethod
    def resolve_due_on(item: Any) -> date:
        return item.review_on if hasattr(item, "review_on") else item.due_on

    @staticmethod
    def resolve_kind(item: Any) -> str:
        return str(getattr(item, "kind", "care_plan_review"))


class QueuePageOut(Schema):
    results: list[QueueItemOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


# --- assessments ---------------------------------------------------------------------------


class Dass21Out(RecordOut):
    assessed_on: date
    items: list[int]
    depression: int
    anxiety: int
    stress: int
    depression_band: str
    anxiety_band: str
    stress_band: str
    banding: str
    notes: str


class Dass21In(Schema):
    assessed_on: date
    items: list[int] = Field(description="The 21 answers in the form's order, each 0 to 3.")
    notes: str = ""


class Dass21Patch(Schema):
    version: int
    assessed_on: date | None = None
    items: list[int] | None = None
    notes: str | None = None


class RecoveryOut(RecordOut):
    assessed_on: date
    scores: dict[str, int]
    mean_score: Decimal
    is_stable: bool
    instrument: str
    notes: str

    @staticmethod
    def resolve_scores(assessment: Any) -> dict[str, int]:
        return dict(assessment.scores())

    @staticmethod
    def resolve_instrument(assessment: Any) -> str:
        return str(assessment.instrument.code)


class RecoveryIn(Schema):
    assessed_on: date
    scores: dict[str, int] = Field(description="A score per domain, on the instrument's scale.")
    notes: str = ""


class RecoveryPatch(Schema):
    version: int
    assessed_on: date | None = None
    scores: dict[str, int] | None = None
    notes: str | None = None


# --- income --------------------------------------------------------------------------------


class IncomeOut(RecordOut):
    recorded_on: date
    amount_per_month: Decimal
    currency: str
    sources: list[str]
    is_baseline: bool
    notes: str
    change: Decimal | None = Field(None, description="From the baseline, per month.")
    change_percent: Decimal | None = Field(None, description="Null from a baseline of 0.")


class IncomeIn(Schema):
    recorded_on: date
    amount_per_month: Decimal
    currency: str
    sources: list[str] = []
    notes: str = ""


class IncomePatch(Schema):
    version: int
    recorded_on: date | None = None
    amount_per_month: Decimal | None = None
    currency: str | None = None
    sources: list[str] | None = None
    notes: str | None = None


# --- reintegration -------------------------------------------------------------------------


class StageOut(RecordOut):
    stage: str
    reached_on: date
    is_step_back: bool
    reason: str


class StageIn(Schema):
    stage: str
    reached_on: date
    reason: str = Field("", description="Needed for a step back.")


class StagePatch(Schema):
    version: int
    reached_on: date | None = None
    reason: str | None = None


# --- peer mentoring ------------------------------------------------------------------------


class SessionOut(RecordOut):
    held_on: date
    notes: str


class MatchOut(Schema):
    """Built by the API (it decides which case numbers the caller may see)."""

    id: UUID
    version: int
    archived: bool
    recorded_at: datetime
    mentee_case: str | None = Field(description="Null when you may not read the mentee's case.")
    mentor_case: str | None = Field(description="Null when you may not read the mentor's case.")
    matched_on: date
    ended_on: date | None


class MentorOut(Schema):
    id: UUID
    version: int
    archived: bool
    recorded_at: datetime
    trained_on: date
    notes: str
    matches: list[MatchOut]


class MentorIn(Schema):
    trained_on: date
    notes: str = ""


class MentorPatch(Schema):
    version: int
    trained_on: date | None = None
    notes: str | None = None


class MatchIn(Schema):
    mentee_case: str = Field(description="The mentee's case number.")
    matched_on: date


class MatchEndIn(Schema):
    version: int
    ended_on: date


class SessionIn(Schema):
    held_on: date
    notes: str = ""


class SessionPatch(Schema):
    version: int
    held_on: date | None = None
    notes: str | None = None


# --- re-trafficking ------------------------------------------------------------------------


class ReTraffickingOut(RecordOut):
    happened_on: date
    details: str
    reopened_case: bool


class ReTraffickingIn(Schema):
    happened_on: date
    details: str


class ReTraffickingPatch(Schema):
    version: int
    happened_on: date | None = None
    details: str | None = None


# --- counts --------------------------------------------------------------------------------


class CountsOut(Schema):
    since: date
    until: date
    follow_ups_done: int
    households_reached: int
    people_reached: int
    re_trafficking_incidents: int
    survivors_re_trafficked: int
