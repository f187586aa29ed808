"""/api/v1/tracing/: missing-person reports, imports and jobs, "which reports may be this
person", the review queue, and family tracing — with the web pages' rules and scope.

Reports outside the caller's offices, and pairs or cases outside their scope, answer 404
and the attempt is logged; every answer that identifies someone is logged as "api_read".
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mukti.accounts.models import Office
from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.api.auth import ApiRequest
from mukti.api.errors import fields_renamed, not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases.models import Case
from mukti.cases.selectors import case_for
from mukti.people.services import AddressInput, PersonDetails
from mukti.tracing import matches, selectors, services
from mukti.tracing.evidence import evidence_rows, stored_evidence
from mukti.tracing.imports import MAX_FILE_BYTES
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import (
    MatchCandidate,
    MissingPersonReport,
    ReviewStatus,
    TracingJob,
    TracingRequest,
)
from mukti.tracing.person_records import candidate_records, case_record, cases_for_matching
from mukti.tracing.schemas import (
    CandidateListItemOut,
    CandidateOut,
    CandidatePageOut,
    CloseReportIn,
    CloseTracingIn,
    JobOut,
    PersonQueryIn,
    QueueCandidateIn,
    ReportIn,
    ReportOut,
    ReportPageOut,
    ReunificationIn,
    ReviewIn,
    SearchOut,
    TracingRequestIn,
    TracingRequestOut,
    TracingStepIn,
    TracingStepOut,
)
from mukti.tracing.selectors import CandidateFilters, ReportFilters

router = Router(tags=["tracing"])
REPORTS = "tracing.missingpersonreport"


def _read(request: ApiRequest, **what: Any) -> None:
    record_access(actor=request.auth, action=AccessAction.API_READ, path=request.path, **what)


def _ensure_reads_reports(request: ApiRequest) -> None:
    if not selectors.may_read_reports(request.auth):
        raise PermissionDenied(_("Your role does not work on tracing."))


def _report(request: ApiRequest, report_id: UUID, *, action: str | None = None) -> Any:
    try:
        return selectors.report_for(request.auth, report_id=report_id, action=action)
    except MissingPersonReport.DoesNotExist:
        raise not_found(request, object_type=REPORTS, object_id=report_id) from None


def _report_out(request: ApiRequest, report: MissingPersonReport) -> MissingPersonReport:
    _read(request, record=report, person_id=report.person_id)
    return report


def _case(request: ApiRequest, number: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise not_found(request, object_type="cases.case", object_id=number) from None


def _office(request: ApiRequest, office_id: UUID | None, *, action: str) -> Office:
    offices = selectors.report_offices(request.auth, action=action)
    if office_id is not None:
        office = offices.filter(pk=office_id).first()
        if office is None:
            raise ValidationError({"office_id": _("You cannot record reports in this office.")})
        return office
    candidates = list(offices[:2])
    if len(candidates) != 1:
        raise ValidationError({"office_id": _("Say in which office to record the report.")})
    return candidates[0]


# --- reports ------------------------------------------------------------------------------


@router.get("/reports", response=ReportPageOut, summary="List missing-person reports")
def list_reports(
    request: ApiRequest,
    status: str = "",
    office_id: UUID | None = None,
    q: str = "",
    cursor: str = "",
) -> Any:
    """Newest first, a page at a time; `q` finds a name in any spelling."""
    _ensure_reads_reports(request)
    filters = ReportFilters(status=status, office_id=str(office_id or ""), query=q)
    page = selectors.report_page(request.auth, filters=filters, cursor=cursor)
    if page.reports:
        _read(request, object_type=REPORTS)
    return {"results": page.reports, "next_cursor": page.next_cursor}


def _report_details(payload: ReportIn) -> services.ReportDetails:
    address = AddressInput(**payload.address.dict()) if payload.address else None
    person = PersonDetails(
        given_name=payload.given_name,
        family_name=payload.family_name,
        sex=payload.sex,
        birth_date=payload.birth_date,
        estimated_age=payload.estimated_age,
        age_estimated_on=payload.reported_on if payload.estimated_age is not None else None,
        nationality=payload.nationality,
        phone=payload.phone,
        address=address,
    )
    return services.ReportDetails(
        source_kind=payload.source_kind,
        source_name=payload.source_name,
        source_district=payload.source_district,
        report_number=payload.report_number,
        reported_on=payload.reported_on,
        person=person,
        other_names=tuple(payload.other_names),
        father_name=payload.father_name,
        mother_name=payload.mother_name,
        last_seen_place=payload.last_seen_place,
        last_seen_on=payload.last_seen_on,
        reporter_name=payload.reporter_name,
        reporter_relationship=payload.reporter_relationship or "",
        reporter_phone=payload.reporter_phone,
    )


@router.post("/reports", response={201: ReportOut}, summary="Record a missing-person report")
def record_report(request: ApiRequest, payload: ReportIn) -> Any:
    office = _office(request, payload.office_id, action=Action.MANAGE_TRACING)
    with fields_renamed({"country": "address.country"}):
        report = services.record_report(
            actor=request.auth, office=office, details=_report_details(payload)
        )
    return Status(201, _report_out(request, _report(request, report.pk)))


@router.get("/reports/{report_id}", response=ReportOut, summary="A missing-person report")
def get_report(request: ApiRequest, report_id: UUID) -> Any:
    return _report_out(request, _report(request, report_id))


@router.post("/reports/{report_id}/close", response=ReportOut, summary="Close a report")
def close_report(request: ApiRequest, report_id: UUID, payload: CloseReportIn) -> Any:
    """Found or closed, never deleted; the report leaves the matching."""
    report = _report(request, report_id, action=Action.MANAGE_TRACING)
    services.close_report(
        actor=request.auth,
        report=report,
        expected_version=payload.version,
        status=payload.status,
        closed_on=payload.closed_on,
        reason=payload.reason,
    )
    return _report_out(request, _report(request, report_id))


# --- imports and jobs ---------------------------------------------------------------------


@router.post("/imports", response={202: JobOut}, summary="Import reports from a CSV or XLSX file")
def import_reports(
    request: ApiRequest,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's way to declare a file
    office_id: UUID | None = Form(None),  # noqa: B008
) -> Any:
    """Queues the import and answers at once: poll `GET /jobs/{id}` for its progress. A bad
    row fails the whole file (the job names the row and the reason); nothing is written."""
    office = _office(request, office_id, action=Action.MANAGE_TRACING)
    job = services.start_import(
        actor=request.auth,
        office=office,
        filename=file.name or "",
        content=file.read(MAX_FILE_BYTES + 1),
        language=get_language() or "",
    )
    return Status(202, _job(request, job.pk))


def _job(request: ApiRequest, job_id: UUID) -> TracingJob:
    try:
        return selectors.job_for(request.auth, job_id=job_id)
    except TracingJob.DoesNotExist:
        raise not_found(request, object_type="tracing.tracingjob", object_id=job_id) from None


@router.get("/jobs/{job_id}", response=JobOut, summary="A job's progress and result")
def get_job(request: ApiRequest, job_id: UUID) -> Any:
    return _job(request, job_id)


@router.post("/jobs/match", response={202: JobOut}, summary="Match all open cases and reports")
def start_batch_matching(request: ApiRequest) -> Any:
    """Every open case against every open report of your offices, and the reports among
    themselves; the pairs found go to the review queue."""
    job = services.start_batch_matching(actor=request.auth, language=get_language() or "")
    return Status(202, _job(request, job.pk))


@router.post("/jobs/train", response={202: JobOut}, summary="Train a new match model")
def start_training(request: ApiRequest) -> Any:
    job = services.start_training(actor=request.auth, language=get_language() or "")
    return Status(202, _job(request, job.pk))


# --- interactive matching -----------------------------------------------------------------


def _evidence(candidate: Any, left: PersonRecord | None, right: PersonRecord | None) -> list:
    return [vars(row) for row in evidence_rows(candidate, left=left, right=right)]


def _answer(
    request: ApiRequest, answer: matches.SearchAnswer, person: PersonRecord, queued: dict
) -> dict[str, Any]:
    if answer.found:
        _read(request, object_type=REPORTS)
    return {
        "results": [
            {
                "report": p.report,
                "match_probability": p.candidate.match_probability,
                "match_weight": p.candidate.match_weight,
                "evidence": _evidence(stored_evidence(p.candidate), person, p.record),
                "candidate_id": queued.get(p.report.pk),
            }
            for p in answer.found
        ],
        "elsewhere": answer.elsewhere,
        "model_version": answer.model_version,
    }


def _ensure_reviews(request: ApiRequest) -> None:
    if not selectors.may_review_matches(request.auth):
        raise PermissionDenied(_("Your role does not review matches."))


@router.post("/search", response=SearchOut, summary="Which reports may be this person")
def search(request: ApiRequest, payload: PersonQueryIn) -> Any:
    """The open reports (in offices you may see) most likely to be this person, best first,
    with the probability and each detail's evidence."""
    _ensure_reviews(request)
    fields = payload.dict(exclude={"limit"})
    if fields.get("age") is not None and fields.get("age_reported_on") is None:
        fields["age_reported_on"] = timezone.localdate()
    person = PersonRecord(record_id="search", **fields)
    answer = matches.reports_for_person(request.auth, person=person, limit=payload.limit)
    return _answer(request, answer, person, {})


def _case_for_review(request: ApiRequest, number: str) -> tuple[Case, PersonRecord]:
    case = _case(request, number)
    if not case_allows(request.auth, Action.REVIEW_MATCHES, case):
        raise PermissionDenied(_("Your role does not review matches."))
    return case, case_record(cases_for_matching(Case.objects.filter(pk=case.pk)).get())


@router.get("/cases/{number}/matches", response=SearchOut, summary="Reports that may match a case")
def case_matches(request: ApiRequest, number: str, limit: int = 10) -> Any:
    case, person = _case_for_review(request, number)
    answer = matches.reports_for_person(request.auth, person=person, limit=min(limit, 50))
    queued = {c.report_id: c.pk for c in selectors.candidates_for_case(request.auth, case=case)}
    return _answer(request, answer, person, queued)


@router.post(
    "/cases/{number}/candidates", response={201: CandidateOut}, summary="Queue a pair for review"
)
def queue_candidate(request: ApiRequest, number: str, payload: QueueCandidateIn) -> Any:
    """Put one of the case's possible reports into the review queue (once per pair)."""
    case, person = _case_for_review(request, number)
    answer = matches.reports_for_person(request.auth, person=person, limit=50)
    possible = next((p for p in answer.found if p.report.pk == payload.report_id), None)
    if possible is None:
        raise ValidationError({"report_id": _("This report is not among the possible matches.")})
    candidate = services.queue_case_candidate(
        actor=request.auth,
        case=case,
        report=possible.report,
        found=services.FoundPair(
            match_probability=possible.candidate.match_probability,
            match_weight=possible.candidate.match_weight,
            evidence=stored_evidence(possible.candidate),
            model_version=answer.model_version,
            person_age=possible.report.age_when_reported,
        ),
    )
    return Status(201, _candidate_out(request, _candidate(request, candidate.pk)))


# --- the review queue ---------------------------------------------------------------------


def _candidate(request: ApiRequest, candidate_id: UUID) -> MatchCandidate:
    try:
        return selectors.candidate_for(request.auth, candidate_id=candidate_id)
    except MatchCandidate.DoesNotExist:
        raise not_found(
            request, object_type="tracing.matchcandidate", object_id=candidate_id
        ) from None


def _candidate_out(request: ApiRequest, candidate: MatchCandidate) -> dict[str, Any]:
    left, right = candidate_records(candidate)
    _read(request, record=candidate)
    out = CandidateListItemOut.from_orm(candidate).dict()
    out.update(
        evidence=_evidence(candidate.evidence, left, right),
        reviewed_by=str(candidate.reviewed_by) if candidate.reviewed_by else None,
        reviewed_at=candidate.reviewed_at,
        review_reason=candidate.review_reason,
    )
    return out


@router.get("/candidates", response=CandidatePageOut, summary="The review queue")
def list_candidates(
    request: ApiRequest,
    status: str = ReviewStatus.PENDING,
    kind: str = "",
    office_id: UUID | None = None,
    min_probability: float | None = None,
    max_probability: float | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    waiting_days: int | None = None,
    cursor: str = "",
) -> Any:
    """Most probable first; `status` empty lists every review status."""
    _ensure_reviews(request)
    filters = CandidateFilters(
        status=status,
        kind=kind,
        office_id=str(office_id or ""),
        min_probability=min_probability,
        max_probability=max_probability,
        min_age=min_age,
        max_age=max_age,
        waiting_days=waiting_days,
    )
    page = selectors.candidate_page(request.auth, filters=filters, cursor=cursor)
    return {"results": page.candidates, "next_cursor": page.next_cursor}


@router.get("/candidates/{candidate_id}", response=CandidateOut, summary="A pair, side by side")
def get_candidate(request: ApiRequest, candidate_id: UUID) -> Any:
    """Both sides' values for each compared detail, how they compare and what each weighs."""
    return _candidate_out(request, _candidate(request, candidate_id))


@router.post(
    "/candidates/{candidate_id}/review", response=CandidateOut, summary="Confirm, reject, unsure"
)
def review(request: ApiRequest, candidate_id: UUID, payload: ReviewIn) -> Any:
    """Confirming a case and a report links them, adds the match to the case's timeline
    and closes the report as found."""
    candidate = _candidate(request, candidate_id)
    services.review_candidate(
        actor=request.auth,
        candidate=candidate,
        expected_version=payload.version,
        decision=payload.decision,
        reason=payload.reason,
        decided_on=payload.decided_on,
    )
    return _candidate_out(request, _candidate(request, candidate_id))


# --- family tracing -----------------------------------------------------------------------


def _tracing_case(request: ApiRequest, number: str) -> Case:
    case = _case(request, number)
    user = request.auth
    if not (
        case_allows(user, Action.MANAGE_TRACING, case)
        or case_allows(user, Action.REVIEW_MATCHES, case)
    ):
        raise PermissionDenied(_("Your role does not work on tracing."))
    return case


def _tracing_request(request: ApiRequest, number: str, request_id: UUID) -> TracingRequest:
    case = _tracing_case(request, number)
    try:
        return selectors.tracing_request_for(request.auth, case=case, request_id=request_id)
    except TracingRequest.DoesNotExist:
        raise not_found(
            request, object_type="tracing.tracingrequest", object_id=request_id
        ) from None


@router.get(
    "/cases/{number}/tracing-requests",
    response=list[TracingRequestOut],
    summary="A case's family tracing",
)
def list_tracing_requests(request: ApiRequest, number: str) -> Any:
    case = _tracing_case(request, number)
    _read(request, record=case)
    return selectors.tracing_requests_for(request.auth, case=case)


@router.post(
    "/cases/{number}/tracing-requests",
    response={201: TracingRequestOut},
    summary="Start family tracing",
)
def open_tracing_request(request: ApiRequest, number: str, payload: TracingRequestIn) -> Any:
    case = _tracing_case(request, number)
    report = None
    if payload.report_id is not None:
        report = next(
            (
                r
                for r in selectors.reports_matched_to_case(request.auth, case=case)
                if r.pk == payload.report_id
            ),
            None,
        )
        if report is None:
            raise ValidationError({"report_id": _("The report is not matched to this case.")})
    tracing = services.open_tracing_request(
        actor=request.auth,
        case=case,
        family_sought=payload.family_sought,
        last_known_address=payload.last_known_address,
        opened_on=payload.opened_on,
        report=report,
    )
    _read(request, record=case)
    return Status(201, _tracing_request(request, number, tracing.pk))


@router.post(
    "/cases/{number}/tracing-requests/{request_id}/steps",
    response={201: TracingStepOut},
    summary="Record a tracing step",
)
def record_step(request: ApiRequest, number: str, request_id: UUID, payload: TracingStepIn) -> Any:
    """A home visit, a call, a verification. An outcome of `verified` marks the family
    verified and adds FAMILY_TRACED to the timeline."""
    tracing = _tracing_request(request, number, request_id)
    step = services.record_tracing_step(actor=request.auth, request=tracing, **payload.dict())
    return Status(201, step)


@router.post(
    "/cases/{number}/tracing-requests/{request_id}/reunite",
    response=TracingRequestOut,
    summary="Record the reunification",
)
def reunite(request: ApiRequest, number: str, request_id: UUID, payload: ReunificationIn) -> Any:
    tracing = _tracing_request(request, number, request_id)
    services.record_reunification(
        actor=request.auth,
        request=tracing,
        expected_version=payload.version,
        reunited_on=payload.reunited_on,
        summary=payload.summary,
    )
    _read(request, record=tracing.case)
    return _tracing_request(request, number, request_id)


@router.post(
    "/cases/{number}/tracing-requests/{request_id}/close",
    response=TracingRequestOut,
    summary="Stop tracing",
)
def close_tracing(
    request: ApiRequest, number: str, request_id: UUID, payload: CloseTracingIn
) -> Any:
    tracing = _tracing_request(request, number, request_id)
    services.close_tracing_request(
        actor=request.auth,
        request=tracing,
        expected_version=payload.version,
        closed_on=payload.closed_on,
        outcome=payload.outcome,
    )
    return _tracing_request(request, number, request_id)
