"""Reintegration stages, reached in order (in shelter → returned home → reintegrating →
advanced stage → stable), one stage at a time; a step back is recorded with its reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mukti.aftercare.models import STAGE_ORDER, ReintegrationStage, ReintegrationTransition
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


def _transitions(case: Case) -> Any:
    return ReintegrationTransition.objects.filter(case_id=case.pk, archived_at__isnull=True)


def latest_transition(case: Case) -> ReintegrationTransition | None:
    return _transitions(case).order_by("-reached_on", "-created_at").first()


def _is_step_back(*, stage: str, latest: ReintegrationTransition | None, reason: str) -> bool:
    """Whether moving to `stage` after `latest` goes back; refuses skips and repeats."""
    if latest is None:
        return False
    current, wanted = STAGE_ORDER.index(latest.stage), STAGE_ORDER.index(stage)
    if wanted == current:
        raise ValidationError({"stage": _("The survivor is at this stage already.")})
    if wanted > current + 1:
        raise ValidationError(
            {
                "stage": _("Stages are reached in order: record “%(next)s” first.")
                % {"next": ReintegrationStage(STAGE_ORDER[current + 1]).label}
            }
        )
    if wanted < current and not reason:
        raise ValidationError({"reason": _("Say why the survivor stepped back.")})
    return wanted < current


def _check_after(reached_on: date, latest: ReintegrationTransition | None) -> None:
    if latest is not None and reached_on < latest.reached_on:
        raise ValidationError(
            {
                "reached_on": _("The last stage was reached on %(date)s; this cannot be earlier.")
                % {"date": date_format(latest.reached_on)}
            }
        )


@transaction.atomic
def record_reintegration_stage(
    *, actor: Any, case: Case, stage: str, reached_on: date, reason: str = ""
) -> ReintegrationTransition:
    """The survivor reached the next stage (or stepped back to an earlier one)."""
    ensure_may_record_care(actor, case)
    ensure_open(case)
    if stage not in ReintegrationStage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    check_date("reached_on", reached_on, case=case)
    latest = latest_transition(case)
    step_back = _is_step_back(stage=stage, latest=latest, reason=clean_text(reason))
    _check_after(reached_on, latest)
    transition = ReintegrationTransition(
        case=case,
        stage=stage,
        reached_on=reached_on,
        is_step_back=step_back,
        reason=clean_text(reason),
    )
    save_with_event(transition, actor=actor)
    return transition


@transaction.atomic
def update_reintegration_stage(
    *,
    actor: Any,
    transition: ReintegrationTransition,
    expected_version: int,
    reached_on: date,
    reason: str = "",
) -> ReintegrationTransition:
    """Correct the date or the reason; the date stays between its neighbours. (To change
    the stage itself, archive the latest transition and record the right one.)"""
    case = transition.case
    ensure_may_record_care(actor, case)
    ensure_open(case)
    check_date("reached_on", reached_on, case=case)
    if transition.is_step_back and not clean_text(reason):
        raise ValidationError({"reason": _("Say why the survivor stepped back.")})
    others = _transitions(case).exclude(pk=transition.pk)
    ordered_before = others.filter(created_at__lt=transition.created_at)
    previous = ordered_before.order_by("-reached_on", "-created_at").first()
    following = others.filter(created_at__gt=transition.created_at).order_by("reached_on").first()
    _check_after(reached_on, previous)
    if following is not None and reached_on > following.reached_on:
        raise ValidationError(
            {
                "reached_on": _("The next stage was reached on %(date)s; this cannot be later.")
                % {"date": date_format(following.reached_on)}
            }
        )
    before = event_spec(transition)
    transition.reached_on, transition.reason = reached_on, clean_text(reason)
    save_with_event(transition, actor=actor, before=before, expected_version=expected_version)
    return transition


@transaction.atomic
def set_reintegration_stage_archived(
    *, actor: Any, transition: ReintegrationTransition, archived: bool
) -> ReintegrationTransition:
    """Only the latest stage can be archived (so the order stays true); a restored stage
    must follow the current latest one as a new record would."""
    case = transition.case
    ensure_may_record_care(actor, case)
    ensure_open(case)
    latest = latest_transition(case)
    if archived and latest is not None and latest.pk != transition.pk:
        raise ValidationError(_("Only the latest stage can be archived."))
    if not archived:
        transition.is_step_back = _is_step_back(
            stage=transition.stage, latest=latest, reason=transition.reason
        )
        _check_after(transition.reached_on, latest)
    set_archived(transition, actor=actor, archived=archived)
    return transition
