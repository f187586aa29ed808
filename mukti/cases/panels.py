"""Sections that domain apps add to the case page (care plan, screenings, repatriation…).

An app registers a panel from its AppConfig.ready(). The case page shows each panel's
heading and loads its content with HTMX from the panel's own address; without JavaScript
the same address is a page of its own, reached by a link. A panel view answers both with
`render_panel`, after finding the case with `case_or_404` (which checks the user's scope
and logs a refusal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.cases import selectors
from mukti.cases.models import Case


@dataclass(frozen=True)
class CasePanel:
    key: str  # the section's id on the case page, e.g. "care-plan"
    title: str | Promise
    url_name: str  # reversed with the case number
    order: int
    # Whether this user sees the panel on this case (role and restricted sections).
    visible: Callable[[Any, Case], bool]


@dataclass(frozen=True)
class ShownPanel:
    key: str
    title: str | Promise
    url: str


_PANELS: dict[str, CasePanel] = {}


def add_case_panel(
    *,
    key: str,
    title: str | Promise,
    url_name: str,
    visible: Callable[[Any, Case], bool],
    order: int = 50,
) -> None:
    """Add (or replace) a section of the case page."""
    _PANELS[key] = CasePanel(key=key, title=title, url_name=url_name, order=order, visible=visible)


def panels_for(user: Any, case: Case) -> list[ShownPanel]:
    panels = sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))
    return [
        ShownPanel(panel.key, panel.title, reverse(panel.url_name, args=[case.number]))
        for panel in panels
        if panel.visible(user, case)
    ]


def case_or_404(request: HttpRequest, number: str) -> Case:
    """A case the user may see; anything else is a logged 404, never a 403."""
    try:
        return selectors.case_for(request.user, number=number)
    except Case.DoesNotExist:
        record_denied(
            actor=request.user, object_type="cases.case", object_id=number[:64], path=request.path
        )
        raise Http404(_("No case with this number.")) from None


def render_panel(
    request: HttpRequest,
    *,
    case: Case,
    title: str | Promise,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """The panel's content for the case page (HTMX), or a page of its own, logged as a view
    of the case either way."""
    record_access(actor=request.user, action=AccessAction.VIEW, path=request.path, record=case)
    context = {"case": case, "panel_title": title, "panel_template": template, **context}
    if getattr(request, "htmx", False):
        return render(request, template, context, status=status)
    return render(request, "cases/panel_page.html", context, status=status)
