"""/api/v1/prevention/: activities (sessions, trainings, campaigns), their participant lists,
and the period figures the impact report counts.

Scoped like the pages: an activity in an office the caller may not read answers 404 (and
the attempt is logged); writes need a role that records prevention work in the office. The
same checks as the web form apply, and a refusal answers 422 naming the field. Nothing here
identifies anyone, so reads write no access-log rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from mukti.accounts.models import Office
from mukti.accounts.roles import Action
from mukti.api.auth import ApiRequest
from mukti.api.errors import not_found
from mukti.prevention import selectors, services
from mukti.prevention.checks import ActivityDetails
from mukti.prevention.models import Activity, ActivityStatus, ActivityType, AudienceType
from mukti.prevention.participant_lists import ParticipantInput, read_participant_file
from mukti.prevention.schemas import (
    ActivityFields,
    ActivityIn,
    ActivityOut,
    ActivityPageOut,
    ActivityUpdateIn,
    AudienceTypeOut,
    CancelIn,
    FiguresOut,
    ParticipantIn,
    ParticipantOut,
    VersionIn,
)

router = Router(tags=["prevention"])


def _ensure_reader(request: ApiRequest) -> None:
    if not selectors.may_read_prevention(request.auth):
        raise PermissionDenied(_("Your role does not read prevention work."))


def _activity(request: ApiRequest, activity_id: UUID) -> Activity:
    _ensure_reader(request)
    try:
        return selectors.activity_for(request.auth, activity_id=activity_id)
    except Activity.DoesNotExist:
        raise not_found(request, object_type="prevention.activity", object_id=activity_id) from None


def _out(request: ApiRequest, activity: Activity) -> ActivityOut:
    out = ActivityOut.from_orm(activity)
    rows = selectors.participants_of(request.auth, activity=activity)
    out.participants = [ParticipantOut.from_orm(row) for row in rows]
    return out


def _audience(code: str) -> AudienceType:
    audience = AudienceType.objects.filter(code=code).first()
    if audience is None:
        raise ValidationError({"audience_type": _("Unknown audience type.")})
    return audience


def _details(payload: ActivityFields) -> ActivityDetails:
    return ActivityDetails(
        activity_type=payload.activity_type,
        title=payload.title,
        status=payload.status,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        country=payload.country.upper(),
        district=payload.district,
        venue=payload.venue,
        audience_type=_audience(payload.audience_type),
        profession=payload.profession or "",
        channel=payload.channel or "",
        organiser=payload.organiser,
        partners=payload.partners,
        participants_total=payload.participants_total,
        participants_female=payload.participants_female,
        participants_male=payload.participants_male,
        participants_other=payload.participants_other,
        score_maximum=payload.score_maximum,
        pre_test_average=payload.pre_test_average,
        post_test_average=payload.post_test_average,
        tested_count=payload.tested_count,
        improved_count=payload.improved_count,
        reach=payload.reach,
        reach_verification=tuple(payload.reach_verification),
        reach_note=payload.reach_note,
    )


def _participants(rows: list[ParticipantIn]) -> list[ParticipantInput]:
    return [ParticipantInput(**row.dict()) for row in rows]


def _office(request: ApiRequest, office_id: UUID | None) -> Office:
    offices = selectors.offices_recordable(request.auth)
    if office_id is not None:
        office = offices.filter(pk=office_id).first()
        if office is None:
            raise ValidationError(
                {"office_id": _("You cannot record prevention work in this office.")}
            )
        return office
    candidates = list(offices[:2])
    if len(candidates) != 1:
        raise ValidationError({"office_id": _("Say in which office the activity was run.")})
    return candidates[0]


@router.get("/audience-types", response=list[AudienceTypeOut], summary="Audience types")
def list_audience_types(request: ApiRequest) -> Any:
    """The configurable list of audiences; retired ones (`is_active` false) are kept."""
    _ensure_reader(request)
    return AudienceType.objects.all()


@router.get("/activities", response=ActivityPageOut, summary="List activities")
def list_activities(
    request: ApiRequest,
    office_id: UUID | None = None,
    activity_type: ActivityType | None = None,
    audience_type: str = "",
    status: ActivityStatus | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    cursor: str = "",
) -> Any:
    """Latest first, a page at a time: pass `next_cursor` back as `cursor` for the next."""
    _ensure_reader(request)
    audience = AudienceType.objects.filter(code=audience_type).first() if audience_type else None
    if audience_type and audience is None:
        raise ValidationError({"audience_type": _("Unknown audience type.")})
    filters = selectors.ActivityFilters(
        office_id=str(office_id or ""),
        activity_type=activity_type or "",
        audience_type_id=str(audience.pk) if audience else "",
        status=status or "",
        date_from=date_from,
        date_to=date_to,
    )
    page = selectors.activity_page(request.auth, filters=filters, cursor=cursor)
    return {"results": page.activities, "next_cursor": page.next_cursor}


@router.post("/activities", response={201: ActivityOut}, summary="Record an activity")
def record_activity(request: ApiRequest, payload: ActivityIn) -> Any:
    """A session, training or campaign; `participants` is the optional list (codes only)."""
    if not selectors.offices_recordable(request.auth).exists():
        raise PermissionDenied(_("Your role does not record prevention work."))
    activity = services.record_activity(
        actor=request.auth,
        office=_office(request, payload.office_id),
        details=_details(payload),
        participants=_participants(payload.participants),
    )
    return Status(201, _out(request, selectors.activity_for(request.auth, activity_id=activity.pk)))


@router.get("/activities/{activity_id}", response=ActivityOut, summary="An activity")
def get_activity(request: ApiRequest, activity_id: UUID) -> Any:
    return _out(request, _activity(request, activity_id))


@router.put("/activities/{activity_id}", response=ActivityOut, summary="Change an activity")
def update_activity(request: ApiRequest, activity_id: UUID, payload: ActivityUpdateIn) -> Any:
    """Send every field and the `version` you read. When the list has scores per participant,
    the averages are computed from it: send them as null."""
    activity = _activity(request, activity_id)
    office = _office(request, payload.office_id) if payload.office_id else None
    participants = None if payload.participants is None else _participants(payload.participants)
    services.update_activity(
        actor=request.auth,
        activity=activity,
        expected_version=payload.version,
        details=_details(payload),
        participants=participants,
        office=office,
    )
    return _out(request, selectors.activity_for(request.auth, activity_id=activity.pk))


@router.post(
    "/activities/{activity_id}/participants",
    response=ActivityOut,
    summary="Upload the participant list (CSV or XLSX)",
)
def upload_participants(
    request: ApiRequest,
    activity_id: UUID,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's way to declare a file
    version: int = Form(...),  # noqa: B008
) -> Any:
    """Columns: code, sex, age_group, role, pre_score, post_score. The file replaces the
    list; a bad row answers 422 with its row number and the reason, and nothing is written."""
    activity = _activity(request, activity_id)
    if not request.auth.has_perm(Action.RECORD_PREVENTION, activity.office):
        raise PermissionDenied(_("Your role does not record prevention work in this office."))
    participants = read_participant_file(filename=file.name or "", content=file.read())
    services.replace_participant_list(
        actor=request.auth,
        activity=activity,
        expected_version=version,
        participants=participants,
    )
    return _out(request, selectors.activity_for(request.auth, activity_id=activity.pk))


@router.post("/activities/{activity_id}/cancel", response=ActivityOut, summary="Cancel")
def cancel_activity(request: ApiRequest, activity_id: UUID, payload: CancelIn) -> Any:
    """Kept on record, counted in no figure; `restore` undoes it."""
    activity = _activity(request, activity_id)
    services.cancel_activity(
        actor=request.auth,
        activity=activity,
        expected_version=payload.version,
        reason=payload.reason,
    )
    return _out(request, activity)


@router.post("/activities/{activity_id}/restore", response=ActivityOut, summary="Restore")
def restore_activity(request: ApiRequest, activity_id: UUID, payload: VersionIn) -> Any:
    activity = _activity(request, activity_id)
    services.restore_activity(
        actor=request.auth, activity=activity, expected_version=payload.version
    )
    return _out(request, activity)


@router.get("/figures", response=FiguresOut, summary="Figures for a period")
def figures(
    request: ApiRequest,
    date_from: date,
    date_to: date,
    by: list[str] = Query([]),  # noqa: B008 - django-ninja's way to take a repeated parameter
    office_id: UUID | None = None,
) -> Any:
    """Done activities whose last day falls in the period, in the caller's offices, grouped
    `by` any of: office, office_country, strategy, country, activity_type, audience_type,
    profession, channel (repeat `by` for a cross-tabulation). The rules are in
    docs/prevention.md."""
    _ensure_reader(request)
    if date_to < date_from:
        raise ValidationError({"date_to": _("The period ends before it starts.")})
    unknown = [name for name in by if name not in selectors.GROUPINGS]
    if unknown:
        raise ValidationError(
            {"by": _("Unknown breakdown: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    rows = selectors.prevention_figures(
        request.auth,
        start=date_from,
        end=date_to,
        by=by,
        office_ids=[office_id] if office_id else None,
    )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "by": by,
        "rows": [{**vars(row), "improved_share": row.improved_share} for row in rows],
    }
