"""Queueing pairs and reviewing them: confirm (link, timeline event, report found), reject,
unsure; a confirmed pair of reports closes the newer as a duplicate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.permissions import case_allows, office_allows
from mukti.accounts.roles import Action
from mukti.cases.models import Case, EventKind
from mukti.cases.models import Status as CaseStatus
from mukti.cases.services import add_case_event
from mukti.tracing.models import (
    CandidateKind,
    MatchCandidate,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
)
from mukti.tracing.services._shared import as_actor, reindex_after_commit

# --- match candidates and their review ----------------------------------------------------


def may_review(actor: Any, candidate: MatchCandidate) -> bool:
    if not office_allows(actor, Action.REVIEW_MATCHES, candidate.report.office):
        return False
    if candidate.case is not None:
        return case_allows(actor, Action.REVIEW_MATCHES, candidate.case)
    other = candidate.other_report
    return other is not None and office_allows(actor, Action.REVIEW_MATCHES, other.office)


def _ensure_may_review(actor: Any, candidate: MatchCandidate) -> None:
    if not may_review(actor, candidate):
        raise PermissionDenied(_("Your role does not allow this."))


@dataclass(frozen=True)
class FoundPair:
    """A pair matching found, as the review queue stores it (no names)."""

    match_probability: float
    match_weight: float
    evidence: list[dict[str, Any]]
    model_version: str
    person_age: int | None = None


@transaction.atomic
def queue_case_candidate(
    *, actor: Any, case: Case, report: MissingPersonReport, found: FoundPair
) -> MatchCandidate:
    """Put a case and a report the interactive search found into the review queue (once:
    the pair is unique, and asking again returns the one already queued)."""
    if not (
        case_allows(actor, Action.REVIEW_MATCHES, case)
        and office_allows(actor, Action.REVIEW_MATCHES, report.office)
    ):
        raise PermissionDenied(_("Your role does not allow this."))
    existing = MatchCandidate.objects.filter(case=case, report=report).first()
    if existing:
        return existing
    candidate = MatchCandidate(
        kind=CandidateKind.CASE_REPORT,
        case=case,
        report=report,
        office=case.office,
        match_probability=found.match_probability,
        match_weight=found.match_weight,
        evidence=found.evidence,
        model_version=found.model_version,
        person_age=found.person_age,
        created_by=actor,
        updated_by=actor,
    )
    as_actor(candidate, actor)
    candidate.save()
    return candidate


_DECISIONS = (ReviewStatus.CONFIRMED, ReviewStatus.REJECTED, ReviewStatus.UNSURE)


@transaction.atomic
def review_candidate(
    *,
    actor: Any,
    candidate: MatchCandidate,
    expected_version: int,
    decision: str,
    reason: str,
    decided_on: date | None = None,
) -> MatchCandidate:
    """Confirm, reject or leave unsure, with a reason. Confirming a case and a report links
    them, adds MATCHED_TO_MISSING_REPORT to the case's timeline and closes the report as
    found; confirming two reports closes the later one as a duplicate of the other.
    Confirmed and rejected reviews are the labels the next model learns from."""
    _ensure_may_review(actor, candidate)
    if decision not in _DECISIONS:
        raise ValidationError({"decision": _("Choose confirm, reject or unsure.")})
    if candidate.status in (ReviewStatus.CONFIRMED, ReviewStatus.SET_ASIDE):
        raise ValidationError(_("This pair has been decided already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you decided this.")})
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    candidate.version = expected_version
    candidate.status = decision
    candidate.review_reason = reason.strip()
    candidate.reviewed_by = actor
    candidate.reviewed_at = timezone.now()
    candidate.updated_by = actor
    as_actor(candidate, actor)
    candidate.save()
    if decision == ReviewStatus.CONFIRMED:
        if candidate.kind == CandidateKind.CASE_REPORT:
            _link_report_to_case(actor=actor, candidate=candidate, found_on=decided_on)
        else:
            _close_as_duplicate(actor=actor, candidate=candidate, closed_on=decided_on)
    return candidate


def _lock_open_report(report: MissingPersonReport) -> MissingPersonReport:
    locked = MissingPersonReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.OPEN:
        raise ValidationError(_("This report is already found or closed."))
    return locked


def _link_report_to_case(*, actor: Any, candidate: MatchCandidate, found_on: date) -> None:
    case = candidate.case
    assert case is not None  # noqa: S101 - a case-and-report candidate names its case
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("This case is closed. Reopen it before recording something new."))
    if found_on < case.opened_on:
        raise ValidationError({"decided_on": _("The date is before the case was opened.")})
    report = _lock_open_report(candidate.report)
    report.status, report.found_on, report.closed_on = ReportStatus.FOUND, found_on, found_on
    report.matched_case = case
    report.closing_reason = _("Matched to case %(number)s.") % {"number": case.number}
    report.updated_by = actor
    as_actor(report, actor)
    report.save()
    add_case_event(
        actor=actor,
        case=case,
        kind=EventKind.MATCHED_TO_MISSING_REPORT,
        happened_on=found_on,
        summary=_("Missing-person report from %(source)s, reported on %(date)s.")
        % {"source": report.source_name, "date": report.reported_on.isoformat()},
        source=report,
    )
    _set_aside_others(actor=actor, candidate=candidate, report=report)
    reindex_after_commit([report.pk])


def _close_as_duplicate(*, actor: Any, candidate: MatchCandidate, closed_on: date) -> None:
    """The newer report of the two closes as a duplicate of the older one."""
    assert candidate.other_report is not None  # noqa: S101 - two-report candidates name both
    first, second = sorted(
        (candidate.report, candidate.other_report), key=lambda r: (r.reported_on, r.created_at)
    )
    duplicate = _lock_open_report(second)
    if closed_on < duplicate.reported_on:
        raise ValidationError({"decided_on": _("A report cannot close before it was made.")})
    duplicate.status, duplicate.closed_on = ReportStatus.CLOSED, closed_on
    duplicate.duplicate_of = first
    duplicate.closing_reason = _("A duplicate of another report of the same person.")
    duplicate.updated_by = actor
    as_actor(duplicate, actor)
    duplicate.save()
    reindex_after_commit([duplicate.pk])


def _set_aside_others(
    *, actor: Any, candidate: MatchCandidate, report: MissingPersonReport
) -> None:
    """The report's other open candidates (other cases) no longer need a decision."""
    others = MatchCandidate.objects.filter(
        kind=CandidateKind.CASE_REPORT,
        report=report,
        status__in=(ReviewStatus.PENDING, ReviewStatus.UNSURE),
    ).exclude(pk=candidate.pk)
    for other in others:
        other.status = ReviewStatus.SET_ASIDE
        other.updated_by = actor
        as_actor(other, actor)
        other.save()
