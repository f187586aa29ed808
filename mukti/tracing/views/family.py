"""Family tracing on the case page: tracing requests, their dated steps, the verification of
the family (FAMILY_TRACED) and the reunification (REUNITED). Inline forms post with HTMX
and re-render the panel; without JavaScript they post and come back to the panel's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.cases.models import Case
from mukti.cases.models import Status as CaseStatus
from mukti.cases.panels import case_or_404, render_panel
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, stale_message
from mukti.tracing import selectors, services
from mukti.tracing.forms import (
    CloseTracingForm,
    ReunificationForm,
    TracingRequestForm,
    TracingStepForm,
)
from mukti.tracing.models import TracingRequest, TracingStatus


def _may_see(request: HttpRequest, case: Case) -> None:
    user = request.user
    if not (
        case_allows(user, Action.MANAGE_TRACING, case)
        or case_allows(user, Action.REVIEW_MATCHES, case)
    ):
        raise PermissionDenied(_("Your role does not work on tracing."))


def _panel(
    request: HttpRequest,
    case: Case,
    *,
    forms: dict[str, Any] | None = None,
    saved: str = "",
    stale: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    forms = forms or {}
    may_manage = case.status == CaseStatus.OPEN and case_allows(user, Action.MANAGE_TRACING, case)
    requests = selectors.tracing_requests_for(user, case=case)
    matched = selectors.reports_matched_to_case(user, case=case)
    rows = []
    for tracing in requests:
        pk = tracing.pk
        active = tracing.status in (TracingStatus.OPEN, TracingStatus.VERIFIED)
        rows.append(
            {
                "request": tracing,
                "step_form": forms.get(f"step-{pk}") or TracingStepForm(request_id=pk)
                if may_manage and active
                else None,
                "reunite_form": forms.get(f"reunite-{pk}")
                or ReunificationForm(request_id=pk, initial={"version": tracing.version})
                if may_manage and tracing.status == TracingStatus.VERIFIED
                else None,
                "stop_form": forms.get(f"stop-{pk}")
                or CloseTracingForm(request_id=pk, initial={"version": tracing.version})
                if may_manage and active
                else None,
            }
        )
    return render_panel(
        request,
        case=case,
        title=_("Family tracing"),
        template="tracing/_case_family.html",
        context={
            "rows": rows,
            "request_form": (forms.get("request") or TracingRequestForm(reports=matched))
            if may_manage
            else None,
            "saved": saved,
            "stale": stale,
        },
        status=status,
    )


@login_required
def case_family(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    _may_see(request, case)
    return _panel(request, case)


def _answer(request: HttpRequest, case: Case, *, saved: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return _panel(request, case, saved=saved)
    messages.success(request, saved)
    return redirect("tracing:case_family", number=case.number)


@login_required
@require_POST
def open_request(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    _may_see(request, case)
    matched = selectors.reports_matched_to_case(request.user, case=case)
    form = TracingRequestForm(request.POST, reports=matched)
    if form.is_valid():
        try:
            services.open_tracing_request(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, case, saved=_("Family tracing has started."))
    return _panel(request, case, forms={"request": form})


def _tracing_or_404(request: HttpRequest, case: Case, request_id: Any) -> TracingRequest:
    try:
        return selectors.tracing_request_for(request.user, case=case, request_id=request_id)
    except TracingRequest.DoesNotExist:
        raise Http404(_("No such tracing request.")) from None


def _on_request(
    request: HttpRequest,
    number: str,
    request_id: Any,
    *,
    form_class: type[Any],
    key: str,
    act: Callable[[TracingRequest, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """One of a tracing request's inline forms: a step, the reunification, or stopping."""
    case = case_or_404(request, number)
    _may_see(request, case)
    tracing = _tracing_or_404(request, case, request_id)
    form = form_class(request.POST, request_id=tracing.pk)
    if form.is_valid():
        try:
            act(tracing, form.cleaned_data)
        except StaleEditError:
            tracing = _tracing_or_404(request, case, request_id)
            return _panel(
                request, case, forms={f"{key}-{tracing.pk}": form}, stale=stale_message(tracing)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, case, saved=done)
    return _panel(request, case, forms={f"{key}-{tracing.pk}": form})


@login_required
@require_POST
def record_step(request: HttpRequest, number: str, request_id: Any) -> HttpResponse:
    def act(tracing: TracingRequest, data: dict[str, Any]) -> Any:
        return services.record_tracing_step(actor=request.user, request=tracing, **data)

    return _on_request(
        request,
        number,
        request_id,
        form_class=TracingStepForm,
        key="step",
        act=act,
        done=_("The step was recorded."),
    )


@login_required
@require_POST
def reunite(request: HttpRequest, number: str, request_id: Any) -> HttpResponse:
    def act(tracing: TracingRequest, data: dict[str, Any]) -> Any:
        return services.record_reunification(
            actor=request.user,
            request=tracing,
            expected_version=data["version"],
            reunited_on=data["reunited_on"],
            summary=data["summary"],
        )

    return _on_request(
        request,
        number,
        request_id,
        form_class=ReunificationForm,
        key="reunite",
        act=act,
        done=_("The reunification is on the timeline."),
    )


@login_required
@require_POST
def stop(request: HttpRequest, number: str, request_id: Any) -> HttpResponse:
    def act(tracing: TracingRequest, data: dict[str, Any]) -> Any:
        return services.close_tracing_request(
            actor=request.user,
            request=tracing,
            expected_version=data["version"],
            closed_on=data["closed_on"],
            outcome=data["outcome"],
        )

    return _on_request(
        request,
        number,
        request_id,
        form_class=CloseTracingForm,
        key="stop",
        act=act,
        done=_("Tracing has stopped; the reason is kept."),
    )
