"""Reads of tracing records, always narrowed to what the acting user may see.

Reports belong to an office: roles that manage tracing or review matches read the reports
of their offices (all offices of the organisation for organisation-wide roles). A match
candidate is shown only when both sides are: its report, and its case in the user's case
scope.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mukti.accounts.models import Office
from mukti.accounts.permissions import case_allows, case_scope_q
from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing
from mukti.cases.models import Case
from mukti.core.names import name_search_tokens
from mukti.people.models import PersonName, PersonNameToken
from mukti.tracing.models import (
    MatchCandidate,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
    TracingJob,
    TracingRequest,
)

# Reading a report is part of both tracing roles' work.
_READING_ACTIONS = (Action.MANAGE_TRACING, Action.REVIEW_MATCHES)
MAX_NAME_MATCHES = 5000


def report_offices(user: Any, *, action: str | None = None) -> QuerySet[Office]:
    """Offices whose reports the user may read (or, given `action`, act on)."""
    actions = (action,) if action else _READING_ACTIONS
    offices = Office.objects.none()
    for each in actions:
        offices = offices | offices_allowing(user, each)
    return offices.distinct()


def _office_ids(user: Any, *, action: str | None = None) -> set[Any]:
    return set(report_offices(user, action=action).values_list("pk", flat=True))


def may_read_reports(user: Any) -> bool:
    return bool(_office_ids(user))


def reports_visible_to(user: Any, *, action: str | None = None) -> QuerySet[MissingPersonReport]:
    return MissingPersonReport.objects.filter(office_id__in=_office_ids(user, action=action))


def _with_person(reports: QuerySet[MissingPersonReport]) -> QuerySet[MissingPersonReport]:
    return reports.select_related("office", "person", "matched_case").prefetch_related(
        Prefetch("person__names", queryset=PersonName.objects.order_by("-is_primary", "created_at"))
    )


def report_for(user: Any, *, report_id: Any, action: str | None = None) -> MissingPersonReport:
    """One report; MissingPersonReport.DoesNotExist if outside the user's offices."""
    return (
        _with_person(reports_visible_to(user, action=action))
        .prefetch_related("person__phones", "person__addresses", "person__identity_documents")
        .get(pk=report_id)
    )


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""
    office_id: str = ""
    query: str = ""  # a name (spelling-tolerant)
    reported_from: date | None = None
    reported_to: date | None = None


@dataclass(frozen=True)
class ReportPage:
    reports: list[MissingPersonReport]
    next_cursor: str | None


def _encode_cursor(report: MissingPersonReport) -> str:
    payload = json.dumps([report.created_at.isoformat(), str(report.pk)]).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    try:
        created_at, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), str(pk)
    except (ValueError, TypeError):
        return None


def persons_named(name: str) -> list[Any]:
    """Person ids whose names sound like every word of `name` (only ids leave here)."""
    tokens = name_search_tokens(name)
    if not tokens:
        return []
    matching = (
        PersonNameToken.objects.filter(token__in=tokens)
        .values("person_id")
        .annotate(hits=Count("token", distinct=True))
        .filter(hits=len(tokens))
        .values_list("person_id", flat=True)
    )
    return list(matching[:MAX_NAME_MATCHES])


def report_page(user: Any, *, filters: ReportFilters, cursor: str = "") -> ReportPage:
    """Newest first, paginated by key (never by counting)."""
    reports = reports_visible_to(user)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.office_id:
        reports = reports.filter(office_id=filters.office_id)
    if filters.reported_from:
        reports = reports.filter(reported_on__gte=filters.reported_from)
    if filters.reported_to:
        reports = reports.filter(reported_on__lte=filters.reported_to)
    if filters.query.strip():
        reports = reports.filter(person_id__in=persons_named(filters.query))
    position = _decode_cursor(cursor) if cursor else None
    if position:
        created_at, pk = position
        reports = reports.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    size = settings.MUKTI_PAGE_SIZE
    page = list(_with_person(reports).order_by("-created_at", "-id")[: size + 1])
    next_cursor = _encode_cursor(page[size - 1]) if len(page) > size else None
    return ReportPage(reports=page[:size], next_cursor=next_cursor)


def open_reports(user: Any) -> QuerySet[MissingPersonReport]:
    return reports_visible_to(user).filter(status=ReportStatus.OPEN)


# --- match candidates ---------------------------------------------------------------------


def candidates_visible_to(user: Any) -> QuerySet[MatchCandidate]:
    """Candidates whose report is in the user's review offices and whose case (if any) is
    in the user's case scope for reviewing matches."""
    offices = _office_ids(user, action=Action.REVIEW_MATCHES)
    if not offices:
        return MatchCandidate.objects.none()
    cases = Case.objects.filter(case_scope_q(user, Action.REVIEW_MATCHES)).values("pk")
    return MatchCandidate.objects.filter(report__office_id__in=offices).filter(
        Q(case__isnull=True, other_report__office_id__in=offices) | Q(case_id__in=cases)
    )


def may_review_matches(user: Any) -> bool:
    return bool(_office_ids(user, action=Action.REVIEW_MATCHES))


@dataclass(frozen=True)
class CandidateFilters:
    status: str = ReviewStatus.PENDING
    office_id: str = ""
    kind: str = ""
    min_probability: float | None = None
    max_probability: float | None = None
    min_age: int | None = None  # the missing person's age when reported
    max_age: int | None = None
    waiting_days: int | None = None  # found at least this many days ago


@dataclass(frozen=True)
class CandidatePage:
    candidates: list[MatchCandidate]
    next_cursor: str | None


def _candidate_cursor(candidate: MatchCandidate) -> str:
    payload = json.dumps([candidate.match_probability, str(candidate.pk)]).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_candidate_cursor(cursor: str) -> tuple[float, str] | None:
    try:
        probability, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return float(probability), str(pk)
    except (ValueError, TypeError):
        return None


def _filtered_candidates(
    candidates: QuerySet[MatchCandidate], filters: CandidateFilters
) -> QuerySet[MatchCandidate]:
    if filters.status:
        candidates = candidates.filter(status=filters.status)
    if filters.office_id:
        candidates = candidates.filter(office_id=filters.office_id)
    if filters.kind:
        candidates = candidates.filter(kind=filters.kind)
    if filters.min_probability is not None:
        candidates = candidates.filter(match_probability__gte=filters.min_probability)
    if filters.max_probability is not None:
        candidates = candidates.filter(match_probability__lte=filters.max_probability)
    if filters.min_age is not None:
        candidates = candidates.filter(person_age__gte=filters.min_age)
    if filters.max_age is not None:
        candidates = candidates.filter(person_age__lte=filters.max_age)
    if filters.waiting_days is not None:
        since = timezone.now() - timedelta(days=filters.waiting_days)
        candidates = candidates.filter(created_at__lte=since)
    return candidates


def _with_both_sides(candidates: QuerySet[MatchCandidate]) -> QuerySet[MatchCandidate]:
    names = PersonName.objects.order_by("-is_primary", "created_at")
    return candidates.select_related(
        "office",
        "case",
        "case__survivor",
        "report",
        "report__office",
        "report__person",
        "other_report",
        "other_report__person",
        "reviewed_by",
    ).prefetch_related(
        Prefetch("case__survivor__names", queryset=names),
        Prefetch("report__person__names", queryset=names),
        Prefetch("other_report__person__names", queryset=names),
    )


def candidate_page(user: Any, *, filters: CandidateFilters, cursor: str = "") -> CandidatePage:
    """The review queue: the most probable first, paginated by key."""
    candidates = _filtered_candidates(candidates_visible_to(user), filters)
    position = _decode_candidate_cursor(cursor) if cursor else None
    if position:
        probability, pk = position
        candidates = candidates.filter(
            Q(match_probability__lt=probability) | Q(match_probability=probability, pk__lt=pk)
        )
    size = settings.MUKTI_PAGE_SIZE
    page = list(_with_both_sides(candidates).order_by("-match_probability", "-id")[: size + 1])
    next_cursor = _candidate_cursor(page[size - 1]) if len(page) > size else None
    return CandidatePage(candidates=page[:size], next_cursor=next_cursor)


def candidate_for(user: Any, *, candidate_id: Any) -> MatchCandidate:
    """One candidate; MatchCandidate.DoesNotExist if either side is out of reach."""
    return _with_both_sides(candidates_visible_to(user)).get(pk=candidate_id)


def candidates_for_case(user: Any, *, case: Case) -> list[MatchCandidate]:
    """The candidates already found for one case, best first."""
    if not case_allows(user, Action.REVIEW_MATCHES, case):
        return []
    candidates = candidates_visible_to(user).filter(case_id=case.pk)
    return list(_with_both_sides(candidates).order_by("-match_probability"))


def candidates_for_report(user: Any, *, report: MissingPersonReport) -> list[MatchCandidate]:
    candidates = candidates_visible_to(user).filter(
        Q(report_id=report.pk) | Q(other_report_id=report.pk)
    )
    return list(_with_both_sides(candidates).order_by("-match_probability"))


def pending_candidate_count(user: Any) -> int:
    return candidates_visible_to(user).filter(status=ReviewStatus.PENDING).count()


def reports_matched_to_case(user: Any, *, case: Case) -> list[MissingPersonReport]:
    if not case_allows(user, Action.VIEW_CASE, case):
        return []
    return list(_with_person(reports_visible_to(user).filter(matched_case_id=case.pk)))


# --- jobs ---------------------------------------------------------------------------------


def jobs_visible_to(user: Any) -> QuerySet[TracingJob]:
    """Jobs the user started, and imports into the offices whose reports they manage."""
    offices = _office_ids(user, action=Action.MANAGE_TRACING)
    return TracingJob.objects.filter(Q(created_by=user) | Q(office_id__in=offices))


def job_for(user: Any, *, job_id: Any) -> TracingJob:
    return jobs_visible_to(user).get(pk=job_id)


def recent_jobs(user: Any, *, limit: int = 20) -> list[TracingJob]:
    jobs = jobs_visible_to(user).defer("sealed_file").select_related("office", "created_by")
    return list(jobs.order_by("-created_at")[:limit])


# --- family tracing -----------------------------------------------------------------------


def tracing_requests_for(user: Any, *, case: Case) -> list[TracingRequest]:
    """The case's tracing requests with their steps, for users who may see tracing."""
    if not (
        case_allows(user, Action.MANAGE_TRACING, case)
        or case_allows(user, Action.REVIEW_MATCHES, case)
    ):
        return []
    requests = TracingRequest.objects.filter(case_id=case.pk).select_related("report")
    return list(requests.prefetch_related("steps", "steps__done_by"))


def tracing_request_for(user: Any, *, case: Case, request_id: Any) -> TracingRequest:
    for request in tracing_requests_for(user, case=case):
        if request.pk == request_id:
            return request
    raise TracingRequest.DoesNotExist
