"""The repatriation pages: the case panel (inline step updates with HTMX), who is waiting and
for how long, the corridors and their steps, and the analytics. Thin: parse, call a service
or a selector, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.cases.models import Case, Status
from mukti.cases.panels import case_or_404, render_panel
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, stale_message
from mukti.repatriation import selectors, services
from mukti.repatriation.analytics import step_analytics
from mukti.repatriation.charts import chart_svg
from mukti.repatriation.forms import (
    AddDocumentForm,
    AnalyticsForm,
    BlockerForm,
    CancelForm,
    CorridorForm,
    CorridorSettingsForm,
    DocumentForm,
    ResolveBlockerForm,
    StartForm,
    StepForm,
    TemplateStepFormSet,
    WaitingFilterForm,
    initial_steps,
)
from mukti.repatriation.models import (
    Blocker,
    Corridor,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    StepDocument,
)
from mukti.repatriation.progress import days_late, due_on, is_overdue

PANEL_TITLE = gettext_lazy("Repatriation")

# --- the case panel ------------------------------------------------------------------------


@dataclass
class StepView:
    step: RepatriationStep
    due_on: Any
    overdue: bool
    days_late: int
    form: forms.Form | None = None
    documents: list[tuple[StepDocument, forms.Form | None]] = field(default_factory=list)
    add_document_form: forms.Form | None = None
    blockers: list[tuple[Blocker, forms.Form | None]] = field(default_factory=list)
    blocker_form: forms.Form | None = None

    @property
    def open_blockers(self) -> int:
        return sum(1 for blocker, _form in self.blockers if blocker.resolved_on is None)

    @property
    def documents_received(self) -> int:
        return sum(1 for document, _form in self.documents if document.received)

    @property
    def has_errors(self) -> bool:
        forms_here = [self.form, self.add_document_form, self.blocker_form]
        forms_here += [form for _document, form in self.documents]
        forms_here += [form for _blocker, form in self.blockers]
        return any(form is not None and form.errors for form in forms_here)

    @property
    def is_current(self) -> bool:
        return self.step.pk == self.step.repatriation.current_step_id


@dataclass
class RepatriationView:
    repatriation: Repatriation
    steps: list[StepView]
    may_change: bool
    cancel_form: forms.Form | None = None
    today: Any = None

    @property
    def current(self) -> StepView | None:
        if self.repatriation.status != RepatriationStatus.IN_PROGRESS:
            return None
        return next((view for view in self.steps if view.is_current), None)

    @property
    def days_waiting(self) -> int | None:
        current = self.current
        if current is None or current.step.could_start_on is None:
            return None
        return (self.today - current.step.could_start_on).days


def _step_view(step: RepatriationStep, *, today: Any, editable: bool, bound: dict) -> StepView:
    view = StepView(
        step=step,
        due_on=due_on(step),
        overdue=is_overdue(step, today=today),
        days_late=days_late(step, today=today),
    )
    key = f"step-{step.pk}"
    view.form = bound.get(key) or (
        StepForm(
            prefix=key,
            initial={
                "version": step.version,
                "planned_on": step.planned_on,
                "started_on": step.started_on,
                "done_on": step.done_on,
                "responsible_agency": step.responsible_agency,
            },
        )
        if editable
        else None
    )
    for document in step.documents.all():
        doc_key = f"doc-{document.pk}"
        form = bound.get(doc_key) or (
            DocumentForm(
                prefix=doc_key,
                initial={
                    "version": document.version,
                    "received": document.received,
                    "received_on": document.received_on,
                },
            )
            if editable
            else None
        )
        view.documents.append((document, form))
    for blocker in step.blockers.all():
        resolve_key = f"resolve-{blocker.pk}"
        form = None
        if editable and blocker.resolved_on is None:
            form = bound.get(resolve_key) or ResolveBlockerForm(
                prefix=resolve_key, initial={"version": blocker.version}
            )
        view.blockers.append((blocker, form))
    if editable:
        view.add_document_form = bound.get(f"add-doc-{step.pk}") or AddDocumentForm(
            prefix=f"add-doc-{step.pk}"
        )
        if step.done_on is None:
            view.blocker_form = bound.get(f"blocker-{step.pk}") or BlockerForm(
                prefix=f"blocker-{step.pk}"
            )
    return view


def _panel_context(request: HttpRequest, case: Case, bound: dict) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    may_manage = case.status == Status.OPEN and user.has_perm(Action.MANAGE_REPATRIATION, case)
    views = []
    for repatriation in selectors.repatriations_of_case(user, case=case):
        editable = may_manage and repatriation.status != RepatriationStatus.CANCELLED
        cancel_key = f"cancel-{repatriation.pk}"
        cancel_form = None
        if may_manage and repatriation.status == RepatriationStatus.IN_PROGRESS:
            cancel_form = bound.get(cancel_key) or CancelForm(
                prefix=cancel_key, initial={"version": repatriation.version}
            )
        views.append(
            RepatriationView(
                repatriation=repatriation,
                steps=[
                    _step_view(step, today=today, editable=editable, bound=bound)
                    for step in repatriation.steps.all()
                ],
                may_change=editable,
                cancel_form=cancel_form,
                today=today,
            )
        )
    in_progress = any(v.repatriation.status == RepatriationStatus.IN_PROGRESS for v in views)
    start_form = None
    if may_manage and not in_progress:
        start_form = bound.get("start") or StartForm(
            corridors=selectors.corridors_for(user, in_use_only=True)
        )
    return {
        "repatriations": views,
        "start_form": start_form,
        "may_manage": may_manage,
        "today": today,
    }


def _panel(
    request: HttpRequest, case: Case, *, bound: dict | None = None, saved: str = ""
) -> HttpResponse:
    context = _panel_context(request, case, bound or {})
    context["saved"] = saved
    return render_panel(
        request,
        case=case,
        title=PANEL_TITLE,
        template="repatriation/_panel.html",
        context=context,
    )


@login_required
def panel(request: HttpRequest, number: str) -> HttpResponse:
    return _panel(request, case_or_404(request, number))


def _current(record: Any) -> Any:
    # The record was reached through a scoped selector; this re-reads its stored version.
    return type(record)._base_manager.get(pk=record.pk)


def _answer(
    request: HttpRequest,
    case: Case,
    *,
    form: forms.Form,
    key: str,
    action: Callable[[dict[str, Any]], Any],
    saved: str,
) -> HttpResponse:
    """Run the action when the form is valid; answer with the panel again either way."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleEditError as error:
            current = _current(error.record)
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(current.version)
            form = type(form)(data, prefix=form.prefix)
            form.is_valid()
            form.add_error(None, stale_message(current))
        else:
            if getattr(request, "htmx", False):
                return _panel(request, case, saved=saved)
            messages.success(request, saved)
            return redirect(reverse("repatriation:panel", args=[case.number]))
    return _panel(request, case, bound={key: form})


def _not_found(request: HttpRequest, object_type: str, object_id: Any) -> Http404:
    record_denied(
        actor=request.user, object_type=object_type, object_id=str(object_id), path=request.path
    )
    return Http404(_("Not found."))


def _step_of_case(request: HttpRequest, case: Case, step_id: Any) -> RepatriationStep:
    try:
        step = selectors.step_for(request.user, step_id=step_id)
    except RepatriationStep.DoesNotExist:
        raise _not_found(request, "repatriation.repatriationstep", step_id) from None
    if step.repatriation.case_id != case.pk:
        raise _not_found(request, "repatriation.repatriationstep", step_id)
    return step


@login_required
@require_POST
def start(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    # Before reading the form: a role without the right would only see "not a valid choice".
    ensure_can(request.user, Action.MANAGE_REPATRIATION, case)
    corridors = selectors.corridors_for(request.user, in_use_only=True)
    form = StartForm(request.POST, corridors=corridors)
    return _answer(
        request,
        case,
        form=form,
        key="start",
        action=lambda data: services.start_repatriation(
            actor=request.user, case=case, corridor=data["corridor"], started_on=data["started_on"]
        ),
        saved=_("The repatriation has started."),
    )


@login_required
@require_POST
def update_step(request: HttpRequest, number: str, step_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    step = _step_of_case(request, case, step_id)
    key = f"step-{step.pk}"
    return _answer(
        request,
        case,
        form=StepForm(request.POST, prefix=key),
        key=key,
        action=lambda data: services.update_step(
            actor=request.user,
            step=step,
            expected_version=data["version"],
            planned_on=data["planned_on"],
            started_on=data["started_on"],
            done_on=data["done_on"],
            responsible_agency=data["responsible_agency"],
        ),
        saved=_("The step was saved."),
    )


@login_required
@require_POST
def add_document(request: HttpRequest, number: str, step_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    step = _step_of_case(request, case, step_id)
    key = f"add-doc-{step.pk}"
    return _answer(
        request,
        case,
        form=AddDocumentForm(request.POST, prefix=key),
        key=key,
        action=lambda data: services.add_document(
            actor=request.user, step=step, document_type=data["document_type"]
        ),
        saved=_("The document was added to the checklist."),
    )


@login_required
@require_POST
def record_document(request: HttpRequest, number: str, document_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    try:
        document = selectors.document_for(request.user, document_id=document_id)
    except StepDocument.DoesNotExist:
        raise _not_found(request, "repatriation.stepdocument", document_id) from None
    if document.step.repatriation.case_id != case.pk:
        raise _not_found(request, "repatriation.stepdocument", document_id)
    key = f"doc-{document.pk}"
    return _answer(
        request,
        case,
        form=DocumentForm(request.POST, prefix=key),
        key=key,
        action=lambda data: services.record_document(
            actor=request.user,
            document=document,
            expected_version=data["version"],
            received=data["received"],
            received_on=data["received_on"],
        ),
        saved=_("The checklist was saved."),
    )


@login_required
@require_POST
def open_blocker(request: HttpRequest, number: str, step_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    step = _step_of_case(request, case, step_id)
    key = f"blocker-{step.pk}"
    return _answer(
        request,
        case,
        form=BlockerForm(request.POST, prefix=key),
        key=key,
        action=lambda data: services.open_blocker(
            actor=request.user, step=step, opened_on=data["opened_on"], note=data["note"]
        ),
        saved=_("The blocker was recorded."),
    )


@login_required
@require_POST
def resolve_blocker(request: HttpRequest, number: str, blocker_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    try:
        blocker = selectors.blocker_for(request.user, blocker_id=blocker_id)
    except Blocker.DoesNotExist:
        raise _not_found(request, "repatriation.blocker", blocker_id) from None
    if blocker.repatriation.case_id != case.pk:
        raise _not_found(request, "repatriation.blocker", blocker_id)
    key = f"resolve-{blocker.pk}"
    return _answer(
        request,
        case,
        form=ResolveBlockerForm(request.POST, prefix=key),
        key=key,
        action=lambda data: services.resolve_blocker(
            actor=request.user,
            blocker=blocker,
            expected_version=data["version"],
            resolved_on=data["resolved_on"],
            resolution=data["resolution"],
        ),
        saved=_("The blocker was resolved."),
    )


@login_required
@require_POST
def cancel(request: HttpRequest, number: str, repatriation_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    try:
        repatriation = selectors.repatriation_for(request.user, repatriation_id=repatriation_id)
    except Repatriation.DoesNotExist:
        raise _not_found(request, "repatriation.repatriation", repatriation_id) from None
    if repatriation.case_id != case.pk:
        raise _not_found(request, "repatriation.repatriation", repatriation_id)
    key = f"cancel-{repatriation.pk}"
    return _answer(
        request,
        case,
        form=CancelForm(request.POST, prefix=key),
        key=key,
        action=lambda data: services.cancel_repatriation(
            actor=request.user,
            repatriation=repatriation,
            expected_version=data["version"],
            cancelled_on=data["cancelled_on"],
            reason=data["reason"],
        ),
        saved=_("The repatriation was cancelled."),
    )


# --- who is waiting, and for how long ---------------------------------------------------------


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_may(user, Action.MANAGE_REPATRIATION):
        raise PermissionDenied(_("Your role does not manage repatriations."))
    form = WaitingFilterForm(
        request.GET or None,
        corridors=selectors.corridors_for(user),
        offices=selectors.waiting_offices(user),
    )
    page = selectors.waiting_list(user, filters=form.filters(), cursor=request.GET.get("after", ""))
    if page.rows:
        # The path only: the list names survivors, the query string says nothing more.
        record_access(
            actor=user,
            action=AccessAction.LIST,
            object_type="repatriation.repatriation",
            path=request.path,
        )
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    return render(
        request,
        "repatriation/waiting.html",
        {
            "form": form,
            "page": page,
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
        },
    )


# --- corridors ------------------------------------------------------------------------------------


def _ensure_reads_corridors(request: HttpRequest) -> None:
    if not selectors.may_read_corridors(request.user):
        raise PermissionDenied(_("Your role does not work with repatriations."))


def _ensure_configures(request: HttpRequest) -> None:
    if not selectors.may_configure_corridors(request.user):
        raise PermissionDenied(
            _("Only a programme manager who manages repatriations can change corridors.")
        )


def _corridor_or_404(request: HttpRequest, code: str) -> Corridor:
    _ensure_reads_corridors(request)
    try:
        return selectors.corridor_for(request.user, code=code)
    except Corridor.DoesNotExist:
        raise Http404(_("No corridor with this code.")) from None


@login_required
def corridor_list(request: HttpRequest) -> HttpResponse:
    _ensure_reads_corridors(request)
    corridors = [
        (corridor, selectors.template_steps(corridor.current_template))
        for corridor in selectors.corridors_for(request.user)
    ]
    return render(
        request,
        "repatriation/corridors.html",
        {
            "corridors": [
                (corridor, steps, sum(step.target_days for step in steps))
                for corridor, steps in corridors
            ],
            "may_configure": selectors.may_configure_corridors(request.user),
        },
    )


@login_required
def corridor_detail(request: HttpRequest, code: str) -> HttpResponse:
    corridor = _corridor_or_404(request, code)
    may_configure = selectors.may_configure_corridors(request.user)
    return render(
        request,
        "repatriation/corridor.html",
        {
            "corridor": corridor,
            "versions": selectors.template_versions(request.user, corridor=corridor),
            "may_configure": may_configure,
            "settings_form": CorridorSettingsForm(
                initial={
                    "version": corridor.version,
                    "qualifier": corridor.qualifier,
                    "is_active": corridor.is_active,
                }
            )
            if may_configure
            else None,
        },
    )


def _steps_formset(request: HttpRequest, *, initial: list[dict[str, Any]]) -> Any:
    if request.method == "POST":
        return TemplateStepFormSet(request.POST, prefix="steps")
    return TemplateStepFormSet(initial=initial, prefix="steps")


@login_required
def add_corridor(request: HttpRequest) -> HttpResponse:
    _ensure_configures(request)
    form = CorridorForm(request.POST or None)
    formset = _steps_formset(request, initial=[])
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            corridor = services.add_corridor(
                actor=request.user,
                from_country=form.cleaned_data["from_country"],
                to_country=form.cleaned_data["to_country"],
                qualifier=form.cleaned_data["qualifier"],
                steps=formset.steps(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The corridor was added."))
            return redirect(reverse("repatriation:corridor", args=[corridor.code]))
    return render(request, "repatriation/corridor_form.html", {"form": form, "formset": formset})


@login_required
def edit_steps(request: HttpRequest, code: str) -> HttpResponse:
    corridor = _corridor_or_404(request, code)
    _ensure_configures(request)
    version = int(request.POST.get("version", corridor.version) or corridor.version)
    formset = _steps_formset(
        request, initial=initial_steps(selectors.template_steps(corridor.current_template))
    )
    problem = ""
    if request.method == "POST" and formset.is_valid():
        try:
            services.change_corridor_steps(
                actor=request.user,
                corridor=corridor,
                expected_version=version,
                steps=formset.steps(),
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
        except StaleEditError:
            current = _current(corridor)
            problem, version = stale_message(current), current.version
        else:
            messages.success(
                request,
                _(
                    "The steps were saved as a new version. Repatriations already started keep "
                    "their steps."
                ),
            )
            return redirect(reverse("repatriation:corridor", args=[corridor.code]))
    return render(
        request,
        "repatriation/corridor_steps.html",
        {"corridor": corridor, "formset": formset, "version": version, "problem": problem},
    )


@login_required
@require_POST
def corridor_settings(request: HttpRequest, code: str) -> HttpResponse:
    corridor = _corridor_or_404(request, code)
    _ensure_configures(request)
    form = CorridorSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.change_corridor(
                actor=request.user,
                corridor=corridor,
                expected_version=form.cleaned_data["version"],
                qualifier=form.cleaned_data["qualifier"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except StaleEditError:
            messages.error(request, stale_message(_current(corridor)))
        else:
            messages.success(request, _("The corridor was saved."))
    return redirect(reverse("repatriation:corridor", args=[corridor.code]))


# --- analytics ----------------------------------------------------------------------------------


@login_required
def analytics(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_may(user, Action.VIEW_ANALYTICS):
        raise PermissionDenied(_("Your role does not read analytics."))
    form = AnalyticsForm(
        request.GET or None, corridors=selectors.corridors_for(user), today=timezone.localdate()
    )
    period = form.chosen_period()
    corridor = form.cleaned_data.get("corridor") if form.is_valid() else None
    figures = step_analytics(user, period=period, corridor_id=corridor.pk if corridor else None)
    shown = [
        (item, chart_svg(item, title_id=f"chart-{item.corridor.code}"))
        if any(row.count for row in [*item.steps, item.end_to_end])
        else (item, None)
        for item in figures
    ]
    return render(
        request,
        "repatriation/analytics.html",
        {"form": form, "period": period, "figures": shown},
    )
