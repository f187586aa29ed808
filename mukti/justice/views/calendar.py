"""The hearings calendar (a month; a list on phones) and the statutory deadlines page."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may
from mukti.audit.models import AccessAction
from mukti.core.models import StaleEditError
from mukti.justice import selectors, services
from mukti.justice.forms import DeadlineForm
from mukti.justice.models import Deadline
from mukti.justice.views.common import log
from mukti.people.forms import add_service_errors


def _month(value: str) -> date:
    """The first day of `YYYY-MM`, or of this month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


@login_required
def hearings_calendar(request: HttpRequest) -> HttpResponse:
    """Scheduled hearings of the legal cases in scope, one month at a time."""
    if not user_may(request.user, Action.VIEW_CASE):
        raise PermissionDenied(_("Your role does not read legal cases."))
    first = _month(request.GET.get("month", ""))
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    hearings = selectors.hearings_between(request.user, start=first, end=last)
    by_day: dict[date, list[Any]] = {}
    for hearing in hearings:
        by_day.setdefault(hearing.hearing_on, []).append(hearing)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(
            first.year, first.month
        )
    ]
    log(request, AccessAction.LIST, object_type="justice.hearing")
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return render(
        request,
        "justice/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "days": sorted(by_day.items()),
            "today": timezone.localdate(),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "weekdays": [week_day for week_day, _hearings in weeks[0]] if weeks else [],
        },
    )


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    """The statutory limits, and the open legal cases in scope past or close to one."""
    if not user_may(request.user, Action.VIEW_CASE):
        raise PermissionDenied(_("Your role does not read legal cases."))
    may_configure = user_may(request.user, Action.MANAGE_LEGAL_CASES)
    form = DeadlineForm(request.POST or None) if may_configure else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Your role does not configure statutory limits."))
        if form.is_valid():
            try:
                services.save_deadline(actor=request.user, rule=form.rule())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The statutory limit was saved."))
                return redirect("justice:deadlines")
    alerts = selectors.deadline_alerts(request.user)
    log(request, AccessAction.LIST, object_type="justice.deadlineclock")
    return render(
        request,
        "justice/deadlines.html",
        {
            "rules": selectors.deadline_rules(),
            "breached": [alert for alert in alerts if alert.state == "breached"],
            "near": [alert for alert in alerts if alert.state == "near"],
            "form": form,
        },
    )


@login_required
def edit_deadline(request: HttpRequest, deadline_id: Any) -> HttpResponse:
    if not user_may(request.user, Action.MANAGE_LEGAL_CASES):
        raise PermissionDenied(_("Your role does not configure statutory limits."))
    deadline = get_object_or_404(Deadline, pk=deadline_id)
    initial = {name: getattr(deadline, name) for name in DeadlineForm.base_fields}
    initial["holidays"] = " ".join(deadline.holidays or [])
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_deadline(
                actor=request.user,
                rule=form.rule(),
                deadline=deadline,
                expected_version=int(request.POST.get("version", deadline.version)),
            )
        except StaleEditError:
            form.add_error(None, _("Someone changed this rule after you opened it. Try again."))
            deadline.refresh_from_db()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The statutory limit was saved."))
            return redirect("justice:deadlines")
    return render(request, "justice/deadline_edit.html", {"form": form, "deadline": deadline})
