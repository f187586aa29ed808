"""The peer-mentoring panel. On a mentor's case: their training and mentees; on a mentee's
case: their peer mentors and the sessions held. Another case's number is shown only to those
who may read that case."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.aftercare import selectors, services
from mukti.aftercare.forms import (
    EndMatchForm,
    MatchForm,
    MentorEditForm,
    SessionEditForm,
    SessionForm,
    TrainMentorForm,
)
from mukti.aftercare.models import PeerMentor, PeerMentoringSession, PeerMentorMatch
from mukti.aftercare.views.machinery import (
    Creation,
    Panel,
    PanelState,
    RecordAction,
    RecordKind,
    create_form,
    recorded,
    register,
    rows,
)
from mukti.cases.models import Case


def _open_matches(case: Case) -> Any:
    """Matches on this case, as mentee or as mentor, still running."""
    return (
        PeerMentorMatch.objects.filter(Q(case=case) | Q(mentor__case=case))
        .filter(archived_at__isnull=True, ended_on__isnull=True)
        .select_related("case")
    )


def _context(request: HttpRequest, case: Case, state: PanelState) -> dict[str, Any]:
    user = request.user
    mentor = selectors.peer_mentor_of(user, case=case)
    mentees = mentor.matches.all() if mentor else []
    matches = list(selectors.mentee_matches(user, case=case))
    has_matches = bool(matches) or bool(mentees)
    return {
        "mentor_kind": MENTOR,
        "match_kind": MATCH,
        "session_kind": SESSION,
        "mentor": mentor,
        "mentor_actions": MENTOR.offered_actions(mentor) if mentor else [],
        "mentee_rows": [
            (match, MATCH.offered_actions(match), case_allows(user, Action.VIEW_CASE, match.case))
            for match in mentees
        ],
        "mentor_rows": [
            (
                match,
                MATCH.offered_actions(match),
                selectors.mentor_case_visible(user, match),
                rows(SESSION, match.sessions.all()),
            )
            for match in matches
        ],
        "archived_mentor_rows": rows(MENTOR, selectors.archived_peer_mentors(user, case=case)),
        "train_form": None if mentor else create_form(request, case, state, "peer-mentor"),
        "match_form": create_form(request, case, state, "match") if mentor else None,
        "session_form": create_form(request, case, state, "session") if has_matches else None,
    }


def _mentor_facts(mentor: PeerMentor) -> list[tuple[Any, Any]]:
    return [
        (_("Trained on"), mentor.trained_on),
        (_("Notes"), mentor.notes),
        *recorded(mentor),
    ]


def _match_facts(match: PeerMentorMatch) -> list[tuple[Any, Any]]:
    return [
        (_("Matched on"), match.matched_on),
        (_("Mentoring ended on"), match.ended_on),
        *recorded(match),
    ]


def _session_facts(session: PeerMentoringSession) -> list[tuple[Any, Any]]:
    return [(_("Held on"), session.held_on), (_("Notes"), session.notes), *recorded(session)]


def _current(record: Any) -> bool:
    return record.archived_at is None


def _archived(record: Any) -> bool:
    return record.archived_at is not None


def _archiving(run: Any, noun_done: Any, noun_restored: Any) -> dict[str, RecordAction]:
    return {
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, record: run(actor, record, True),
            noun_done,
            _current,
        ),
        "restore": RecordAction(
            _("Restore"), lambda actor, record: run(actor, record, False), noun_restored, _archived
        ),
    }


MENTOR = RecordKind(
    slug="peer-mentor",
    panel="peer-mentoring",
    find=lambda user, case, pk: selectors.peer_mentor_for(user, case=case, mentor_id=pk),
    facts=_mentor_facts,
    edit_form=lambda request, case, mentor, data: MentorEditForm(
        data, initial=MentorEditForm.initial_from(mentor)
    ),
    update=lambda actor, mentor, form: services.update_peer_mentor(
        actor=actor,
        mentor=mentor,
        expected_version=form.cleaned_data["version"],
        trained_on=form.cleaned_data["trained_on"],
        notes=form.cleaned_data["notes"],
    ),
    edited=_("The peer mentor's training was saved."),
    editable=_current,
    actions=_archiving(
        lambda actor, mentor, archived: services.set_peer_mentor_archived(
            actor=actor, mentor=mentor, archived=archived
        ),
        _("The peer mentor was archived. They can be restored."),
        _("The peer mentor was restored."),
    ),
)

MATCH = RecordKind(
    slug="match",
    panel="peer-mentoring",
    find=lambda user, case, pk: selectors.match_for(user, case=case, match_id=pk),
    facts=_match_facts,
    edit_form=lambda request, case, match, data: EndMatchForm(
        data, initial=EndMatchForm.initial_from(match)
    ),
    update=lambda actor, match, form: services.end_peer_mentor_match(
        actor=actor,
        match=match,
        expected_version=form.cleaned_data["version"],
        ended_on=form.cleaned_data["ended_on"],
    ),
    edited=_("The end of the mentoring was recorded."),
    editable=_current,
    actions=_archiving(
        lambda actor, match, archived: services.set_match_archived(
            actor=actor, match=match, archived=archived
        ),
        _("The match was archived. It can be restored."),
        _("The match was restored."),
    ),
)

SESSION = RecordKind(
    slug="session",
    panel="peer-mentoring",
    find=lambda user, case, pk: selectors.session_for(user, case=case, session_id=pk),
    facts=_session_facts,
    edit_form=lambda request, case, session, data: SessionEditForm(
        data, initial=SessionEditForm.initial_from(session)
    ),
    update=lambda actor, session, form: services.update_peer_mentoring_session(
        actor=actor,
        session=session,
        expected_version=form.cleaned_data["version"],
        held_on=form.cleaned_data["held_on"],
        notes=form.cleaned_data["notes"],
    ),
    edited=_("The session was saved."),
    editable=_current,
    actions=_archiving(
        lambda actor, session, archived: services.set_session_archived(
            actor=actor, session=session, archived=archived
        ),
        _("The session was archived. It can be restored."),
        _("The session was restored."),
    ),
)


def _match(actor: Any, case: Case, form: Any) -> Any:
    mentor = selectors.peer_mentor_of(actor, case=case)
    mentee = selectors.mentee_case_for(actor, number=form.cleaned_data["mentee"])
    if mentor is None:
        raise ValidationError(gettext_now("The survivor of this case is not a peer mentor."))
    if mentee is None:
        raise ValidationError({"mentee": gettext_now("No case with this number that you work on.")})
    return services.match_peer_mentor(
        actor=actor, mentor=mentor, mentee_case=mentee, matched_on=form.cleaned_data["matched_on"]
    )


register(
    Panel(
        key="peer-mentoring",
        title=_("Peer mentoring"),
        template="aftercare/panels/peer_mentoring.html",
        order=56,
        context=_context,
    ),
    kinds=[MENTOR, MATCH, SESSION],
    creations=[
        Creation(
            "peer-mentor",
            "peer-mentoring",
            lambda request, case, data: TrainMentorForm(data),
            lambda actor, case, form: services.train_peer_mentor(
                actor=actor, case=case, **form.cleaned_data
            ),
            _("The peer-mentor training was recorded."),
        ),
        Creation(
            "match",
            "peer-mentoring",
            lambda request, case, data: MatchForm(data),
            _match,
            _("The mentor was matched with the mentee."),
        ),
        Creation(
            "session",
            "peer-mentoring",
            lambda request, case, data: SessionForm(data, matches=_open_matches(case)),
            lambda actor, case, form: services.log_peer_mentoring_session(
                actor=actor, **form.cleaned_data
            ),
            _("The session was logged."),
        ),
    ],
)
