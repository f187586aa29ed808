"""Background jobs: uploading a file of reports, starting a matching or training run, and
the job page that polls its progress with HTMX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.roles import Action
from mukti.audit.services import record_denied
from mukti.people.forms import add_service_errors
from mukti.tracing import selectors, services
from mukti.tracing.forms import ImportForm
from mukti.tracing.imports import COLUMNS
from mukti.tracing.models import TracingJob
from mukti.tracing.views.reports import ensure_reads_reports

# The import reads one byte past the limit: enough for the service to refuse a big file.
_READ_LIMIT = 20 * 1024 * 1024 + 1


@login_required
def import_reports(request: HttpRequest) -> HttpResponse:
    offices = selectors.report_offices(request.user, action=Action.MANAGE_TRACING)
    if not offices:
        raise PermissionDenied(_("Your role does not record missing-person reports."))
    form = ImportForm(request.POST or None, request.FILES or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.start_import(
                actor=request.user,
                office=form.cleaned_data["office"],
                filename=upload.name or "",
                content=upload.read(_READ_LIMIT),
                language=get_language() or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("tracing:job", job_id=job.pk)
    return render(request, "tracing/import.html", {"form": form, "columns": COLUMNS.items()})


def _job_or_404(request: HttpRequest, job_id: Any) -> TracingJob:
    try:
        return selectors.job_for(request.user, job_id=job_id)
    except TracingJob.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="tracing.tracingjob",
            object_id=str(job_id),
            path=request.path,
        )
        raise Http404(_("No such job.")) from None


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    ensure_reads_reports(request)
    user = request.user
    return render(
        request,
        "tracing/jobs.html",
        {
            "jobs": selectors.recent_jobs(user),
            "may_review": selectors.may_review_matches(user),
        },
    )


@login_required
def job_detail(request: HttpRequest, job_id: Any) -> HttpResponse:
    """A job's page; while it runs, its progress part asks for itself again every 2 s."""
    job = _job_or_404(request, job_id)
    return render(request, "tracing/job.html", {"job": job})


@login_required
def job_progress(request: HttpRequest, job_id: Any) -> HttpResponse:
    job = _job_or_404(request, job_id)
    return render(request, "tracing/_job_progress.html", {"job": job})


@login_required
@require_POST
def start_batch_matching(request: HttpRequest) -> HttpResponse:
    job = services.start_batch_matching(actor=request.user, language=get_language() or "")
    messages.success(request, _("Matching of all open cases and reports has been queued."))
    return redirect("tracing:job", job_id=job.pk)


@login_required
@require_POST
def start_training(request: HttpRequest) -> HttpResponse:
    job = services.start_training(actor=request.user, language=get_language() or "")
    messages.success(request, _("Training of a new match model has been queued."))
    return redirect("tracing:job", job_id=job.pk)
