"""Tracing's home, and the missing-person reports: list, record, one report, close, reopen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import office_allows
from mukti.accounts.roles import Action
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, stale_message
from mukti.tracing import selectors, services
from mukti.tracing.forms import CloseReportForm, ReopenReportForm, ReportFilterForm, ReportForm
from mukti.tracing.models import MissingPersonReport


def log(request: HttpRequest, action: str, **what: Any) -> None:
    # The path only: a query string may hold a name someone searched for.
    record_access(actor=request.user, action=action, path=request.path, **what)


def log_report(request: HttpRequest, report: MissingPersonReport) -> None:
    log(request, AccessAction.VIEW, record=report, person_id=report.person_id)


def ensure_reads_reports(request: HttpRequest) -> None:
    if not selectors.may_read_reports(request.user):
        raise PermissionDenied(_("Your role does not work on tracing."))


def report_or_404(
    request: HttpRequest, report_id: Any, *, action: str | None = None
) -> MissingPersonReport:
    """A report in the user's offices; anything else is a logged 404, never a 403."""
    try:
        return selectors.report_for(request.user, report_id=report_id, action=action)
    except MissingPersonReport.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="tracing.missingpersonreport",
            object_id=str(report_id),
            path=request.path,
        )
        raise Http404(_("No such report.")) from None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where tracing work starts: the numbers waiting, and the ways in."""
    ensure_reads_reports(request)
    user = request.user
    return render(
        request,
        "tracing/home.html",
        {
            "may_manage": bool(selectors.report_offices(user, action=Action.MANAGE_TRACING)),
            "may_review": selectors.may_review_matches(user),
            "pending": selectors.pending_candidate_count(user),
            "open_reports": selectors.open_reports(user).count(),
            "jobs": selectors.recent_jobs(user, limit=5),
        },
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    ensure_reads_reports(request)
    form = ReportFilterForm(request.GET, offices=selectors.report_offices(request.user))
    filters = form.filters()
    page = selectors.report_page(request.user, filters=filters, cursor=request.GET.get("after", ""))
    searched = bool(filters.query.strip())
    if page.reports:
        log(
            request,
            AccessAction.SEARCH if searched else AccessAction.LIST,
            object_type="tracing.missingpersonreport",
        )
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    return render(
        request,
        "tracing/report_list.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
            "may_manage": bool(
                selectors.report_offices(request.user, action=Action.MANAGE_TRACING)
            ),
        },
    )


@login_required
def record_report(request: HttpRequest) -> HttpResponse:
    offices = selectors.report_offices(request.user, action=Action.MANAGE_TRACING)
    if not offices:
        raise PermissionDenied(_("Your role does not record missing-person reports."))
    form = ReportForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.record_report(
                actor=request.user, office=form.cleaned_data["office"], details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error, renamed={"country": "address_country"})
        else:
            messages.success(request, _("The report was recorded."))
            return redirect("tracing:report", report_id=report.pk)
    return render(request, "tracing/report_form.html", {"form": form})


def _report_page(request: HttpRequest, report: MissingPersonReport, **forms: Any) -> HttpResponse:
    user = request.user
    may_manage = office_allows(user, Action.MANAGE_TRACING, report.office)
    log_report(request, report)
    person = report.person
    return render(
        request,
        "tracing/report_detail.html",
        {
            "report": report,
            "person": person,
            "names": list(person.names.all()),
            "address": next((a for a in person.addresses.all() if a.is_current), None),
            "phones": list(person.phones.all()),
            "age_when_reported": person.age_on(report.reported_on),
            "candidates": selectors.candidates_for_report(user, report=report),
            "may_manage": may_manage,
            "close_form": forms.get("close")
            or CloseReportForm(initial={"version": report.version}),
            "reopen_form": forms.get("reopen")
            or ReopenReportForm(initial={"version": report.version}),
            "stale": forms.get("stale", ""),
        },
    )


@login_required
def report_detail(request: HttpRequest, report_id: Any) -> HttpResponse:
    ensure_reads_reports(request)
    return _report_page(request, report_or_404(request, report_id))


@login_required
@require_POST
def close_report(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = report_or_404(request, report_id, action=Action.MANAGE_TRACING)
    form = CloseReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.close_report(
                actor=request.user,
                report=report,
                expected_version=data["version"],
                status=data["status"],
                closed_on=data["closed_on"],
                reason=data["reason"],
            )
        except StaleEditError:
            report = report_or_404(request, report_id)
            return _report_page(request, report, close=form, stale=stale_message(report))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report was closed. It leaves the matching."))
            return redirect("tracing:report", report_id=report.pk)
    return _report_page(request, report, close=form)


@login_required
@require_POST
def reopen_report(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = report_or_404(request, report_id, action=Action.MANAGE_TRACING)
    form = ReopenReportForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_report(
                actor=request.user,
                report=report,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEditError:
            report = report_or_404(request, report_id)
            return _report_page(request, report, reopen=form, stale=stale_message(report))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is open again."))
            return redirect("tracing:report", report_id=report.pk)
    return _report_page(request, report, reopen=form)
