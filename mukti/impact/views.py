"""The impact pages: indicators for a period, the records behind a number, reports with
their narrative and published versions, targets, partner submissions, settings, exports.

Thin: parse, call a service or selector, render. Aggregates show no names; the only page
that lists cases (the records behind a number) shows case numbers the user may open, and
writes the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.models import Organisation
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.core.models import StaleEditError
from mukti.impact import access, selectors, services
from mukti.impact.forms import (
    ExportForm,
    PeriodForm,
    ReportForm,
    SectionForm,
    SettingsForm,
    SubmissionForm,
    TargetForm,
    UploadForm,
    default_dates,
    target_initial,
)
from mukti.impact.indicators import (
    BREAKDOWN_LABELS,
    INDICATORS,
    REGISTRY,
    UNIT_LABELS,
    ActivityTotal,
)
from mukti.impact.models import ImpactReport, NarrativeSection, PublishedReport, Target
from mukti.impact.periods import Period, last_complete_half_year
from mukti.impact.rendering import report_context, report_document, report_pdf
from mukti.impact.report_data import differences, suppress
from mukti.impact.spreadsheet import template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _analytics_only(request: HttpRequest) -> None:
    if not access.may_view_analytics(request.user):
        raise PermissionDenied(_("Your role does not read indicators."))


def _organisation(request: HttpRequest) -> Organisation:
    """The organisation the user reports on (chosen with ?organisation= when several)."""
    organisations = selectors.organisations_for_analytics(request.user)
    chosen = request.GET.get("organisation") or request.POST.get("organisation")
    found = organisations.filter(pk=chosen).first() if chosen else organisations.first()
    if found is None:
        raise PermissionDenied(_("Your role does not read indicators."))
    return found


def _managed(request: HttpRequest, organisation: Organisation) -> None:
    if not access.may_manage_reports(request.user, organisation.pk):
        raise PermissionDenied(_("Your role does not manage impact reporting."))


def add_service_errors(
    form: BaseForm, error: ValidationError, *, renamed: dict[str, str] | None = None
) -> None:
    """A service's refusal next to the field it is about, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = (renamed or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


def _drill_link(organisation: Organisation, period: Period) -> Callable[[str, str, str], str]:
    base = reverse("impact:drilldown")

    def link(code: str, dim: str, key: str) -> str:
        if isinstance(REGISTRY[code].rule, ActivityTotal):
            return ""  # counted in another app's records, not on case timelines
        query = {
            "code": code,
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
            "organisation": str(organisation.pk),
        }
        if dim:
            query |= {"dim": dim, "key": key}
        return f"{base}?{urlencode(query)}"

    return link


# --- the indicators for a period ---------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Every indicator for a period (the last complete half-year by default)."""
    user = request.user
    if not access.may_view_analytics(user):
        if access.is_donor_viewer(user):
            return redirect("impact:reports")
        if access.offices_to_submit_for(user).exists():
            return redirect("impact:submissions")
        raise PermissionDenied(_("Your role does not read indicators."))
    organisation = _organisation(request)
    settings = selectors.reporting_settings(organisation.pk)
    default = last_complete_half_year(
        timezone.localdate(), start_month=settings.financial_year_start_month
    )
    form = PeriodForm(request.GET or None, initial=default_dates(default) | {"baseline_periods": 2})
    period, baseline_count = default, 2
    if form.is_bound and form.is_valid():
        period, baseline_count = form.cleaned_data["period"], form.cleaned_data["baseline_periods"]
    data = None
    if not form.is_bound or form.is_valid():
        data = selectors.indicator_data(
            user, organisation_id=organisation.pk, period=period, baseline_count=baseline_count
        )
    context: dict[str, Any] = {
        "form": form,
        "organisation": organisation,
        "may_manage": access.may_manage_reports(user, organisation.pk),
    }
    if data is not None:
        context |= report_context(
            data,
            narrative=[],
            outside=False,
            link=_drill_link(organisation, period),
            with_charts=False,
        )
        context["export_query"] = urlencode(
            {"period_start": period.start.isoformat(), "period_end": period.end.isoformat()}
        )
    return render(request, "impact/home.html", context)


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    """What each number means: the registry, as staff and donors can read it."""
    if not access.reads_published_reports(request.user):
        raise PermissionDenied(_("Your role does not read indicators."))
    rows = [
        {
            "item": item,
            "unit": UNIT_LABELS[item.unit],
            "breakdowns": [BREAKDOWN_LABELS[b] for b in item.breakdowns],
        }
        for item in INDICATORS
    ]
    return render(request, "impact/indicators.html", {"rows": rows})


@login_required
def drilldown(request: HttpRequest) -> HttpResponse:
    """The records behind one number, for those allowed to open them."""
    _analytics_only(request)
    organisation = _organisation(request)
    form = PeriodForm(request.GET)
    code = request.GET.get("code", "")
    if code not in REGISTRY or not form.is_valid():
        raise Http404
    period = form.cleaned_data["period"]
    dim, key = request.GET.get("dim", ""), request.GET.get("key", "")
    if dim and dim not in BREAKDOWN_LABELS:
        raise Http404
    part = request.GET.get("part", "numerator")
    found = selectors.drilldown(
        request.user,
        organisation_id=organisation.pk,
        code=code,
        period=period,
        dim=dim,
        key=key,
        part=part if part in ("numerator", "denominator") else "numerator",
    )
    if found.records:
        record_access(
            actor=request.user,
            action=AccessAction.LIST,
            object_type="cases.case",
            purpose=f"records behind the indicator {code}",
            path=request.path,
        )
    return render(
        request,
        "impact/drilldown.html",
        {
            "found": found,
            "period": period,
            "dim_label": BREAKDOWN_LABELS.get(dim, ""),
            "key": key,
            "part": part,
            "is_share": REGISTRY[code].is_share,
        },
    )


# --- reports -------------------------------------------------------------------------------


def _report_or_404(request: HttpRequest, report_id: Any) -> ImpactReport:
    try:
        return selectors.report_for(request.user, report_id=report_id)
    except ImpactReport.DoesNotExist:
        raise Http404 from None


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    if not access.reads_published_reports(request.user):
        raise PermissionDenied(_("Your role does not read impact reports."))
    listed = selectors.reports_visible_to(request.user)
    organisations = access.managed_organisation_ids(request.user)
    return render(
        request,
        "impact/reports.html",
        {"reports": listed, "may_create": bool(organisations)},
    )


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    _managed(request, organisation)
    form = ReportForm(request.POST or None, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(
                actor=request.user,
                organisation=organisation,
                title=form.cleaned_data["title"],
                period=form.cleaned_data["period"],
                baseline_periods=form.cleaned_data["baseline_periods"],
                offices=form.cleaned_data["offices"],
            )
        except ValidationError as error:
            add_service_errors(form, error, renamed={"period_start": "period_start"})
        else:
            return redirect("impact:report", report_id=report.pk)
    return render(
        request,
        "impact/form.html",
        {"form": form, "title": _("New impact report"), "back": reverse("impact:reports")},
    )


@login_required
def report_edit(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = _report_or_404(request, report_id)
    _managed(request, report.organisation)
    initial = {
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "baseline_periods": report.baseline_periods,
        "offices": list(report.offices.all()),
        "version": report.version,
    }
    form = ReportForm(request.POST or None, initial=initial, organisation_id=report.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(
                actor=request.user,
                report=report,
                version=form.cleaned_data["version"] or report.version,
                title=form.cleaned_data["title"],
                period=form.cleaned_data["period"],
                baseline_periods=form.cleaned_data["baseline_periods"],
                offices=form.cleaned_data["offices"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleEditError as error:
            form.add_error(None, str(error))
        else:
            return redirect("impact:report", report_id=report.pk)
    back = reverse("impact:report", args=[report.pk])
    return render(request, "impact/form.html", {"form": form, "title": report.title, "back": back})


@login_required
def report(request: HttpRequest, report_id: Any) -> HttpResponse:
    """A draft with today's numbers (analytics roles), or the latest published version."""
    found = _report_or_404(request, report_id)
    if not selectors.may_read_drafts(request.user, found):
        version = selectors.published_versions(request.user, report=found).first()
        if version is None:
            raise Http404
        return redirect("impact:version", report_id=found.pk, number=version.number)
    data = selectors.report_data(request.user, report=found)
    sections = list(selectors.sections_of(request.user, report=found))
    narrative = [{"kind": s.kind, "title": s.title, "body": s.body} for s in sections]
    period = Period(found.period_start, found.period_end)
    context = report_context(
        data, narrative=narrative, outside=False, link=_drill_link(found.organisation, period)
    )
    context |= {
        "report": found,
        "sections": sections,
        "versions": selectors.published_versions(request.user, report=found),
        "may_manage": access.may_manage_reports(request.user, found.organisation_id),
    }
    return render(request, "impact/report.html", context)


@login_required
def report_download(request: HttpRequest, report_id: Any, kind: str) -> HttpResponse:
    """Today's draft as a standalone HTML file or a PDF (analytics roles)."""
    found = _report_or_404(request, report_id)
    if kind not in ("pdf", "html") or not selectors.may_read_drafts(request.user, found):
        raise Http404
    data = selectors.report_data(request.user, report=found)
    narrative = [
        {"kind": s.kind, "title": s.title, "body": s.body}
        for s in selectors.sections_of(request.user, report=found)
    ]
    return _document(report_context(data, narrative=narrative, outside=False), found, kind, "draft")


def _document(context: dict[str, Any], found: ImpactReport, kind: str, suffix: str) -> HttpResponse:
    name = f"impact-{found.period_start:%Y%m%d}-{found.period_end:%Y%m%d}-{suffix}"
    if kind == "pdf":
        return _download(
            report_pdf(context), filename=f"{name}.pdf", content_type="application/pdf"
        )
    return _download(
        report_document(context).encode(), filename=f"{name}.html", content_type="text/html"
    )


def _version_or_404(request: HttpRequest, found: ImpactReport, number: int) -> PublishedReport:
    try:
        return selectors.published_version(request.user, report=found, number=number)
    except PublishedReport.DoesNotExist:
        raise Http404 from None


def _version_context(
    request: HttpRequest, found: ImpactReport, version: PublishedReport
) -> dict[str, Any]:
    """Outside readers (and staff who ask for `?outside=1`) see small cells hidden."""
    staff = selectors.may_read_drafts(request.user, found)
    outside = not staff or request.GET.get("outside") == "1"
    data = version.figures
    if outside:
        data = suppress(data, threshold=version.small_cell_threshold)
    context = report_context(
        data, narrative=selectors.published_narrative(version), outside=outside
    )
    return context | {"report": found, "version": version, "staff": staff, "outside": outside}


@login_required
def version(request: HttpRequest, report_id: Any, number: int) -> HttpResponse:
    found = _report_or_404(request, report_id)
    published = _version_or_404(request, found, number)
    context = _version_context(request, found, published)
    context["versions"] = selectors.published_versions(request.user, report=found)
    return render(request, "impact/version.html", context)


@login_required
def version_download(request: HttpRequest, report_id: Any, number: int, kind: str) -> HttpResponse:
    if kind not in ("pdf", "html"):
        raise Http404
    found = _report_or_404(request, report_id)
    published = _version_or_404(request, found, number)
    context = _version_context(request, found, published)
    return _document(context, found, kind, f"v{published.number}")


@login_required
def version_changes(request: HttpRequest, report_id: Any, number: int) -> HttpResponse:
    """What today's records would change in a published version."""
    found = _report_or_404(request, report_id)
    if not selectors.may_read_drafts(request.user, found):
        raise Http404
    published = _version_or_404(request, found, number)
    today = selectors.report_data(request.user, report=found)
    changes = differences(published.figures, today)
    return render(
        request,
        "impact/changes.html",
        {"report": found, "version": published, "changes": changes},
    )


@login_required
@require_POST
def report_publish(request: HttpRequest, report_id: Any) -> HttpResponse:
    found = _report_or_404(request, report_id)
    try:
        published = services.publish_report(actor=request.user, report=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("impact:report", report_id=found.pk)
    messages.success(request, _("Version %(number)s is published.") % {"number": published.number})
    return redirect("impact:version", report_id=found.pk, number=published.number)


@login_required
def section_edit(request: HttpRequest, report_id: Any, section_id: Any = None) -> HttpResponse:
    found = _report_or_404(request, report_id)
    _managed(request, found.organisation)
    section = None
    if section_id is not None:
        try:
            section = selectors.section_for(request.user, report=found, section_id=section_id)
        except NarrativeSection.DoesNotExist:
            raise Http404 from None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("kind", "title", "body", "position")}
        try:
            if section is None:
                services.add_section(actor=request.user, report=found, **fields)
            else:
                services.edit_section(
                    actor=request.user,
                    section=section,
                    version=form.cleaned_data["version"] or section.version,
                    **fields,
                )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("impact:report", report_id=found.pk)
    back = reverse("impact:report", args=[found.pk])
    title = _("Narrative section") if section else _("New narrative section")
    return render(request, "impact/form.html", {"form": form, "title": title, "back": back})


@login_required
@require_POST
def section_archive(request: HttpRequest, report_id: Any, section_id: Any) -> HttpResponse:
    found = _report_or_404(request, report_id)
    try:
        section = selectors.section_for(request.user, report=found, section_id=section_id)
    except NarrativeSection.DoesNotExist:
        raise Http404 from None
    services.archive_section(actor=request.user, section=section)
    return redirect("impact:report", report_id=found.pk)


# --- targets -------------------------------------------------------------------------------


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    _analytics_only(request)
    rows = [
        {
            "target": target,
            "indicator": REGISTRY.get(target.indicator),
            "progress": selectors.target_progress(request.user, target=target),
        }
        for target in selectors.targets_visible_to(request.user).prefetch_related("offices")
    ]
    may_create = bool(access.managed_organisation_ids(request.user))
    return render(request, "impact/targets.html", {"rows": rows, "may_create": may_create})


@login_required
def target_edit(request: HttpRequest, target_id: Any = None) -> HttpResponse:
    organisation = _organisation(request)
    target = None
    if target_id is not None:
        try:
            target = selectors.target_for(request.user, target_id=target_id)
        except Target.DoesNotExist:
            raise Http404 from None
        organisation = target.organisation
    _managed(request, organisation)
    initial = target_initial(target) if target else {}
    form = TargetForm(request.POST or None, initial=initial, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields["indicator_code"] = fields.pop("indicator")
        version = fields.pop("version")
        try:
            if target is None:
                services.create_target(actor=request.user, organisation=organisation, **fields)
            else:
                services.update_target(
                    actor=request.user, target=target, version=version or target.version, **fields
                )
        except ValidationError as error:
            add_service_errors(form, error, renamed={"indicator": "indicator"})
        except StaleEditError as error:
            form.add_error(None, str(error))
        else:
            return redirect("impact:targets")
    title = _("Target") if target else _("New target")
    return render(
        request,
        "impact/form.html",
        {"form": form, "title": title, "back": reverse("impact:targets")},
    )


@login_required
@require_POST
def target_archive(request: HttpRequest, target_id: Any) -> HttpResponse:
    try:
        target = selectors.target_for(request.user, target_id=target_id)
    except Target.DoesNotExist:
        raise Http404 from None
    services.archive_target(actor=request.user, target=target)
    return redirect("impact:targets")


# --- partner submissions -------------------------------------------------------------------


def _submission_period(request: HttpRequest) -> Period:
    settings_month = 1
    organisations = selectors.organisations_for_analytics(request.user)
    if organisations.exists():
        settings_month = selectors.reporting_settings(
            organisations.first().pk  # type: ignore[union-attr]
        ).financial_year_start_month
    return last_complete_half_year(timezone.localdate(), start_month=settings_month)


@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    offices = access.offices_to_submit_for(request.user)
    if not access.may_view_analytics(request.user) and not offices.exists():
        raise PermissionDenied(_("Your role does not see partner submissions."))
    period = _submission_period(request)
    return render(
        request,
        "impact/submissions.html",
        {
            "period": period,
            "status": selectors.submission_status(request.user, period=period),
            "submissions": selectors.submissions_visible_to(request.user)[:50],
            "may_submit": offices.exists(),
        },
    )


@login_required
def submission_new(request: HttpRequest) -> HttpResponse:
    offices = access.offices_to_submit_for(request.user)
    if not offices.exists():
        raise PermissionDenied(_("You may not submit figures."))
    initial = default_dates(_submission_period(request))
    form = SubmissionForm(request.POST or None, initial=initial, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_partner_figures(
                actor=request.user,
                office=form.cleaned_data["office"],
                period=form.cleaned_data["period"],
                figures=form.figures(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The figures are submitted."))
            return redirect("impact:submissions")
    return render(request, "impact/submission_form.html", {"form": form})


@login_required
def submission_upload(request: HttpRequest) -> HttpResponse:
    offices = access.offices_to_submit_for(request.user)
    if not offices.exists():
        raise PermissionDenied(_("You may not submit figures."))
    initial = default_dates(_submission_period(request))
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_partner_spreadsheet(
                actor=request.user,
                office=form.cleaned_data["office"],
                period=form.cleaned_data["period"],
                content=form.cleaned_data["file"].read(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The spreadsheet's figures are submitted."))
            return redirect("impact:submissions")
    back = reverse("impact:submissions")
    return render(
        request,
        "impact/form.html",
        {
            "form": form,
            "title": _("Upload a partner's spreadsheet"),
            "back": back,
            "multipart": True,
            "template_link": reverse("impact:submission_template"),
        },
    )


@login_required
def submission_template(request: HttpRequest) -> HttpResponse:
    if not access.offices_to_submit_for(request.user).exists():
        raise PermissionDenied(_("You may not submit figures."))
    return _download(template(), filename="mukti-partner-figures.xlsx", content_type=XLSX)


# --- settings and exports -----------------------------------------------------------------


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    _managed(request, organisation)
    current = selectors.reporting_settings(organisation.pk)
    form = SettingsForm(request.POST or None, instance=current if current.pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reporting_settings(
                actor=request.user,
                organisation=organisation,
                financial_year_start_month=form.cleaned_data["financial_year_start_month"],
                small_cell_threshold=form.cleaned_data["small_cell_threshold"],
                export_k=form.cleaned_data["export_k"],
                version=form.cleaned_data["version"],
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The reporting settings are saved."))
            return redirect("impact:home")
    title = _("Reporting settings of %(organisation)s") % {"organisation": organisation.name}
    return render(
        request, "impact/form.html", {"form": form, "title": title, "back": reverse("impact:home")}
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """An anonymised record-level file, written only if it is k-anonymous."""
    _analytics_only(request)
    organisation = _organisation(request)
    form = ExportForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        period: Period = form.cleaned_data["period"]
        kind = form.cleaned_data["format"]
        try:
            exported = selectors.anonymised_export(
                request.user, organisation_id=organisation.pk, period=period, kind=kind
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            record_access(
                actor=request.user,
                action=AccessAction.EXPORT,
                object_type="cases.case",
                purpose=f"anonymised {kind} export, {period.start} to {period.end}",
                path=request.path,
            )
            suffix = "csv" if kind == "ctdc" else "json"
            name = f"mukti-{kind}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{suffix}"
            content_type = "text/csv" if kind == "ctdc" else "application/json"
            return _download(exported.content, filename=name, content_type=content_type)
    k = selectors.reporting_settings(organisation.pk).export_k
    intro = _(
        "One row per case opened in the period, without names, dates of birth or places below "
        "the country. The file is written only if every combination of year, sex, age and "
        "places is shared by at least %(k)s cases; ages and places are made coarser until it is."
    ) % {"k": k}
    return render(
        request,
        "impact/form.html",
        {
            "form": form,
            "title": _("Anonymised export"),
            "intro": intro,
            "back": reverse("impact:home"),
        },
    )
