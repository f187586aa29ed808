"""The follow-ups panel: planned follow-ups by due date (overdue marked), then those done
and cancelled. A planned one is marked done from its edit form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.aftercare import selectors, services
from mukti.aftercare.forms import FollowUpEditForm, PlanFollowUpForm, RecordFollowUpForm
from mukti.aftercare.models import FollowUp, FollowUpStatus
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

# A case's panel lists this many; older ones stay on the timeline and in the API.
SHOWN = 50


def _context(request: HttpRequest, case: Case, state: PanelState) -> dict[str, Any]:
    planned = list(selectors.planned_follow_ups(request.user, case=case)[:SHOWN])
    others = selectors.follow_ups_of(request.user, case=case).exclude(status=FollowUpStatus.PLANNED)
    shown = list(others[: SHOWN + 1])
    archived = selectors.follow_ups_of(request.user, case=case, archived=True)
    return {
        "follow_up_kind": FOLLOW_UP,
        "follow_up_rows": rows(FOLLOW_UP, planned + shown[:SHOWN]),
        "more_than_shown": len(shown) > SHOWN,
        "archived_rows": rows(FOLLOW_UP, archived[:SHOWN]),
        "today": timezone.localdate(),
        "plan_form": create_form(request, case, state, "follow-up-plan"),
        "done_form": create_form(request, case, state, "follow-up-done"),
    }


def _facts(follow_up: FollowUp) -> list[tuple[Any, Any]]:
    return [
        (_("Kind"), follow_up.get_kind_display()),
        (_("Status"), follow_up.get_status_display()),
        (_("Due on"), follow_up.due_on),
        (_("Done on"), follow_up.done_on),
        (_("Outcome"), follow_up.get_outcome_display()),
        (_("Notes"), follow_up.notes),
        *recorded(follow_up),
    ]


def _update(actor: Any, follow_up: FollowUp, form: Any) -> Any:
    data = form.cleaned_data
    if follow_up.status == FollowUpStatus.PLANNED and data["done_on"]:
        return services.complete_follow_up(
            actor=actor,
            follow_up=follow_up,
            expected_version=data["version"],
            done_on=data["done_on"],
            outcome=data["outcome"],
            notes=data["notes"],
            kind=data["kind"],
        )
    return services.update_follow_up(
        actor=actor,
        follow_up=follow_up,
        expected_version=data["version"],
        kind=data["kind"],
        notes=data["notes"],
        due_on=data.get("due_on"),
        done_on=data["done_on"],
        outcome=data["outcome"],
    )


def _status(*statuses: str) -> Any:
    return lambda record: record.archived_at is None and record.status in statuses


FOLLOW_UP = RecordKind(
    slug="follow-up",
    panel="follow-ups",
    find=lambda user, case, pk: selectors.follow_up_for(user, case=case, follow_up_id=pk),
    facts=_facts,
    edit_form=lambda request, case, follow_up, data: FollowUpEditForm(
        data,
        planned=follow_up.status == FollowUpStatus.PLANNED,
        initial=FollowUpEditForm.initial_from(follow_up),
    ),
    update=_update,
    edited=_("The follow-up was saved."),
    editable=_status(FollowUpStatus.PLANNED, FollowUpStatus.DONE),
    actions={
        "cancel": RecordAction(
            _("Cancel"),
            lambda actor, record: services.cancel_follow_up(actor=actor, follow_up=record),
            _("The follow-up was cancelled. It can be planned again."),
            _status(FollowUpStatus.PLANNED),
        ),
        "plan-again": RecordAction(
            _("Plan it again"),
            lambda actor, record: services.restore_cancelled_follow_up(
                actor=actor, follow_up=record
            ),
            _("The follow-up is planned again."),
            _status(FollowUpStatus.CANCELLED),
        ),
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, record: services.set_follow_up_archived(
                actor=actor, follow_up=record, archived=True
            ),
            _("The follow-up was archived. It can be restored."),
            _status(FollowUpStatus.DONE),
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, record: services.set_follow_up_archived(
                actor=actor, follow_up=record, archived=False
            ),
            _("The follow-up was restored."),
            lambda record: record.archived_at is not None,
        ),
    },
)

register(
    Panel(
        key="follow-ups",
        title=_("Follow-ups"),
        template="aftercare/panels/follow_ups.html",
        order=52,
        context=_context,
    ),
    kinds=[FOLLOW_UP],
    creations=[
        Creation(
            "follow-up-plan",
            "follow-ups",
            lambda request, case, data: PlanFollowUpForm(data),
            lambda actor, case, form: services.plan_follow_up(
                actor=actor, case=case, **form.cleaned_data
            ),
            _("The follow-up was planned."),
        ),
        Creation(
            "follow-up-done",
            "follow-ups",
            lambda request, case, data: RecordFollowUpForm(data),
            lambda actor, case, form: services.record_follow_up(
                actor=actor, case=case, **form.cleaned_data
            ),
            _("The follow-up was recorded."),
        ),
    ],
)
