"""Services delivered to a survivor: planned by a due date, then delivered or cancelled.
Emergency relief reaches the survivor's household, which is counted once however often."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.aftercare.models import (
    Currency,
    Household,
    ReliefKind,
    Service,
    ServiceKind,
    ServiceStatus,
    section_of_service,
)
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

# A household bigger than this is a typing mistake, not a family.
MAX_HOUSEHOLD = 60


@dataclass(frozen=True)
class ServiceDetails:
    """A service as the user describes it; `household_size` only for emergency relief."""

    kind: str
    status: str = ServiceStatus.PLANNED
    due_on: date | None = None
    delivered_on: date | None = None
    provider: str = ""
    cost: Decimal | None = None
    currency: str = ""
    notes: str = ""
    relief: str = ""
    people_reached: int | None = None
    household_size: int | None = None


def _check_kind(details: ServiceDetails) -> None:
    if details.kind not in ServiceKind.values:
        raise ValidationError({"kind": _("Choose a service.")})
    if details.kind == ServiceKind.EMERGENCY_RELIEF:
        if details.relief not in ReliefKind.values:
            raise ValidationError({"relief": _("Say what kind of relief it was.")})
    elif details.relief:
        raise ValidationError({"relief": _("Only emergency relief has a kind of relief.")})


def _check_dates(details: ServiceDetails, case: Case) -> None:
    if details.status == ServiceStatus.PLANNED:
        if details.delivered_on is not None:
            raise ValidationError(
                {"delivered_on": _("A planned service has no delivery date yet.")}
            )
        check_date("due_on", details.due_on, case=case, may_be_future=True)
        return
    if details.status != ServiceStatus.DELIVERED:
        raise ValidationError({"status": _("A service is planned or delivered.")})
    check_date("delivered_on", details.delivered_on, case=case)
    check_date("due_on", details.due_on, case=case, may_be_future=True, required=False)


def _check_cost(details: ServiceDetails) -> None:
    if details.cost is None:
        return
    if details.cost < 0:
        raise ValidationError({"cost": _("A cost cannot be negative.")})
    if details.currency not in Currency.values:
        raise ValidationError({"currency": _("Choose the currency of the cost.")})


def _check_household(details: ServiceDetails) -> None:
    relief = details.kind == ServiceKind.EMERGENCY_RELIEF
    for name in ("people_reached", "household_size"):
        value = getattr(details, name)
        if value is None:
            continue
        if not relief:
            raise ValidationError({name: _("Only emergency relief reaches a household.")})
        if not 1 <= value <= MAX_HOUSEHOLD:
            raise ValidationError(
                {name: _("Give a number from 1 to %(most)s.") % {"most": MAX_HOUSEHOLD}}
            )
    size, reached = details.household_size, details.people_reached
    if size is not None and reached is not None and reached > size:
        raise ValidationError(
            {"people_reached": _("More people reached than live in the household.")}
        )


def _check(details: ServiceDetails, case: Case) -> None:
    _check_kind(details)
    _check_dates(details, case)
    _check_cost(details)
    _check_household(details)


def household_of(*, actor: Any, case: Case, size: int | None) -> Household:
    """The survivor's household (one per person, across their cases), its size updated."""
    household = Household.objects.filter(survivor_id=case.survivor_id).first()
    if household is None:
        household = Household(office=case.office, survivor=case.survivor, size=size)
    elif size is None or household.size == size:
        return household
    household.size = size
    household.updated_by = actor
    if household._state.adding:
        household.created_by = actor
    household._history_user = actor  # type: ignore[attr-defined]
    household.save()
    return household


def _apply(service: Service, details: ServiceDetails, *, actor: Any) -> None:
    service.kind, service.status = details.kind, details.status
    service.section = section_of_service(details.kind)
    service.relief = details.relief if details.kind == ServiceKind.EMERGENCY_RELIEF else ""
    service.due_on, service.delivered_on = details.due_on, details.delivered_on
    service.provider = clean_text(details.provider)
    service.cost = details.cost
    service.currency = details.currency if details.cost is not None else ""
    service.notes = clean_text(details.notes)
    service.people_reached = details.people_reached
    relief_given = (
        details.kind == ServiceKind.EMERGENCY_RELIEF and details.status == ServiceStatus.DELIVERED
    )
    service.household = (
        household_of(actor=actor, case=service.case, size=details.household_size)
        if relief_given
        else None
    )
    if relief_given and service.people_reached is None and service.household is not None:
        service.people_reached = service.household.size


@transaction.atomic
def record_service(*, actor: Any, case: Case, details: ServiceDetails) -> Service:
    """A service planned for a due date, or delivered on a date; counselling sessions and
    medical care only by roles that read those sections."""
    ensure_may_record_care(actor, case, section_of_service(details.kind))
    ensure_open(case)
    _check(details, case)
    service = Service(case=case)
    _apply(service, details, actor=actor)
    save_with_event(service, actor=actor)
    return service


@transaction.atomic
def update_service(
    *, actor: Any, service: Service, expected_version: int, details: ServiceDetails
) -> Service:
    """Change a service, or mark a planned one delivered (which adds it to the timeline)."""
    case = service.case
    ensure_may_record_care(actor, case, service.section)
    ensure_may_record_care(actor, case, section_of_service(details.kind))
    ensure_open(case)
    if service.status == ServiceStatus.CANCELLED:
        raise ValidationError(_("This service was cancelled. Restore it before changing it."))
    if service.status == ServiceStatus.DELIVERED and details.status != ServiceStatus.DELIVERED:
        raise ValidationError(
            {
                "status": _(
                    "A delivered service cannot go back to planned. "
                    "Archive it if it was recorded in error."
                )
            }
        )
    _check(details, case)
    before = event_spec(service)
    _apply(service, details, actor=actor)
    save_with_event(service, actor=actor, before=before, expected_version=expected_version)
    return service


@transaction.atomic
def cancel_service(*, actor: Any, service: Service, reason: str = "") -> Service:
    """A planned service that will not happen; it can be restored."""
    ensure_may_record_care(actor, service.case, service.section)
    ensure_open(service.case)
    if service.status != ServiceStatus.PLANNED:
        raise ValidationError(_("Only a planned service can be cancelled."))
    service.status, service.cancellation_reason = ServiceStatus.CANCELLED, clean_text(reason)
    save_with_event(service, actor=actor)
    return service


@transaction.atomic
def restore_cancelled_service(*, actor: Any, service: Service) -> Service:
    """Back to planned, with its due date."""
    ensure_may_record_care(actor, service.case, service.section)
    ensure_open(service.case)
    if service.status != ServiceStatus.CANCELLED:
        raise ValidationError(_("This service is not cancelled."))
    service.status, service.cancellation_reason = ServiceStatus.PLANNED, ""
    save_with_event(service, actor=actor)
    return service


@transaction.atomic
def set_service_archived(*, actor: Any, service: Service, archived: bool) -> Service:
    """A service recorded in error leaves the lists and the timeline; it can be restored."""
    ensure_may_record_care(actor, service.case, service.section)
    ensure_open(service.case)
    set_archived(service, actor=actor, archived=archived)
    return service
