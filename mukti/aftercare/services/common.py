"""What every aftercare write checks first: the role, the restricted section, an open case,
and dates that can be true."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mukti.accounts.permissions import ensure_can, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.aftercare.timeline import EventSpec, event_spec, sync_event
from mukti.cases.models import Case, Status
from mukti.core.models import BaseModel


def ensure_may_record_care(actor: Any, case: Case, section: str = Section.GENERAL) -> None:
    """The role records care on this case, and reads the section the record belongs to."""
    ensure_can(actor, Action.RECORD_CARE, case)
    if section != Section.GENERAL and section not in readable_sections(actor, case):
        raise PermissionDenied(_("Your role cannot record in this section."))


def ensure_open(case: Case, message: str = "") -> None:
    """Nothing new is recorded on a closed case until it is reopened."""
    if case.status == Status.CLOSED:
        raise ValidationError(
            message or _("This case is closed. Reopen it before recording something new.")
        )


def check_date(
    field: str,
    value: date | None,
    *,
    case: Case,
    may_be_future: bool = False,
    required: bool = True,
) -> None:
    """A date that can be true for this case: not in the future (unless planned), not
    before the survivor was born, not before the case was opened."""
    if value is None:
        if required:
            raise ValidationError({field: _("Give the date.")})
        return
    if not may_be_future and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    birth_date = case.survivor.birth_date
    if birth_date and value < birth_date:
        raise ValidationError({field: _("The date is before the survivor's date of birth.")})
    if value < case.opened_on:
        raise ValidationError(
            {
                field: _("The date is before the case was opened (%(opened)s).")
                % {"opened": date_format(case.opened_on)}
            }
        )


def check_not_before(field: str, value: date, *, earliest: date, message: str) -> None:
    if value < earliest:
        raise ValidationError({field: message % {"date": date_format(earliest)}})


def as_actor(record: BaseModel, actor: Any) -> None:
    """Who made this change, for the record and its history row."""
    if record._state.adding:
        record.created_by = actor
    record.updated_by = actor
    record._history_user = actor  # type: ignore[attr-defined]


def save(record: BaseModel, *, actor: Any, expected_version: int | None = None) -> None:
    """Validate and save; an edit made on an older version raises StaleEditError."""
    if expected_version is not None:
        record.version = expected_version
    as_actor(record, actor)
    record.full_clean(validate_constraints=False)
    record.save()


def save_with_event(
    record: BaseModel,
    *,
    actor: Any,
    before: EventSpec | None = None,
    expected_version: int | None = None,
) -> None:
    """Save, then bring the record's timeline event in step with it."""
    save(record, actor=actor, expected_version=expected_version)
    sync_event(actor=actor, record=record, before=before)


def set_archived(record: models.Model, *, actor: Any, archived: bool) -> None:
    """Archive (entered in error, hidden from lists) or restore; the event follows."""
    before = event_spec(record)
    record.archived_at = timezone.now() if archived else None  # type: ignore[attr-defined]
    save_with_event(record, actor=actor, before=before)  # type: ignore[arg-type]


def clean_text(value: str | None) -> str:
    return (value or "").strip()
