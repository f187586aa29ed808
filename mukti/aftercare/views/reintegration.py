"""The reintegration panel: the stage the survivor has reached and each dated transition."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mukti.aftercare import selectors, services
from mukti.aftercare.forms import StageEditForm, StageForm
from mukti.aftercare.models import STAGE_ORDER, ReintegrationStage, ReintegrationTransition
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
    transitions = list(
        selectors.reintegration_of(request.user, case=case).order_by("-reached_on", "-created_at")
    )
    current = transitions[0] if transitions else None
    reached = STAGE_ORDER.index(current.stage) if current else -1
    return {
        "transition_kind": TRANSITION,
        "current": current,
        # The stages in order, marking those reached, for the progress list.
        "stages": [
            (label, index <= reached, value == (current.stage if current else None))
            for index, (value, label) in enumerate(ReintegrationStage.choices)
        ],
        # Only the latest transition can be archived: the others' actions are not offered.
        "transition_rows": [
            (t, TRANSITION.offered_actions(t) if t is current else []) for t in transitions
        ],
        "archived_rows": rows(
            TRANSITION, selectors.reintegration_of(request.user, case=case, archived=True)
        ),
        "stage_form": create_form(request, case, state, "stage"),
    }


def _facts(transition: ReintegrationTransition) -> list[tuple[Any, Any]]:
    return [
        (_("Stage"), transition.get_stage_display()),
        (_("Reached on"), transition.reached_on),
        (_("A step back"), _("Yes") if transition.is_step_back else _("No")),
        (_("Reason"), transition.reason),
        *recorded(transition),
    ]


TRANSITION = RecordKind(
    slug="stage",
    panel="reintegration",
    find=lambda user, case, pk: selectors.reintegration_transition_for(
        user, case=case, transition_id=pk
    ),
    facts=_facts,
    edit_form=lambda request, case, transition, data: StageEditForm(
        data, initial=StageEditForm.initial_from(transition)
    ),
    update=lambda actor, transition, form: services.update_reintegration_stage(
        actor=actor,
        transition=transition,
        expected_version=form.cleaned_data["version"],
        reached_on=form.cleaned_data["reached_on"],
        reason=form.cleaned_data["reason"],
    ),
    edited=_("The stage was saved."),
    editable=lambda transition: transition.archived_at is None,
    actions={
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, transition: services.set_reintegration_stage_archived(
                actor=actor, transition=transition, archived=True
            ),
            _("The stage was archived. It can be restored."),
            lambda transition: transition.archived_at is None,
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, transition: services.set_reintegration_stage_archived(
                actor=actor, transition=transition, archived=False
            ),
            _("The stage was restored."),
            lambda transition: transition.archived_at is not None,
        ),
    },
)

register(
    Panel(
        key="reintegration",
        title=_("Reintegration"),
        template="aftercare/panels/reintegration.html",
        order=55,
        context=_context,
    ),
    kinds=[TRANSITION],
    creations=[
        Creation(
            "stage",
            "reintegration",
            lambda request, case, data: StageForm(data),
            lambda actor, case, form: services.record_reintegration_stage(
                actor=actor, case=case, **form.cleaned_data
            ),
            _("The stage was recorded."),
        )
    ],
)
