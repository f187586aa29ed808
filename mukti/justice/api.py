"""/api/v1/justice/: legal cases and everything on them, hearings, statutory deadlines,
police engagement and backlog analyses, with the same validation and scope as the pages.

A legal case outside the caller's scope answers 404 and the attempt is logged; responses that
name survivors or the accused are logged as "api_read". Strategy notes are null for roles
that do not read legal strategy.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing, user_may
from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases.models import Case
from mukti.cases.selectors import case_for
from mukti.justice import access, selectors, services
from mukti.justice.deadlines import clock_state
from mukti.justice.models import (
    Accused,
    BacklogAnalysis,
    Deadline,
    Hearing,
    LegalCase,
    LegalStatus,
    Stage,
)
from mukti.justice.schemas import (
    AccusedIn,
    AccusedOut,
    ArrestIn,
    ArrestOut,
    BacklogAnalysisOut,
    BacklogAnalysisSummaryOut,
    BailIn,
    BailOut,
    ChargeIn,
    ChargeOut,
    CloseIn,
    DeadlineAlertOut,
    DeadlineIn,
    DeadlineOut,
    HearingIn,
    HearingOut,
    HearingOutcomeIn,
    HearingResultIn,
    LegalCaseDetailsIn,
    LegalCaseIn,
    LegalCaseOut,
    LegalCasePageOut,
    LegalCasePatchIn,
    PoliceEngagementIn,
    PoliceEngagementOut,
    StageIn,
    StrategyNotesIn,
    SurvivorIn,
    VerdictIn,
    VerdictOut,
    WitnessSupportIn,
    WitnessSupportOut,
)
from mukti.people.services import PersonDetails

router = Router(tags=["justice"])


def _read(request: ApiRequest, record: Any) -> None:
    record_access(
        actor=request.auth, action=AccessAction.API_READ, record=record, path=request.path
    )


def _legal_case(request: ApiRequest, legal_case_id: UUID) -> LegalCase:
    try:
        return selectors.legal_case_for(request.auth, legal_case_id=legal_case_id)
    except LegalCase.DoesNotExist:
        raise not_found(request, object_type="justice.legalcase", object_id=legal_case_id) from None


def _case(request: ApiRequest, number: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise not_found(request, object_type="cases.case", object_id=number) from None


def _linked_case(request: ApiRequest, number: str, field: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise ValidationError({field: _("No case you may see has this number.")}) from None


def _details(payload: LegalCaseDetailsIn) -> services.LegalCaseDetails:
    return services.LegalCaseDetails(
        **{name: getattr(payload, name) for name in LegalCaseDetailsIn.model_fields}
    )


def _legal_case_out(request: ApiRequest, legal_case: LegalCase) -> dict[str, Any]:
    user = request.auth
    notes = selectors.strategy_notes(user, legal_case=legal_case)
    today = timezone.localdate()
    _read(request, legal_case)
    return {
        **{
            name: getattr(legal_case, name)
            for name in (
                "id",
                "version",
                "country",
                "court",
                "court_case_number",
                "police_station",
                "fir_date",
                "laws_and_sections",
                "investigating_officer",
                "stage",
                "stage_since",
                "status",
                "closed_on",
                "closing_outcome",
            )
        },
        "office_code": legal_case.office.code,
        "strategy_notes": notes,
        "strategy_hidden": notes is None,
        "survivors": [
            {
                "role": party.role,
                "case_number": party.case.number if party.case else None,
                "survivor": party.case.survivor if party.case else None,
            }
            for party in selectors.parties_of(user, legal_case=legal_case)
        ],
        "stages": selectors.stage_history(user, legal_case=legal_case),
        "deadlines": [
            {
                "law": clock.deadline.law,
                "section": clock.deadline.section,
                "starts_on": clock.starts_on,
                "due_on": clock.due_on,
                "stopped_on": clock.stopped_on,
                "state": clock_state(clock, today=today),
            }
            for clock in selectors.clocks_of(user, legal_case=legal_case)
        ],
    }


def _fresh(request: ApiRequest, legal_case: LegalCase) -> dict[str, Any]:
    return _legal_case_out(request, _legal_case(request, legal_case.pk))


# --- legal cases -------------------------------------------------------------------------


@router.get("/legal-cases/", response=LegalCasePageOut, summary="List legal cases")
def list_legal_cases(
    request: ApiRequest,
    stage: Stage | None = None,
    status: LegalStatus | None = None,
    country: str = "",
    court: str = "",
    deadline: str = "",
    cursor: str = "",
) -> Any:
    """Newest first, a page at a time. `deadline` is `breached` or `near`."""
    filters = selectors.LegalCaseFilters(
        stage=stage or "",
        status=status or "",
        country=country.upper(),
        court=court,
        deadline=deadline,
    )
    page = selectors.legal_case_page(request.auth, filters=filters, cursor=cursor)
    if page.legal_cases:
        record_access(
            actor=request.auth,
            action=AccessAction.API_READ,
            object_type="justice.legalcase",
            path=request.path,
        )
    return {"results": page.legal_cases, "next_cursor": page.next_cursor}


@router.post("/legal-cases/", response={201: LegalCaseOut}, summary="File a legal case")
def file_legal_case(request: ApiRequest, payload: LegalCaseIn) -> Any:
    survivors = [
        (_linked_case(request, survivor.case_number, "survivors"), survivor.role)
        for survivor in payload.survivors
    ]
    with fields_renamed({"cases": "survivors"}):
        legal_case = services.file_legal_case(
            actor=request.auth,
            survivors=survivors,
            details=_details(payload),
            stage=payload.stage,
            stage_since=payload.stage_since,
            strategy_notes=payload.strategy_notes,
        )
    return Status(201, _fresh(request, legal_case))


@router.get("/legal-cases/{legal_case_id}", response=LegalCaseOut, summary="A legal case")
def get_legal_case(request: ApiRequest, legal_case_id: UUID) -> Any:
    return _legal_case_out(request, _legal_case(request, legal_case_id))


@router.patch("/legal-cases/{legal_case_id}", response=LegalCaseOut, summary="Change details")
def change_legal_case(request: ApiRequest, legal_case_id: UUID, payload: LegalCasePatchIn) -> Any:
    """`version` is the one you read: if it changed since, nothing is saved (409)."""
    legal_case = _legal_case(request, legal_case_id)
    services.update_legal_case(
        actor=request.auth,
        legal_case=legal_case,
        expected_version=payload.version,
        details=_details(payload),
    )
    return _fresh(request, legal_case)


@router.put(
    "/legal-cases/{legal_case_id}/strategy-notes",
    response=LegalCaseOut,
    summary="Write the legal strategy notes",
)
def write_strategy_notes(request: ApiRequest, legal_case_id: UUID, payload: StrategyNotesIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    services.update_strategy_notes(
        actor=request.auth,
        legal_case=legal_case,
        expected_version=payload.version,
        notes=payload.notes,
    )
    return _fresh(request, legal_case)


@router.post("/legal-cases/{legal_case_id}/stage", response=LegalCaseOut, summary="Next stage")
def move_to_stage(request: ApiRequest, legal_case_id: UUID, payload: StageIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    services.move_to_stage(
        actor=request.auth,
        legal_case=legal_case,
        expected_version=payload.version,
        stage=payload.stage,
        happened_on=payload.happened_on,
    )
    return _fresh(request, legal_case)


@router.post("/legal-cases/{legal_case_id}/close", response=LegalCaseOut, summary="Close")
def close_legal_case(request: ApiRequest, legal_case_id: UUID, payload: CloseIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    services.close_legal_case(
        actor=request.auth,
        legal_case=legal_case,
        expected_version=payload.version,
        closed_on=payload.closed_on,
        outcome=payload.outcome,
    )
    return _fresh(request, legal_case)


@router.post(
    "/legal-cases/{legal_case_id}/survivors",
    response={201: LegalCaseOut},
    summary="Link another survivor",
)
def link_survivor(request: ApiRequest, legal_case_id: UUID, payload: SurvivorIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    case = _linked_case(request, payload.case_number, "case_number")
    with fields_renamed({"case": "case_number"}):
        services.link_survivor(
            actor=request.auth, legal_case=legal_case, case=case, role=payload.role
        )
    return Status(201, _fresh(request, legal_case))


# --- the accused -------------------------------------------------------------------------


def _accused(request: ApiRequest, legal_case: LegalCase, accused_id: UUID) -> Accused:
    try:
        return selectors.accused_for(request.auth, legal_case=legal_case, accused_id=accused_id)
    except Accused.DoesNotExist:
        raise not_found(request, object_type="justice.accused", object_id=accused_id) from None


@router.get(
    "/legal-cases/{legal_case_id}/accused", response=list[AccusedOut], summary="The accused"
)
def list_accused(request: ApiRequest, legal_case_id: UUID) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    accused = selectors.accused_of(request.auth, legal_case=legal_case)
    _read(request, legal_case)
    return accused


@router.post(
    "/legal-cases/{legal_case_id}/accused",
    response={201: AccusedOut},
    summary="Record an accused person",
)
def add_accused(request: ApiRequest, legal_case_id: UUID, payload: AccusedIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    accused = services.record_accused(
        actor=request.auth,
        legal_case=legal_case,
        person=PersonDetails(
            given_name=payload.given_name, family_name=payload.family_name, sex=payload.sex
        ),
        role=payload.role,
    )
    _read(request, legal_case)
    return Status(201, accused)


@router.post(
    "/legal-cases/{legal_case_id}/accused/{accused_id}/arrests",
    response={201: ArrestOut},
    summary="Record an arrest",
)
def add_arrest(
    request: ApiRequest, legal_case_id: UUID, accused_id: UUID, payload: ArrestIn
) -> Any:
    accused = _accused(request, _legal_case(request, legal_case_id), accused_id)
    return Status(
        201, services.record_arrest(actor=request.auth, accused=accused, **payload.dict())
    )


@router.post(
    "/legal-cases/{legal_case_id}/accused/{accused_id}/bail",
    response={201: BailOut},
    summary="Record a bail decision",
)
def add_bail(request: ApiRequest, legal_case_id: UUID, accused_id: UUID, payload: BailIn) -> Any:
    accused = _accused(request, _legal_case(request, legal_case_id), accused_id)
    return Status(201, services.record_bail(actor=request.auth, accused=accused, **payload.dict()))


@router.post(
    "/legal-cases/{legal_case_id}/accused/{accused_id}/charges",
    response={201: ChargeOut},
    summary="Record a charge",
)
def add_charge(
    request: ApiRequest, legal_case_id: UUID, accused_id: UUID, payload: ChargeIn
) -> Any:
    accused = _accused(request, _legal_case(request, legal_case_id), accused_id)
    return Status(
        201, services.record_charge(actor=request.auth, accused=accused, **payload.dict())
    )


@router.post(
    "/legal-cases/{legal_case_id}/accused/{accused_id}/verdicts",
    response={201: VerdictOut},
    summary="Record a verdict",
)
def add_verdict(
    request: ApiRequest, legal_case_id: UUID, accused_id: UUID, payload: VerdictIn
) -> Any:
    """A verdict before the charge sheet, the report or the arrest is refused (422)."""
    accused = _accused(request, _legal_case(request, legal_case_id), accused_id)
    verdict = services.record_verdict(
        actor=request.auth,
        accused=accused,
        outcome=payload.outcome,
        decided_on=payload.decided_on,
        sentence=services.Sentence(
            years=payload.sentence_years,
            months=payload.sentence_months,
            fine=payload.fine,
            fine_currency=payload.fine_currency,
        ),
    )
    return Status(201, verdict)


# --- hearings ----------------------------------------------------------------------------


def _result(payload: HearingResultIn) -> services.HearingResult:
    return services.HearingResult(
        status=payload.status,
        outcome=payload.outcome,
        adjournment_reason=payload.adjournment_reason or "",
        next_date=payload.next_date,
    )


@router.get("/legal-cases/{legal_case_id}/hearings", response=list[HearingOut], summary="Hearings")
def list_hearings(request: ApiRequest, legal_case_id: UUID) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    return selectors.hearings_of(request.auth, legal_case=legal_case)


@router.post(
    "/legal-cases/{legal_case_id}/hearings",
    response={201: HearingOut},
    summary="Add a hearing (to come, or held or adjourned)",
)
def add_hearing(request: ApiRequest, legal_case_id: UUID, payload: HearingIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    hearing = services.add_hearing(
        actor=request.auth,
        legal_case=legal_case,
        hearing_on=payload.hearing_on,
        purpose=payload.purpose,
        result=_result(payload),
    )
    return Status(201, hearing)


@router.post(
    "/legal-cases/{legal_case_id}/hearings/{hearing_id}/outcome",
    response=HearingOut,
    summary="What happened at a hearing",
)
def record_hearing(
    request: ApiRequest, legal_case_id: UUID, hearing_id: UUID, payload: HearingOutcomeIn
) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    try:
        hearing = selectors.hearing_for(request.auth, legal_case=legal_case, hearing_id=hearing_id)
    except Hearing.DoesNotExist:
        raise not_found(request, object_type="justice.hearing", object_id=hearing_id) from None
    return services.record_hearing(
        actor=request.auth,
        hearing=hearing,
        expected_version=payload.version,
        result=_result(payload),
    )


@router.get("/hearings/", response=list[HearingOut], summary="Scheduled hearings (calendar)")
def calendar(request: ApiRequest, start: date, end: date) -> Any:
    """Scheduled hearings of the open legal cases in scope between two dates (at most a year)."""
    if (end - start).days > 366 or end < start:
        raise ValidationError({"end": _("Ask for at most a year, ending after it starts.")})
    return selectors.hearings_between(request.auth, start=start, end=end)


# --- witnesses and the police ------------------------------------------------------------


@router.get(
    "/legal-cases/{legal_case_id}/witness-support",
    response=list[WitnessSupportOut],
    summary="Witness support",
)
def list_witness_support(request: ApiRequest, legal_case_id: UUID) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    readable = [case.pk for case in access.linked_cases(legal_case)]
    support = [
        s
        for s in legal_case.witness_support.select_related("case").filter(case_id__in=readable)
        if request.auth.has_perm(Action.VIEW_CASE, s.case)
    ]
    _read(request, legal_case)
    return support


@router.post(
    "/legal-cases/{legal_case_id}/witness-support",
    response={201: WitnessSupportOut},
    summary="Record witness support",
)
def add_witness_support(request: ApiRequest, legal_case_id: UUID, payload: WitnessSupportIn) -> Any:
    legal_case = _legal_case(request, legal_case_id)
    case = _linked_case(request, payload.case_number, "case_number")
    hearing = None
    if payload.hearing_id:
        hearing = legal_case.hearings.filter(pk=payload.hearing_id).first()
        if hearing is None:
            raise ValidationError({"hearing_id": _("The hearing belongs to another legal case.")})
    details = services.WitnessSupportDetails(
        support_on=payload.support_on,
        prepared=payload.prepared,
        travel_supported=payload.travel_supported,
        protection_measures=tuple(payload.protection_measures),
        attended=payload.attended,
        testified=payload.testified,
        testimony_mode=payload.testimony_mode or "",
        testified_from=payload.testified_from.upper(),
        note=payload.note,
        hearing=hearing,
    )
    with fields_renamed({"case": "case_number", "hearing": "hearing_id"}):
        support = services.record_witness_support(
            actor=request.auth, legal_case=legal_case, case=case, details=details
        )
    return Status(201, support)


@router.get(
    "/cases/{number}/police-engagement",
    response=list[PoliceEngagementOut],
    summary="Engagement with the police investigation",
)
def list_police_engagement(request: ApiRequest, number: str) -> Any:
    case = _case(request, number)
    observations = selectors.police_engagement_of_case(request.auth, case=case)
    _read(request, case)
    return observations


@router.post(
    "/cases/{number}/police-engagement",
    response={201: PoliceEngagementOut},
    summary="Record engagement with the police investigation",
)
def add_police_engagement(request: ApiRequest, number: str, payload: PoliceEngagementIn) -> Any:
    case = _case(request, number)
    legal_case = None
    if payload.legal_case_id:
        legal_case = _legal_case(request, payload.legal_case_id)
    observation = services.record_police_engagement(
        actor=request.auth,
        case=case,
        observed_on=payload.observed_on,
        engagement=payload.engagement,
        legal_case=legal_case,
        note=payload.note,
    )
    return Status(201, observation)


# --- statutory deadlines -----------------------------------------------------------------


def _rule(payload: DeadlineIn) -> services.DeadlineRule:
    fields = payload.dict(exclude={"version"})
    fields["holidays"] = tuple(fields["holidays"])
    return services.DeadlineRule(**fields)


@router.get("/deadlines/", response=list[DeadlineOut], summary="Statutory limits")
def list_deadlines(request: ApiRequest) -> Any:
    return list(selectors.deadline_rules())


@router.post("/deadlines/", response={201: DeadlineOut}, summary="Add a statutory limit")
def add_deadline(request: ApiRequest, payload: DeadlineIn) -> Any:
    return Status(201, services.save_deadline(actor=request.auth, rule=_rule(payload)))


@router.put("/deadlines/{deadline_id}", response=DeadlineOut, summary="Change a statutory limit")
def change_deadline(request: ApiRequest, deadline_id: UUID, payload: DeadlineIn) -> Any:
    deadline = Deadline.objects.filter(pk=deadline_id).first()
    if deadline is None:
        raise not_found(request, object_type="justice.deadline", object_id=deadline_id)
    if payload.version is None:
        raise ValidationError({"version": _("Give the version you read.")})
    return services.save_deadline(
        actor=request.auth, rule=_rule(payload), deadline=deadline, expected_version=payload.version
    )


@router.get(
    "/deadline-alerts/",
    response=list[DeadlineAlertOut],
    summary="Legal cases past or close to a statutory limit",
)
def deadline_alerts(request: ApiRequest) -> Any:
    return [
        {
            "legal_case_id": alert.clock.legal_case_id,
            "court": alert.clock.legal_case.court,
            "court_case_number": alert.clock.legal_case.court_case_number,
            "law": alert.clock.deadline.law,
            "section": alert.clock.deadline.section,
            "due_on": alert.clock.due_on,
            "state": alert.state,
            "days_left": alert.days_left,
        }
        for alert in selectors.deadline_alerts(request.auth)
    ]


# --- backlog analysis --------------------------------------------------------------------


def _ensure_analyst(request: ApiRequest) -> None:
    if not user_may(request.auth, Action.VIEW_ANALYTICS):
        raise PermissionDenied(_("Your role does not read analyses."))


@router.post(
    "/backlog/", response={201: BacklogAnalysisOut}, summary="Upload a case list to analyse"
)
def upload_backlog(
    request: ApiRequest,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's way to declare a file
    title: str = Form(""),  # noqa: B008
    deadline_country: str = Form("BD"),  # noqa: B008
) -> Any:
    """CSV or XLSX (columns in docs/justice.md). A bad row answers 422 naming the row and
    why, and nothing is kept. Large lists are analysed in the background: poll the analysis
    until its `status` is `done`."""
    _ensure_analyst(request)
    analysis = services.upload_case_list(
        actor=request.auth,
        office=offices_allowing(request.auth, Action.VIEW_ANALYTICS).first(),
        title=title,
        filename=file.name or "cases.csv",
        content=file.read(),
        deadline_country=deadline_country.upper(),
    )
    return Status(201, analysis)


@router.get("/backlog/", response=list[BacklogAnalysisSummaryOut], summary="Analyses")
def list_backlog(request: ApiRequest) -> Any:
    _ensure_analyst(request)
    return list(selectors.analyses_visible_to(request.auth).order_by("-created_at")[:50])


@router.get("/backlog/{analysis_id}", response=BacklogAnalysisOut, summary="An analysis")
def get_backlog(request: ApiRequest, analysis_id: UUID) -> Any:
    _ensure_analyst(request)
    try:
        return selectors.analysis_for(request.auth, analysis_id=analysis_id)
    except BacklogAnalysis.DoesNotExist:
        raise not_found(request, object_type="justice.backlog", object_id=analysis_id) from None
