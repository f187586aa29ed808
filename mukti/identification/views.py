"""The rescue pages: operations in the user's offices, one operation with the people it
freed, recording and editing an operation, and adding a person to it. Thin: parse, call a
service or selector, render. (The case-page panels are in case_panels.py.)"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.cases.models import Case
from mukti.cases.selectors import case_for
from mukti.core.models import StaleEditError
from mukti.identification import selectors, services
from mukti.identification.forms import (
    ExistingCaseForm,
    NewSurvivorForm,
    OperationFilterForm,
    OperationForm,
)
from mukti.identification.models import RescueOperation
from mukti.people.forms import add_service_errors, at_version, stale_changes, stale_message

# Service errors about the date a case opened arrive under the event date's name.
_NEW_SURVIVOR_ERRORS = {"happened_on": "birth_date", "opened_on": "birth_date"}


def _operation_or_404(request: HttpRequest, operation_id: Any) -> RescueOperation:
    """An operation in an office the user reaches; anything else is a logged 404."""
    try:
        return selectors.operation_for(request.user, operation_id=operation_id)
    except RescueOperation.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="identification.rescueoperation",
            object_id=str(operation_id),
            path=request.path,
        )
        raise Http404(_("No such operation.")) from None


def _ensure_may_record(request: HttpRequest, operation: RescueOperation) -> None:
    if not selectors.may_record_operations(request.user, operation.office):
        raise PermissionDenied(_("Your role does not record rescues in this office."))


@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    offices = selectors.offices_with_operations_for(request.user)
    if not offices.exists():
        raise PermissionDenied(_("Your role does not read rescues."))
    form = OperationFilterForm(request.GET, offices=offices)
    page = selectors.operation_page(
        request.user, filters=form.filters(), cursor=request.GET.get("after", "")
    )
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    return render(
        request,
        "identification/operation_list.html",
        {
            "form": form,
            "page": page,
            "may_record": offices_allowing(request.user, Action.RECORD_IDENTIFICATION).exists(),
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
        },
    )


@login_required
def operation_detail(request: HttpRequest, operation_id: Any) -> HttpResponse:
    operation = _operation_or_404(request, operation_id)
    people = selectors.people_of_operation(request.user, operation=operation)
    record_access(actor=request.user, action=AccessAction.VIEW, record=operation, path=request.path)
    # Each survivor named on the page is a read of their case.
    for rescued in people.visible:
        record_access(
            actor=request.user, action=AccessAction.VIEW, record=rescued.case, path=request.path
        )
    return render(
        request,
        "identification/operation_detail.html",
        {
            "operation": operation,
            "people": people,
            "may_record": selectors.may_record_operations(request.user, operation.office),
        },
    )


@login_required
def operation_create(request: HttpRequest) -> HttpResponse:
    offices = offices_allowing(request.user, Action.RECORD_IDENTIFICATION).order_by("code")
    if not offices.exists():
        raise PermissionDenied(_("Your role does not record rescues."))
    form = OperationForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.record_operation(
                actor=request.user, office=form.cleaned_data["office"], details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The operation was recorded. Now add the people it freed."))
            return redirect("identification:operation", operation_id=operation.pk)
    return render(request, "identification/operation_form.html", {"form": form})


@login_required
def operation_edit(request: HttpRequest, operation_id: Any) -> HttpResponse:
    operation = _operation_or_404(request, operation_id)
    _ensure_may_record(request, operation)
    form = OperationForm(request.POST or None, operation=operation)
    stale, changes = "", []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_operation(
                actor=request.user,
                operation=operation,
                expected_version=form.cleaned_data["version"] or 0,
                details=form.details(),
            )
        except StaleEditError:
            operation = _operation_or_404(request, operation_id)
            stale = stale_message(operation)
            changes = stale_changes(form, operation, OperationForm.COMPARED)
            form = at_version(
                OperationForm,
                request.POST,
                version=operation.version,
                operation=operation,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The operation was saved."))
            return redirect("identification:operation", operation_id=operation.pk)
    record_access(actor=request.user, action=AccessAction.VIEW, record=operation, path=request.path)
    return render(
        request,
        "identification/operation_form.html",
        {"form": form, "operation": operation, "stale": stale, "changes": changes},
    )


def _case_to_link(request: HttpRequest, number: str) -> Case | None:
    """The case by number if the user may see it; otherwise None (and a logged refusal)."""
    try:
        return case_for(request.user, number=number.strip())
    except Case.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="cases.case",
            object_id=number.strip()[:64],
            path=request.path,
        )
        return None


def _add_existing(request: HttpRequest, operation: RescueOperation, form: ExistingCaseForm) -> bool:
    case = _case_to_link(request, form.cleaned_data["case_number"])
    if case is None:
        form.add_error("case_number", _("No case with this number that you may work on."))
        return False
    try:
        services.add_rescued_case(actor=request.user, operation=operation, case=case)
    except PermissionDenied:
        form.add_error("case_number", _("No case with this number that you may work on."))
        return False
    except ValidationError as error:
        add_service_errors(form, error, renamed={"case": "case_number"})
        return False
    return True


def _add_new(request: HttpRequest, operation: RescueOperation, form: NewSurvivorForm) -> bool:
    data = form.cleaned_data
    try:
        rescued = services.add_rescued_survivor(
            actor=request.user,
            operation=operation,
            survivor=form.survivor(),
            team=data["team"],
            risk=data["risk"],
            involves_sexual_exploitation=data["involves_sexual_exploitation"],
        )
    except ValidationError as error:
        add_service_errors(form, error, renamed=_NEW_SURVIVOR_ERRORS)
        return False
    messages.success(request, _("Case %(number)s was opened.") % {"number": rescued.case.number})
    return True


@login_required
def operation_add_person(request: HttpRequest, operation_id: Any) -> HttpResponse:
    """Someone removed in the operation: a case already known, or a new survivor and case."""
    operation = _operation_or_404(request, operation_id)
    _ensure_may_record(request, operation)
    mode = request.POST.get("mode", "")
    existing = ExistingCaseForm(request.POST if mode == "existing" else None)
    new = NewSurvivorForm(request.POST if mode == "new" else None, office=operation.office)
    may_open = request.user.has_perm(Action.OPEN_CASE, operation.office)
    if request.method == "POST":
        added = False
        if mode == "existing" and existing.is_valid():
            added = _add_existing(request, operation, existing)
        elif mode == "new" and may_open and new.is_valid():
            added = _add_new(request, operation, new)
        if added:
            messages.success(request, _("The person was added to the operation."))
            return redirect("identification:operation", operation_id=operation.pk)
    return render(
        request,
        "identification/operation_add_person.html",
        {"operation": operation, "existing": existing, "new": new if may_open else None},
    )
