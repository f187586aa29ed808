"""What the API says about prevention work, and what it accepts to record or change it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from mukti.people.models import Sex
from mukti.prevention.models import (
    ActivityStatus,
    ActivityType,
    AgeGroup,
    Channel,
    Profession,
    ReachVerification,
)


class OfficeOut(Schema):
    id: UUID
    code: str
    name: str


class AudienceTypeOut(Schema):
    code: str
    name: str
    is_active: bool

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.label)


class ParticipantIn(Schema):
    code: str = Field(..., max_length=40, description="A code such as P-017; never a name.")
    sex: Sex = Sex.UNKNOWN
    age_group: AgeGroup = AgeGroup.UNKNOWN
    role: str = Field("", max_length=100, description="Role or organisation type.")
    pre_score: Decimal | None = None
    post_score: Decimal | None = None


class ParticipantOut(Schema):
    code: str
    sex: str
    age_group: str
    role: str
    pre_score: Decimal | None
    post_score: Decimal | None


class ActivityFields(Schema):
    """An activity's details: the same checks as the web form (see docs/prevention.md)."""

    activity_type: ActivityType
    title: str = Field(..., max_length=200)
    status: ActivityStatus = ActivityStatus.DONE
    starts_on: date
    ends_on: date | None = Field(None, description="Required for a campaign.")
    country: str = Field(..., description="ISO 3166 alpha-2, e.g. BD.")
    district: str = ""
    venue: str = ""
    audience_type: str = Field(..., description="An audience type code, see /audience-types.")
    profession: Profession | None = Field(None, description="Trainings only.")
    channel: Channel | None = Field(None, description="Campaigns only.")
    organiser: str = Field(..., max_length=200)
    partners: str = ""
    participants_total: int | None = Field(
        None, ge=0, description="Counted from `participants` when a list is given."
    )
    participants_female: int | None = Field(None, ge=0)
    participants_male: int | None = Field(None, ge=0)
    participants_other: int | None = Field(None, ge=0)
    score_maximum: Decimal | None = None
    pre_test_average: Decimal | None = Field(
        None, description="Aggregate scores: only when no participant has a score."
    )
    post_test_average: Decimal | None = None
    tested_count: int | None = Field(None, ge=0)
    improved_count: int | None = Field(None, ge=0)
    reach: int | None = Field(None, ge=0, description="Campaigns only.")
    reach_verification: list[ReachVerification] = []
    reach_note: str = ""


class ActivityIn(ActivityFields):
    office_id: UUID | None = Field(
        None, description="Needed when you record prevention work in more than one office."
    )
    participants: list[ParticipantIn] = []


class ActivityUpdateIn(ActivityFields):
    version: int = Field(..., description="The version you read; 409 if it changed since.")
    office_id: UUID | None = None
    participants: list[ParticipantIn] | None = Field(
        None,
        description="The whole list, matched by code; omit (null) to keep the list as it is.",
    )


class VersionIn(Schema):
    version: int


class CancelIn(Schema):
    version: int
    reason: str = ""


class ActivityListItemOut(Schema):
    id: UUID
    version: int
    activity_type: str
    title: str
    status: str
    starts_on: date
    ends_on: date | None
    office: OfficeOut
    audience_type: str
    profession: str
    channel: str
    participants_total: int | None
    reach: int | None

    @staticmethod
    def resolve_audience_type(obj: Any) -> str:
        return str(obj.audience_type.code)


class ActivityOut(ActivityListItemOut):
    counted_on: date
    country: str
    district: str
    venue: str
    organiser: str
    partners: str
    participants_female: int | None
    participants_male: int | None
    participants_other: int | None
    has_participant_list: bool
    scores_per_participant: bool
    score_maximum: Decimal | None
    pre_test_average: Decimal | None
    post_test_average: Decimal | None
    mean_change: Decimal | None
    tested_count: int | None
    improved_count: int | None
    improved_share: float | None
    reach_verification: list[str]
    reach_verified: bool
    reach_note: str
    cancellation_reason: str
    participants: list[ParticipantOut] = []


class ActivityPageOut(Schema):
    results: list[ActivityListItemOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class FigureRowOut(Schema):
    group: dict[str, str]
    labels: dict[str, str]
    activities: int
    participants: int
    people_educated: int
    professionals_trained: int
    participants_female: int
    participants_male: int
    people_tested: int
    people_improved: int
    improved_share: float | None
    people_reached: int
    people_reached_verified: int


class FiguresOut(Schema):
    date_from: date
    date_to: date
    by: list[str]
    rows: list[FigureRowOut]
