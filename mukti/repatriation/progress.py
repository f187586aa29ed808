"""Where a repatriation stands: which step the survivor waits on, since when, until when,
and how long each finished step took. Pure functions over dates, shared by the services,
the pages and the demo, so the rule is written once.

A step could start when the step before it was done (the first: when the repatriation
started). It is overdue when it is not done `target_days` after it could start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from mukti.repatriation.models import Milestone


class StepDates(Protocol):
    target_days: int
    milestone: str
    done_on: date | None
    could_start_on: date | None
    days_taken: int | None


@dataclass
class Standing:
    """The repatriation-level facts that follow from its steps' dates."""

    current_step: Any | None
    waiting_since: date | None
    due_on: date | None
    completed_on: date | None
    repatriated_on: date | None
    reunited_on: date | None
    days_to_repatriation: int | None
    days_end_to_end: int | None


def due_on(step: StepDates) -> date | None:
    """The day by which the step should be done, once it could start."""
    if step.could_start_on is None:
        return None
    return step.could_start_on + timedelta(days=step.target_days)


def is_overdue(step: StepDates, *, today: date) -> bool:
    due = due_on(step)
    return step.done_on is None and due is not None and today > due


def days_late(step: StepDates, *, today: date) -> int:
    """Days past the target: for a done step, how late it finished; else how late it is now."""
    due = due_on(step)
    if due is None:
        return 0
    return max(0, ((step.done_on or today) - due).days)


def derive(*, started_on: date, steps: list[Any]) -> Standing:
    """Set each step's `could_start_on` and `days_taken` (steps in order) and say where the
    repatriation stands. Steps are done in order, so the first not done is the current one."""
    could_start: date | None = started_on
    current = None
    for step in steps:
        step.could_start_on = could_start
        done = step.done_on
        step.days_taken = (done - could_start).days if done and could_start else None
        if done is None and current is None:
            current = step
        could_start = done if done is not None else None
    milestones = {step.milestone: step.done_on for step in steps if step.done_on}
    repatriated_on = milestones.get(Milestone.REPATRIATED)
    reunited_on = milestones.get(Milestone.REUNITED)
    completed_on = steps[-1].done_on if steps and current is None else None
    return Standing(
        current_step=current,
        waiting_since=current.could_start_on if current is not None else None,
        due_on=due_on(current) if current is not None else None,
        completed_on=completed_on,
        repatriated_on=repatriated_on,
        reunited_on=reunited_on,
        days_to_repatriation=(repatriated_on - started_on).days if repatriated_on else None,
        days_end_to_end=(completed_on - started_on).days if completed_on else None,
    )
