"""Legal case pages: the list, filing one, one legal case with its accused, hearings, witness
support and stage history, and every change made from it (each a POST form)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import readable_sections
from mukti.accounts.roles import Action, Section
from mukti.accounts.selectors import user_may
from mukti.audit.models import AccessAction
from mukti.cases.models import Case
from mukti.cases.selectors import case_for
from mukti.core.models import StaleEditError
from mukti.justice import access, selectors, services
from mukti.justice.deadlines import clock_state
from mukti.justice.forms import (
    AccusedForm,
    ArrestForm,
    BailForm,
    ChargeForm,
    CloseLegalCaseForm,
    HearingForm,
    HearingOutcomeForm,
    LegalCaseEditForm,
    LegalCaseFilterForm,
    LegalCaseForm,
    LinkSurvivorForm,
    StageForm,
    StrategyNotesForm,
    VerdictForm,
    WitnessSupportForm,
)
from mukti.justice.models import NEXT_STAGE, HearingStatus, LegalCase, LegalStatus
from mukti.justice.views.common import legal_case_or_404, log
from mukti.people.forms import add_service_errors, at_version, stale_changes, stale_message


@login_required
def legal_case_list(request: HttpRequest) -> HttpResponse:
    if not user_may(request.user, Action.VIEW_CASE):
        raise PermissionDenied(_("Your role does not read legal cases."))
    form = LegalCaseFilterForm(request.GET)
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if value}
    filters = selectors.LegalCaseFilters(**data)
    page = selectors.legal_case_page(
        request.user, filters=filters, cursor=request.GET.get("after", "")
    )
    log(request, AccessAction.LIST, object_type="justice.legalcase")
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    today = timezone.localdate()
    rows = [
        (legal_case, [clock_state(c, today=today) for c in legal_case.clocks.all()])
        for legal_case in page.legal_cases
    ]
    return render(
        request,
        "justice/list.html",
        {
            "form": form,
            "rows": rows,
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
            "may_file": user_may(request.user, Action.MANAGE_LEGAL_CASES),
        },
    )


def _survivor_case(request: HttpRequest, number: str) -> Case | None:
    try:
        return case_for(request.user, number=number.strip())
    except Case.DoesNotExist:
        return None


@login_required
def file_legal_case(request: HttpRequest) -> HttpResponse:
    """File a legal case for a survivor's case (its number given, or typed)."""
    if not user_may(request.user, Action.MANAGE_LEGAL_CASES):
        raise PermissionDenied(_("Your role does not manage legal cases."))
    number = request.POST.get("case_number") or request.GET.get("case", "")
    case = _survivor_case(request, number) if number else None
    may_write_strategy = case is None or Section.LEGAL in readable_sections(request.user, case)
    form = LegalCaseForm(
        request.POST or None,
        initial={"case_number": number, "country": case.office.country if case else "BD"},
        may_write_strategy=may_write_strategy,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if case is None:
                raise ValidationError({"case_number": _("No case you may see has this number.")})
            legal_case = services.file_legal_case(
                actor=request.user,
                survivors=[(case, data["role"])],
                details=form.details(),
                stage=data["stage"],
                stage_since=data["stage_since"],
                strategy_notes=data.get("strategy_notes", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error, renamed={"cases": "case_number"})
        else:
            messages.success(request, _("The legal case was filed."))
            return redirect("justice:detail", legal_case_id=legal_case.pk)
    return render(request, "justice/file.html", {"form": form, "case": case})


# --- one legal case ----------------------------------------------------------------------


def _prefixed(form_class: Any, key: str, bound: dict[str, forms.Form], **kwargs: Any) -> Any:
    """The form the user just sent (with its errors) or a fresh one, with ids of its own."""
    return bound.get(key) or form_class(auto_id=f"{key.replace(':', '-')}-%s", **kwargs)


@dataclass
class AccusedRow:
    accused: Any
    forms: dict[str, forms.Form]


def _accused_rows(
    user: Any, legal_case: LegalCase, bound: dict[str, forms.Form], manages: bool
) -> list[AccusedRow]:
    rows = []
    for accused in selectors.accused_of(user, legal_case=legal_case):
        row_forms: dict[str, forms.Form] = {}
        if manages:
            for name, form_class in ACCUSED_FORMS.items():
                row_forms[name] = _prefixed(form_class, f"{name}:{accused.pk}", bound)
        rows.append(AccusedRow(accused, row_forms))
    return rows


def _witness_choices(user: Any, legal_case: LegalCase) -> list[tuple[str, str]]:
    return [
        (str(party.case.pk), f"{party.case.number} · {party.case.survivor.display_name}")
        for party in selectors.parties_of(user, legal_case=legal_case)
        if party.case is not None
    ]


def _hearing_rows(
    user: Any, legal_case: LegalCase, bound: dict[str, forms.Form], manages: bool
) -> list[tuple[Any, Any]]:
    today = timezone.localdate()
    rows = []
    for hearing in selectors.hearings_of(user, legal_case=legal_case):
        form = None
        due = hearing.status == HearingStatus.SCHEDULED and hearing.hearing_on <= today
        if manages and due:
            form = _prefixed(
                HearingOutcomeForm,
                f"outcome:{hearing.pk}",
                bound,
                initial={"version": hearing.version, "status": HearingStatus.HELD},
            )
        rows.append((hearing, form))
    return rows


def _detail_context(
    request: HttpRequest, legal_case: LegalCase, bound: dict[str, forms.Form]
) -> dict[str, Any]:
    user = request.user
    manages = access.may_manage(user, legal_case)
    is_open = legal_case.status == LegalStatus.OPEN
    next_stage = NEXT_STAGE.get(legal_case.stage)
    edit = manages and is_open
    today = timezone.localdate()
    witnesses = _witness_choices(user, legal_case)
    context: dict[str, Any] = {
        "legal_case": legal_case,
        "manages": manages,
        "parties": selectors.parties_of(user, legal_case=legal_case),
        "stages": selectors.stage_history(user, legal_case=legal_case),
        "clocks": [
            (clock, clock_state(clock, today=today))
            for clock in selectors.clocks_of(user, legal_case=legal_case)
        ],
        "accused_rows": _accused_rows(user, legal_case, bound, edit),
        "hearing_rows": _hearing_rows(user, legal_case, bound, edit),
        "witness_support": legal_case.witness_support.filter(
            case__in=[choice[0] for choice in witnesses]
        ).select_related("case", "hearing"),
        "strategy_notes": selectors.strategy_notes(user, legal_case=legal_case),
    }
    if edit:
        context.update(
            {
                "stage_form": bound.get("stage")
                or (
                    StageForm(initial={"stage": next_stage, "version": legal_case.version})
                    if next_stage
                    else None
                ),
                "close_form": bound.get("close")
                or CloseLegalCaseForm(initial={"version": legal_case.version}),
                "accused_form": bound.get("accused") or AccusedForm(),
                "hearing_form": bound.get("hearing")
                or HearingForm(initial={"status": HearingStatus.SCHEDULED}),
                "witness_form": bound.get("witness") or WitnessSupportForm(witnesses=witnesses),
                "party_form": bound.get("party") or LinkSurvivorForm(),
            }
        )
    return context


def _detail_page(
    request: HttpRequest, legal_case: LegalCase, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    log(request, AccessAction.VIEW, record=legal_case)
    context = _detail_context(request, legal_case, bound or {})
    return render(request, "justice/detail.html", context)


@login_required
def legal_case_detail(request: HttpRequest, legal_case_id: Any) -> HttpResponse:
    return _detail_page(request, legal_case_or_404(request, legal_case_id))


# --- changes made from the legal case page -------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One POST form of the legal case page: how to build it and what it does."""

    form: Callable[..., forms.Form]
    do: Callable[[Any, LegalCase, dict[str, Any], Any], Any]
    saved: str
    anchor: str


def _accused(request: HttpRequest, legal_case: LegalCase, target: Any) -> Any:
    try:
        return selectors.accused_for(request.user, legal_case=legal_case, accused_id=target)
    except Exception:
        raise Http404 from None


def _hearing(request: HttpRequest, legal_case: LegalCase, target: Any) -> Any:
    try:
        return selectors.hearing_for(request.user, legal_case=legal_case, hearing_id=target)
    except Exception:
        raise Http404 from None


def _move(request: HttpRequest, legal_case: LegalCase, data: dict, form: Any) -> Any:
    return services.move_to_stage(
        actor=request.user,
        legal_case=legal_case,
        expected_version=data["version"],
        stage=data["stage"],
        happened_on=data["happened_on"],
    )


def _close(request: HttpRequest, legal_case: LegalCase, data: dict, form: Any) -> Any:
    return services.close_legal_case(
        actor=request.user,
        legal_case=legal_case,
        expected_version=data["version"],
        closed_on=data["closed_on"],
        outcome=data["outcome"],
    )


def _add_accused(request: HttpRequest, legal_case: LegalCase, data: dict, form: Any) -> Any:
    return services.record_accused(
        actor=request.user, legal_case=legal_case, person=form.person(), role=data["role"]
    )


def _link(request: HttpRequest, legal_case: LegalCase, data: dict, form: Any) -> Any:
    case = _survivor_case(request, data["case_number"])
    if case is None:
        raise ValidationError({"case_number": _("No case you may see has this number.")})
    return services.link_survivor(
        actor=request.user, legal_case=legal_case, case=case, role=data["role"]
    )


def _add_hearing(request: HttpRequest, legal_case: LegalCase, data: dict, form: Any) -> Any:
    return services.add_hearing(
        actor=request.user,
        legal_case=legal_case,
        hearing_on=data["hearing_on"],
        purpose=data["purpose"],
        result=form.result(),
    )


def _witness(request: HttpRequest, legal_case: LegalCase, data: dict, form: Any) -> Any:
    case = next(c for c in access.linked_cases(legal_case) if str(c.pk) == data["case"])
    return services.record_witness_support(
        actor=request.user, legal_case=legal_case, case=case, details=form.details()
    )


CHANGES: dict[str, Change] = {
    "stage": Change(StageForm, _move, _("The stage was recorded."), "stages"),
    "close": Change(CloseLegalCaseForm, _close, _("The legal case was closed."), "status"),
    "accused": Change(AccusedForm, _add_accused, _("The accused was recorded."), "accused"),
    "party": Change(LinkSurvivorForm, _link, _("The survivor was linked."), "parties"),
    "hearing": Change(HearingForm, _add_hearing, _("The hearing was recorded."), "hearings"),
    "witness": Change(
        lambda *a, **k: WitnessSupportForm(*a, witnesses=k.pop("witnesses"), **k),
        _witness,
        _("The witness support was recorded."),
        "witnesses",
    ),
}


def _record_on_accused(
    do: Callable[..., Any],
) -> Callable[[HttpRequest, LegalCase, dict, Any, Any], Any]:
    def record(
        request: HttpRequest, legal_case: LegalCase, data: dict, form: Any, target: Any
    ) -> Any:
        return do(actor=request.user, accused=_accused(request, legal_case, target), **data)

    return record


def _verdict(
    request: HttpRequest, legal_case: LegalCase, data: dict, form: Any, target: Any
) -> Any:
    return services.record_verdict(
        actor=request.user,
        accused=_accused(request, legal_case, target),
        outcome=data["outcome"],
        decided_on=data["decided_on"],
        sentence=form.sentence(),
    )


def _outcome(
    request: HttpRequest, legal_case: LegalCase, data: dict, form: Any, target: Any
) -> Any:
    return services.record_hearing(
        actor=request.user,
        hearing=_hearing(request, legal_case, target),
        expected_version=data["version"],
        result=form.result(),
    )


ACCUSED_FORMS: dict[str, Any] = {
    "arrest": ArrestForm,
    "bail": BailForm,
    "charge": ChargeForm,
    "verdict": VerdictForm,
}
# Changes to one accused or one hearing: (form, what it does, message, anchor).
TARGETED: dict[str, tuple[Any, Callable[..., Any], str, str]] = {
    "arrest": (
        ArrestForm,
        _record_on_accused(services.record_arrest),
        _("The arrest was recorded."),
        "accused",
    ),
    "bail": (
        BailForm,
        _record_on_accused(services.record_bail),
        _("The bail decision was recorded."),
        "accused",
    ),
    "charge": (
        ChargeForm,
        _record_on_accused(services.record_charge),
        _("The charge was recorded."),
        "accused",
    ),
    "verdict": (VerdictForm, _verdict, _("The verdict was recorded."), "accused"),
    "outcome": (HearingOutcomeForm, _outcome, _("The hearing was recorded."), "hearings"),
}


def _answer(
    request: HttpRequest,
    legal_case: LegalCase,
    *,
    key: str,
    form: forms.Form,
    run: Callable[[], Any],
    saved: str,
    anchor: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            run()
        except StaleEditError:
            form.add_error(
                None, _("Someone changed this legal case after you opened it. Try again.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            url = reverse("justice:detail", kwargs={"legal_case_id": legal_case.pk})
            return redirect(f"{url}#{anchor}")
    legal_case.refresh_from_db()
    access.forget_linked_cases(legal_case)
    return _detail_page(request, legal_case, {key: form})


@login_required
@require_POST
def change_legal_case(request: HttpRequest, legal_case_id: Any, change: str) -> HttpResponse:
    legal_case = legal_case_or_404(request, legal_case_id)
    if change not in CHANGES:
        raise Http404
    spec = CHANGES[change]
    extra: dict[str, Any] = {}
    if change == "witness":
        extra["witnesses"] = _witness_choices(request.user, legal_case)
    form = spec.form(request.POST, **extra)
    return _answer(
        request,
        legal_case,
        key=change,
        form=form,
        run=lambda: spec.do(request, legal_case, form.cleaned_data, form),
        saved=spec.saved,
        anchor=spec.anchor,
    )


@login_required
@require_POST
def change_part(
    request: HttpRequest, legal_case_id: Any, change: str, target_id: Any
) -> HttpResponse:
    """A change to one accused (arrest, bail, charge, verdict) or one hearing (outcome)."""
    legal_case = legal_case_or_404(request, legal_case_id)
    if change not in TARGETED:
        raise Http404
    form_class, do, saved, anchor = TARGETED[change]
    key = f"{change}:{target_id}"
    form = form_class(request.POST, auto_id=f"{change}-{target_id}-%s")
    return _answer(
        request,
        legal_case,
        key=key,
        form=form,
        run=lambda: do(request, legal_case, form.cleaned_data, form, target_id),
        saved=saved,
        anchor=anchor,
    )


# --- editing -------------------------------------------------------------------------------


@login_required
def edit_legal_case(request: HttpRequest, legal_case_id: Any) -> HttpResponse:
    legal_case = legal_case_or_404(request, legal_case_id)
    if not access.may_manage(request.user, legal_case):
        raise PermissionDenied(_("Your role does not manage this legal case."))
    initial = {name: getattr(legal_case, name) for name in LegalCaseEditForm.base_fields}
    initial["version"] = legal_case.version
    form = LegalCaseEditForm(request.POST or None, initial=initial)
    stale, changes = "", []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_legal_case(
                actor=request.user,
                legal_case=legal_case,
                expected_version=form.cleaned_data["version"],
                details=form.details(),
            )
        except StaleEditError:
            legal_case = legal_case_or_404(request, legal_case_id)
            stale = stale_message(legal_case)
            compared = [name for name in LegalCaseEditForm.base_fields if name != "version"]
            changes = stale_changes(form, legal_case, compared)
            form = at_version(LegalCaseEditForm, request.POST, version=legal_case.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The legal case was saved."))
            return redirect("justice:detail", legal_case_id=legal_case.pk)
    log(request, AccessAction.VIEW, record=legal_case)
    return render(
        request,
        "justice/edit.html",
        {"legal_case": legal_case, "form": form, "stale": stale, "changes": changes},
    )


@login_required
def edit_strategy_notes(request: HttpRequest, legal_case_id: Any) -> HttpResponse:
    legal_case = legal_case_or_404(request, legal_case_id)
    if not (
        access.may_manage(request.user, legal_case)
        and access.reads_strategy(request.user, legal_case)
    ):
        raise PermissionDenied(_("Your role cannot write legal strategy notes."))
    form = StrategyNotesForm(
        request.POST or None,
        initial={"notes": legal_case.strategy_notes, "version": legal_case.version},
    )
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.update_strategy_notes(
                actor=request.user,
                legal_case=legal_case,
                expected_version=form.cleaned_data["version"],
                notes=form.cleaned_data["notes"],
            )
        except StaleEditError:
            legal_case = legal_case_or_404(request, legal_case_id)
            stale = stale_message(legal_case)
            form = at_version(StrategyNotesForm, request.POST, version=legal_case.version)
        else:
            messages.success(request, _("The notes were saved."))
            return redirect(
                reverse("justice:detail", kwargs={"legal_case_id": legal_case.pk}) + "#strategy"
            )
    log(request, AccessAction.VIEW, record=legal_case)
    return render(
        request,
        "justice/notes.html",
        {"legal_case": legal_case, "form": form, "stale": stale, "changes": []},
    )
