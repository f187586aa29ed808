"""The timeline event each aftercare record stands for, kept in step with the record.

A record that happened (a delivered service, a done follow-up, an assessment …) has one
current event on its case's timeline. When the record's date or meaning changes, a new event
supersedes the old one; when the record is archived as entered in error, its event is
withdrawn, so that indicators, which count current events, stay right.

Withdrawing marks the event as superseded by itself. `cases.services` has no service for
superseding events yet: `_supersede` is the one place that writes `superseded_by` here, and
the final report proposes `cases.services.supersede_case_event` to replace it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from mukti.accounts.roles import Section
from mukti.aftercare.models import (
    CarePlan,
    CarePlanReview,
    Dass21Assessment,
    FollowUp,
    FollowUpStatus,
    IncomeRecord,
    PeerMentor,
    PeerMentoringSession,
    PeerMentorMatch,
    RecoveryAssessment,
    ReintegrationTransition,
    ReTraffickingIncident,
    Service,
    ServiceStatus,
    section_of_service,
)
from mukti.cases.models import Case, CaseEvent, EventKind
from mukti.cases.services import add_case_event


@dataclass(frozen=True)
class EventSpec:
    case: Case
    kind: str
    happened_on: date
    summary: str


def _care_plan(plan: CarePlan) -> EventSpec:
    return EventSpec(plan.case, EventKind.CARE_PLAN, plan.agreed_on, _("Care plan agreed"))


def _review(review: CarePlanReview) -> EventSpec:
    return EventSpec(
        review.plan.case, EventKind.CARE_PLAN, review.reviewed_on, _("Care plan reviewed")
    )


def _service(service: Service) -> EventSpec | None:
    if service.status != ServiceStatus.DELIVERED or service.delivered_on is None:
        return None
    # A restricted service says nothing on the timeline, which every reader of the case sees.
    restricted = section_of_service(service.kind) != Section.GENERAL
    summary = "" if restricted else str(service.get_kind_display())
    if service.relief:
        summary = f"{summary}: {service.get_relief_display()}"
    return EventSpec(service.case, EventKind.SERVICE_DELIVERED, service.delivered_on, summary)


def _follow_up(follow_up: FollowUp) -> EventSpec | None:
    if follow_up.status != FollowUpStatus.DONE or follow_up.done_on is None:
        return None
    summary = f"{follow_up.get_kind_display()}: {follow_up.get_outcome_display()}"
    return EventSpec(follow_up.case, EventKind.FOLLOW_UP, follow_up.done_on, summary)


def _dass21(assessment: Dass21Assessment) -> EventSpec:
    # DASS-21 belongs to the counselling section: its scores stay off the timeline.
    return EventSpec(assessment.case, EventKind.ASSESSMENT, assessment.assessed_on, "")


def _recovery(assessment: RecoveryAssessment) -> EventSpec:
    summary = (
        _("Recovery assessment: stable")
        if assessment.is_stable
        else _("Recovery assessment: not yet stable")
    )
    return EventSpec(assessment.case, EventKind.ASSESSMENT, assessment.assessed_on, summary)


def _income(record: IncomeRecord) -> EventSpec:
    summary = _("Baseline household income") if record.is_baseline else _("Household income")
    return EventSpec(record.case, EventKind.INCOME_RECORDED, record.recorded_on, summary)


def _reintegration(transition: ReintegrationTransition) -> EventSpec:
    summary = str(transition.get_stage_display())
    if transition.is_step_back:
        summary = _("Step back to: %(stage)s") % {"stage": summary}
    return EventSpec(transition.case, EventKind.REINTEGRATION_STAGE, transition.reached_on, summary)


def _mentor(mentor: PeerMentor) -> EventSpec:
    return EventSpec(
        mentor.case, EventKind.PEER_MENTORING, mentor.trained_on, _("Trained as a peer mentor")
    )


def _match(match: PeerMentorMatch) -> EventSpec:
    return EventSpec(
        match.case, EventKind.PEER_MENTORING, match.matched_on, _("Matched with a peer mentor")
    )


def _session(session: PeerMentoringSession) -> EventSpec:
    return EventSpec(
        session.match.case,
        EventKind.PEER_MENTORING,
        session.held_on,
        _("Peer mentoring session"),
    )


def _re_trafficking(incident: ReTraffickingIncident) -> EventSpec:
    return EventSpec(incident.case, EventKind.RE_TRAFFICKED, incident.happened_on, "")


_SPECS: dict[type[models.Model], Any] = {
    CarePlan: _care_plan,
    CarePlanReview: _review,
    Service: _service,
    FollowUp: _follow_up,
    Dass21Assessment: _dass21,
    RecoveryAssessment: _recovery,
    IncomeRecord: _income,
    ReintegrationTransition: _reintegration,
    PeerMentor: _mentor,
    PeerMentorMatch: _match,
    PeerMentoringSession: _session,
    ReTraffickingIncident: _re_trafficking,
}


def event_spec(record: models.Model) -> EventSpec | None:
    """The event the record stands for now (None while planned, cancelled or archived)."""
    if getattr(record, "archived_at", None) is not None:
        return None
    spec: EventSpec | None = _SPECS[type(record)](record)
    return spec


def current_event(record: models.Model, case: Case) -> CaseEvent | None:
    # case_id first: the timeline index narrows to one case's events.
    return CaseEvent.objects.filter(
        case_id=case.pk,
        source_type=record._meta.label_lower,
        source_id=record.pk,
        superseded_by__isnull=True,
    ).first()


def _supersede(event: CaseEvent, by: CaseEvent) -> None:
    CaseEvent.objects.filter(pk=event.pk).update(superseded_by=by)


def sync_event(*, actor: Any, record: models.Model, before: EventSpec | None) -> None:
    """After a record changed: record, correct or withdraw its event on the timeline."""
    after = event_spec(record)
    if after == before:
        return
    old = current_event(record, before.case) if before is not None else None
    new = None
    if after is not None:
        new = add_case_event(
            actor=actor,
            case=after.case,
            kind=after.kind,
            happened_on=after.happened_on,
            summary=str(after.summary),
            source=record,
        )
    if old is not None:
        _supersede(old, new or old)
