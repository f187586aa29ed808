"""/api/v1/cases/: the case list, a case, its timeline and notes, and the case actions.

Every endpoint reaches cases through the scoped selectors; a case outside the caller's scope
answers 404 and the attempt is logged. Responses that show who the survivor is are logged
as "api_read".
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from mukti.accounts.models import Office, Team
from mukti.accounts.permissions import readable_sections
from mukti.accounts.roles import Action, Section
from mukti.accounts.selectors import memberships_allowing, offices_allowing, teams_allowing
from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases import services
from mukti.cases.models import Case, EventKind, Risk, Stage
from mukti.cases.models import Status as CaseStatus
from mukti.cases.schemas import (
    CaseOpenIn,
    CaseOut,
    CasePageOut,
    CasePatchIn,
    CloseCaseIn,
    EventIn,
    EventOut,
    NoteIn,
    NoteOut,
    ReopenCaseIn,
)
from mukti.cases.selectors import CaseFilters, case_for, case_page, notes_readable, timeline
from mukti.people.models import Person
from mukti.people.schemas import AddressIn, PersonIn
from mukti.people.selectors import person_for
from mukti.people.services import AddressInput, PersonDetails

router = Router(tags=["cases"])

# These are recorded by their own endpoints (open, PATCH stage, close, reopen).
_EVENTS_WITH_THEIR_OWN_ENDPOINT = {
    EventKind.OPENED,
    EventKind.STAGE_CHANGED,
    EventKind.CLOSED,
    EventKind.REOPENED,
}


def _case(request: ApiRequest, number: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise not_found(request, object_type="cases.case", object_id=number) from None


def _read(request: ApiRequest, case: Case) -> None:
    record_access(actor=request.auth, action=AccessAction.API_READ, record=case, path=request.path)


def _case_out(request: ApiRequest, case: Case) -> CaseOut:
    """The case as the caller may see it: the exploitation profile stays hidden from roles
    that may not read sexual-exploitation details when the case involves them."""
    out = CaseOut.from_orm(case)
    hidden = case.involves_sexual_exploitation and (
        Section.SEXUAL_EXPLOITATION not in readable_sections(request.auth, case)
    )
    if hidden:
        out.exploitation, out.exploitation_hidden = None, True
    _read(request, case)
    return out


@router.get("/", response=CasePageOut, summary="List cases")
def list_cases(
    request: ApiRequest,
    stage: Stage | None = None,
    status: CaseStatus | None = None,
    office_id: UUID | None = None,
    team_id: UUID | None = None,
    risk: Risk | None = None,
    assigned_to_me: bool = False,
    q: str = "",
    cursor: str = "",
) -> Any:
    """Newest first, a page at a time: pass `next_cursor` back as `cursor` for the next.

    `q` finds a case number, a phone number or a name (spelling-tolerant)."""
    filters = CaseFilters(
        stage=stage or "",
        status=status or "",
        office_id=str(office_id or ""),
        team_id=str(team_id or ""),
        risk=risk or "",
        assigned_to_me=assigned_to_me,
        query=q,
    )
    page = case_page(request.auth, filters=filters, cursor=cursor)
    if page.cases:
        record_access(
            actor=request.auth,
            action=AccessAction.API_READ,
            object_type="cases.case",
            path=request.path,
        )
    return {"results": page.cases, "next_cursor": page.next_cursor}


def _office_to_open_in(request: ApiRequest, office_id: UUID | None) -> Office:
    offices = offices_allowing(request.auth, Action.OPEN_CASE)
    if office_id is not None:
        office = offices.filter(pk=office_id).first()
        if office is None:
            raise ValidationError({"office_id": _("You cannot open cases in this office.")})
        return office
    candidates = list(offices.distinct()[:2])
    if len(candidates) != 1:
        raise ValidationError({"office_id": _("Say in which office to open the case.")})
    return candidates[0]


def _team(request: ApiRequest, *, team_id: UUID, office: Office, action: str) -> Team:
    team = teams_allowing(request.auth, action).filter(pk=team_id, office=office).first()
    if team is None:
        raise ValidationError({"team_id": _("Choose a team of the case's office.")})
    return team


def _own_team_in(request: ApiRequest, office: Office) -> Team | None:
    """The caller's team in the office, when they belong to exactly one there."""
    teams = {
        m.team
        for m in memberships_allowing(request.auth, Action.OPEN_CASE)
        if m.office_id == office.pk and m.team is not None
    }
    return teams.pop() if len(teams) == 1 else None


def _known_person(request: ApiRequest, person_id: UUID) -> Person:
    try:
        return person_for(request.auth, person_id=person_id)
    except Person.DoesNotExist:
        raise not_found(request, object_type="people.person", object_id=person_id) from None


# Errors from recording the new person are named as the client nested them.
_OPENING_FIELDS = {
    "happened_on": "opened_on",
    "team": "team_id",
    **{name: f"person.{name}" for name in PersonIn.model_fields},
    **{name: f"person.address.{name}" for name in AddressIn.model_fields},
}


@router.post("/", response={201: CaseOut}, summary="Open a case")
def open_case(request: ApiRequest, payload: CaseOpenIn) -> Any:
    """For a person already recorded (`person_id`) or a new one (`person`): the person and
    the case are recorded together or not at all."""
    if (payload.person_id is None) == (payload.person is None):
        raise ValidationError({"person": _("Give either person_id or a new person.")})
    office = _office_to_open_in(request, payload.office_id)
    team: Team | None
    if payload.team_id is not None:
        team = _team(request, team_id=payload.team_id, office=office, action=Action.OPEN_CASE)
    else:
        team = _own_team_in(request, office)
    case_fields: dict[str, Any] = {
        "actor": request.auth,
        "office": office,
        "opened_on": payload.opened_on,
        "team": team,
        "risk": payload.risk,
        "stage": payload.stage,
        "involves_sexual_exploitation": payload.involves_sexual_exploitation,
        "has_health_information": payload.has_health_information,
        "exploitation": (
            services.ExploitationInput(**payload.exploitation.dict())
            if payload.exploitation
            else None
        ),
    }
    with fields_renamed(_OPENING_FIELDS):
        if payload.person_id is not None:
            survivor = _known_person(request, payload.person_id)
            case = services.open_case(survivor=survivor, **case_fields)
        else:
            case = services.open_case_for_new_survivor(
                survivor=_person_details(payload.person), **case_fields
            )
    return Status(201, _case_out(request, case_for(request.auth, number=case.number)))


def _person_details(new: PersonIn | None) -> PersonDetails:
    assert new is not None  # noqa: S101 - open_case checked that one of the two is given
    fields = new.dict(exclude={"address"})
    address = AddressInput(**new.address.dict()) if new.address else None
    return PersonDetails(**fields, address=address)


@router.get("/{number}", response=CaseOut, summary="A case")
def get_case(request: ApiRequest, number: str) -> Any:
    return _case_out(request, _case(request, number))


@router.patch("/{number}", response=CaseOut, summary="Change a case")
def change_case(request: ApiRequest, number: str, payload: CasePatchIn) -> Any:
    """Risk, stage, team and flags. `version` is the one you read: if the case changed
    since, nothing is saved and the answer (409) names the fields that changed."""
    case = _case(request, number)
    given = payload.dict(exclude_unset=True)
    team = case.team
    if given.get("team_id") is not None:
        team = _team(
            request, team_id=given["team_id"], office=case.office, action=Action.CHANGE_CASE
        )
    elif "team_id" in given:
        team = None

    def chosen(name: str) -> Any:
        value = given.get(name)
        return getattr(case, name) if value is None else value

    with fields_renamed({"team": "team_id"}):
        services.update_case(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            risk=chosen("risk"),
            stage=chosen("stage"),
            team=team,
            involves_sexual_exploitation=chosen("involves_sexual_exploitation"),
            has_health_information=chosen("has_health_information"),
            stage_changed_on=payload.stage_changed_on,
        )
    return _case_out(request, case_for(request.auth, number=number))


@router.post("/{number}/close", response=CaseOut, summary="Close a case")
def close_case(request: ApiRequest, number: str, payload: CloseCaseIn) -> Any:
    """Closed, never deleted: the case and its timeline stay, and it can be reopened."""
    case = _case(request, number)
    services.close_case(
        actor=request.auth,
        case=case,
        expected_version=payload.version,
        closed_on=payload.closed_on,
        reason=payload.reason,
    )
    return _case_out(request, case_for(request.auth, number=number))


@router.post("/{number}/reopen", response=CaseOut, summary="Reopen a closed case")
def reopen_case(request: ApiRequest, number: str, payload: ReopenCaseIn) -> Any:
    case = _case(request, number)
    services.reopen_case(
        actor=request.auth,
        case=case,
        expected_version=payload.version,
        reopened_on=payload.reopened_on,
        reason=payload.reason,
    )
    return _case_out(request, case_for(request.auth, number=number))


@router.get("/{number}/events", response=list[EventOut], summary="The case's timeline")
def list_events(request: ApiRequest, number: str) -> Any:
    """Latest first; corrected events are replaced by their correction."""
    case = _case(request, number)
    events = list(timeline(request.auth, case=case))
    _read(request, case)
    return events


@router.post("/{number}/events", response={201: EventOut}, summary="Record an event")
def add_event(request: ApiRequest, number: str, payload: EventIn) -> Any:
    """Something that happened in the survivor's journey, dated when it happened."""
    case = _case(request, number)
    if payload.kind in _EVENTS_WITH_THEIR_OWN_ENDPOINT:
        raise ValidationError({"kind": _("This is recorded by its own action, not as an event.")})
    event = services.add_case_event(
        actor=request.auth,
        case=case,
        kind=payload.kind,
        happened_on=payload.happened_on,
        summary=payload.summary,
    )
    return Status(201, event)


@router.get("/{number}/notes", response=list[NoteOut], summary="The case's notes")
def list_notes(request: ApiRequest, number: str) -> Any:
    """Only the notes in sections your role may read (counselling, legal … are restricted)."""
    case = _case(request, number)
    notes = list(notes_readable(request.auth, case=case))
    _read(request, case)
    return notes


@router.post("/{number}/notes", response={201: NoteOut}, summary="Write a note")
def add_note(request: ApiRequest, number: str, payload: NoteIn) -> Any:
    case = _case(request, number)
    note = services.add_note(
        actor=request.auth, case=case, body=payload.body, section=payload.section
    )
    return Status(201, note)
