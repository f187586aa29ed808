"""What the API says about cases, and what it accepts to open or change one."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from mukti.accounts.roles import Section
from mukti.cases.models import CaseEvent, EventKind, Note, Risk, Stage
from mukti.people.schemas import PersonIn, PersonSummaryOut


class OfficeOut(Schema):
    id: UUID
    code: str
    name: str


class TeamOut(Schema):
    id: UUID
    name: str


class CaseListItemOut(Schema):
    number: str
    status: str
    stage: str
    risk: str
    opened_on: date
    office: OfficeOut
    team: TeamOut | None
    survivor: PersonSummaryOut


class CasePageOut(Schema):
    results: list[CaseListItemOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class ExploitationOut(Schema):
    """In HTCDS v2 / CTDC terms."""

    version: int
    types: list[str]
    sector: str
    recruitment: list[str]
    means_of_control: list[str]
    countries_of_origin: list[str]
    countries_of_transit: list[str]
    countries_of_exploitation: list[str]


class CaseOut(Schema):
    number: str
    version: int
    status: str
    stage: str
    risk: str
    opened_on: date
    closed_on: date | None
    office: OfficeOut
    team: TeamOut | None
    involves_sexual_exploitation: bool
    has_health_information: bool
    survivor: PersonSummaryOut
    exploitation: ExploitationOut | None = Field(
        None, description="Null when it is in a section your role may not read."
    )
    exploitation_hidden: bool = False


class ExploitationIn(Schema):
    types: list[str] = []
    sector: str = ""
    recruitment: list[str] = []
    means_of_control: list[str] = []
    countries_of_origin: list[str] = []
    countries_of_transit: list[str] = []
    countries_of_exploitation: list[str] = []


class CaseOpenIn(Schema):
    """A new case for a person already recorded (`person_id`) or a new one (`person`)."""

    opened_on: date
    office_id: UUID | None = Field(None, description="Needed if you work in several offices.")
    team_id: UUID | None = Field(None, description="Defaults to your team in that office.")
    person_id: UUID | None = None
    person: PersonIn | None = None
    risk: Risk = Risk.MEDIUM
    stage: Stage = Stage.IDENTIFIED
    involves_sexual_exploitation: bool = False
    has_health_information: bool = False
    exploitation: ExploitationIn | None = None


class CasePatchIn(Schema):
    """Fields left out keep their value; `version` is the one the client last read."""

    version: int
    risk: Risk | None = None
    stage: Stage | None = None
    team_id: UUID | None = None
    involves_sexual_exploitation: bool | None = None
    has_health_information: bool | None = None
    stage_changed_on: date | None = None


class CloseCaseIn(Schema):
    version: int
    closed_on: date
    reason: str


class ReopenCaseIn(Schema):
    version: int
    reopened_on: date
    reason: str


class EventOut(Schema):
    id: UUID
    kind: str
    kind_label: str
    happened_on: date
    summary: str
    recorded_by: str | None
    recorded_at: datetime

    @staticmethod
    def resolve_kind_label(event: CaseEvent) -> str:
        return str(event.get_kind_display())

    @staticmethod
    def resolve_recorded_by(event: CaseEvent) -> str | None:
        return str(event.created_by) if event.created_by else None

    @staticmethod
    def resolve_recorded_at(event: CaseEvent) -> datetime:
        return event.created_at


class EventIn(Schema):
    kind: EventKind
    happened_on: date
    summary: str = ""


class NoteOut(Schema):
    id: UUID
    section: str
    body: str
    written_by: str | None
    written_at: datetime
    version: int

    @staticmethod
    def resolve_written_by(note: Note) -> str | None:
        return str(note.created_by) if note.created_by else None

    @staticmethod
    def resolve_written_at(note: Note) -> datetime:
        return note.created_at


class NoteIn(Schema):
    body: str
    section: Section = Section.GENERAL
