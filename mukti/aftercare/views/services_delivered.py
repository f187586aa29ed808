"""The services panel: planned, delivered and cancelled services in the sections the user's
role reads (counselling sessions and medical care are restricted)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.permissions import readable_sections
from mukti.aftercare import selectors, services
from mukti.aftercare.forms import ServiceEditForm, ServiceForm
from mukti.aftercare.models import Service, ServiceStatus
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
    shown = selectors.services_readable(request.user, case=case)
    return {
        "service_kind": SERVICE,
        "service_rows": rows(SERVICE, shown.order_by("-status", "due_on", "-delivered_on")),
        "archived_rows": rows(
            SERVICE, selectors.services_readable(request.user, case=case, archived=True)
        ),
        "today": timezone.localdate(),
        "service_form": create_form(request, case, state, "service"),
    }


def _facts(service: Service) -> list[tuple[Any, Any]]:
    cost = f"{service.cost} {service.currency}" if service.cost is not None else None
    facts: list[tuple[Any, Any]] = [
        (_("Service"), service.get_kind_display()),
        (_("Status"), service.get_status_display()),
        (_("Due on"), service.due_on),
        (_("Delivered on"), service.delivered_on),
        (_("Provider"), service.provider),
        (_("Cost"), cost),
    ]
    if service.relief:
        size = service.household.size if service.household else None
        facts += [
            (_("Kind of relief"), service.get_relief_display()),
            (_("People in the household"), size),
            (_("Household members reached"), service.people_reached),
        ]
    if service.status == ServiceStatus.CANCELLED:
        facts.append((_("Why it was cancelled"), service.cancellation_reason))
    return [*facts, (_("Notes"), service.notes), *recorded(service)]


def _form(request: HttpRequest, case: Case, data: Any, **kwargs: Any) -> Any:
    sections = readable_sections(request.user, case)
    return kwargs.pop("form_class", ServiceForm)(data, case=case, sections=sections, **kwargs)


def _update(actor: Any, service: Service, form: Any) -> Any:
    return services.update_service(
        actor=actor,
        service=service,
        expected_version=form.cleaned_data["version"],
        details=form.details(),
    )


def _status(*statuses: str) -> Any:
    return lambda service: service.archived_at is None and service.status in statuses


SERVICE = RecordKind(
    slug="service",
    panel="services",
    find=lambda user, case, pk: selectors.service_for(user, case=case, service_id=pk),
    facts=_facts,
    edit_form=lambda request, case, service, data: _form(
        request,
        case,
        data,
        form_class=ServiceEditForm,
        initial=ServiceForm.initial_from(service),
    ),
    update=_update,
    edited=_("The service was saved."),
    editable=_status(ServiceStatus.PLANNED, ServiceStatus.DELIVERED),
    actions={
        "cancel": RecordAction(
            _("Cancel"),
            lambda actor, service: services.cancel_service(actor=actor, service=service),
            _("The planned service was cancelled. It can be restored."),
            _status(ServiceStatus.PLANNED),
        ),
        "plan-again": RecordAction(
            _("Plan it again"),
            lambda actor, service: services.restore_cancelled_service(actor=actor, service=service),
            _("The service is planned again."),
            _status(ServiceStatus.CANCELLED),
        ),
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, service: services.set_service_archived(
                actor=actor, service=service, archived=True
            ),
            _("The service was archived. It can be restored."),
            _status(ServiceStatus.DELIVERED),
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, service: services.set_service_archived(
                actor=actor, service=service, archived=False
            ),
            _("The service was restored."),
            lambda service: service.archived_at is not None,
        ),
    },
)

register(
    Panel(
        key="services",
        title=_("Services"),
        template="aftercare/panels/services.html",
        order=51,
        context=_context,
    ),
    kinds=[SERVICE],
    creations=[
        Creation(
            "service",
            "services",
            _form,
            lambda actor, case, form: services.record_service(
                actor=actor, case=case, details=form.details()
            ),
            _("The service was recorded."),
        )
    ],
)
