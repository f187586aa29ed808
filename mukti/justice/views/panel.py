"""The justice section of a survivor's case page: her legal cases, the support she had as a
witness, and whether she engages with the police investigation (with a form to record it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mukti.accounts.roles import Action
from mukti.cases.models import Case
from mukti.cases.models import Status as CaseStatus
from mukti.cases.panels import case_or_404, render_panel
from mukti.justice import selectors, services
from mukti.justice.forms import PoliceEngagementForm
from mukti.people.forms import add_service_errors

PANEL_TITLE = gettext_lazy("Justice")


def _panel(
    request: HttpRequest, case: Case, *, form: PoliceEngagementForm | None = None, saved: str = ""
) -> HttpResponse:
    user = request.user
    may_record = case.status == CaseStatus.OPEN and user.has_perm(Action.ADD_EVENT, case)
    return render_panel(
        request,
        case=case,
        title=PANEL_TITLE,
        template="justice/_panel.html",
        context={
            "legal_cases": selectors.legal_cases_of_case(user, case=case),
            "witness_support": selectors.witness_support_of_case(user, case=case),
            "police_engagement": selectors.police_engagement_of_case(user, case=case),
            "police_form": (form or PoliceEngagementForm()) if may_record else None,
            "may_file": user.has_perm(Action.MANAGE_LEGAL_CASES, case),
            "saved": saved,
        },
    )


@login_required
def case_panel(request: HttpRequest, number: str) -> HttpResponse:
    return _panel(request, case_or_404(request, number))


@login_required
@require_POST
def record_police_engagement(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    form = PoliceEngagementForm(request.POST)
    if form.is_valid():
        try:
            services.record_police_engagement(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _panel(request, case, saved=_("The observation was recorded."))
    return _panel(request, case, form=form)


def panel_visible(user: Any, case: Case) -> bool:
    return bool(user.has_perm(Action.VIEW_CASE, case))
