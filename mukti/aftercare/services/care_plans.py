"""Care plans: the needs assessment across six domains, goals with an owner and a target
date, and reviews by the review date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.aftercare.models import (
    CarePlan,
    CarePlanGoal,
    CarePlanNeed,
    CarePlanReview,
    Domain,
    GoalStatus,
    NeedLevel,
)
from mukti.aftercare.services.common import (
    as_actor,
    check_date,
    check_not_before,
    clean_text,
    ensure_may_record_care,
    ensure_open,
    save,
    save_with_event,
    set_archived,
)
from mukti.aftercare.timeline import event_spec
from mukti.cases.models import Case


@dataclass(frozen=True)
class NeedInput:
    """What the needs assessment found in one domain."""

    domain: str
    level: str = NeedLevel.NONE
    description: str = ""


def _check_needs(needs: Iterable[NeedInput]) -> dict[str, NeedInput]:
    by_domain: dict[str, NeedInput] = {}
    for need in needs:
        if need.domain not in Domain.values:
            raise ValidationError({"needs": _("Unknown domain: %(domain)s.") % need.__dict__})
        if need.level not in NeedLevel.values:
            raise ValidationError({f"{need.domain}_level": _("Choose a level of need.")})
        if need.domain in by_domain:
            raise ValidationError({"needs": _("Each domain is assessed once.")})
        by_domain[need.domain] = need
    return by_domain


def _check_plan_dates(*, case: Case, agreed_on: date, review_on: date) -> None:
    check_date("agreed_on", agreed_on, case=case)
    check_date("review_on", review_on, case=case, may_be_future=True)
    check_not_before(
        "review_on",
        review_on,
        earliest=agreed_on,
        message=_("The review cannot be due before the plan was agreed (%(date)s)."),
    )


def _write_needs(plan: CarePlan, needs: dict[str, NeedInput], *, actor: Any) -> None:
    """Every domain has its row, so the plan always shows all six."""
    existing = {need.domain: need for need in plan.needs.all()}
    for domain in Domain.values:
        given = needs.get(domain, NeedInput(domain))
        row = existing.get(domain) or CarePlanNeed(plan=plan, domain=domain)
        if not row._state.adding and (row.level, row.description) == (
            given.level,
            clean_text(given.description),
        ):
            continue
        row.level, row.description = given.level, clean_text(given.description)
        save(row, actor=actor)


@transaction.atomic
def create_care_plan(
    *,
    actor: Any,
    case: Case,
    agreed_on: date,
    review_on: date,
    needs: Iterable[NeedInput] = (),
    summary: str = "",
) -> CarePlan:
    """The plan agreed with the survivor; a case has one current plan at a time."""
    ensure_may_record_care(actor, case)
    ensure_open(case)
    _check_plan_dates(case=case, agreed_on=agreed_on, review_on=review_on)
    by_domain = _check_needs(needs)
    if CarePlan.objects.filter(case=case, archived_at__isnull=True).exists():
        raise ValidationError(
            _("This case already has a care plan. Review or change it instead of adding one.")
        )
    plan = CarePlan(
        case=case, agreed_on=agreed_on, review_on=review_on, summary=clean_text(summary)
    )
    save_with_event(plan, actor=actor)
    _write_needs(plan, by_domain, actor=actor)
    return plan


@transaction.atomic
def update_care_plan(
    *,
    actor: Any,
    plan: CarePlan,
    expected_version: int,
    agreed_on: date,
    review_on: date,
    needs: Iterable[NeedInput],
    summary: str = "",
) -> CarePlan:
    """Change the plan and its needs; refused (StaleEditError) if it changed since read."""
    ensure_may_record_care(actor, plan.case)
    ensure_open(plan.case)
    _check_plan_dates(case=plan.case, agreed_on=agreed_on, review_on=review_on)
    by_domain = _check_needs(needs)
    before = event_spec(plan)
    plan.agreed_on, plan.review_on, plan.summary = agreed_on, review_on, clean_text(summary)
    save_with_event(plan, actor=actor, before=before, expected_version=expected_version)
    _write_needs(plan, by_domain, actor=actor)
    return plan


@transaction.atomic
def archive_care_plan(*, actor: Any, plan: CarePlan) -> CarePlan:
    """Set aside a plan entered in error (or replaced): it stays in history."""
    ensure_may_record_care(actor, plan.case)
    ensure_open(plan.case)
    set_archived(plan, actor=actor, archived=True)
    return plan


@transaction.atomic
def restore_care_plan(*, actor: Any, plan: CarePlan) -> CarePlan:
    ensure_may_record_care(actor, plan.case)
    ensure_open(plan.case)
    current = CarePlan.objects.filter(case=plan.case, archived_at__isnull=True)
    if current.exclude(pk=plan.pk).exists():
        raise ValidationError(
            _("This case has another current care plan. Archive it before restoring this one.")
        )
    set_archived(plan, actor=actor, archived=False)
    return plan


def _check_goal(
    *, plan: CarePlan, domain: str, description: str, owner: Any, target_on: date
) -> None:
    if domain not in Domain.values:
        raise ValidationError({"domain": _("Choose a domain.")})
    if not clean_text(description):
        raise ValidationError({"description": _("Say what the goal is.")})
    if owner is None or not case_allows(owner, Action.RECORD_CARE, plan.case):
        raise ValidationError({"owner": _("Choose a staff member who works on this case's care.")})
    check_date("target_on", target_on, case=plan.case, may_be_future=True)


@transaction.atomic
def add_goal(
    *,
    actor: Any,
    plan: CarePlan,
    domain: str,
    description: str,
    owner: Any,
    target_on: date,
) -> CarePlanGoal:
    """A goal of the plan, owned by a staff member, to be reached by a target date."""
    ensure_may_record_care(actor, plan.case)
    ensure_open(plan.case)
    if plan.archived_at is not None:
        raise ValidationError(_("This care plan is archived."))
    _check_goal(plan=plan, domain=domain, description=description, owner=owner, target_on=target_on)
    goal = CarePlanGoal(
        plan=plan,
        domain=domain,
        description=clean_text(description),
        owner=owner,
        target_on=target_on,
    )
    save(goal, actor=actor)
    return goal


@transaction.atomic
def update_goal(
    *,
    actor: Any,
    goal: CarePlanGoal,
    expected_version: int,
    domain: str,
    description: str,
    owner: Any,
    target_on: date,
    status: str,
) -> CarePlanGoal:
    ensure_may_record_care(actor, goal.plan.case)
    ensure_open(goal.plan.case)
    _check_goal(
        plan=goal.plan, domain=domain, description=description, owner=owner, target_on=target_on
    )
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    goal.domain, goal.description, goal.owner = domain, clean_text(description), owner
    goal.target_on, goal.status = target_on, status
    save(goal, actor=actor, expected_version=expected_version)
    return goal


@transaction.atomic
def set_goal_archived(*, actor: Any, goal: CarePlanGoal, archived: bool) -> CarePlanGoal:
    ensure_may_record_care(actor, goal.plan.case)
    ensure_open(goal.plan.case)
    goal.archived_at = timezone.now() if archived else None
    save(goal, actor=actor)
    return goal


@transaction.atomic
def record_care_plan_review(
    *,
    actor: Any,
    plan: CarePlan,
    reviewed_on: date,
    next_review_on: date,
    notes: str = "",
) -> CarePlanReview:
    """The plan reviewed with the survivor; the next review date moves on."""
    case = plan.case
    ensure_may_record_care(actor, case)
    ensure_open(case)
    if plan.archived_at is not None:
        raise ValidationError(_("This care plan is archived."))
    check_date("reviewed_on", reviewed_on, case=case)
    check_not_before(
        "reviewed_on",
        reviewed_on,
        earliest=plan.agreed_on,
        message=_("A review cannot come before the plan was agreed (%(date)s)."),
    )
    check_date("next_review_on", next_review_on, case=case, may_be_future=True)
    check_not_before(
        "next_review_on",
        next_review_on,
        earliest=reviewed_on,
        message=_("The next review cannot be due before this one (%(date)s)."),
    )
    review = CarePlanReview(
        plan=plan, reviewed_on=reviewed_on, next_review_on=next_review_on, notes=clean_text(notes)
    )
    save_with_event(review, actor=actor)
    plan.review_on = next_review_on
    as_actor(plan, actor)
    plan.save(update_fields=["review_on", "updated_by"])
    return review


@transaction.atomic
def update_care_plan_review(
    *, actor: Any, review: CarePlanReview, expected_version: int, notes: str
) -> CarePlanReview:
    """Correct what a review found. (Its dates moved the plan's review date on: they stay.)"""
    ensure_may_record_care(actor, review.plan.case)
    ensure_open(review.plan.case)
    review.notes = clean_text(notes)
    save(review, actor=actor, expected_version=expected_version)
    return review
