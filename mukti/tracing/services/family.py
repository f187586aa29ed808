"""Family tracing: requests, dated steps, verification (FAMILY_TRACED) and reunification
(REUNITED)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.cases.models import Case, EventKind
from mukti.cases.models import Status as CaseStatus
from mukti.cases.services import add_case_event
from mukti.tracing.models import (
    MissingPersonReport,
    StepKind,
    StepOutcome,
    TracingRequest,
    TracingStatus,
    TracingStep,
)
from mukti.tracing.services._shared import as_actor

# --- family tracing -----------------------------------------------------------------------


def _ensure_open_case(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("This case is closed. Reopen it before recording something new."))


def _check_day(*, day: date, not_before: date, field_name: str, before_message: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field_name: _("The date cannot be in the future.")})
    if day < not_before:
        raise ValidationError({field_name: before_message})


@transaction.atomic
def open_tracing_request(
    *,
    actor: Any,
    case: Case,
    family_sought: str,
    opened_on: date,
    last_known_address: str = "",
    report: MissingPersonReport | None = None,
) -> TracingRequest:
    """Start looking for a survivor's family."""
    ensure_can(actor, Action.MANAGE_TRACING, case)
    _ensure_open_case(case)
    if not family_sought.strip():
        raise ValidationError({"family_sought": _("Say whom you are looking for.")})
    _check_day(
        day=opened_on,
        not_before=case.opened_on,
        field_name="opened_on",
        before_message=_("The date is before the case was opened."),
    )
    if report is not None and report.matched_case_id != case.pk:
        raise ValidationError({"report": _("The report is not matched to this case.")})
    request = TracingRequest(
        case=case,
        report=report,
        family_sought=family_sought.strip(),
        last_known_address=last_known_address.strip(),
        opened_on=opened_on,
        created_by=actor,
        updated_by=actor,
    )
    as_actor(request, actor)
    request.save()
    return request


@transaction.atomic
def record_tracing_step(
    *,
    actor: Any,
    request: TracingRequest,
    kind: str,
    happened_on: date,
    outcome: str,
    agency: str = "",
    notes: str = "",
    done_by: Any = None,
) -> TracingStep:
    """A home visit, a call, a verification… An outcome of "family verified" marks the
    family verified and adds FAMILY_TRACED to the case's timeline (once)."""
    case = request.case
    ensure_can(actor, Action.MANAGE_TRACING, case)
    _ensure_open_case(case)
    if request.status not in (TracingStatus.OPEN, TracingStatus.VERIFIED):
        raise ValidationError(_("This tracing request is finished."))
    if kind not in StepKind.values:
        raise ValidationError({"kind": _("Unknown step.")})
    if outcome not in StepOutcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    _check_day(
        day=happened_on,
        not_before=request.opened_on,
        field_name="happened_on",
        before_message=_("The date is before tracing started."),
    )
    step = TracingStep(
        request=request,
        kind=kind,
        happened_on=happened_on,
        done_by=done_by or actor,
        agency=agency.strip(),
        outcome=outcome,
        notes=notes.strip(),
        created_by=actor,
        updated_by=actor,
    )
    as_actor(step, actor)
    step.save()
    if outcome == StepOutcome.VERIFIED and request.status == TracingStatus.OPEN:
        request.status, request.verified_on = TracingStatus.VERIFIED, happened_on
        request.updated_by = actor
        as_actor(request, actor)
        request.save()
        add_case_event(
            actor=actor,
            case=case,
            kind=EventKind.FAMILY_TRACED,
            happened_on=happened_on,
            summary=str(StepKind(kind).label),
            source=request,
        )
    return step


@transaction.atomic
def record_reunification(
    *,
    actor: Any,
    request: TracingRequest,
    expected_version: int,
    reunited_on: date,
    summary: str = "",
) -> TracingRequest:
    """The survivor is back with her family: REUNITED on the timeline. Only after the
    family was verified, and not before that day."""
    case = request.case
    ensure_can(actor, Action.MANAGE_TRACING, case)
    _ensure_open_case(case)
    if request.status != TracingStatus.VERIFIED or request.verified_on is None:
        raise ValidationError(_("Verify the family before recording the reunification."))
    _check_day(
        day=reunited_on,
        not_before=request.verified_on,
        field_name="reunited_on",
        before_message=_("The reunification cannot come before the family was verified."),
    )
    request.version = expected_version
    request.status, request.reunited_on = TracingStatus.REUNITED, reunited_on
    request.outcome = summary.strip()
    request.updated_by = actor
    as_actor(request, actor)
    request.save()
    add_case_event(
        actor=actor,
        case=case,
        kind=EventKind.REUNITED,
        happened_on=reunited_on,
        summary=summary.strip(),
        source=request,
    )
    return request


@transaction.atomic
def close_tracing_request(
    *, actor: Any, request: TracingRequest, expected_version: int, closed_on: date, outcome: str
) -> TracingRequest:
    """Stop tracing without a reunification (the family cannot be found, return is not
    safe…); the reason is kept."""
    ensure_can(actor, Action.MANAGE_TRACING, request.case)
    if request.status in (TracingStatus.REUNITED, TracingStatus.CLOSED):
        raise ValidationError(_("This tracing request is finished."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say why tracing stops.")})
    _check_day(
        day=closed_on,
        not_before=request.opened_on,
        field_name="closed_on",
        before_message=_("The date is before tracing started."),
    )
    request.version = expected_version
    request.status, request.closed_on, request.outcome = (
        TracingStatus.CLOSED,
        closed_on,
        outcome.strip(),
    )
    request.updated_by = actor
    as_actor(request, actor)
    request.save()
    return request
