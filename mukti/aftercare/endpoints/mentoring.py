"""Peer mentors, their matches and sessions, and re-trafficking incidents of a case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router

from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.aftercare import schemas, selectors, services
from mukti.aftercare.endpoints.common import CASE, case_in_scope, found, kept, shown
from mukti.aftercare.models import (
    PeerMentorMatch,
)
from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.cases.models import Case

router = Router(tags=["aftercare"])


# --- peer mentoring ------------------------------------------------------------------------


def _match_out(request: ApiRequest, match: PeerMentorMatch) -> dict[str, Any]:
    """Another case's number only for those who may read that case."""
    user = request.auth
    return {
        "id": match.pk,
        "version": match.version,
        "archived": match.archived_at is not None,
        "recorded_at": match.created_at,
        "mentee_case": match.case.number
        if case_allows(user, Action.VIEW_CASE, match.case)
        else None,
        "mentor_case": (
            match.mentor.case.number
            if case_allows(user, Action.VIEW_CASE, match.mentor.case)
            else None
        ),
        "matched_on": match.matched_on,
        "ended_on": match.ended_on,
    }


def _mentor_out(request: ApiRequest, case: Case) -> dict[str, Any]:
    mentor = selectors.peer_mentor_of(request.auth, case=case)
    if mentor is None:
        raise not_found(request, object_type="aftercare.peermentor", object_id=case.number)
    return {
        "id": mentor.pk,
        "version": mentor.version,
        "archived": False,
        "recorded_at": mentor.created_at,
        "trained_on": mentor.trained_on,
        "notes": mentor.notes,
        "matches": [_match_out(request, match) for match in mentor.matches.all()],
    }


@router.get(f"{CASE}/peer-mentor", response=schemas.MentorOut, summary="As a peer mentor")
def get_peer_mentor(request: ApiRequest, number: str) -> Any:
    """The survivor of this case as a trained peer mentor, with their mentees."""
    case = case_in_scope(request, number)
    return shown(request, case, _mentor_out(request, case))


@router.post(f"{CASE}/peer-mentor", response={201: schemas.MentorOut}, summary="Trained")
def train_peer_mentor(request: ApiRequest, number: str, payload: schemas.MentorIn) -> Any:
    case = case_in_scope(request, number)
    services.train_peer_mentor(actor=request.auth, case=case, **payload.dict())
    return shown(request, case, _mentor_out(request, case), 201)


@router.patch(f"{CASE}/peer-mentors/{{mentor_id}}", response=schemas.MentorOut)
def change_peer_mentor(
    request: ApiRequest, number: str, mentor_id: UUID, payload: schemas.MentorPatch
) -> Any:
    case = case_in_scope(request, number)
    mentor = found(
        request,
        "aftercare.peermentor",
        mentor_id,
        lambda: selectors.peer_mentor_for(request.auth, case=case, mentor_id=mentor_id),
    )
    services.update_peer_mentor(
        actor=request.auth,
        mentor=mentor,
        expected_version=payload.version,
        trained_on=kept(payload.trained_on, mentor.trained_on),
        notes=kept(payload.notes, mentor.notes),
    )
    return shown(request, case, _mentor_out(request, case))


@router.post(f"{CASE}/peer-mentor/matches", response={201: schemas.MatchOut}, summary="Match")
def match_peer_mentor(request: ApiRequest, number: str, payload: schemas.MatchIn) -> Any:
    """Match this case's peer mentor with a mentee (a case you work on, by its number)."""
    case = case_in_scope(request, number)
    mentor = selectors.peer_mentor_of(request.auth, case=case)
    if mentor is None:
        raise not_found(request, object_type="aftercare.peermentor", object_id=case.number)
    mentee = selectors.mentee_case_for(request.auth, number=payload.mentee_case)
    if mentee is None:
        raise ValidationError({"mentee_case": _("No case with this number that you work on.")})
    with fields_renamed({"mentee": "mentee_case"}):
        match = services.match_peer_mentor(
            actor=request.auth, mentor=mentor, mentee_case=mentee, matched_on=payload.matched_on
        )
    return shown(request, case, _match_out(request, match), 201)


def _match(request: ApiRequest, case: Case, match_id: UUID) -> PeerMentorMatch:
    return found(  # type: ignore[no-any-return]
        request,
        "aftercare.peermentormatch",
        match_id,
        lambda: selectors.match_for(request.auth, case=case, match_id=match_id),
    )


@router.get(f"{CASE}/mentoring", response=list[schemas.MatchOut], summary="Peer mentors")
def list_mentoring(request: ApiRequest, number: str) -> Any:
    """The peer mentors supporting the survivor of this case."""
    case = case_in_scope(request, number)
    matches = selectors.mentee_matches(request.auth, case=case)
    return shown(request, case, [_match_out(request, match) for match in matches])


@router.post(f"{CASE}/matches/{{match_id}}/end", response=schemas.MatchOut, summary="End")
def end_match(request: ApiRequest, number: str, match_id: UUID, payload: schemas.MatchEndIn) -> Any:
    case = case_in_scope(request, number)
    match = services.end_peer_mentor_match(
        actor=request.auth,
        match=_match(request, case, match_id),
        expected_version=payload.version,
        ended_on=payload.ended_on,
    )
    return shown(request, case, _match_out(request, match))


@router.get(f"{CASE}/matches/{{match_id}}/sessions", response=list[schemas.SessionOut])
def list_sessions(request: ApiRequest, number: str, match_id: UUID) -> Any:
    case = case_in_scope(request, number)
    match = _match(request, case, match_id)
    return shown(request, case, list(match.sessions.filter(archived_at__isnull=True)))


@router.post(f"{CASE}/matches/{{match_id}}/sessions", response={201: schemas.SessionOut})
def log_session(
    request: ApiRequest, number: str, match_id: UUID, payload: schemas.SessionIn
) -> Any:
    """A mentoring session; it goes on the mentee's timeline."""
    case = case_in_scope(request, number)
    session = services.log_peer_mentoring_session(
        actor=request.auth, match=_match(request, case, match_id), **payload.dict()
    )
    return shown(request, case, session, 201)


@router.patch(f"{CASE}/sessions/{{session_id}}", response=schemas.SessionOut)
def change_session(
    request: ApiRequest, number: str, session_id: UUID, payload: schemas.SessionPatch
) -> Any:
    case = case_in_scope(request, number)
    session = found(
        request,
        "aftercare.peermentoringsession",
        session_id,
        lambda: selectors.session_for(request.auth, case=case, session_id=session_id),
    )
    services.update_peer_mentoring_session(
        actor=request.auth,
        session=session,
        expected_version=payload.version,
        held_on=kept(payload.held_on, session.held_on),
        notes=kept(payload.notes, session.notes),
    )
    return shown(request, case, session)


# --- re-trafficking ------------------------------------------------------------------------


@router.get(f"{CASE}/re-trafficking", response=list[schemas.ReTraffickingOut])
def list_re_trafficking(request: ApiRequest, number: str, archived: bool = False) -> Any:
    case = case_in_scope(request, number)
    incidents = selectors.re_trafficking_of(request.auth, case=case, archived=archived)
    return shown(request, case, list(incidents))


def _incident(request: ApiRequest, case: Case, incident_id: UUID) -> Any:
    return found(
        request,
        "aftercare.retraffickingincident",
        incident_id,
        lambda: selectors.re_trafficking_for(request.auth, case=case, incident_id=incident_id),
    )


@router.get(f"{CASE}/re-trafficking/{{incident_id}}", response=schemas.ReTraffickingOut)
def get_re_trafficking(request: ApiRequest, number: str, incident_id: UUID) -> Any:
    case = case_in_scope(request, number)
    return shown(request, case, _incident(request, case, incident_id))


@router.post(f"{CASE}/re-trafficking", response={201: schemas.ReTraffickingOut})
def record_re_trafficking(
    request: ApiRequest, number: str, payload: schemas.ReTraffickingIn
) -> Any:
    """A dated incident; a closed case is reopened to record it."""
    case = case_in_scope(request, number)
    incident = services.record_re_trafficking(actor=request.auth, case=case, **payload.dict())
    return shown(request, case, incident, 201)


@router.patch(f"{CASE}/re-trafficking/{{incident_id}}", response=schemas.ReTraffickingOut)
def change_re_trafficking(
    request: ApiRequest, number: str, incident_id: UUID, payload: schemas.ReTraffickingPatch
) -> Any:
    case = case_in_scope(request, number)
    incident = _incident(request, case, incident_id)
    services.update_re_trafficking(
        actor=request.auth,
        incident=incident,
        expected_version=payload.version,
        happened_on=kept(payload.happened_on, incident.happened_on),
        details=kept(payload.details, incident.details),
    )
    return shown(request, case, incident)
