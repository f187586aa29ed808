"""The care-plan panel: the current plan (needs per domain, goals, reviews), archived plans."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mukti.aftercare import selectors, services
from mukti.aftercare.forms import (
    CarePlanEditForm,
    CarePlanForm,
    GoalEditForm,
    GoalForm,
    ReviewEditForm,
    ReviewForm,
)
from mukti.aftercare.models import CarePlanReview, Domain, NeedLevel
from mukti.aftercare.views.machinery import (
    Creation,
    Panel,
    PanelState,
    RecordAction,
    RecordKind,
    create_form,
    recorded,
    register,
    rows,
)
from mukti.cases.models import Case


def _context(request: HttpRequest, case: Case, state: PanelState) -> dict[str, Any]:
    user = request.user
    plan = selectors.current_care_plan(user, case=case)
    return {
        "plan_kind": PLAN,
        "goal_kind": GOAL,
        "review_kind": REVIEW,
        "plan": plan,
        "plan_actions": PLAN.offered_actions(plan) if plan else [],
        "needs": _needs_by_domain(plan) if plan else [],
        "goal_rows": rows(GOAL, plan.goals.all()) if plan else [],
        "archived_goal_rows": rows(GOAL, selectors.archived_goals(user, plan=plan)) if plan else [],
        "reviews": plan.reviews.all() if plan else [],
        "archived_plan_rows": rows(PLAN, selectors.archived_care_plans(user, case=case)),
        "plan_form": None if plan else create_form(request, case, state, "care-plan"),
        "goal_form": create_form(request, case, state, "goal") if plan else None,
        "review_form": create_form(request, case, state, "review") if plan else None,
    }


def _needs_by_domain(plan: Any) -> list[tuple[Any, str, Any, str]]:
    """All six domains in order: (domain, level, level label, needs); a domain without a
    row has no need now."""
    found = {need.domain: need for need in plan.needs.all()}
    rows = []
    for domain in Domain:
        need = found.get(domain.value)
        if need is None:
            rows.append((domain.label, NeedLevel.NONE.value, NeedLevel.NONE.label, ""))
        else:
            rows.append((domain.label, need.level, need.get_level_display(), need.description))
    return rows


def _plan_facts(plan: Any) -> list[tuple[Any, Any]]:
    facts: list[tuple[Any, Any]] = [
        (_("Agreed on"), plan.agreed_on),
        (_("Review due on"), plan.review_on),
        (_("Summary"), plan.summary or "—"),
    ]
    for domain, _level, level_label, description in _needs_by_domain(plan):
        facts.append((domain, f"{level_label}: {description}" if description else level_label))
    return facts + recorded(plan)


def _update_plan(actor: Any, plan: Any, form: Any) -> Any:
    return services.update_care_plan(
        actor=actor,
        plan=plan,
        expected_version=form.cleaned_data["version"],
        **form.plan_arguments(),
    )


def _goal_facts(goal: Any) -> list[tuple[Any, Any]]:
    return [
        (_("Domain"), goal.get_domain_display()),
        (_("Goal"), goal.description),
        (_("Owner"), goal.owner),
        (_("Target date"), goal.target_on),
        (_("Status"), goal.get_status_display()),
        *recorded(goal),
    ]


def _update_goal(actor: Any, goal: Any, form: Any) -> Any:
    data = form.cleaned_data
    return services.update_goal(
        actor=actor,
        goal=goal,
        expected_version=data["version"],
        domain=data["domain"],
        description=data["description"],
        owner=data["owner"],
        target_on=data["target_on"],
        status=data["status"],
    )


def _review_facts(review: CarePlanReview) -> list[tuple[Any, Any]]:
    return [
        (_("Reviewed on"), review.reviewed_on),
        (_("Next review due on"), review.next_review_on),
        (_("What the review found"), review.notes or "—"),
        *recorded(review),
    ]


def _is_current(record: Any) -> bool:
    return record.archived_at is None


def _is_archived(record: Any) -> bool:
    return record.archived_at is not None


PLAN = RecordKind(
    slug="care-plan",
    panel="care-plan",
    find=lambda user, case, pk: selectors.care_plan_for(user, case=case, plan_id=pk),
    facts=_plan_facts,
    edit_form=lambda request, case, plan, data: CarePlanEditForm(
        data, initial=CarePlanForm.initial_from(plan)
    ),
    update=_update_plan,
    edited=_("The care plan was saved."),
    editable=_is_current,
    actions={
        "archive": RecordAction(
            _("Archive this plan"),
            lambda actor, plan: services.archive_care_plan(actor=actor, plan=plan),
            _("The care plan was archived. It can be restored."),
            _is_current,
        ),
        "restore": RecordAction(
            _("Restore this plan"),
            lambda actor, plan: services.restore_care_plan(actor=actor, plan=plan),
            _("The care plan was restored."),
            _is_archived,
        ),
    },
)

GOAL = RecordKind(
    slug="goal",
    panel="care-plan",
    find=lambda user, case, pk: selectors.goal_for(user, case=case, goal_id=pk),
    facts=_goal_facts,
    edit_form=lambda request, case, goal, data: GoalEditForm(
        data,
        case=case,
        initial={
            "domain": goal.domain,
            "description": goal.description,
            "owner": goal.owner_id,
            "target_on": goal.target_on,
            "status": goal.status,
            "version": goal.version,
        },
    ),
    update=_update_goal,
    edited=_("The goal was saved."),
    editable=_is_current,
    actions={
        "archive": RecordAction(
            _("Archive"),
            lambda actor, goal: services.set_goal_archived(actor=actor, goal=goal, archived=True),
            _("The goal was archived. It can be restored."),
            _is_current,
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, goal: services.set_goal_archived(actor=actor, goal=goal, archived=False),
            _("The goal was restored."),
            _is_archived,
        ),
    },
)


def _find_review(user: Any, case: Case, pk: Any) -> CarePlanReview:
    plan = selectors.current_care_plan(user, case=case)
    if plan is None:
        raise CarePlanReview.DoesNotExist
    return plan.reviews.get(pk=pk)


REVIEW = RecordKind(
    slug="review",
    panel="care-plan",
    find=_find_review,
    facts=_review_facts,
    edit_form=lambda request, case, review, data: ReviewEditForm(
        data, initial={"notes": review.notes, "version": review.version}
    ),
    update=lambda actor, review, form: services.update_care_plan_review(
        actor=actor,
        review=review,
        expected_version=form.cleaned_data["version"],
        notes=form.cleaned_data["notes"],
    ),
    edited=_("The review was saved."),
)


def _create_plan(actor: Any, case: Case, form: Any) -> Any:
    return services.create_care_plan(actor=actor, case=case, **form.plan_arguments())


def _current_plan(actor: Any, case: Case) -> Any:
    plan = selectors.current_care_plan(actor, case=case)
    if plan is None:
        raise ValidationError(_("This case has no current care plan."))
    return plan


def _create_goal(actor: Any, case: Case, form: Any) -> Any:
    return services.add_goal(actor=actor, plan=_current_plan(actor, case), **form.cleaned_data)


def _create_review(actor: Any, case: Case, form: Any) -> Any:
    return services.record_care_plan_review(
        actor=actor, plan=_current_plan(actor, case), **form.cleaned_data
    )


register(
    Panel(
        key="care-plan",
        title=_("Care plan"),
        template="aftercare/panels/care_plan.html",
        order=50,
        context=_context,
    ),
    kinds=[PLAN, GOAL, REVIEW],
    creations=[
        Creation(
            "care-plan",
            "care-plan",
            lambda request, case, data: CarePlanForm(data),
            _create_plan,
            _("The care plan was recorded."),
        ),
        Creation(
            "goal",
            "care-plan",
            lambda request, case, data: GoalForm(data, case=case),
            _create_goal,
            _("The goal was added."),
        ),
        Creation(
            "review",
            "care-plan",
            lambda request, case, data: ReviewForm(data),
            _create_review,
            _("The review was recorded."),
        ),
    ],
)
