"""Every write to a case: one function per user action, one transaction each, each adding
its event to the timeline."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office, Team
from mukti.accounts.permissions import ensure_can, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.cases.models import (
    Attachment,
    AttachmentContent,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNumberSequence,
    CaseShare,
    EventKind,
    ExploitationProfile,
    Note,
    Risk,
    Stage,
    Status,
)
from mukti.core.crypto import encrypt_bytes
from mukti.people.models import Person
from mukti.people.services import PersonDetails, record_person

# Events that may be recorded on a closed case (the rest need the case reopened first).
_EVENTS_ON_CLOSED_CASE = {EventKind.CLOSED, EventKind.REOPENED}


@dataclass(frozen=True)
class ExploitationInput:
    types: list[str] = field(default_factory=list)
    sector: str = ""
    recruitment: list[str] = field(default_factory=list)
    means_of_control: list[str] = field(default_factory=list)
    countries_of_origin: list[str] = field(default_factory=list)
    countries_of_transit: list[str] = field(default_factory=list)
    countries_of_exploitation: list[str] = field(default_factory=list)


def _as_actor(record: models.Model, actor: Any) -> None:
    record._history_user = actor  # type: ignore[attr-defined]


def _next_case_number(*, office: Office, year: int) -> str:
    """`BD-KHU-2026-0042`: office code, year, and a number that never repeats in the year."""
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(
        office=office, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{office.code}-{year}-{sequence.last_number:04d}"


def validate_event_date(*, happened_on: date, survivor: Person) -> None:
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    if survivor.birth_date and happened_on < survivor.birth_date:
        raise ValidationError(
            {"happened_on": _("The date is before the survivor's date of birth.")}
        )


@transaction.atomic
def open_case(
    *,
    actor: Any,
    office: Office,
    survivor: Person,
    opened_on: date,
    team: Team | None = None,
    risk: str = Risk.MEDIUM,
    stage: str = Stage.IDENTIFIED,
    involves_sexual_exploitation: bool = False,
    has_health_information: bool = False,
    exploitation: ExploitationInput | None = None,
    assign_actor: bool = True,
) -> Case:
    """Open a case for a survivor in an office; the opener becomes its lead worker."""
    ensure_can(actor, Action.OPEN_CASE, office)
    if team is not None and team.office_id != office.pk:
        raise ValidationError({"team": _("The team belongs to another office.")})
    validate_event_date(happened_on=opened_on, survivor=survivor)
    case = Case(
        number=_next_case_number(office=office, year=opened_on.year),
        office=office,
        team=team,
        survivor=survivor,
        opened_on=opened_on,
        stage=stage,
        status=Status.OPEN,
        risk=risk,
        involves_sexual_exploitation=involves_sexual_exploitation,
        has_health_information=has_health_information,
        created_by=actor,
        updated_by=actor,
    )
    _as_actor(case, actor)
    case.full_clean()
    case.save()
    profile = ExploitationProfile(case=case, created_by=actor, updated_by=actor)
    for name, value in vars(exploitation or ExploitationInput()).items():
        setattr(profile, name, value)
    _as_actor(profile, actor)
    profile.save()
    if assign_actor:
        assign_worker(actor=actor, case=case, worker=actor, is_lead=True, check=False)
    add_case_event(actor=actor, case=case, kind=EventKind.OPENED, happened_on=opened_on)
    return case


@transaction.atomic
def open_case_for_new_survivor(
    *,
    actor: Any,
    office: Office,
    survivor: PersonDetails,
    opened_on: date,
    team: Team | None = None,
    risk: str = Risk.MEDIUM,
    stage: str = Stage.IDENTIFIED,
    involves_sexual_exploitation: bool = False,
    has_health_information: bool = False,
    exploitation: ExploitationInput | None = None,
) -> Case:
    """A newly rescued person and their case, together: if the case fails, no person stays."""
    person = record_person(actor=actor, office=office, **vars(survivor))
    return open_case(
        actor=actor,
        office=office,
        survivor=person,
        opened_on=opened_on,
        team=team,
        risk=risk,
        stage=stage,
        involves_sexual_exploitation=involves_sexual_exploitation,
        has_health_information=has_health_information,
        exploitation=exploitation,
    )


@transaction.atomic
def add_case_event(
    *,
    actor: Any,
    case: Case,
    kind: str,
    happened_on: date,
    summary: str = "",
    source: models.Model | None = None,
) -> CaseEvent:
    """A dated step in the survivor's journey; indicators count these."""
    ensure_can(actor, Action.ADD_EVENT, case)
    if case.status == Status.CLOSED and kind not in _EVENTS_ON_CLOSED_CASE:
        raise ValidationError(
            {"kind": _("This case is closed. Reopen it before recording something new.")}
        )
    validate_event_date(happened_on=happened_on, survivor=case.survivor)
    event = CaseEvent(
        case=case,
        kind=kind,
        happened_on=happened_on,
        summary=summary,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=source.pk if source is not None else None,
        created_by=actor,
        updated_by=actor,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def update_case(
    *,
    actor: Any,
    case: Case,
    expected_version: int,
    risk: str,
    stage: str,
    team: Team | None,
    involves_sexual_exploitation: bool,
    has_health_information: bool,
    stage_changed_on: date | None = None,
) -> Case:
    """Change a case's details; refused (StaleEditError) if it changed since the user saw it."""
    ensure_can(actor, Action.CHANGE_CASE, case)
    if team is not None and team.office_id != case.office_id:
        raise ValidationError({"team": _("The team belongs to another office.")})
    previous_stage = case.stage
    case.version = expected_version
    case.risk, case.stage, case.team = risk, stage, team
    case.involves_sexual_exploitation = involves_sexual_exploitation
    case.has_health_information = has_health_information
    case.updated_by = actor
    _as_actor(case, actor)
    case.full_clean()
    case.save()
    if stage != previous_stage:
        add_case_event(
            actor=actor,
            case=case,
            kind=EventKind.STAGE_CHANGED,
            happened_on=stage_changed_on or timezone.localdate(),
            summary=str(Stage(stage).label),
        )
    return case


@transaction.atomic
def update_exploitation(
    *, actor: Any, case: Case, expected_version: int, exploitation: ExploitationInput
) -> ExploitationProfile:
    ensure_can(actor, Action.CHANGE_CASE, case)
    if Section.SEXUAL_EXPLOITATION not in readable_sections(actor, case) and (
        case.involves_sexual_exploitation
    ):
        raise PermissionDenied(_("Your role cannot change sexual-exploitation details."))
    profile = case.exploitation
    profile.version = expected_version
    for name, value in vars(exploitation).items():
        setattr(profile, name, value)
    profile.updated_by = actor
    _as_actor(profile, actor)
    profile.save()
    return profile


@transaction.atomic
def close_case(
    *, actor: Any, case: Case, expected_version: int, closed_on: date, reason: str
) -> Case:
    """Close, never delete: the case and its timeline stay, and it can be reopened."""
    ensure_can(actor, Action.CLOSE_CASE, case)
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is already closed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is being closed.")})
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("A case cannot close before it was opened.")})
    case.version = expected_version
    case.status, case.closed_on, case.closing_reason = Status.CLOSED, closed_on, reason.strip()
    case.updated_by = actor
    _as_actor(case, actor)
    case.save()
    add_case_event(actor=actor, case=case, kind=EventKind.CLOSED, happened_on=closed_on)
    return case


@transaction.atomic
def reopen_case(
    *, actor: Any, case: Case, expected_version: int, reopened_on: date, reason: str
) -> Case:
    ensure_can(actor, Action.CLOSE_CASE, case)
    if case.status != Status.CLOSED:
        raise ValidationError(_("This case is open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is being reopened.")})
    if case.closed_on and reopened_on < case.closed_on:
        raise ValidationError({"reopened_on": _("A case cannot reopen before it was closed.")})
    case.version = expected_version
    case.status, case.closed_on, case.closing_reason = Status.OPEN, None, ""
    case.updated_by = actor
    _as_actor(case, actor)
    case.save()
    add_case_event(
        actor=actor, case=case, kind=EventKind.REOPENED, happened_on=reopened_on, summary=reason
    )
    return case


@transaction.atomic
def assign_worker(
    *, actor: Any, case: Case, worker: Any, is_lead: bool = False, check: bool = True
) -> CaseAssignment:
    if check:
        ensure_can(actor, Action.ASSIGN_CASE, case)
    existing = case.assignments.filter(user=worker, ended_at__isnull=True).first()
    if existing:
        return existing
    assignment = CaseAssignment(
        case=case, user=worker, is_lead=is_lead, created_by=actor, updated_by=actor
    )
    _as_actor(assignment, actor)
    assignment.save()
    return assignment


@transaction.atomic
def end_assignment(*, actor: Any, assignment: CaseAssignment) -> CaseAssignment:
    ensure_can(actor, Action.ASSIGN_CASE, assignment.case)
    assignment.ended_at = timezone.now()
    assignment.updated_by = actor
    _as_actor(assignment, actor)
    assignment.save()
    return assignment


@transaction.atomic
def share_case(
    *, actor: Any, case: Case, reason: str, user: Any = None, team: Team | None = None
) -> CaseShare:
    """Let one user or team outside the case's usual scope work on it, for a stated reason."""
    ensure_can(actor, Action.SHARE_CASE, case)
    if (user is None) == (team is None):
        raise ValidationError(_("Share with one user or one team."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is being shared.")})
    share = CaseShare(
        case=case, user=user, team=team, reason=reason.strip(), created_by=actor, updated_by=actor
    )
    _as_actor(share, actor)
    share.save()
    return share


@transaction.atomic
def revoke_share(*, actor: Any, share: CaseShare) -> CaseShare:
    ensure_can(actor, Action.SHARE_CASE, share.case)
    share.revoked_at = timezone.now()
    share.updated_by = actor
    _as_actor(share, actor)
    share.save()
    return share


def _ensure_section(actor: Any, case: Case, section: str) -> None:
    if section not in readable_sections(actor, case):
        raise PermissionDenied(_("Your role cannot write in this section."))


@transaction.atomic
def add_note(*, actor: Any, case: Case, body: str, section: str = Section.GENERAL) -> Note:
    """A note; a restricted section makes it readable only by the roles that need it."""
    ensure_can(actor, Action.ADD_NOTE, case)
    _ensure_section(actor, case, section)
    if not body.strip():
        raise ValidationError({"body": _("The note is empty.")})
    note = Note(case=case, section=section, body=body, created_by=actor, updated_by=actor)
    _as_actor(note, actor)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def archive_note(*, actor: Any, note: Note) -> Note:
    """Hide a note from the case page; it stays in history and can be restored."""
    ensure_can(actor, Action.ADD_NOTE, note.case)
    _ensure_section(actor, note.case, note.section)
    note.archived_at = timezone.now()
    note.updated_by = actor
    _as_actor(note, actor)
    note.save()
    return note


@transaction.atomic
def restore_note(*, actor: Any, note: Note) -> Note:
    ensure_can(actor, Action.ADD_NOTE, note.case)
    _ensure_section(actor, note.case, note.section)
    note.archived_at = None
    note.updated_by = actor
    _as_actor(note, actor)
    note.save()
    return note


def _sniffed_type(content: bytes) -> str:
    """The type the bytes show, not the one the browser claims."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


@transaction.atomic
def add_attachment(
    *, actor: Any, case: Case, filename: str, content: bytes, section: str = Section.GENERAL
) -> Attachment:
    """A document or photo, checked for type and size, sealed before it is stored."""
    ensure_can(actor, Action.ADD_ATTACHMENT, case)
    _ensure_section(actor, case, section)
    limit = settings.MUKTI_ATTACHMENT_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
        )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    content_type = _sniffed_type(content)
    if content_type not in settings.MUKTI_ATTACHMENT_TYPES:
        raise ValidationError(
            {"file": _("Only PDF, JPEG, PNG and plain-text files can be attached.")}
        )
    attachment = Attachment(
        case=case,
        section=section,
        filename=filename[:255],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=actor,
        updated_by=actor,
    )
    _as_actor(attachment, actor)
    attachment.save()
    AttachmentContent.objects.create(
        attachment=attachment,
        sealed=encrypt_bytes(content, context=f"attachment:{attachment.pk}"),
    )
    return attachment
