"""Every write about repatriations: one function per user action, one transaction each.

Finishing a step adds its event to the survivor's timeline: "repatriated" for the handover
in the home country, "reunited with family" for the reunification, "repatriation step done"
for the others. Impossible orders of dates are refused with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.cases.models import Case, CaseEvent, Status
from mukti.cases.services import add_case_event
from mukti.core.geography import COUNTRIES
from mukti.repatriation.models import (
    MILESTONE_EVENTS,
    Blocker,
    Corridor,
    DocumentType,
    Milestone,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    StepDocument,
    StepTemplate,
    TemplateStep,
)
from mukti.repatriation.progress import derive
from mukti.repatriation.selectors import may_configure_corridors

MAX_TARGET_DAYS = 3650


def _as_actor(record: models.Model, actor: Any) -> None:
    record._history_user = actor  # type: ignore[attr-defined]


def _saved(record: Any, actor: Any) -> None:
    record.updated_by = actor
    _as_actor(record, actor)
    record.save()


def _not_in_future(day: date | None, field_name: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field_name: _("The date cannot be in the future.")})


def _not_before_start(day: date | None, field_name: str, repatriation: Repatriation) -> None:
    if day is not None and day < repatriation.started_on:
        raise ValidationError(
            {
                field_name: _("The date is before the repatriation started (%(day)s).")
                % {"day": repatriation.started_on.isoformat()}
            }
        )


# --- corridors --------------------------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    """One step of a corridor's template as a user describes it."""

    name: str
    target_days: int
    milestone: str = Milestone.STEP
    responsible_agency: str = ""
    documents: tuple[str, ...] = field(default_factory=tuple)
    # Kept when a step is carried over from the previous version; new steps get one.
    key: str = ""


def _ensure_may_configure(actor: Any) -> None:
    if not may_configure_corridors(actor):
        raise PermissionDenied(_("Only a programme manager who manages repatriations can do this."))


def _checked_steps(steps: Sequence[StepSpec]) -> list[StepSpec]:
    """Names, targets and milestones that make a usable template, or the reason why not."""
    if not steps:
        raise ValidationError({"steps": _("A corridor needs at least one step.")})
    names: set[str] = set()
    keys: set[str] = set()
    checked: list[StepSpec] = []
    for spec in steps:
        name = spec.name.strip()
        if not name:
            raise ValidationError({"steps": _("Every step needs a name.")})
        if name.casefold() in names:
            raise ValidationError({"steps": _("Two steps are called “%(name)s”.") % {"name": name}})
        names.add(name.casefold())
        if not 1 <= spec.target_days <= MAX_TARGET_DAYS:
            raise ValidationError(
                {
                    "steps": _("Target days must be between 1 and %(most)s.")
                    % {"most": MAX_TARGET_DAYS}
                }
            )
        if spec.milestone not in Milestone.values:
            raise ValidationError({"steps": _("Choose what the step means on the timeline.")})
        unknown = [d for d in spec.documents if d not in DocumentType.values]
        if unknown:
            raise ValidationError({"steps": _("Choose documents from the list.")})
        key = spec.key or slugify(name)[:60] or f"step-{len(checked) + 1}"
        while key in keys:
            key = f"{key[:55]}-{len(checked) + 1}"
        keys.add(key)
        checked.append(
            StepSpec(
                name=name,
                target_days=spec.target_days,
                milestone=spec.milestone,
                responsible_agency=spec.responsible_agency.strip(),
                documents=tuple(dict.fromkeys(spec.documents)),
                key=key,
            )
        )
    milestones = [spec.milestone for spec in checked]
    for milestone in (Milestone.REPATRIATED, Milestone.REUNITED):
        if milestones.count(milestone) > 1:
            raise ValidationError(
                {
                    "steps": _("Only one step can mean “%(meaning)s”.")
                    % {"meaning": Milestone(milestone).label}
                }
            )
    if (
        Milestone.REPATRIATED in milestones
        and Milestone.REUNITED in milestones
        and milestones.index(Milestone.REUNITED) < milestones.index(Milestone.REPATRIATED)
    ):
        raise ValidationError(
            {"steps": _("The family reunification step must come after the handover step.")}
        )
    return checked


def _new_template(*, actor: Any, corridor: Corridor, steps: list[StepSpec]) -> StepTemplate:
    last = corridor.templates.aggregate(models.Max("number"))["number__max"] or 0
    template = StepTemplate.objects.create(
        corridor=corridor, number=last + 1, created_by=actor, updated_by=actor
    )
    TemplateStep.objects.bulk_create(
        TemplateStep(
            template=template,
            position=position,
            key=spec.key,
            name=spec.name,
            target_days=spec.target_days,
            milestone=spec.milestone,
            responsible_agency=spec.responsible_agency,
            documents=list(spec.documents),
        )
        for position, spec in enumerate(steps, start=1)
    )
    return template


def _corridor_code(from_country: str, to_country: str) -> str:
    base = f"{from_country}-{to_country}"
    taken = set(Corridor.objects.filter(code__startswith=base).values_list("code", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def add_corridor(
    *,
    actor: Any,
    from_country: str,
    to_country: str,
    steps: Sequence[StepSpec],
    qualifier: str = "",
) -> Corridor:
    """A new route home, with its first step template."""
    _ensure_may_configure(actor)
    for name, country in (("from_country", from_country), ("to_country", to_country)):
        if country not in COUNTRIES:
            raise ValidationError({name: _("Choose a country from the list.")})
    if from_country == to_country:
        raise ValidationError({"to_country": _("A corridor goes from one country to another.")})
    qualifier = qualifier.strip()
    same_route = Corridor.objects.filter(from_country=from_country, to_country=to_country)
    if same_route.filter(qualifier__iexact=qualifier).exists():
        raise ValidationError(
            {"qualifier": _("This corridor exists already: give this one a qualifier.")}
        )
    checked = _checked_steps(steps)
    corridor = Corridor(
        code=_corridor_code(from_country, to_country),
        from_country=from_country,
        to_country=to_country,
        qualifier=qualifier,
        created_by=actor,
        updated_by=actor,
    )
    _as_actor(corridor, actor)
    corridor.save()
    corridor.current_template = _new_template(actor=actor, corridor=corridor, steps=checked)
    _saved(corridor, actor)
    return corridor


@transaction.atomic
def change_corridor_steps(
    *, actor: Any, corridor: Corridor, expected_version: int, steps: Sequence[StepSpec]
) -> StepTemplate:
    """A new version of the corridor's steps. Repatriations already started keep theirs."""
    _ensure_may_configure(actor)
    checked = _checked_steps(steps)
    corridor.version = expected_version
    corridor.current_template = _new_template(actor=actor, corridor=corridor, steps=checked)
    _saved(corridor, actor)
    return corridor.current_template


@transaction.atomic
def change_corridor(
    *, actor: Any, corridor: Corridor, expected_version: int, qualifier: str, is_active: bool
) -> Corridor:
    """Rename (qualify) a corridor, or stop offering it for new repatriations."""
    _ensure_may_configure(actor)
    qualifier = qualifier.strip()
    clash = Corridor.objects.filter(
        from_country=corridor.from_country,
        to_country=corridor.to_country,
        qualifier__iexact=qualifier,
    ).exclude(pk=corridor.pk)
    if clash.exists():
        raise ValidationError(
            {"qualifier": _("This corridor exists already: give this one a qualifier.")}
        )
    corridor.version = expected_version
    corridor.qualifier, corridor.is_active = qualifier, is_active
    _saved(corridor, actor)
    return corridor


# --- a repatriation -----------------------------------------------------------------------


def _ensure_case_open(case: Case) -> None:
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed. Reopen it before recording something new."))


def _ensure_may_change(actor: Any, repatriation: Repatriation) -> None:
    ensure_can(actor, Action.MANAGE_REPATRIATION, repatriation.case)
    if repatriation.status == RepatriationStatus.CANCELLED:
        raise ValidationError(_("This repatriation was cancelled; it can no longer change."))
    _ensure_case_open(repatriation.case)


def _locked(repatriation: Repatriation) -> Repatriation:
    """The repatriation row locked for this transaction: step rules look at neighbours."""
    return (
        Repatriation.objects.select_for_update()
        .select_related("case", "case__survivor")
        .get(pk=repatriation.pk)
    )


def _refresh_standing(repatriation: Repatriation) -> list[RepatriationStep]:
    """Recompute the derived dates of the steps and the repatriation (not user edits: they
    are written without a new version, so nobody's open form goes stale for them)."""
    steps = list(repatriation.steps.order_by("position"))
    before = {step.pk: (step.could_start_on, step.days_taken) for step in steps}
    standing = derive(started_on=repatriation.started_on, steps=steps)
    for step in steps:
        if before[step.pk] != (step.could_start_on, step.days_taken):
            RepatriationStep.objects.filter(pk=step.pk).update(
                could_start_on=step.could_start_on, days_taken=step.days_taken
            )
    changes: dict[str, Any] = {
        "current_step": standing.current_step,
        "waiting_since": standing.waiting_since,
        "due_on": standing.due_on,
        "repatriated_on": standing.repatriated_on,
        "reunited_on": standing.reunited_on,
        "days_to_repatriation": standing.days_to_repatriation,
        "days_end_to_end": standing.days_end_to_end,
    }
    if repatriation.status != RepatriationStatus.CANCELLED:
        completed = standing.completed_on is not None
        changes["status"] = (
            RepatriationStatus.COMPLETED if completed else RepatriationStatus.IN_PROGRESS
        )
        changes["completed_on"] = standing.completed_on
    else:
        changes["current_step"], changes["waiting_since"], changes["due_on"] = None, None, None
    for name, value in changes.items():
        setattr(repatriation, name, value)
    Repatriation.objects.filter(pk=repatriation.pk).update(**changes)
    return steps


@transaction.atomic
def start_repatriation(
    *, actor: Any, case: Case, corridor: Corridor, started_on: date
) -> Repatriation:
    """Start bringing a survivor home along a corridor: its current steps are copied, each
    planned for when its target would be met, with the documents each step needs."""
    ensure_can(actor, Action.MANAGE_REPATRIATION, case)
    _ensure_case_open(case)
    if not corridor.is_active or corridor.current_template_id is None:
        raise ValidationError({"corridor": _("This corridor is not in use.")})
    _not_in_future(started_on, "started_on")
    if started_on < case.opened_on:
        raise ValidationError(
            {"started_on": _("A repatriation cannot start before the case opened.")}
        )
    if case.survivor.birth_date and started_on < case.survivor.birth_date:
        raise ValidationError({"started_on": _("The date is before the survivor's date of birth.")})
    if Repatriation.objects.filter(case=case, status=RepatriationStatus.IN_PROGRESS).exists():
        raise ValidationError(
            _("This case has a repatriation in progress: complete or cancel it first.")
        )
    template = corridor.current_template
    assert template is not None  # noqa: S101 - checked above
    repatriation = Repatriation(
        case=case,
        office_id=case.office_id,
        corridor=corridor,
        template=template,
        started_on=started_on,
        created_by=actor,
        updated_by=actor,
    )
    _as_actor(repatriation, actor)
    repatriation.save()
    planned = started_on
    documents = []
    for template_step in template.steps.order_by("position"):
        planned += timedelta(days=template_step.target_days)
        step = RepatriationStep(
            repatriation=repatriation,
            position=template_step.position,
            key=template_step.key,
            name=template_step.name,
            target_days=template_step.target_days,
            milestone=template_step.milestone,
            responsible_agency=template_step.responsible_agency,
            planned_on=planned,
            created_by=actor,
            updated_by=actor,
        )
        _as_actor(step, actor)
        step.save()
        documents += [
            StepDocument(step=step, document_type=kind, created_by=actor, updated_by=actor)
            for kind in template_step.documents
        ]
    for document in documents:
        _as_actor(document, actor)
        document.save()
    _refresh_standing(repatriation)
    return repatriation


def _previous_and_next(
    step: RepatriationStep,
) -> tuple[RepatriationStep | None, RepatriationStep | None]:
    siblings = step.repatriation.steps
    previous = siblings.filter(position__lt=step.position).order_by("-position").first()
    following = siblings.filter(position__gt=step.position).order_by("position").first()
    return previous, following


def _check_step_dates(
    step: RepatriationStep,
    *,
    repatriation: Repatriation,
    planned_on: date | None,
    started_on: date | None,
    done_on: date | None,
) -> None:
    _not_in_future(started_on, "started_on")
    _not_in_future(done_on, "done_on")
    _not_before_start(planned_on, "planned_on", repatriation)
    _not_before_start(started_on, "started_on", repatriation)
    _not_before_start(done_on, "done_on", repatriation)
    if step.done_on is not None and done_on is None:
        raise ValidationError(
            {"done_on": _("A step that is done stays done: correct its date instead.")}
        )
    if done_on is None:
        return
    if started_on is not None and done_on < started_on:
        raise ValidationError({"done_on": _("A step cannot be done before it started.")})
    previous, following = _previous_and_next(step)
    if previous is not None and previous.done_on is None:
        raise ValidationError(
            {
                "done_on": _(
                    "“%(previous)s” is not done yet: a step cannot be done before the "
                    "step before it."
                )
                % {"previous": previous.label}
            }
        )
    if previous is not None and previous.done_on is not None and done_on < previous.done_on:
        raise ValidationError(
            {
                "done_on": _(
                    "“%(previous)s” was done on %(day)s: a step cannot be done before the "
                    "step before it."
                )
                % {"previous": previous.label, "day": previous.done_on.isoformat()}
            }
        )
    if following is not None and following.done_on is not None and done_on > following.done_on:
        raise ValidationError(
            {
                "done_on": _(
                    "“%(next)s” was done on %(day)s: this step cannot be done after the "
                    "step that follows it."
                )
                % {"next": following.label, "day": following.done_on.isoformat()}
            }
        )


def _record_done_event(*, actor: Any, step: RepatriationStep, case: Case) -> None:
    """The timeline event for a step done; a corrected date replaces the earlier event."""
    event = add_case_event(
        actor=actor,
        case=case,
        kind=MILESTONE_EVENTS[Milestone(step.milestone)],
        happened_on=step.done_on,  # type: ignore[arg-type]
        summary=step.name,
        source=step,
    )
    if step.event_id is not None:
        # The cases app has no service to supersede an event yet (see docs/repatriation.md).
        CaseEvent.objects.filter(pk=step.event_id, case=case).update(superseded_by=event)
    step.event_id = event.pk
    RepatriationStep.objects.filter(pk=step.pk).update(event_id=event.pk)


@transaction.atomic
def update_step(
    *,
    actor: Any,
    step: RepatriationStep,
    expected_version: int,
    planned_on: date | None,
    started_on: date | None,
    done_on: date | None,
    responsible_agency: str,
) -> RepatriationStep:
    """Plan, start or finish a step, or correct its dates or the agency responsible."""
    repatriation = _locked(step.repatriation)
    step.repatriation = repatriation
    _ensure_may_change(actor, repatriation)
    _check_step_dates(
        step,
        repatriation=repatriation,
        planned_on=planned_on,
        started_on=started_on,
        done_on=done_on,
    )
    newly_dated = done_on is not None and done_on != step.done_on
    step.version = expected_version
    step.planned_on, step.started_on, step.done_on = planned_on, started_on, done_on
    step.responsible_agency = responsible_agency.strip()
    _saved(step, actor)
    if newly_dated:
        _record_done_event(actor=actor, step=step, case=repatriation.case)
    _refresh_standing(repatriation)
    step.refresh_from_db()
    return step


@transaction.atomic
def cancel_repatriation(
    *,
    actor: Any,
    repatriation: Repatriation,
    expected_version: int,
    cancelled_on: date,
    reason: str,
) -> Repatriation:
    """Stop a repatriation (the survivor chose to stay, a court needs her here…), with why."""
    ensure_can(actor, Action.MANAGE_REPATRIATION, repatriation.case)
    if repatriation.status != RepatriationStatus.IN_PROGRESS:
        raise ValidationError(_("Only a repatriation in progress can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the repatriation is cancelled.")})
    _not_in_future(cancelled_on, "cancelled_on")
    _not_before_start(cancelled_on, "cancelled_on", repatriation)
    last_done = repatriation.steps.aggregate(models.Max("done_on"))["done_on__max"]
    if last_done is not None and cancelled_on < last_done:
        raise ValidationError(
            {
                "cancelled_on": _("A step was done on %(day)s, after this date.")
                % {"day": last_done.isoformat()}
            }
        )
    repatriation.version = expected_version
    repatriation.status = RepatriationStatus.CANCELLED
    repatriation.cancelled_on, repatriation.cancel_reason = cancelled_on, reason.strip()
    _saved(repatriation, actor)
    _refresh_standing(repatriation)
    return repatriation


# --- documents and blockers ----------------------------------------------------------------


@transaction.atomic
def add_document(*, actor: Any, step: RepatriationStep, document_type: str) -> StepDocument:
    """One more line on a step's documents checklist."""
    _ensure_may_change(actor, step.repatriation)
    if document_type not in DocumentType.values:
        raise ValidationError({"document_type": _("Choose a document from the list.")})
    document = StepDocument(
        step=step, document_type=document_type, created_by=actor, updated_by=actor
    )
    _as_actor(document, actor)
    document.save()
    return document


@transaction.atomic
def record_document(
    *,
    actor: Any,
    document: StepDocument,
    expected_version: int,
    received: bool,
    received_on: date | None,
) -> StepDocument:
    """Tick a document as received (with the date it came), or untick it."""
    _ensure_may_change(actor, document.step.repatriation)
    if received and received_on is None:
        raise ValidationError({"received_on": _("Say when the document was received.")})
    _not_in_future(received_on, "received_on")
    document.version = expected_version
    document.received = received
    document.received_on = received_on if received else None
    _saved(document, actor)
    return document


@transaction.atomic
def open_blocker(*, actor: Any, step: RepatriationStep, opened_on: date, note: str) -> Blocker:
    """Something holds this step up; the note says what (it is encrypted)."""
    repatriation = step.repatriation
    _ensure_may_change(actor, repatriation)
    if step.done_on is not None:
        raise ValidationError(_("This step is done: nothing blocks it any more."))
    if not note.strip():
        raise ValidationError({"note": _("Say what is blocking the step.")})
    _not_in_future(opened_on, "opened_on")
    _not_before_start(opened_on, "opened_on", repatriation)
    blocker = Blocker(
        step=step,
        repatriation=repatriation,
        opened_on=opened_on,
        note=note.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _as_actor(blocker, actor)
    blocker.save()
    return blocker


@transaction.atomic
def resolve_blocker(
    *, actor: Any, blocker: Blocker, expected_version: int, resolved_on: date, resolution: str = ""
) -> Blocker:
    _ensure_may_change(actor, blocker.repatriation)
    if blocker.resolved_on is not None:
        raise ValidationError(_("This blocker is already resolved."))
    _not_in_future(resolved_on, "resolved_on")
    if resolved_on < blocker.opened_on:
        raise ValidationError(
            {
                "resolved_on": _("A blocker cannot be resolved before it was opened (%(day)s).")
                % {"day": blocker.opened_on.isoformat()}
            }
        )
    blocker.version = expected_version
    blocker.resolved_on, blocker.resolution = resolved_on, resolution.strip()
    _saved(blocker, actor)
    return blocker
