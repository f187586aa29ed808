"""The re-trafficking panel: dated incidents; recording one reopens a closed case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mukti.accounts.roles import Action
from mukti.aftercare import selectors, services
from mukti.aftercare.forms import ReTraffickingEditForm, ReTraffickingForm
from mukti.aftercare.models import ReTraffickingIncident
from mukti.aftercare.views.machinery import (
    Creation,
    Panel,
    PanelState,
    RecordAction,
    RecordKind,
    recorded,
    register,
    rows,
)
from mukti.cases.models import Case


def _context(request: HttpRequest, case: Case, state: PanelState) -> dict[str, Any]:
    user = request.user
    # Unlike other records, an incident may be recorded on a closed case: it reopens it.
    may_record = user.has_perm(Action.RECORD_CARE, case)
    form = (state.create_forms.get("re-trafficking") or ReTraffickingForm()) if may_record else None
    return {
        "incident_kind": INCIDENT,
        "incident_rows": rows(INCIDENT, selectors.re_trafficking_of(user, case=case)),
        "archived_rows": rows(
            INCIDENT, selectors.re_trafficking_of(user, case=case, archived=True)
        ),
        "incident_form": form,
        "reopens": case.status == "closed",
    }


def _facts(incident: ReTraffickingIncident) -> list[tuple[Any, Any]]:
    return [
        (_("Date it happened"), incident.happened_on),
        (_("What happened"), incident.details),
        (_("The case was reopened for it"), _("Yes") if incident.reopened_case else _("No")),
        *recorded(incident),
    ]


INCIDENT = RecordKind(
    slug="re-trafficking",
    panel="re-trafficking",
    find=lambda user, case, pk: selectors.re_trafficking_for(user, case=case, incident_id=pk),
    facts=_facts,
    edit_form=lambda request, case, incident, data: ReTraffickingEditForm(
        data, initial=ReTraffickingEditForm.initial_from(incident)
    ),
    update=lambda actor, incident, form: services.update_re_trafficking(
        actor=actor,
        incident=incident,
        expected_version=form.cleaned_data["version"],
        happened_on=form.cleaned_data["happened_on"],
        details=form.cleaned_data["details"],
    ),
    edited=_("The incident was saved."),
    editable=lambda incident: incident.archived_at is None,
    actions={
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, incident: services.set_re_trafficking_archived(
                actor=actor, incident=incident, archived=True
            ),
            _("The incident was archived and is no longer counted. It can be restored."),
            lambda incident: incident.archived_at is None,
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, incident: services.set_re_trafficking_archived(
                actor=actor, incident=incident, archived=False
            ),
            _("The incident was restored."),
            lambda incident: incident.archived_at is not None,
        ),
    },
)

register(
    Panel(
        key="re-trafficking",
        title=_("Re-trafficking"),
        template="aftercare/panels/re_trafficking.html",
        order=57,
        context=_context,
    ),
    kinds=[INCIDENT],
    creations=[
        Creation(
            "re-trafficking",
            "re-trafficking",
            lambda request, case, data: ReTraffickingForm(data),
            lambda actor, case, form: services.record_re_trafficking(
                actor=actor, case=case, **form.cleaned_data
            ),
            _("The re-trafficking incident was recorded."),
        )
    ],
)
