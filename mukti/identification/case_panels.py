"""The identification panels of the case page: screenings, referrals, and the rescues the
survivor was part of. Each answers HTMX with its fragment, and without JavaScript with a
page of its own (render_panel); inline forms post back and re-render the panel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.audit.services import record_denied
from mukti.cases.models import Case, Status
from mukti.cases.panels import case_or_404, render_panel
from mukti.core.models import StaleEditError
from mukti.identification import selectors, services
from mukti.identification.forms import ReferralEditForm, ReferralForm, ScreeningForm
from mukti.identification.models import IndicatorSet, Referral, Screening
from mukti.people.forms import add_service_errors, at_version, stale_message

SCREENINGS = gettext_lazy("Screenings")
REFERRALS = gettext_lazy("Referrals")
RESCUES = gettext_lazy("Rescues")


def _may_write(request: HttpRequest, case: Case) -> bool:
    return case.status == Status.OPEN and request.user.has_perm(Action.RECORD_IDENTIFICATION, case)


@dataclass(frozen=True)
class _Panel:
    title: Any
    template: str
    anchor: str
    context: Callable[..., dict[str, Any]]


def _answer(
    request: HttpRequest, case: Case, panel: _Panel, *, saved: str = "", **state: Any
) -> HttpResponse:
    """The panel again (HTMX, or its own page with the form's errors); after a save without
    JavaScript, back to the case page at the panel."""
    if saved and not getattr(request, "htmx", False):
        messages.success(request, saved)
        return redirect(reverse("cases:detail", args=[case.number]) + f"#{panel.anchor}")
    context = panel.context(request, case, **state)
    context["saved"] = saved
    return render_panel(
        request, case=case, title=panel.title, template=panel.template, context=context
    )


# --- screenings ---------------------------------------------------------------------------


def _screening_form(
    request: HttpRequest,
    case: Case,
    indicator_set: IndicatorSet,
    *,
    data: Any = None,
    screening: Screening | None = None,
    observed: Any = (),
) -> ScreeningForm:
    form = ScreeningForm(
        data,
        checklist=selectors.checklist_for(request.user, case=case, indicator_set=indicator_set),
        screeners=selectors.screeners_for(request.user, case=case),
        screening=screening,
        observed=observed,
        auto_id=f"screening-{screening.pk if screening else 'new'}_%s",
    )
    if screening is None:
        form.fields["screener"].initial = request.user.pk
    return form


def _screenings_context(
    request: HttpRequest,
    case: Case,
    *,
    new_form: ScreeningForm | None = None,
    new_set: IndicatorSet | None = None,
    edit_form: ScreeningForm | None = None,
    editing: Any = None,
    stale: str = "",
) -> dict[str, Any]:
    may_write = _may_write(request, case)
    checklists = list(selectors.indicator_sets_in_use()) if may_write else []
    chosen = request.GET.get("checklist", "")
    if may_write and new_form is None and chosen:
        new_set = next((s for s in checklists if s.code == chosen), None)
        if new_set is not None:
            new_form = _screening_form(request, case, new_set)
    return {
        "screenings": selectors.screenings_of_case(request.user, case=case),
        "may_write": may_write,
        "checklists": checklists,
        "new_form": new_form,
        "new_set": new_set,
        "edit_form": edit_form,
        "editing": editing,
        "stale": stale,
        "reads_sexual": selectors.reads_sexual_exploitation(request.user, case),
    }


SCREENINGS_PANEL = _Panel(
    SCREENINGS, "identification/_screenings.html", "screenings", _screenings_context
)


@login_required
def screenings(request: HttpRequest, number: str) -> HttpResponse:
    return _answer(request, case_or_404(request, number), SCREENINGS_PANEL)


def _checklist_in_use(code: str) -> IndicatorSet:
    found = selectors.indicator_sets_in_use().filter(code=code).first()
    if found is None:
        raise Http404(_("No such checklist."))
    return found


@login_required
@require_POST
def screening_add(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    ensure_can(request.user, Action.RECORD_IDENTIFICATION, case)
    indicator_set = _checklist_in_use(request.POST.get("checklist", ""))
    form = _screening_form(request, case, indicator_set, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_screening(
                actor=request.user,
                case=case,
                screened_on=data["screened_on"],
                screener=data["screener"],
                indicator_set=indicator_set,
                indicators=form.chosen_indicators(),
                outcome=data["outcome"],
                outcome_reason=data["outcome_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, case, SCREENINGS_PANEL, saved=_("The screening was recorded."))
    return _answer(request, case, SCREENINGS_PANEL, new_form=form, new_set=indicator_set)


def _screening_or_404(request: HttpRequest, case: Case, screening_id: Any) -> Any:
    try:
        return selectors.screening_for(request.user, case=case, screening_id=screening_id)
    except Screening.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="identification.screening",
            object_id=str(screening_id),
            path=request.path,
        )
        raise Http404(_("No such screening.")) from None


@login_required
def screening_edit(request: HttpRequest, number: str, screening_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    view = _screening_or_404(request, case, screening_id)
    ensure_can(request.user, Action.RECORD_IDENTIFICATION, case)
    screening = view.screening
    form = _screening_form(
        request,
        case,
        screening.indicator_set,
        data=request.POST if request.method == "POST" else None,
        screening=screening,
        observed=view.observed,
    )
    stale = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_screening(
                actor=request.user,
                screening=screening,
                expected_version=data["version"] or 0,
                screened_on=data["screened_on"],
                screener=data["screener"],
                indicators=form.chosen_indicators(),
                outcome=data["outcome"],
                outcome_reason=data["outcome_reason"],
            )
        except StaleEditError:
            view = _screening_or_404(request, case, screening_id)
            stale = stale_message(view.screening)
            form = at_version(
                ScreeningForm,
                request.POST,
                version=view.screening.version,
                checklist=selectors.checklist_for(
                    request.user, case=case, indicator_set=screening.indicator_set
                ),
                screeners=selectors.screeners_for(request.user, case=case),
                auto_id=f"screening-{screening.pk}_%s",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, case, SCREENINGS_PANEL, saved=_("The screening was saved."))
    return _answer(
        request, case, SCREENINGS_PANEL, edit_form=form, editing=screening.pk, stale=stale
    )


# --- referrals ----------------------------------------------------------------------------


def _referrals_context(
    request: HttpRequest,
    case: Case,
    *,
    new_form: ReferralForm | None = None,
    edit_form: ReferralEditForm | None = None,
    editing: Any = None,
    stale: str = "",
) -> dict[str, Any]:
    may_write = _may_write(request, case)
    return {
        "referrals": selectors.referrals_of_case(request.user, case=case),
        "may_write": may_write,
        "new_form": (new_form or ReferralForm()) if may_write else None,
        "edit_form": edit_form,
        "editing": editing,
        "stale": stale,
    }


REFERRALS_PANEL = _Panel(
    REFERRALS, "identification/_referrals.html", "referrals", _referrals_context
)


@login_required
def referrals(request: HttpRequest, number: str) -> HttpResponse:
    return _answer(request, case_or_404(request, number), REFERRALS_PANEL)


@login_required
@require_POST
def referral_add(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    ensure_can(request.user, Action.RECORD_IDENTIFICATION, case)
    form = ReferralForm(request.POST)
    if form.is_valid():
        try:
            services.record_referral(actor=request.user, case=case, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, case, REFERRALS_PANEL, saved=_("The referral was recorded."))
    return _answer(request, case, REFERRALS_PANEL, new_form=form)


def _referral_or_404(request: HttpRequest, case: Case, referral_id: Any) -> Referral:
    try:
        return selectors.referral_for(request.user, case=case, referral_id=referral_id)
    except Referral.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="identification.referral",
            object_id=str(referral_id),
            path=request.path,
        )
        raise Http404(_("No such referral.")) from None


@login_required
def referral_edit(request: HttpRequest, number: str, referral_id: Any) -> HttpResponse:
    case = case_or_404(request, number)
    referral = _referral_or_404(request, case, referral_id)
    ensure_can(request.user, Action.RECORD_IDENTIFICATION, case)
    data = request.POST if request.method == "POST" else None
    form = ReferralEditForm(data, referral=referral)
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.update_referral(
                actor=request.user,
                referral=referral,
                expected_version=form.cleaned_data["version"],
                details=form.details(),
                status=form.cleaned_data["status"],
                status_on=form.cleaned_data["status_on"],
            )
        except StaleEditError:
            referral = _referral_or_404(request, case, referral_id)
            stale = stale_message(referral)
            form = at_version(
                ReferralEditForm, request.POST, version=referral.version, referral=referral
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, case, REFERRALS_PANEL, saved=_("The referral was saved."))
    return _answer(request, case, REFERRALS_PANEL, edit_form=form, editing=referral.pk, stale=stale)


# --- rescues ------------------------------------------------------------------------------


def _rescues_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"rescues": selectors.rescues_of_case(request.user, case=case)}


RESCUES_PANEL = _Panel(RESCUES, "identification/_case_rescues.html", "rescues", _rescues_context)


@login_required
def case_rescues(request: HttpRequest, number: str) -> HttpResponse:
    return _answer(request, case_or_404(request, number), RESCUES_PANEL)
