"""Assessments: DASS-21 (counselling section) scored from its items, and the recovery
assessment scored per domain on the current instrument, with its "stable" rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.roles import Section
from mukti.aftercare import dass21
from mukti.aftercare.models import (
    DOMAIN_FIELDS,
    Dass21Assessment,
    Domain,
    RecoveryAssessment,
    RecoveryInstrument,
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


def _checked_items(items: Sequence[Any]) -> list[int]:
    problems = dass21.item_problems(items)
    if problems:
        raise ValidationError({"items": problems})
    return [int(value) for value in items]


def _apply_dass21(assessment: Dass21Assessment, items: list[int]) -> None:
    scores = dass21.score(items)
    assessment.items = items
    assessment.depression, assessment.anxiety, assessment.stress = (
        scores.depression,
        scores.anxiety,
        scores.stress,
    )
    assessment.depression_band = scores.depression_band
    assessment.anxiety_band = scores.anxiety_band
    assessment.stress_band = scores.stress_band
    assessment.banding = dass21.BANDING


@transaction.atomic
def record_dass21(
    *, actor: Any, case: Case, assessed_on: date, items: Sequence[Any], notes: str = ""
) -> Dass21Assessment:
    """The 21 answers as given (each 0-3); the subscale scores and bands are computed."""
    ensure_may_record_care(actor, case, Section.COUNSELLING)
    ensure_open(case)
    check_date("assessed_on", assessed_on, case=case)
    assessment = Dass21Assessment(case=case, assessed_on=assessed_on, notes=clean_text(notes))
    _apply_dass21(assessment, _checked_items(items))
    save_with_event(assessment, actor=actor)
    return assessment


@transaction.atomic
def update_dass21(
    *,
    actor: Any,
    assessment: Dass21Assessment,
    expected_version: int,
    assessed_on: date,
    items: Sequence[Any],
    notes: str = "",
) -> Dass21Assessment:
    ensure_may_record_care(actor, assessment.case, Section.COUNSELLING)
    ensure_open(assessment.case)
    check_date("assessed_on", assessed_on, case=assessment.case)
    checked = _checked_items(items)
    before = event_spec(assessment)
    assessment.assessed_on, assessment.notes = assessed_on, clean_text(notes)
    _apply_dass21(assessment, checked)
    save_with_event(assessment, actor=actor, before=before, expected_version=expected_version)
    return assessment


@transaction.atomic
def set_dass21_archived(
    *, actor: Any, assessment: Dass21Assessment, archived: bool
) -> Dass21Assessment:
    ensure_may_record_care(actor, assessment.case, Section.COUNSELLING)
    ensure_open(assessment.case)
    set_archived(assessment, actor=actor, archived=archived)
    return assessment


def current_instrument() -> RecoveryInstrument:
    """The instrument new recovery assessments are scored on (configured as data)."""
    instrument = RecoveryInstrument.objects.filter(is_current=True).first()
    if instrument is None:
        raise ValidationError(_("No recovery instrument is configured. Ask an administrator."))
    return instrument


def _checked_scores(scores: Mapping[str, Any], instrument: RecoveryInstrument) -> dict[str, int]:
    checked: dict[str, int] = {}
    errors: dict[str, str] = {}
    for name in DOMAIN_FIELDS:
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            value = None
        if value is None or not instrument.scale_min <= value <= instrument.scale_max:
            errors[name] = _("%(domain)s: give a score from %(low)s to %(high)s.") % {
                "domain": Domain(name).label,
                "low": instrument.scale_min,
                "high": instrument.scale_max,
            }
        else:
            checked[name] = value
    unknown = set(scores) - set(DOMAIN_FIELDS)
    if unknown:
        errors["scores"] = _("Unknown domains: %(names)s.") % {"names": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def record_recovery_assessment(
    *, actor: Any, case: Case, assessed_on: date, scores: Mapping[str, Any], notes: str = ""
) -> RecoveryAssessment:
    """A score per domain on the current instrument; "stable" follows its rule."""
    ensure_may_record_care(actor, case)
    ensure_open(case)
    check_date("assessed_on", assessed_on, case=case)
    instrument = current_instrument()
    checked = _checked_scores(scores, instrument)
    assessment = RecoveryAssessment(
        case=case,
        instrument=instrument,
        assessed_on=assessed_on,
        notes=clean_text(notes),
        is_stable=instrument.is_stable(checked),
        **checked,
    )
    save_with_event(assessment, actor=actor)
    return assessment


@transaction.atomic
def update_recovery_assessment(
    *,
    actor: Any,
    assessment: RecoveryAssessment,
    expected_version: int,
    assessed_on: date,
    scores: Mapping[str, Any],
    notes: str = "",
) -> RecoveryAssessment:
    """Correct the scores; they are judged on the instrument the assessment used."""
    ensure_may_record_care(actor, assessment.case)
    ensure_open(assessment.case)
    check_date("assessed_on", assessed_on, case=assessment.case)
    checked = _checked_scores(scores, assessment.instrument)
    before = event_spec(assessment)
    for name, value in checked.items():
        setattr(assessment, name, value)
    assessment.assessed_on, assessment.notes = assessed_on, clean_text(notes)
    assessment.is_stable = assessment.instrument.is_stable(checked)
    save_with_event(assessment, actor=actor, before=before, expected_version=expected_version)
    return assessment


@transaction.atomic
def set_recovery_assessment_archived(
    *, actor: Any, assessment: RecoveryAssessment, archived: bool
) -> RecoveryAssessment:
    ensure_may_record_care(actor, assessment.case)
    ensure_open(assessment.case)
    set_archived(assessment, actor=actor, archived=archived)
    return assessment
