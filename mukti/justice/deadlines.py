"""Statutory time limits: the rule Mukti ships, and the clocks that run on legal cases.

Bangladesh, Prevention and Suppression of Human Trafficking Act 2012 (Act No. 3 of 2012),
section 24 ("time limit for completing the trial"): (1) the Tribunal shall complete the trial
within 180 (one hundred and eighty) working days of the framing of charge (অভিযোগ গঠন) for an
offence under the Act; (2) failing that does not void the trial, but the Tribunal reports the
reasons to the High Court Division of the Supreme Court within 10 working days. Source: the
Act's official text, section 24, on bdlaws.minlaw.gov.bd (act-1086, section-41730), checked
in November 2026. The clock runs from the framing of charge, which Mukti records as the start
of the trial stage, not from the charge sheet or the taking of cognizance.

Bangladesh's working week is Sunday to Thursday. Public holidays are a list on the rule, to be
filled in by an administrator; they are not shipped. An ordinance of January 2026 replaced the
Act; its time limits are not verified, so the shipped rule has no end date: when they are,
add the ordinance's rule with its `effective_from` and give this one an `effective_until`.
Section 19's investigation limit is not shipped either (not verified from the official text).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet
from django.utils import timezone

from mukti.justice.models import STAGE_ORDER, Deadline, DeadlineClock, LegalCase, LegalStatus

BANGLADESH_TRIAL_LIMIT: dict[str, Any] = {
    "country": "BD",
    "law": "Prevention and Suppression of Human Trafficking Act 2012",
    "section": "s. 24(1)",
    "description": (
        "The Tribunal completes the trial within 180 working days of the framing of charge; "
        "a miss is reported to the High Court Division within 10 working days."
    ),
    "from_stage": "trial",
    "until_stage": "verdict",
    "days": 180,
    "working_days": True,
    "weekmask": "1111001",
    "holidays": [],
    "near_days": 30,
    "effective_from": date(2012, 2, 20),
    "effective_until": None,
    "is_active": True,
}


def due_date(deadline: Deadline, starts_on: date) -> date:
    """The last day allowed: `days` calendar or working days after the start."""
    if not deadline.working_days:
        return starts_on + timedelta(days=deadline.days)
    due = np.busday_offset(
        np.datetime64(starts_on.isoformat()),
        deadline.days,
        roll="forward",
        weekmask=deadline.weekmask,
        holidays=np.array(deadline.holidays or [], dtype="datetime64[D]"),
    )
    result: date = due.astype(object)
    return result


def deadlines_for(*, country: str, stage: str, on: date) -> QuerySet[Deadline]:
    """The rules of a country that start counting at `stage`, in force on `on`."""
    return Deadline.objects.filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=on),
        country=country,
        from_stage=stage,
        is_active=True,
        effective_from__lte=on,
    )


def start_clocks(legal_case: LegalCase, *, stage: str, on: date) -> None:
    """The case reached `stage` on `on`: every rule counting from it starts."""
    for deadline in deadlines_for(country=legal_case.country, stage=stage, on=on):
        DeadlineClock.objects.update_or_create(
            legal_case=legal_case,
            deadline=deadline,
            defaults={"starts_on": on, "due_on": due_date(deadline, on), "stopped_on": None},
        )


def stop_clocks(legal_case: LegalCase, *, stage: str | None, on: date) -> None:
    """The case reached `stage` (None: it closed): rules it satisfies stop counting."""
    running = DeadlineClock.objects.filter(legal_case=legal_case, stopped_on__isnull=True)
    if stage is not None:
        reached = STAGE_ORDER[: STAGE_ORDER.index(stage) + 1]
        running = running.filter(deadline__until_stage__in=reached)
    running.update(stopped_on=on)


def rebuild_clocks(deadline: Deadline) -> int:
    """After a rule is added or changed: its clock on every legal case it applies to."""
    from mukti.justice.models import StageChange

    DeadlineClock.objects.filter(deadline=deadline).delete()
    if not deadline.is_active:
        return 0
    starts = StageChange.objects.filter(
        stage=deadline.from_stage,
        legal_case__country=deadline.country,
        happened_on__gte=deadline.effective_from,
    )
    if deadline.effective_until:
        starts = starts.filter(happened_on__lte=deadline.effective_until)
    until_index = STAGE_ORDER.index(deadline.until_stage)
    stops: dict[Any, date] = {}
    later = StageChange.objects.filter(
        legal_case_id__in=starts.values("legal_case_id"),
        stage__in=STAGE_ORDER[until_index:],
    ).values_list("legal_case_id", "happened_on")
    for legal_case_id, happened_on in later:
        stops[legal_case_id] = min(happened_on, stops.get(legal_case_id, happened_on))
    closed = dict(
        LegalCase.objects.filter(
            pk__in=starts.values("legal_case_id"), status=LegalStatus.CLOSED
        ).values_list("pk", "closed_on")
    )
    clocks = [
        DeadlineClock(
            legal_case_id=legal_case_id,
            deadline=deadline,
            starts_on=happened_on,
            due_on=due_date(deadline, happened_on),
            stopped_on=stops.get(legal_case_id) or closed.get(legal_case_id),
        )
        for legal_case_id, happened_on in starts.values_list("legal_case_id", "happened_on")
    ]
    DeadlineClock.objects.bulk_create(clocks, batch_size=2000)
    return len(clocks)


def clock_state(clock: DeadlineClock, *, today: date | None = None) -> str:
    """`breached`, `near`, `running`, `met` or `met_late`."""
    today = today or timezone.localdate()
    if clock.stopped_on is not None:
        return "met_late" if clock.stopped_on > clock.due_on else "met"
    if today > clock.due_on:
        return "breached"
    if today >= clock.due_on - timedelta(days=clock.deadline.near_days):
        return "near"
    return "running"


def limit_rules(*, country: str, on: date) -> list[Any]:
    """The country's rules in force on `on`, as the backlog analysis applies them."""
    from mukti.justice.backlog_analysis import LimitRule

    rules = Deadline.objects.filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=on),
        country=country,
        is_active=True,
        effective_from__lte=on,
    )
    return [
        LimitRule(
            label=f"{rule.law}, {rule.section}",
            from_stage=rule.from_stage,
            until_stage=rule.until_stage,
            days=rule.days,
            working_days=rule.working_days,
            weekmask=rule.weekmask,
            holidays=tuple(rule.holidays or ()),
            near_days=rule.near_days,
        )
        for rule in rules
    ]
