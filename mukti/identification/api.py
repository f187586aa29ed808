"""/api/v1/identification/: rescue and interception operations, screenings and referrals.

The same services, validation and scope as the pages: operations are read in the offices
where the caller reads cases or records identification, and their people only through cases
the caller may read; screenings and referrals are reached through their case (404 outside
the caller's scope, and the attempt is logged). Responses that identify someone are logged
as "api_read".
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from mukti.accounts.models import Office, Team, User
from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing
from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases.models import Case
from mukti.cases.selectors import case_for
from mukti.identification import selectors, services
from mukti.identification.models import (
    Agency,
    Indicator,
    IndicatorSet,
    OperationKind,
    Referral,
    RescueOperation,
    Screening,
)
from mukti.identification.schemas import (
    ChecklistOut,
    OperationIn,
    OperationOut,
    OperationPageOut,
    OperationPatchIn,
    ReferralIn,
    ReferralOut,
    ReferralPatchIn,
    RescuedPersonIn,
    RescuedPersonOut,
    ScreeningIn,
    ScreeningOut,
    ScreeningPatchIn,
)
from mukti.people.schemas import AddressIn, PersonIn
from mukti.people.services import AddressInput, PersonDetails

router = Router(tags=["identification"])

_OPERATION_FIELDS = (
    "kind",
    "operation_on",
    "country",
    "agency",
    "agency_name",
    "district",
    "place",
    "reference",
    "notes",
)
_REFERRAL_FIELDS = (
    "kind",
    "referred_on",
    "referred_to",
    "notes",
    "reasonable_grounds",
    "reasonable_grounds_on",
    "conclusive_grounds",
    "conclusive_grounds_on",
)
# Service errors named as the client sent the fields.
_SCREENING_ERRORS = {"indicator_set": "checklist", "screener": "screener_id"}
_NEW_PERSON_ERRORS = {
    "happened_on": "person.birth_date",
    "team": "team_id",
    **{name: f"person.{name}" for name in PersonIn.model_fields},
    **{name: f"person.address.{name}" for name in AddressIn.model_fields},
}


def _read(request: ApiRequest, record: Any) -> None:
    record_access(
        actor=request.auth, action=AccessAction.API_READ, record=record, path=request.path
    )


def _case(request: ApiRequest, number: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise not_found(request, object_type="cases.case", object_id=number) from None


# --- operations ---------------------------------------------------------------------------


def _operation(request: ApiRequest, operation_id: UUID) -> RescueOperation:
    try:
        return selectors.operation_for(request.auth, operation_id=operation_id)
    except RescueOperation.DoesNotExist:
        raise not_found(
            request, object_type="identification.rescueoperation", object_id=operation_id
        ) from None


def _operation_out(request: ApiRequest, operation: RescueOperation) -> RescueOperation:
    """The operation with the people the caller may see, each read logged."""
    people = selectors.people_of_operation(request.auth, operation=operation)
    operation.visible_people = people.visible  # type: ignore[attr-defined]
    operation.hidden_people = people.hidden  # type: ignore[attr-defined]
    _read(request, operation)
    for rescued in people.visible:
        _read(request, rescued.case)
    return operation


@router.get("/operations", response=OperationPageOut, summary="List rescue operations")
def list_operations(
    request: ApiRequest,
    office_id: UUID | None = None,
    agency: Agency | None = None,
    kind: OperationKind | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    cursor: str = "",
) -> Any:
    """Latest first, a page at a time: pass `next_cursor` back as `cursor` for the next."""
    filters = selectors.OperationFilters(
        office_id=str(office_id or ""),
        agency=agency or "",
        kind=kind or "",
        date_from=date_from,
        date_to=date_to,
    )
    page = selectors.operation_page(request.auth, filters=filters, cursor=cursor)
    return {"results": page.operations, "next_cursor": page.next_cursor}


def _office_to_record_in(request: ApiRequest, office_id: UUID | None) -> Office:
    offices = offices_allowing(request.auth, Action.RECORD_IDENTIFICATION)
    if office_id is not None:
        office = offices.filter(pk=office_id).first()
        if office is None:
            raise ValidationError({"office_id": _("You cannot record rescues in this office.")})
        return office
    candidates = list(offices.distinct()[:2])
    if len(candidates) != 1:
        raise ValidationError({"office_id": _("Say in which office the operation is recorded.")})
    return candidates[0]


@router.post("/operations", response={201: OperationOut}, summary="Record an operation")
def create_operation(request: ApiRequest, payload: OperationIn) -> Any:
    office = _office_to_record_in(request, payload.office_id)
    details = services.OperationDetails(**payload.dict(include=set(_OPERATION_FIELDS)))
    operation = services.record_operation(actor=request.auth, office=office, details=details)
    return Status(201, _operation_out(request, _operation(request, operation.pk)))


@router.get("/operations/{operation_id}", response=OperationOut, summary="An operation")
def get_operation(request: ApiRequest, operation_id: UUID) -> Any:
    return _operation_out(request, _operation(request, operation_id))


@router.patch("/operations/{operation_id}", response=OperationOut, summary="Change an operation")
def change_operation(request: ApiRequest, operation_id: UUID, payload: OperationPatchIn) -> Any:
    """`version` is the one you read: if the operation changed since, nothing is saved (409)."""
    operation = _operation(request, operation_id)
    given = payload.dict(exclude_unset=True)
    details = services.OperationDetails(
        **{
            name: getattr(operation, name) if given.get(name) is None else given[name]
            for name in _OPERATION_FIELDS
        }
    )
    services.update_operation(
        actor=request.auth,
        operation=operation,
        expected_version=payload.version,
        details=details,
    )
    return _operation_out(request, _operation(request, operation_id))


def _team_in(request: ApiRequest, team_id: UUID | None, office: Office) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id, office=office).first()
    if team is None:
        raise ValidationError({"team_id": _("Choose a team of the operation's office.")})
    return team


def _details_of(person: PersonIn) -> PersonDetails:
    fields = person.dict(exclude={"address"})
    address = AddressInput(**person.address.dict()) if person.address else None
    return PersonDetails(**fields, address=address)


@router.post(
    "/operations/{operation_id}/people",
    response={201: RescuedPersonOut},
    summary="Add a person removed in the operation",
)
def add_person(request: ApiRequest, operation_id: UUID, payload: RescuedPersonIn) -> Any:
    """A case you may work on (`case_number`), or a new person (`person`) and their case."""
    operation = _operation(request, operation_id)
    if (payload.case_number is None) == (payload.person is None):
        raise ValidationError({"case_number": _("Give either case_number or a new person.")})
    if payload.case_number is not None:
        case = _case(request, payload.case_number)
        with fields_renamed({"case": "case_number"}):
            rescued = services.add_rescued_case(actor=request.auth, operation=operation, case=case)
    else:
        assert payload.person is not None  # noqa: S101 - one of the two is given, see above
        with fields_renamed(_NEW_PERSON_ERRORS):
            rescued = services.add_rescued_survivor(
                actor=request.auth,
                operation=operation,
                survivor=_details_of(payload.person),
                team=_team_in(request, payload.team_id, operation.office),
                risk=payload.risk,
                involves_sexual_exploitation=payload.involves_sexual_exploitation,
            )
    _read(request, rescued.case)
    return Status(201, rescued)


# --- checklists and screenings ------------------------------------------------------------


@router.get("/checklists", response=list[ChecklistOut], summary="Screening checklists in use")
def list_checklists(request: ApiRequest) -> Any:
    """Every indicator, flagged when an answer to it reveals sexual exploitation: such an
    answer is recorded and shown only for roles that read that section of the case."""
    return [
        {
            "code": checklist.code,
            "name": checklist.display_name,
            "source": checklist.source,
            "rule": checklist.rule,
            "audience": checklist.audience,
            "indicators": list(checklist.indicators.filter(is_active=True).order_by("order")),
        }
        for checklist in selectors.indicator_sets_in_use()
    ]


def _screening_out(view: selectors.ScreeningView) -> dict[str, Any]:
    screening, summary = view.screening, view.summary
    return {
        "id": screening.pk,
        "version": screening.version,
        "case_number": screening.case.number,
        "screened_on": screening.screened_on,
        "screener_id": screening.screener_id,
        "screener": str(screening.screener),
        "checklist": screening.indicator_set.code,
        "outcome": screening.outcome,
        "outcome_reason": screening.outcome_reason,
        "observed": [
            {
                "code": observed.indicator.code,
                "label": observed.indicator.display_label,
                "dimension": observed.indicator.dimension or None,
                "strength": observed.strength or None,
            }
            for observed in view.observed
        ],
        "summary": {
            "strong": summary.strong,
            "medium": summary.medium,
            "weak": summary.weak,
            "ungraded": summary.ungraded,
            "positive_dimensions": summary.positive_dimensions,
            "suggestion": summary.suggestion or None,
            "explanation": summary.explanation,
        },
        "answers_complete": view.complete,
    }


def _screening(request: ApiRequest, case: Case, screening_id: UUID) -> selectors.ScreeningView:
    try:
        return selectors.screening_for(request.auth, case=case, screening_id=screening_id)
    except Screening.DoesNotExist:
        raise not_found(
            request, object_type="identification.screening", object_id=screening_id
        ) from None


def _checklist(code: str) -> IndicatorSet:
    found = selectors.indicator_sets_in_use().filter(code=code).first()
    if found is None:
        raise ValidationError({"checklist": _("No checklist in use has this code.")})
    return found


def _indicators(
    request: ApiRequest, case: Case, checklist: IndicatorSet, codes: list[str]
) -> list[Indicator]:
    """The observed indicators by code; one the caller may not tick is refused like one
    that does not exist, so its existence says nothing."""
    known = {
        i.code: i for i in selectors.checklist_for(request.auth, case=case, indicator_set=checklist)
    }
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise ValidationError(
            {"indicators": _("Not in this checklist: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [known[code] for code in dict.fromkeys(codes)]


def _screener(request: ApiRequest, case: Case, screener_id: UUID | None) -> User:
    if screener_id is None:
        return request.auth  # type: ignore[no-any-return]
    screener = selectors.screeners_for(request.auth, case=case).filter(pk=screener_id).first()
    if screener is None:
        raise ValidationError({"screener_id": _("Choose a staff member of this organisation.")})
    return screener


@router.get(
    "/cases/{number}/screenings", response=list[ScreeningOut], summary="A case's screenings"
)
def list_screenings(request: ApiRequest, number: str) -> Any:
    case = _case(request, number)
    views = selectors.screenings_of_case(request.auth, case=case)
    _read(request, case)
    return [_screening_out(view) for view in views]


@router.post(
    "/cases/{number}/screenings", response={201: ScreeningOut}, summary="Record a screening"
)
def create_screening(request: ApiRequest, number: str, payload: ScreeningIn) -> Any:
    case = _case(request, number)
    checklist = _checklist(payload.checklist)
    with fields_renamed(_SCREENING_ERRORS):
        screening = services.record_screening(
            actor=request.auth,
            case=case,
            screened_on=payload.screened_on,
            screener=_screener(request, case, payload.screener_id),
            indicator_set=checklist,
            indicators=_indicators(request, case, checklist, payload.indicators),
            outcome=payload.outcome,
            outcome_reason=payload.outcome_reason,
        )
    _read(request, case)
    return Status(201, _screening_out(_screening(request, case, screening.pk)))


@router.get(
    "/cases/{number}/screenings/{screening_id}", response=ScreeningOut, summary="A screening"
)
def get_screening(request: ApiRequest, number: str, screening_id: UUID) -> Any:
    case = _case(request, number)
    view = _screening(request, case, screening_id)
    _read(request, case)
    return _screening_out(view)


@router.patch(
    "/cases/{number}/screenings/{screening_id}",
    response=ScreeningOut,
    summary="Change a screening",
)
def change_screening(
    request: ApiRequest, number: str, screening_id: UUID, payload: ScreeningPatchIn
) -> Any:
    case = _case(request, number)
    view = _screening(request, case, screening_id)
    screening = view.screening
    codes = (
        payload.indicators
        if payload.indicators is not None
        else [o.indicator.code for o in view.observed]
    )
    with fields_renamed(_SCREENING_ERRORS):
        services.update_screening(
            actor=request.auth,
            screening=screening,
            expected_version=payload.version,
            screened_on=payload.screened_on or screening.screened_on,
            screener=(
                _screener(request, case, payload.screener_id)
                if payload.screener_id
                else screening.screener
            ),
            indicators=_indicators(request, case, screening.indicator_set, codes),
            outcome=payload.outcome or screening.outcome,
            outcome_reason=(
                screening.outcome_reason
                if payload.outcome_reason is None
                else payload.outcome_reason
            ),
        )
    _read(request, case)
    return _screening_out(_screening(request, case, screening_id))


# --- referrals ----------------------------------------------------------------------------


def _referral(request: ApiRequest, case: Case, referral_id: UUID) -> Referral:
    try:
        return selectors.referral_for(request.auth, case=case, referral_id=referral_id)
    except Referral.DoesNotExist:
        raise not_found(
            request, object_type="identification.referral", object_id=referral_id
        ) from None


# Text and choice fields: null from the client means empty.
_REFERRAL_TEXT = {"referred_to", "notes", "reasonable_grounds", "conclusive_grounds"}


def _referral_details(values: dict[str, Any]) -> services.ReferralDetails:
    cleaned: dict[str, Any] = {
        name: "" if value is None and name in _REFERRAL_TEXT else value
        for name, value in values.items()
    }
    return services.ReferralDetails(**cleaned)


@router.get("/cases/{number}/referrals", response=list[ReferralOut], summary="A case's referrals")
def list_referrals(request: ApiRequest, number: str) -> Any:
    case = _case(request, number)
    referrals = list(selectors.referrals_of_case(request.auth, case=case).select_related("case"))
    _read(request, case)
    return referrals


@router.post("/cases/{number}/referrals", response={201: ReferralOut}, summary="Record a referral")
def create_referral(request: ApiRequest, number: str, payload: ReferralIn) -> Any:
    case = _case(request, number)
    details = _referral_details(payload.dict(include=set(_REFERRAL_FIELDS)))
    referral = services.record_referral(actor=request.auth, case=case, details=details)
    _read(request, case)
    return Status(201, _referral(request, case, referral.pk))


@router.get("/cases/{number}/referrals/{referral_id}", response=ReferralOut, summary="A referral")
def get_referral(request: ApiRequest, number: str, referral_id: UUID) -> Any:
    case = _case(request, number)
    referral = _referral(request, case, referral_id)
    _read(request, case)
    return referral


@router.patch(
    "/cases/{number}/referrals/{referral_id}", response=ReferralOut, summary="Change a referral"
)
def change_referral(
    request: ApiRequest, number: str, referral_id: UUID, payload: ReferralPatchIn
) -> Any:
    """Correct it, record the NRM's decisions, or move its status on (with `status_on`)."""
    case = _case(request, number)
    referral = _referral(request, case, referral_id)
    given = payload.dict(exclude_unset=True)
    values = {
        name: given[name] if name in given else getattr(referral, name) for name in _REFERRAL_FIELDS
    }
    services.update_referral(
        actor=request.auth,
        referral=referral,
        expected_version=payload.version,
        details=_referral_details(values),
        status=payload.status or referral.status,
        status_on=payload.status_on,
    )
    _read(request, case)
    return _referral(request, case, referral_id)
