"""Backlog analysis pages: upload a case list, follow a long analysis, read it, print it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing, user_may
from mukti.justice import selectors, services
from mukti.justice.backlog_report import render_pdf, report_context
from mukti.justice.forms import BacklogUploadForm
from mukti.justice.models import AnalysisStatus, BacklogAnalysis
from mukti.people.forms import add_service_errors

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


def _ensure_analyst(request: HttpRequest) -> None:
    if not user_may(request.user, Action.VIEW_ANALYTICS):
        raise PermissionDenied(_("Your role does not read analyses."))


def _analysis_or_404(request: HttpRequest, analysis_id: Any) -> BacklogAnalysis:
    try:
        return selectors.analysis_for(request.user, analysis_id=analysis_id)
    except BacklogAnalysis.DoesNotExist:
        raise Http404(_("No analysis here.")) from None


@login_required
def backlog_list(request: HttpRequest) -> HttpResponse:
    """Upload a case list; the analyses made so far."""
    _ensure_analyst(request)
    form = BacklogUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError({"file": _("The file is larger than 100 MB.")})
            analysis = services.upload_case_list(
                actor=request.user,
                office=offices_allowing(request.user, Action.VIEW_ANALYTICS).first(),
                title=form.cleaned_data["title"],
                filename=upload.name,
                content=upload.read(),
                deadline_country=form.cleaned_data["deadline_country"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case list was read: %(count)s cases.") % {"count": analysis.row_count},
            )
            return redirect("justice:backlog_detail", analysis_id=analysis.pk)
    analyses = selectors.analyses_visible_to(request.user).order_by("-created_at")[:50]
    return render(request, "justice/backlog_list.html", {"form": form, "analyses": analyses})


@login_required
def backlog_detail(request: HttpRequest, analysis_id: Any) -> HttpResponse:
    _ensure_analyst(request)
    analysis = _analysis_or_404(request, analysis_id)
    context: dict[str, Any] = {"analysis": analysis}
    if analysis.status == AnalysisStatus.DONE and analysis.result:
        context.update(report_context(analysis.result, title=analysis.title))
    template = "justice/backlog_detail.html"
    if getattr(request, "htmx", False) and request.GET.get("progress"):
        template = "justice/_backlog_progress.html"
    return render(request, template, context)


@login_required
def backlog_pdf(request: HttpRequest, analysis_id: Any) -> HttpResponse:
    _ensure_analyst(request)
    analysis = _analysis_or_404(request, analysis_id)
    if analysis.status != AnalysisStatus.DONE or not analysis.result:
        messages.warning(request, _("The analysis is not finished yet."))
        return redirect("justice:backlog_detail", analysis_id=analysis.pk)
    response = HttpResponse(
        render_pdf(analysis.result, title=analysis.title), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True, filename=f"backlog-{analysis.as_of.isoformat()}.pdf"
        )
        or "attachment"
    )
    return response
