"""Peer mentoring: survivors far forward in recovery, trained to support those at the start
of it; matched with mentees (other cases) and meeting them in logged sessions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.aftercare.models import PeerMentor, PeerMentoringSession, PeerMentorMatch
from mukti.aftercare.services.common import (
    check_date,
    check_not_before,
    clean_text,
    ensure_may_record_care,
    ensure_open,
    save_with_event,
    set_archived,
)
from mukti.aftercare.timeline import event_spec
from mukti.cases.models import Case


@transaction.atomic
def train_peer_mentor(*, actor: Any, case: Case, trained_on: date, notes: str = "") -> PeerMentor:
    """The survivor of this case completed peer-mentor training."""
    ensure_may_record_care(actor, case)
    ensure_open(case)
    check_date("trained_on", trained_on, case=case)
    if PeerMentor.objects.filter(case_id=case.pk, archived_at__isnull=True).exists():
        raise ValidationError(_("This survivor is a trained peer mentor already."))
    mentor = PeerMentor(case=case, trained_on=trained_on, notes=clean_text(notes))
    save_with_event(mentor, actor=actor)
    return mentor


@transaction.atomic
def update_peer_mentor(
    *, actor: Any, mentor: PeerMentor, expected_version: int, trained_on: date, notes: str = ""
) -> PeerMentor:
    ensure_may_record_care(actor, mentor.case)
    ensure_open(mentor.case)
    check_date("trained_on", trained_on, case=mentor.case)
    first_match = mentor.matches.filter(archived_at__isnull=True).order_by("matched_on").first()
    if first_match is not None and trained_on > first_match.matched_on:
        raise ValidationError(
            {"trained_on": _("The mentor was matched before this date; training came first.")}
        )
    before = event_spec(mentor)
    mentor.trained_on, mentor.notes = trained_on, clean_text(notes)
    save_with_event(mentor, actor=actor, before=before, expected_version=expected_version)
    return mentor


@transaction.atomic
def set_peer_mentor_archived(*, actor: Any, mentor: PeerMentor, archived: bool) -> PeerMentor:
    ensure_may_record_care(actor, mentor.case)
    ensure_open(mentor.case)
    if archived and mentor.matches.filter(archived_at__isnull=True).exists():
        raise ValidationError(_("This mentor has mentees. Archive those matches first."))
    if (
        not archived
        and PeerMentor.objects.filter(case_id=mentor.case_id, archived_at__isnull=True).exists()
    ):
        raise ValidationError(_("This survivor is a trained peer mentor already."))
    set_archived(mentor, actor=actor, archived=archived)
    return mentor


@transaction.atomic
def match_peer_mentor(
    *, actor: Any, mentor: PeerMentor, mentee_case: Case, matched_on: date
) -> PeerMentorMatch:
    """A trained mentor starts supporting a survivor (another case)."""
    ensure_may_record_care(actor, mentor.case)
    ensure_may_record_care(actor, mentee_case)
    ensure_open(mentee_case)
    if mentor.archived_at is not None:
        raise ValidationError(_("This peer mentor is archived."))
    if mentee_case.survivor_id == mentor.case.survivor_id:
        raise ValidationError({"mentee": _("A peer mentor cannot mentor themselves.")})
    check_date("matched_on", matched_on, case=mentee_case)
    check_not_before(
        "matched_on",
        matched_on,
        earliest=mentor.trained_on,
        message=_("The mentor was trained on %(date)s; a match comes after that."),
    )
    open_matches = mentor.matches.filter(
        case_id=mentee_case.pk, ended_on__isnull=True, archived_at__isnull=True
    )
    if open_matches.exists():
        raise ValidationError({"mentee": _("This mentor is already matched with this survivor.")})
    match = PeerMentorMatch(mentor=mentor, case=mentee_case, matched_on=matched_on)
    save_with_event(match, actor=actor)
    return match


@transaction.atomic
def end_peer_mentor_match(
    *, actor: Any, match: PeerMentorMatch, expected_version: int, ended_on: date
) -> PeerMentorMatch:
    ensure_may_record_care(actor, match.case)
    ensure_open(match.case)
    check_date("ended_on", ended_on, case=match.case)
    check_not_before(
        "ended_on",
        ended_on,
        earliest=match.matched_on,
        message=_("The match began on %(date)s; it cannot end before that."),
    )
    last = match.sessions.filter(archived_at__isnull=True).order_by("-held_on").first()
    if last is not None:
        check_not_before(
            "ended_on",
            ended_on,
            earliest=last.held_on,
            message=_("A session was held on %(date)s; the match cannot end before that."),
        )
    match.ended_on = ended_on
    save_with_event(match, actor=actor, before=event_spec(match), expected_version=expected_version)
    return match


@transaction.atomic
def set_match_archived(*, actor: Any, match: PeerMentorMatch, archived: bool) -> PeerMentorMatch:
    ensure_may_record_care(actor, match.case)
    ensure_open(match.case)
    set_archived(match, actor=actor, archived=archived)
    return match


@transaction.atomic
def log_peer_mentoring_session(
    *, actor: Any, match: PeerMentorMatch, held_on: date, notes: str = ""
) -> PeerMentoringSession:
    """A meeting between mentor and mentee; it goes on the mentee's timeline."""
    ensure_may_record_care(actor, match.case)
    ensure_open(match.case)
    if match.archived_at is not None:
        raise ValidationError(_("This match is archived."))
    check_date("held_on", held_on, case=match.case)
    check_not_before(
        "held_on",
        held_on,
        earliest=match.matched_on,
        message=_("The match began on %(date)s; a session comes after that."),
    )
    if match.ended_on is not None and held_on > match.ended_on:
        raise ValidationError({"held_on": _("The match had ended by this date.")})
    session = PeerMentoringSession(match=match, held_on=held_on, notes=clean_text(notes))
    save_with_event(session, actor=actor)
    return session


@transaction.atomic
def set_session_archived(
    *, actor: Any, session: PeerMentoringSession, archived: bool
) -> PeerMentoringSession:
    ensure_may_record_care(actor, session.match.case)
    ensure_open(session.match.case)
    set_archived(session, actor=actor, archived=archived)
    return session


@transaction.atomic
def update_peer_mentoring_session(
    *,
    actor: Any,
    session: PeerMentoringSession,
    expected_version: int,
    held_on: date,
    notes: str = "",
) -> PeerMentoringSession:
    match = session.match
    ensure_may_record_care(actor, match.case)
    ensure_open(match.case)
    check_date("held_on", held_on, case=match.case)
    check_not_before(
        "held_on",
        held_on,
        earliest=match.matched_on,
        message=_("The match began on %(date)s; a session comes after that."),
    )
    if match.ended_on is not None and held_on > match.ended_on:
        raise ValidationError({"held_on": _("The match had ended by this date.")})
    before = event_spec(session)
    session.held_on, session.notes = held_on, clean_text(notes)
    save_with_event(session, actor=actor, before=before, expected_version=expected_version)
    return session
