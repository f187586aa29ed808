"""Re-trafficking: the survivor was trafficked again. The case reopens if it was closed,
and the incident is counted (the RE_TRAFFICKED event)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.aftercare.models import ReTraffickingIncident
from mukti.aftercare.services.common import (
    check_date,
    clean_text,
    ensure_may_record_care,
    ensure_open,
    save_with_event,
    set_archived,
)
from mukti.aftercare.timeline import event_spec
from mukti.cases.models import Case, Status
from mukti.cases.services import reopen_case


def _check_details(details: str) -> str:
    details = clean_text(details)
    if not details:
        raise ValidationError({"details": _("Say what happened.")})
    return details


@transaction.atomic
def record_re_trafficking(
    *, actor: Any, case: Case, happened_on: date, details: str
) -> ReTraffickingIncident:
    """A dated re-trafficking incident; a closed case is reopened today to record it
    (which needs the right to reopen cases)."""
    ensure_may_record_care(actor, case)
    check_date("happened_on", happened_on, case=case)
    details = _check_details(details)
    reopened = case.status == Status.CLOSED
    if reopened:
        reopen_case(
            actor=actor,
            case=case,
            expected_version=case.version,
            reopened_on=max(timezone.localdate(), case.closed_on or timezone.localdate()),
            reason=_("The survivor was re-trafficked."),
        )
    incident = ReTraffickingIncident(
        case=case, happened_on=happened_on, details=details, reopened_case=reopened
    )
    save_with_event(incident, actor=actor)
    return incident


@transaction.atomic
def update_re_trafficking(
    *,
    actor: Any,
    incident: ReTraffickingIncident,
    expected_version: int,
    happened_on: date,
    details: str,
) -> ReTraffickingIncident:
    ensure_may_record_care(actor, incident.case)
    ensure_open(incident.case)
    check_date("happened_on", happened_on, case=incident.case)
    before = event_spec(incident)
    incident.happened_on, incident.details = happened_on, _check_details(details)
    save_with_event(incident, actor=actor, before=before, expected_version=expected_version)
    return incident


@transaction.atomic
def set_re_trafficking_archived(
    *, actor: Any, incident: ReTraffickingIncident, archived: bool
) -> ReTraffickingIncident:
    """An incident recorded in error stops being counted; the case stays as it is."""
    ensure_may_record_care(actor, incident.case)
    ensure_open(incident.case)
    set_archived(incident, actor=actor, archived=archived)
    return incident
