"""The prevention pages: the activity list, one activity, the create and edit forms (with
participant rows added inline and a participant-list upload), cancel and restore, and the
summary of a period's figures. Thin: parse, call a service or selector, render.

Nothing on these pages identifies anyone, so they write no access-log rows; a look for an
activity outside the user's offices is still logged as a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may
from mukti.audit.services import record_denied
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, stale_changes, stale_message
from mukti.prevention import selectors, services
from mukti.prevention.forms import (
    ActivityFilterForm,
    ActivityForm,
    CancelForm,
    ParticipantRows,
    PeriodForm,
    RestoreForm,
    half_year_before,
    initial_of,
)
from mukti.prevention.models import Activity, ActivityStatus, ActivityType
from mukti.prevention.participant_lists import ParticipantFileError, read_participant_file

# The breakdowns of the summary page, each one grouped query.
SUMMARY_TABLES = (
    ("office", _("By office")),
    ("country", _("By country where it took place")),
    ("activity_type", _("By type of activity")),
    ("audience_type", _("By audience")),
)


def _ensure_reader(request: HttpRequest) -> None:
    if not selectors.may_read_prevention(request.user):
        raise PermissionDenied(_("Your role does not read prevention work."))


def _activity_or_404(request: HttpRequest, activity_id: UUID) -> Activity:
    _ensure_reader(request)
    try:
        return selectors.activity_for(request.user, activity_id=activity_id)
    except Activity.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="prevention.activity",
            object_id=str(activity_id),
            path=request.path,
        )
        raise Http404(_("No such activity.")) from None


def _may_record(request: HttpRequest, activity: Activity) -> bool:
    return bool(request.user.has_perm(Action.RECORD_PREVENTION, activity.office))


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    offices = selectors.offices_readable(request.user)
    form = ActivityFilterForm(request.GET, offices=offices)
    page = selectors.activity_page(
        request.user, filters=form.filters(), cursor=request.GET.get("after", "")
    )
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    return render(
        request,
        "prevention/list.html",
        {
            "form": form,
            "page": page,
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
            "may_record": user_may(request.user, Action.RECORD_PREVENTION),
        },
    )


_FIELD_NAMES = {f.name: f.verbose_name for f in Activity._meta.concrete_fields}


def _changes(activity: Activity) -> list[dict[str, Any]]:
    """Who changed what and when, newest first: field names only, never values."""
    versions = list(activity.history.select_related("history_user").order_by("-history_id"))  # type: ignore[attr-defined]
    entries = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        changed: list[str] = []
        if older is not None:
            delta = newer.diff_against(older)
            names = {change.field for change in delta.changes}
            changed = sorted(str(_FIELD_NAMES.get(name, name)) for name in names)
        entries.append({"version": newer, "changed": changed})
    return entries


@login_required
def activity_detail(request: HttpRequest, activity_id: UUID) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    may_record = _may_record(request, activity)
    return render(
        request,
        "prevention/detail.html",
        {
            "activity": activity,
            "participants": selectors.participants_of(request.user, activity=activity),
            "changes": _changes(activity),
            "may_record": may_record,
            "cancel_form": CancelForm(initial={"version": activity.version}),
            "restore_form": RestoreForm(initial={"version": activity.version}),
        },
    )


def _participants_from(form: ActivityForm, rows: ParticipantRows) -> list[Any] | None:
    """The file's list if one was uploaded, else the rows on the page."""
    upload = form.cleaned_data.get("participant_file")
    if upload is None:
        return rows.participants()
    return read_participant_file(filename=upload.name or "", content=upload.read())


def _render_form(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    template = "prevention/form.html"
    if getattr(request, "htmx", False) and request.POST.get("add_row"):
        template = "prevention/_participant_rows.html"
    return render(request, template, context)


def _save(
    request: HttpRequest, form: ActivityForm, rows: ParticipantRows, activity: Activity | None
) -> tuple[Activity | None, dict[str, Any]]:
    """Call the service; on refusal, the problems to show next to the form."""
    problems: dict[str, Any] = {"participant_errors": [], "stale": "", "changes": []}
    try:
        participants = _participants_from(form, rows)
        office = form.cleaned_data["office"]
        if activity is None:
            return services.record_activity(
                actor=request.user,
                office=office,
                details=form.details(),
                participants=participants or (),
            ), problems
        return services.update_activity(
            actor=request.user,
            activity=activity,
            expected_version=form.cleaned_data["version"] or 0,
            details=form.details(),
            participants=participants,
            office=office,
        ), problems
    except ParticipantFileError as error:
        add_service_errors(form, error)
    except StaleEditError as error:
        current = selectors.activity_for(request.user, activity_id=error.record.pk)
        problems["stale"] = stale_message(current)
        problems["changes"] = stale_changes(form, current, ActivityForm.COMPARED)
        # Saving again is now on purpose: the form carries the current version.
        data = request.POST.copy()
        data["version"] = str(current.version)
        form.data = data
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            problems["participant_errors"] = [
                message
                for problem in error.error_dict.pop("participants", [])
                for message in problem.messages
            ]
        add_service_errors(form, error)
    return None, problems


def _activity_form(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    offices = selectors.offices_recordable(request.user)
    problems: dict[str, Any] = {"participant_errors": [], "stale": "", "changes": []}
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, offices=offices, activity=activity)
        rows = ParticipantRows.from_post(request.POST)
        if request.POST.get("add_row"):
            rows.add_blank()
        elif form.is_valid() and rows.is_valid():
            saved, problems = _save(request, form, rows, activity)
            if saved is not None:
                messages.success(request, _("The activity was saved."))
                return redirect("prevention:detail", activity_id=saved.pk)
    elif activity is not None:
        form = ActivityForm(initial=initial_of(activity), offices=offices, activity=activity)
        rows = ParticipantRows.from_participants(services.current_participants(activity))
    else:
        form = ActivityForm(offices=offices)
        rows = ParticipantRows([])
    return _render_form(request, {"form": form, "rows": rows, "activity": activity, **problems})


@login_required
def create_activity(request: HttpRequest) -> HttpResponse:
    if not user_may(request.user, Action.RECORD_PREVENTION):
        raise PermissionDenied(_("Your role does not record prevention work."))
    return _activity_form(request, None)


@login_required
def edit_activity(request: HttpRequest, activity_id: UUID) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    if not _may_record(request, activity):
        raise PermissionDenied(_("Your role does not record prevention work in this office."))
    if activity.status == ActivityStatus.CANCELLED:
        messages.warning(request, _("Restore the activity before changing it."))
        return redirect("prevention:detail", activity_id=activity.pk)
    return _activity_form(request, activity)


def _change_status(request: HttpRequest, activity_id: UUID, *, cancel: bool) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    form = (CancelForm if cancel else RestoreForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect("prevention:detail", activity_id=activity.pk)
    try:
        if cancel:
            services.cancel_activity(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The activity was cancelled. It can be restored."))
        else:
            services.restore_activity(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("The activity was restored."))
    except StaleEditError:
        messages.error(
            request,
            _("Someone changed the activity after you opened it. Check it and try again."),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("prevention:detail", activity_id=activity.pk)


@login_required
@require_POST
def cancel_activity(request: HttpRequest, activity_id: UUID) -> HttpResponse:
    return _change_status(request, activity_id, cancel=True)


@login_required
@require_POST
def restore_activity(request: HttpRequest, activity_id: UUID) -> HttpResponse:
    return _change_status(request, activity_id, cancel=False)


def _period(request: HttpRequest, offices: Any) -> tuple[PeriodForm, date, date, list[Any] | None]:
    start, end = half_year_before(timezone.localdate())
    data = request.GET if "date_from" in request.GET else None
    form = PeriodForm(data, offices=offices, initial={"date_from": start, "date_to": end})
    office_ids = None
    if data is not None and form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        office = form.cleaned_data.get("office")
        office_ids = [office.pk] if office else None
    return form, start, end, office_ids


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """The period's figures: what the impact report will count, with their breakdowns."""
    _ensure_reader(request)
    form, start, end, office_ids = _period(request, selectors.offices_readable(request.user))
    figures: dict[str, Any] = {"start": start, "end": end, "office_ids": office_ids}
    tables = [
        (title, name, selectors.prevention_figures(request.user, by=(name,), **figures))
        for name, title in SUMMARY_TABLES
    ]
    trainings = [
        row
        for row in selectors.prevention_figures(request.user, by=("profession",), **figures)
        if row.professionals_trained
    ]
    campaigns = [
        row
        for row in selectors.prevention_figures(request.user, by=("channel",), **figures)
        if row.group["channel"]
    ]
    return render(
        request,
        "prevention/summary.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "total": selectors.prevention_totals(request.user, **figures),
            "tables": tables,
            "trainings": trainings,
            "campaigns": campaigns,
            "campaign_type": ActivityType.CAMPAIGN,
        },
    )
