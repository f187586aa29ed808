"""Reads of the access log, for the data protection officer: who read which record, when
and why. Always scoped to the reads of people in the officer's own organisation(s)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from mukti.accounts.models import User
from mukti.accounts.roles import Action
from mukti.accounts.selectors import memberships_allowing
from mukti.audit.models import AccessLogEntry


@dataclass(frozen=True)
class AccessLogPage:
    entries: list[AccessLogEntry]
    # The sequence to pass as `before_sequence` for the next (older) page, if there is one.
    next_before: int | None


def _organisation_ids(user: Any) -> set[Any]:
    return {m.office.organisation_id for m in memberships_allowing(user, Action.VIEW_ACCESS_LOG)}


def access_log_readers(user: Any) -> QuerySet[User]:
    """The staff whose reads the user may audit: everyone who has ever held a membership in
    the user's organisation(s), former members included."""
    organisation_ids = _organisation_ids(user)
    if not organisation_ids:
        return User.objects.none()
    return User.objects.filter(memberships__office__organisation_id__in=organisation_ids).distinct()


def access_log_for(
    user: Any,
    *,
    user_id: uuid.UUID | str | None = None,
    person_id: uuid.UUID | str | None = None,
    before_sequence: int | None = None,
    page_size: int | None = None,
) -> AccessLogPage:
    """The access log newest first, one page at a time (by sequence, never by counting),
    narrowed to one reader and/or to the reads of one person's records."""
    page_size = page_size or settings.MUKTI_PAGE_SIZE
    if not _organisation_ids(user):
        return AccessLogPage(entries=[], next_before=None)
    entries = AccessLogEntry.objects.filter(
        user_id__in=access_log_readers(user).values("pk")
    ).select_related("user")
    # Each filter has its index: (user, -sequence) and (person_id, -sequence).
    if user_id:
        entries = entries.filter(user_id=user_id)
    if person_id:
        entries = entries.filter(person_id=person_id)
    if before_sequence is not None:
        entries = entries.filter(sequence__lt=before_sequence)
    rows = list(entries.order_by("-sequence")[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    return AccessLogPage(entries=rows, next_before=rows[-1].sequence if more else None)
