"""Recording prevention work: one function per user action, each in one transaction.

The rules an activity must keep are in checks.py. When scores are kept per participant, the
averages, the number tested and the number who improved are computed there and stored on the
activity, so that period figures are sums over activities and never read participant lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office
from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.audit.chain import append_changes
from mukti.prevention.checks import ActivityDetails, check_activity, completed_details
from mukti.prevention.models import (
    Activity,
    ActivityStatus,
    AudienceType,
    Participant,
    ReachVerification,
)
from mukti.prevention.participant_lists import ParticipantInput

PARTICIPANT_COUNTS = (
    "participants_total",
    "participants_female",
    "participants_male",
    "participants_other",
)
COMPUTED_SCORES = ("pre_test_average", "post_test_average", "tested_count", "improved_count")

# --- writing ----------------------------------------------------------------------------


def _as_actor(record: models.Model, actor: Any) -> None:
    record._history_user = actor  # type: ignore[attr-defined]


def apply_details(activity: Activity, details: ActivityDetails, *, per_participant: bool) -> None:
    """Put checked details on the activity, with what is derived from them (the demo
    uses it too, so that its rows are what the services would have stored)."""
    for item in fields(ActivityDetails):
        value = getattr(details, item.name)
        if item.name == "reach_verification":
            value = list(value)
        if isinstance(value, str):
            value = value.strip()
        setattr(activity, item.name, value)
    activity.counted_on = details.ends_on or details.starts_on
    verified_by = set(details.reach_verification) - {ReachVerification.ESTIMATE}
    activity.reach_verified = details.reach is not None and bool(verified_by)
    activity.scores_per_participant = per_participant


def _sync_participants(activity: Activity, rows: Sequence[ParticipantInput], *, actor: Any) -> None:
    """Make the activity's list what `rows` says: rows are matched by code; a code no longer
    listed is taken off the list (kept, with its history) and comes back if listed again."""
    now = timezone.now()
    stored = {p.code.casefold(): p for p in Participant.objects.filter(activity=activity)}
    new: list[Participant] = []
    changed: list[Participant] = []
    listed: set[str] = set()
    for row in rows:
        key = row.code.strip().casefold()
        listed.add(key)
        values = {
            "code": row.code.strip(),
            "sex": row.sex,
            "age_group": row.age_group,
            "role": row.role.strip(),
            "pre_score": row.pre_score,
            "post_score": row.post_score,
            "removed_at": None,
        }
        participant = stored.get(key)
        if participant is None:
            new.append(Participant(activity=activity, created_by=actor, updated_by=actor, **values))
        elif any(getattr(participant, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(participant, name, value)
            changed.append(participant)
    for key, participant in stored.items():
        if key not in listed and participant.removed_at is None:
            participant.removed_at = now
            changed.append(participant)
    _write_participants(new, changed, actor=actor, now=now)


def _write_participants(
    new: list[Participant], changed: list[Participant], *, actor: Any, now: Any
) -> None:
    """In bulk, each version recorded in the history and linked into the change chain."""
    history = Participant.history  # type: ignore[attr-defined]
    if new:
        Participant.objects.bulk_create(new, batch_size=1000)
        recorded = history.bulk_history_create(new, default_user=actor, default_date=now)
        append_changes(recorded, user_id=actor.pk)
    if changed:
        for participant in changed:
            participant.version += 1
            participant.updated_by = actor
            participant.updated_at = now
        columns = [
            "code",
            "sex",
            "age_group",
            "role",
            "pre_score",
            "post_score",
            "removed_at",
            "version",
            "updated_by",
            "updated_at",
        ]
        Participant.objects.bulk_update(changed, columns, batch_size=1000)
        recorded = history.bulk_history_create(
            changed, update=True, default_user=actor, default_date=now
        )
        append_changes(recorded, user_id=actor.pk)


def _ensure_audience(audience: AudienceType, *, current: AudienceType | None = None) -> None:
    if not audience.is_active and audience != current:
        raise ValidationError({"audience_type": _("This audience type is no longer offered.")})


@transaction.atomic
def record_activity(
    *,
    actor: Any,
    office: Office,
    details: ActivityDetails,
    participants: Sequence[ParticipantInput] = (),
) -> Activity:
    """A session, training or campaign the office ran (or plans); it counts toward the
    prevention figures once done."""
    ensure_can(actor, Action.RECORD_PREVENTION, office)
    _ensure_audience(details.audience_type)
    check_activity(details, participants, today=timezone.localdate())
    activity = Activity(office=office, created_by=actor, updated_by=actor)
    per_participant = _has_scores(participants)
    apply_details(
        activity, completed_details(details, participants), per_participant=per_participant
    )
    activity.has_participant_list = bool(participants)
    _as_actor(activity, actor)
    activity.full_clean()
    activity.save()
    if participants:
        _sync_participants(activity, participants, actor=actor)
    return activity


def _has_scores(rows: Sequence[ParticipantInput]) -> bool:
    return any(r.pre_score is not None or r.post_score is not None for r in rows)


def current_participants(activity: Activity) -> list[ParticipantInput]:
    """The activity's list as rows, to keep it unchanged through an edit of other fields."""
    return [
        ParticipantInput(
            code=p.code,
            sex=p.sex,
            age_group=p.age_group,
            role=p.role,
            pre_score=p.pre_score,
            post_score=p.post_score,
        )
        for p in Participant.objects.filter(activity=activity, removed_at__isnull=True)
    ]


@transaction.atomic
def update_activity(
    *,
    actor: Any,
    activity: Activity,
    expected_version: int,
    details: ActivityDetails,
    participants: Sequence[ParticipantInput] | None = None,
    office: Office | None = None,
) -> Activity:
    """Change an activity; `participants=None` keeps its list as it is. Refused
    (StaleEditError) if someone saved it after the user opened it."""
    ensure_can(actor, Action.RECORD_PREVENTION, activity.office)
    if office is not None and office.pk != activity.office_id:
        ensure_can(actor, Action.RECORD_PREVENTION, office)
        activity.office = office
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError({"status": _("Restore the activity before changing it.")})
    _ensure_audience(details.audience_type, current=activity.audience_type)
    rows = current_participants(activity) if participants is None else list(participants)
    check_activity(details, rows, today=timezone.localdate())
    activity.version = expected_version
    apply_details(activity, completed_details(details, rows), per_participant=_has_scores(rows))
    activity.has_participant_list = bool(rows)
    activity.updated_by = actor
    _as_actor(activity, actor)
    activity.full_clean()
    activity.save()
    if participants is not None:
        _sync_participants(activity, rows, actor=actor)
    return activity


def details_of(activity: Activity) -> ActivityDetails:
    """The activity's details as a user gave them: what its participant list determines
    (counts, and averages when scores are per participant) is left to be computed again."""
    values = {item.name: getattr(activity, item.name) for item in fields(ActivityDetails)}
    values["reach_verification"] = tuple(activity.reach_verification)
    if activity.has_participant_list:
        values.update(dict.fromkeys(PARTICIPANT_COUNTS))
    if activity.scores_per_participant:
        values.update(dict.fromkeys(COMPUTED_SCORES))
    return ActivityDetails(**values)


@transaction.atomic
def replace_participant_list(
    *,
    actor: Any,
    activity: Activity,
    expected_version: int,
    participants: Sequence[ParticipantInput],
) -> Activity:
    """The list from an uploaded file replaces the activity's list; nothing is written
    unless every row and the activity's figures still hold."""
    details = details_of(activity)
    # The file says how many took part and, per participant, what they scored.
    details = replace(
        details,
        participants_total=None,
        participants_female=None,
        participants_male=None,
        participants_other=None,
    )
    if _has_scores(participants):
        details = replace(
            details,
            pre_test_average=None,
            post_test_average=None,
            tested_count=None,
            improved_count=None,
        )
    return update_activity(
        actor=actor,
        activity=activity,
        expected_version=expected_version,
        details=details,
        participants=participants,
    )


@transaction.atomic
def cancel_activity(
    *, actor: Any, activity: Activity, expected_version: int, reason: str = ""
) -> Activity:
    """Cancelled activities stay on record but count in no figure; restore undoes it."""
    ensure_can(actor, Action.RECORD_PREVENTION, activity.office)
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError({"status": _("The activity is already cancelled.")})
    activity.version = expected_version
    activity.status_before_cancel = activity.status
    activity.status = ActivityStatus.CANCELLED
    activity.cancellation_reason = reason.strip()
    activity.updated_by = actor
    _as_actor(activity, actor)
    activity.save()
    return activity


@transaction.atomic
def restore_activity(*, actor: Any, activity: Activity, expected_version: int) -> Activity:
    """Undo a cancellation: the activity is planned or done again, as it was."""
    ensure_can(actor, Action.RECORD_PREVENTION, activity.office)
    if activity.status != ActivityStatus.CANCELLED:
        raise ValidationError({"status": _("Only a cancelled activity can be restored.")})
    activity.version = expected_version
    activity.status = activity.status_before_cancel or ActivityStatus.PLANNED
    activity.status_before_cancel = ""
    activity.updated_by = actor
    _as_actor(activity, actor)
    activity.save()
    return activity
