"""Follow-ups: a phone call, home visit or video call, planned for a due date and then done
with an outcome. Done follow-ups count toward the follow-up indicator."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.aftercare.models import FollowUp, FollowUpKind, FollowUpOutcome, FollowUpStatus
from mukti.aftercare.services.common import (
    check_date,
    clean_text,
    ensure_may_record_care,
    ensure_open,
    save_with_event,
    set_archived,
)
from mukti.aftercare.timeline import event_spec
from mukti.cases.models import Case

CLOSED_CASE = gettext_lazy(
    "This case is closed. Reopen it before planning or recording a follow-up."
)


def _check_kind(kind: str) -> None:
    if kind not in FollowUpKind.values:
        raise ValidationError({"kind": _("Choose a phone call, home visit or video call.")})


def _check_outcome(outcome: str) -> None:
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})


def _ensure_may_follow_up(actor: Any, case: Case) -> None:
    ensure_may_record_care(actor, case)
    ensure_open(case, str(CLOSED_CASE))


@transaction.atomic
def plan_follow_up(*, actor: Any, case: Case, kind: str, due_on: date, notes: str = "") -> FollowUp:
    """A follow-up due by a date; it shows in the worker's due and overdue queue."""
    _ensure_may_follow_up(actor, case)
    _check_kind(kind)
    check_date("due_on", due_on, case=case, may_be_future=True)
    follow_up = FollowUp(
        case=case, kind=kind, status=FollowUpStatus.PLANNED, due_on=due_on, notes=clean_text(notes)
    )
    save_with_event(follow_up, actor=actor)
    return follow_up


@transaction.atomic
def record_follow_up(
    *, actor: Any, case: Case, kind: str, done_on: date, outcome: str, notes: str = ""
) -> FollowUp:
    """A follow-up done without having been planned (a call the survivor made, say)."""
    _ensure_may_follow_up(actor, case)
    _check_kind(kind)
    _check_outcome(outcome)
    check_date("done_on", done_on, case=case)
    follow_up = FollowUp(
        case=case,
        kind=kind,
        status=FollowUpStatus.DONE,
        done_on=done_on,
        outcome=outcome,
        notes=clean_text(notes),
    )
    save_with_event(follow_up, actor=actor)
    return follow_up


@transaction.atomic
def complete_follow_up(
    *,
    actor: Any,
    follow_up: FollowUp,
    expected_version: int,
    done_on: date,
    outcome: str,
    notes: str = "",
    kind: str | None = None,
) -> FollowUp:
    """A planned follow-up done: it leaves the queue and goes on the timeline."""
    _ensure_may_follow_up(actor, follow_up.case)
    if follow_up.status != FollowUpStatus.PLANNED:
        raise ValidationError(_("Only a planned follow-up can be marked done."))
    kind = kind or follow_up.kind
    _check_kind(kind)
    _check_outcome(outcome)
    check_date("done_on", done_on, case=follow_up.case)
    follow_up.kind, follow_up.status = kind, FollowUpStatus.DONE
    follow_up.done_on, follow_up.outcome = done_on, outcome
    follow_up.notes = clean_text(notes) or follow_up.notes
    save_with_event(follow_up, actor=actor, expected_version=expected_version)
    return follow_up


@transaction.atomic
def update_follow_up(
    *,
    actor: Any,
    follow_up: FollowUp,
    expected_version: int,
    kind: str,
    notes: str = "",
    due_on: date | None = None,
    done_on: date | None = None,
    outcome: str = "",
) -> FollowUp:
    """Change a planned follow-up (kind, due date) or a done one (kind, date, outcome);
    a changed date corrects its timeline event."""
    _ensure_may_follow_up(actor, follow_up.case)
    if follow_up.status == FollowUpStatus.CANCELLED:
        raise ValidationError(_("This follow-up was cancelled. Restore it before changing it."))
    _check_kind(kind)
    case = follow_up.case
    if follow_up.status == FollowUpStatus.PLANNED:
        check_date("due_on", due_on, case=case, may_be_future=True)
        follow_up.due_on = due_on
    else:
        _check_outcome(outcome)
        check_date("done_on", done_on, case=case)
        follow_up.done_on, follow_up.outcome = done_on, outcome
    before = event_spec(follow_up)
    follow_up.kind, follow_up.notes = kind, clean_text(notes)
    save_with_event(follow_up, actor=actor, before=before, expected_version=expected_version)
    return follow_up


@transaction.atomic
def cancel_follow_up(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    """A planned follow-up that will not happen; it leaves the queue and can be restored."""
    _ensure_may_follow_up(actor, follow_up.case)
    if follow_up.status != FollowUpStatus.PLANNED:
        raise ValidationError(_("Only a planned follow-up can be cancelled."))
    follow_up.status = FollowUpStatus.CANCELLED
    save_with_event(follow_up, actor=actor)
    return follow_up


@transaction.atomic
def restore_cancelled_follow_up(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    _ensure_may_follow_up(actor, follow_up.case)
    if follow_up.status != FollowUpStatus.CANCELLED:
        raise ValidationError(_("This follow-up is not cancelled."))
    follow_up.status = FollowUpStatus.PLANNED
    save_with_event(follow_up, actor=actor)
    return follow_up


@transaction.atomic
def set_follow_up_archived(*, actor: Any, follow_up: FollowUp, archived: bool) -> FollowUp:
    """A follow-up recorded in error leaves the lists and the timeline; it can be restored."""
    _ensure_may_follow_up(actor, follow_up.case)
    set_archived(follow_up, actor=actor, archived=archived)
    return follow_up
