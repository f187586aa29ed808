"""Repatriations built through the services, as a user would have built them."""

from __future__ import annotations

from datetime import date
from typing import Any

from mukti.cases.models import Case
from mukti.repatriation import services
from mukti.repatriation.models import Corridor, Repatriation, RepatriationStep


def corridor(code: str = "IN-BD") -> Corridor:
    return Corridor.objects.get(code=code)


def make_repatriation(
    *, actor: Any, case: Case, code: str = "IN-BD", started_on: date = date(2026, 2, 1)
) -> Repatriation:
    return services.start_repatriation(
        actor=actor, case=case, corridor=corridor(code), started_on=started_on
    )


def steps_of(repatriation: Repatriation) -> list[RepatriationStep]:
    return list(repatriation.steps.order_by("position"))


def finish(
    actor: Any, step: RepatriationStep, done_on: date, *, started_on: date | None = None
) -> RepatriationStep:
    """Mark a step done (reloaded first, so its version is the current one)."""
    step.refresh_from_db()
    return services.update_step(
        actor=actor,
        step=step,
        expected_version=step.version,
        planned_on=step.planned_on,
        started_on=started_on if started_on is not None else step.started_on,
        done_on=done_on,
        responsible_agency=step.responsible_agency,
    )


def finish_through(
    actor: Any, repatriation: Repatriation, days: list[date]
) -> list[RepatriationStep]:
    """Mark the first len(days) steps done on those days, in order."""
    steps = steps_of(repatriation)
    for step, day in zip(steps, days, strict=False):
        finish(actor, step, day)
    return steps_of(repatriation)
