"""Every write of identification: one function per user action, one transaction each, each
adding its events to the survivor's timeline (removed from exploitation, identified,
screened, referred)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office, Team
from mukti.accounts.permissions import case_allows, ensure_can, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.cases.models import Case, CaseEvent, EventKind, Risk, Status
from mukti.cases.services import add_case_event, open_case_for_new_survivor
from mukti.identification.models import (
    ADULT_AGE,
    AGENCIES_NEEDING_A_NAME,
    ANSWERED,
    ENDED,
    REFERRAL_TRANSITIONS,
    Audience,
    Indicator,
    IndicatorSet,
    ObservedIndicator,
    OperationKind,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
    RescuedPerson,
    RescueOperation,
    Screening,
)
from mukti.people.services import PersonDetails


def _as_actor(record: models.Model, actor: Any) -> None:
    record._history_user = actor  # type: ignore[attr-defined]


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _within_case(day: date, *, case: Case, field: str) -> None:
    """A screening or referral happens on an open case, not before it opened or before birth."""
    _not_in_future(day, field)
    birth_date = case.survivor.birth_date
    if birth_date and day < birth_date:
        raise ValidationError({field: _("The date is before the survivor's date of birth.")})
    if day < case.opened_on:
        raise ValidationError({field: _("The date is before the case was opened.")})


def _ensure_open(case: Case) -> None:
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed. Reopen it before recording something new."))


def _events_of(source: models.Model, kind: str) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(
            source_type=source._meta.label_lower,
            source_id=source.pk,
            kind=kind,
            superseded_by__isnull=True,
        )
    )


def _redate_events(
    *, actor: Any, source: models.Model, kind: str, happened_on: date, summary: str
) -> None:
    """Events are never edited: a changed date or summary adds a correction that supersedes
    the event it corrects, so counts stay auditable."""
    for event in _events_of(source, kind):
        if event.happened_on == happened_on and event.summary == summary:
            continue
        correction = add_case_event(
            actor=actor,
            case=event.case,
            kind=kind,
            happened_on=happened_on,
            summary=summary,
            source=source,
        )
        event.superseded_by = correction
        event.updated_by = actor
        event.save(update_fields=["superseded_by", "updated_by"])


def _identified_already(case: Case) -> bool:
    return case.events.filter(kind=EventKind.IDENTIFIED, superseded_by__isnull=True).exists()


def _identify_once(*, actor: Any, case: Case, on: date, source: models.Model) -> None:
    """A survivor is identified once per case; a later rescue or screening does not count
    them again."""
    if not _identified_already(case):
        add_case_event(
            actor=actor, case=case, kind=EventKind.IDENTIFIED, happened_on=on, source=source
        )


# --- rescue and interception operations ---------------------------------------------------


@dataclass(frozen=True)
class OperationDetails:
    kind: str
    operation_on: date
    country: str
    agency: str
    district: str = ""
    place: str = ""
    agency_name: str = ""
    reference: str = ""
    notes: str = ""


def _validate_operation(details: OperationDetails) -> None:
    _not_in_future(details.operation_on, "operation_on")
    if details.agency in AGENCIES_NEEDING_A_NAME and not details.agency_name.strip():
        raise ValidationError({"agency_name": _("Give the name of the organisation or agency.")})


def _apply(operation: RescueOperation, details: OperationDetails) -> None:
    for name, value in vars(details).items():
        setattr(operation, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def record_operation(*, actor: Any, office: Office, details: OperationDetails) -> RescueOperation:
    """A rescue, raid or interception; the people it freed are added one by one."""
    ensure_can(actor, Action.RECORD_IDENTIFICATION, office)
    _validate_operation(details)
    operation = RescueOperation(office=office, created_by=actor, updated_by=actor)
    _apply(operation, details)
    _as_actor(operation, actor)
    operation.full_clean()
    operation.save()
    return operation


def _removal_summary(operation: RescueOperation) -> str:
    """Said on the timeline without the place, the notes or anyone's name."""
    return f"{OperationKind(operation.kind).label} · {operation.agency_label}"


@transaction.atomic
def update_operation(
    *, actor: Any, operation: RescueOperation, expected_version: int, details: OperationDetails
) -> RescueOperation:
    """Change an operation; its people's timelines follow a new date or agency (as
    corrections, never edits)."""
    ensure_can(actor, Action.RECORD_IDENTIFICATION, operation.office)
    _validate_operation(details)
    before = (operation.operation_on, _removal_summary(operation))
    operation.version = expected_version
    _apply(operation, details)
    operation.updated_by = actor
    _as_actor(operation, actor)
    operation.full_clean()
    operation.save()
    if (operation.operation_on, _removal_summary(operation)) != before:
        _follow_operation(
            actor=actor, operation=operation, redated=before[0] != details.operation_on
        )
    return operation


def _follow_operation(*, actor: Any, operation: RescueOperation, redated: bool) -> None:
    for rescued in operation.persons.select_related("case", "case__survivor", "case__office"):
        if rescued.case.status == Status.CLOSED:
            raise ValidationError(
                _(
                    "A case of someone removed in this operation is closed. "
                    "Reopen it before changing the operation's date or agency."
                )
            )
        if not case_allows(actor, Action.ADD_EVENT, rescued.case):
            raise ValidationError(
                _(
                    "Someone removed in this operation has a case you cannot change. "
                    "Ask a programme manager to change the operation's date or agency."
                )
            )
        _redate_events(
            actor=actor,
            source=rescued,
            kind=EventKind.REMOVED_FROM_EXPLOITATION,
            happened_on=operation.operation_on,
            summary=_removal_summary(operation),
        )
        if redated:
            _redate_events(
                actor=actor,
                source=rescued,
                kind=EventKind.IDENTIFIED,
                happened_on=operation.operation_on,
                summary="",
            )
            _set_age(rescued, operation)
            rescued.updated_by = actor
            _as_actor(rescued, actor)
            rescued.save()


def _set_age(rescued: RescuedPerson, operation: RescueOperation) -> None:
    age = rescued.case.survivor.age_on(operation.operation_on)
    rescued.age_at_operation = age
    rescued.is_minor = None if age is None else age < ADULT_AGE


def _link(
    *, actor: Any, operation: RescueOperation, case: Case, opened_case: bool
) -> RescuedPerson:
    if case.office.organisation_id != operation.office.organisation_id:
        raise ValidationError({"case": _("This case belongs to another organisation.")})
    if operation.persons.filter(case=case).exists():
        raise ValidationError({"case": _("This case is already linked to this operation.")})
    _ensure_open(case)
    rescued = RescuedPerson(
        operation=operation,
        case=case,
        opened_case=opened_case,
        created_by=actor,
        updated_by=actor,
    )
    _set_age(rescued, operation)
    _as_actor(rescued, actor)
    rescued.save()
    add_case_event(
        actor=actor,
        case=case,
        kind=EventKind.REMOVED_FROM_EXPLOITATION,
        happened_on=operation.operation_on,
        summary=_removal_summary(operation),
        source=rescued,
    )
    _identify_once(actor=actor, case=case, on=operation.operation_on, source=rescued)
    return rescued


@transaction.atomic
def add_rescued_case(*, actor: Any, operation: RescueOperation, case: Case) -> RescuedPerson:
    """Someone who already has a case was removed from exploitation in this operation.

    The operation may be earlier than the case: people are often rescued in one country and
    have their case opened on return to another.
    """
    ensure_can(actor, Action.RECORD_IDENTIFICATION, operation.office)
    ensure_can(actor, Action.RECORD_IDENTIFICATION, case)
    return _link(actor=actor, operation=operation, case=case, opened_case=False)


@transaction.atomic
def add_rescued_survivor(
    *,
    actor: Any,
    operation: RescueOperation,
    survivor: PersonDetails,
    team: Team | None = None,
    risk: str = Risk.MEDIUM,
    involves_sexual_exploitation: bool = False,
) -> RescuedPerson:
    """A person not yet known: their case opens in the operation's office, on its date."""
    ensure_can(actor, Action.RECORD_IDENTIFICATION, operation.office)
    case = open_case_for_new_survivor(
        actor=actor,
        office=operation.office,
        survivor=survivor,
        opened_on=operation.operation_on,
        team=team,
        risk=risk,
        involves_sexual_exploitation=involves_sexual_exploitation,
    )
    return _link(actor=actor, operation=operation, case=case, opened_case=True)


# --- screening ----------------------------------------------------------------------------


def _ensure_screener(screener: Any, case: Case) -> None:
    works_here = screener.memberships.filter(
        is_active=True, office__organisation_id=case.office.organisation_id
    ).exists()
    if not (screener.is_active and works_here):
        raise ValidationError({"screener": _("Choose a staff member of this organisation.")})


def _ensure_audience(indicator_set: IndicatorSet, *, case: Case, screened_on: date) -> None:
    age = case.survivor.age_on(screened_on)
    if age is None or indicator_set.audience == Audience.ANYONE:
        return
    if indicator_set.audience == Audience.CHILDREN and age >= ADULT_AGE:
        raise ValidationError(
            {"indicator_set": _("This checklist is for children; the survivor was an adult.")}
        )
    if indicator_set.audience == Audience.ADULTS and age < ADULT_AGE:
        raise ValidationError(
            {"indicator_set": _("This checklist is for adults; the survivor was a child.")}
        )


def _checked_indicators(
    *, actor: Any, case: Case, indicator_set: IndicatorSet, indicators: Iterable[Indicator]
) -> list[Indicator]:
    chosen = list({indicator.pk: indicator for indicator in indicators}.values())
    if any(i.indicator_set_id != indicator_set.pk or not i.is_active for i in chosen):
        raise ValidationError({"indicators": _("Tick indicators of the chosen checklist only.")})
    reads_sexual = Section.SEXUAL_EXPLOITATION in readable_sections(actor, case)
    if not reads_sexual and any(i.reveals_sexual_exploitation for i in chosen):
        raise PermissionDenied(_("Your role cannot record sexual-exploitation details."))
    return chosen


def _validate_outcome(outcome: str, reason: str) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if not reason.strip():
        raise ValidationError({"outcome_reason": _("Say why you reached this outcome.")})


def _observe(*, screening: Screening, indicators: Iterable[Indicator]) -> None:
    ObservedIndicator.objects.bulk_create(
        ObservedIndicator(
            screening=screening,
            indicator=indicator,
            strength=indicator.strength,
            reveals_sexual_exploitation=indicator.reveals_sexual_exploitation,
        )
        for indicator in indicators
    )


@transaction.atomic
def record_screening(
    *,
    actor: Any,
    case: Case,
    screened_on: date,
    screener: Any,
    indicator_set: IndicatorSet,
    indicators: Iterable[Indicator],
    outcome: str,
    outcome_reason: str,
) -> Screening:
    """A victim-identification screening; a presumed victim is also identified on the
    timeline (once per case)."""
    ensure_can(actor, Action.RECORD_IDENTIFICATION, case)
    _ensure_open(case)
    _within_case(screened_on, case=case, field="screened_on")
    _ensure_screener(screener, case)
    if not indicator_set.is_active:
        raise ValidationError({"indicator_set": _("This checklist is no longer in use.")})
    _ensure_audience(indicator_set, case=case, screened_on=screened_on)
    chosen = _checked_indicators(
        actor=actor, case=case, indicator_set=indicator_set, indicators=indicators
    )
    _validate_outcome(outcome, outcome_reason)
    screening = Screening(
        case=case,
        screened_on=screened_on,
        screener=screener,
        indicator_set=indicator_set,
        outcome=outcome,
        outcome_reason=outcome_reason.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _as_actor(screening, actor)
    screening.save()
    _observe(screening=screening, indicators=chosen)
    add_case_event(
        actor=actor,
        case=case,
        kind=EventKind.SCREENED,
        happened_on=screened_on,
        summary=str(Outcome(outcome).label),
        source=screening,
    )
    if outcome == Outcome.PRESUMED_VICTIM:
        _identify_once(actor=actor, case=case, on=screened_on, source=screening)
    return screening


def _reobserve(
    *, actor: Any, screening: Screening, indicators: list[Indicator], sections: set[str]
) -> None:
    """Tick and untick: answers the actor may not read (sexual exploitation) stay as they
    are; an unticked answer is withdrawn, not deleted."""
    current = {
        observed.indicator_id: observed
        for observed in screening.observed.filter(withdrawn_at__isnull=True)
        if Section.SEXUAL_EXPLOITATION in sections or not observed.reveals_sexual_exploitation
    }
    wanted = {indicator.pk for indicator in indicators}
    now = timezone.now()
    for indicator_id, observed in current.items():
        if indicator_id not in wanted:
            observed.withdrawn_at = now
            _as_actor(observed, actor)
            observed.save()
    _observe(
        screening=screening,
        indicators=[i for i in indicators if i.pk not in current],
    )


@transaction.atomic
def update_screening(
    *,
    actor: Any,
    screening: Screening,
    expected_version: int,
    screened_on: date,
    screener: Any,
    indicators: Iterable[Indicator],
    outcome: str,
    outcome_reason: str,
) -> Screening:
    """Correct a screening (its checklist stays: answers belong to it)."""
    case = screening.case
    ensure_can(actor, Action.RECORD_IDENTIFICATION, case)
    _ensure_open(case)
    _within_case(screened_on, case=case, field="screened_on")
    _ensure_screener(screener, case)
    _ensure_audience(screening.indicator_set, case=case, screened_on=screened_on)
    chosen = _checked_indicators(
        actor=actor, case=case, indicator_set=screening.indicator_set, indicators=indicators
    )
    _validate_outcome(outcome, outcome_reason)
    screening.version = expected_version
    screening.screened_on, screening.screener = screened_on, screener
    screening.outcome, screening.outcome_reason = outcome, outcome_reason.strip()
    screening.updated_by = actor
    _as_actor(screening, actor)
    screening.save()
    _reobserve(
        actor=actor,
        screening=screening,
        indicators=chosen,
        sections=readable_sections(actor, case),
    )
    _redate_events(
        actor=actor,
        source=screening,
        kind=EventKind.SCREENED,
        happened_on=screened_on,
        summary=str(Outcome(outcome).label),
    )
    if outcome == Outcome.PRESUMED_VICTIM:
        _identify_once(actor=actor, case=case, on=screened_on, source=screening)
    return screening


# --- referrals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralDetails:
    kind: str
    referred_on: date
    referred_to: str = ""
    notes: str = ""
    reasonable_grounds: str = ""
    reasonable_grounds_on: date | None = None
    conclusive_grounds: str = ""
    conclusive_grounds_on: date | None = None


def _validate_nrm(details: ReferralDetails, *, case: Case) -> None:
    """The UK NRM's order: referral, then the reasonable-grounds decision, then (only after
    a positive one) the conclusive-grounds decision."""
    decisions = (
        ("reasonable_grounds", details.reasonable_grounds, details.reasonable_grounds_on),
        ("conclusive_grounds", details.conclusive_grounds, details.conclusive_grounds_on),
    )
    if details.kind != ReferralKind.UK_NRM:
        if any(decision or on for _name, decision, on in decisions):
            raise ValidationError(
                {
                    "reasonable_grounds": _(
                        "Reasonable- and conclusive-grounds decisions belong to referrals "
                        "to the UK National Referral Mechanism."
                    )
                }
            )
        return
    for name, decision, on in decisions:
        if bool(decision) != bool(on):
            raise ValidationError({f"{name}_on": _("Give both the decision and its date.")})
        if on:
            _within_case(on, case=case, field=f"{name}_on")
    rg_on, cg_on = details.reasonable_grounds_on, details.conclusive_grounds_on
    if rg_on and rg_on < details.referred_on:
        raise ValidationError(
            {"reasonable_grounds_on": _("The reasonable-grounds decision is before the referral.")}
        )
    if cg_on and not rg_on:
        raise ValidationError(
            {
                "conclusive_grounds_on": _(
                    "A conclusive-grounds decision comes after a reasonable-grounds decision."
                )
            }
        )
    if cg_on and rg_on and cg_on < rg_on:
        raise ValidationError(
            {
                "conclusive_grounds_on": _(
                    "The conclusive-grounds decision is before the reasonable-grounds decision."
                )
            }
        )
    if cg_on and details.reasonable_grounds != "positive":
        raise ValidationError(
            {
                "conclusive_grounds": _(
                    "A conclusive-grounds decision follows only a positive "
                    "reasonable-grounds decision."
                )
            }
        )


def _validate_referral(details: ReferralDetails, *, case: Case) -> None:
    if details.kind not in ReferralKind.values:
        raise ValidationError({"kind": _("Choose where the survivor was referred.")})
    _within_case(details.referred_on, case=case, field="referred_on")
    _validate_nrm(details, case=case)


@transaction.atomic
def record_referral(*, actor: Any, case: Case, details: ReferralDetails) -> Referral:
    """A referral to a shelter, the police, the UK NRM or another organisation (status: made)."""
    ensure_can(actor, Action.RECORD_IDENTIFICATION, case)
    _ensure_open(case)
    _validate_referral(details, case=case)
    referral = Referral(case=case, created_by=actor, updated_by=actor)
    for name, value in vars(details).items():
        setattr(referral, name, value.strip() if isinstance(value, str) else value)
    _as_actor(referral, actor)
    referral.full_clean()
    referral.save()
    add_case_event(
        actor=actor,
        case=case,
        kind=EventKind.REFERRED,
        happened_on=referral.referred_on,
        summary=str(ReferralKind(referral.kind).label),
        source=referral,
    )
    return referral


def _status_date_field(status: str) -> str | None:
    if status in ANSWERED:
        return "answered_on"
    if status in ENDED:
        return "ended_on"
    return None


def _move_status(referral: Referral, *, status: str, status_on: date | None) -> None:
    """One status change along REFERRAL_TRANSITIONS, dated, never before the last one."""
    if status == referral.status:
        return
    if status not in REFERRAL_TRANSITIONS[referral.status]:
        raise ValidationError(
            {
                "status": _("A referral that is %(now)s cannot become %(next)s.")
                % {
                    "now": ReferralStatus(referral.status).label.lower(),
                    "next": ReferralStatus(status).label.lower(),
                }
            }
        )
    if status_on is None:
        raise ValidationError({"status_on": _("Give the date of the change.")})
    _within_case(status_on, case=referral.case, field="status_on")
    earlier = referral.answered_on or referral.referred_on
    if status_on < earlier:
        raise ValidationError({"status_on": _("The date is before the referral's previous step.")})
    field = _status_date_field(status)
    if field:
        setattr(referral, field, status_on)
    referral.status = status


@transaction.atomic
def update_referral(
    *,
    actor: Any,
    referral: Referral,
    expected_version: int,
    details: ReferralDetails,
    status: str,
    status_on: date | None = None,
) -> Referral:
    """Correct a referral, record the NRM's decisions, or move its status on."""
    case = referral.case
    ensure_can(actor, Action.RECORD_IDENTIFICATION, case)
    _ensure_open(case)
    _validate_referral(details, case=case)
    for stamp in (referral.answered_on, referral.ended_on):
        if stamp and stamp < details.referred_on:
            raise ValidationError(
                {"referred_on": _("The referral cannot be after it was answered or ended.")}
            )
    referral.version = expected_version
    for name, value in vars(details).items():
        setattr(referral, name, value.strip() if isinstance(value, str) else value)
    _move_status(referral, status=status, status_on=status_on)
    referral.updated_by = actor
    _as_actor(referral, actor)
    referral.full_clean()
    referral.save()
    _redate_events(
        actor=actor,
        source=referral,
        kind=EventKind.REFERRED,
        happened_on=referral.referred_on,
        summary=str(ReferralKind(referral.kind).label),
    )
    return referral
