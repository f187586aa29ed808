"""My work: a worker's due and overdue follow-ups, care-plan reviews due and overdue planned
services, for the cases assigned to them (and, if they ask, their team's)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may
from mukti.aftercare import selectors
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access

# Each list pages on its own: (query parameter of its cursor, selector, context name).
_LISTS = (
    ("follow_ups_after", selectors.due_follow_ups, "follow_ups"),
    ("reviews_after", selectors.care_plan_reviews_due, "reviews"),
    ("services_after", selectors.overdue_services, "services"),
)


def _next_link(request: HttpRequest, parameter: str, cursor: str | None) -> str:
    if not cursor:
        return ""
    query = request.GET.copy()
    query[parameter] = cursor
    return query.urlencode()


def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_may(user, Action.RECORD_CARE):
        raise PermissionDenied(_("Your role does not record care."))
    include_team = request.GET.get("team") == "1"
    context: dict[str, Any] = {"include_team": include_team, "today": timezone.localdate()}
    shows_anyone = False
    for parameter, selector, name in _LISTS:
        page = selector(user, include_team=include_team, cursor=request.GET.get(parameter, ""))
        context[name] = page.items
        context[f"{name}_next"] = _next_link(request, parameter, page.next_cursor)
        context[f"{name}_paged"] = bool(request.GET.get(parameter))
        shows_anyone = shows_anyone or bool(page.items)
    if shows_anyone:
        # The lists name survivors: the path only, never the query string.
        record_access(
            actor=user, action=AccessAction.LIST, object_type="aftercare.queue", path=request.path
        )
    return render(request, "aftercare/dashboard.html", context)
