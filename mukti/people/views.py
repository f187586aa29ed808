"""The person page: who someone is, how to reach them, their relatives, consent and cases.
Thin: parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.roles import Action
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.cases.selectors import cases_of_survivor
from mukti.core.models import StaleEditError
from mukti.people import selectors, services
from mukti.people.forms import (
    ConsentForm,
    NameForm,
    PersonDetailsForm,
    PhoneForm,
    RelativeForm,
    add_service_errors,
    at_version,
    stale_changes,
    stale_message,
)
from mukti.people.models import Person

_DETAILS = ("sex", "birth_date", "estimated_age", "age_estimated_on", "nationality")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def person_or_404(request: HttpRequest, person_id: Any) -> Person:
    """A person the user may see; anyone else is a logged 404, never a 403."""
    try:
        return selectors.person_for(request.user, person_id=person_id)
    except Person.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="people.person",
            object_id=str(person_id),
            path=request.path,
        )
        raise Http404(_("No such person.")) from None


def _log_view(request: HttpRequest, person: Person) -> None:
    record_access(actor=request.user, action=AccessAction.VIEW, record=person, path=request.path)


def _save_name(request: HttpRequest, person: Person, form: Any) -> str:
    services.add_name_to_person(actor=request.user, person=person, **form.cleaned_data)
    return _("The name was added.")


def _save_phone(request: HttpRequest, person: Person, form: Any) -> str:
    services.add_phone_to_person(actor=request.user, person=person, **form.cleaned_data)
    return _("The phone number was added.")


def _save_relative(request: HttpRequest, person: Person, form: Any) -> str:
    services.record_relative(
        actor=request.user, person=person, kind=form.cleaned_data["kind"], relative=form.relative()
    )
    return _("The relative was recorded.")


def _save_consent(request: HttpRequest, person: Person, form: Any) -> str:
    services.record_consent(actor=request.user, person=person, **form.cleaned_data)
    return _("The consent was recorded.")


@dataclass(frozen=True)
class _Part:
    """A section of the person page with an inline (HTMX) form that re-renders it alone."""

    form_class: type[Form]
    save: Callable[[HttpRequest, Person, Any], str]
    renamed: dict[str, str]


_PARTS = {
    "names": _Part(NameForm, _save_name, {}),
    "phones": _Part(PhoneForm, _save_phone, {"phone": "number"}),
    "relatives": _Part(RelativeForm, _save_relative, {}),
    "consents": _Part(ConsentForm, _save_consent, {}),
}


def _section_context(request: HttpRequest, person: Person, forms: dict[str, Form]) -> dict:
    may_change = request.user.has_perm(Action.CHANGE_PERSON, person)
    context: dict[str, Any] = {"person": person, "may_change": may_change}
    for name, part in _PARTS.items():
        context[f"{name}_form"] = (forms.get(name) or part.form_class()) if may_change else None
    context["relatives"] = selectors.relatives_of(request.user, person=person)
    context["current_address"] = next((a for a in person.addresses.all() if a.is_current), None)
    context["consents"] = sorted(
        person.consents.all(), key=lambda c: (c.recorded_on, c.created_at), reverse=True
    )
    return context


def _person_page(request: HttpRequest, person: Person, **forms: Form) -> HttpResponse:
    _log_view(request, person)
    context = _section_context(request, person, forms)
    context["age"] = person.age_on(timezone.localdate())
    context["cases"] = cases_of_survivor(request.user, person_id=person.pk)
    context["may_open_case"] = request.user.has_perm(Action.OPEN_CASE)
    return render(request, "people/detail.html", context)


@login_required
def person_detail(request: HttpRequest, person_id: Any) -> HttpResponse:
    return _person_page(request, person_or_404(request, person_id))


@login_required
@require_POST
def add_to_person(request: HttpRequest, person_id: Any, part: str) -> HttpResponse:
    """Add a name, a phone, a relative or a consent record from the person page."""
    person = person_or_404(request, person_id)
    section = _PARTS[part]
    form = section.form_class(request.POST)
    saved = ""
    if form.is_valid():
        try:
            saved = section.save(request, person, form)
        except ValidationError as error:
            add_service_errors(form, error, renamed=section.renamed)
    if not _is_htmx(request):
        if saved:
            messages.success(request, saved)
            return redirect(reverse("people:detail", args=[person.pk]) + f"#{part}")
        return _person_page(request, person, **{part: form})
    person = selectors.person_for(request.user, person_id=person.pk)  # the new row, prefetched
    _log_view(request, person)
    context = _section_context(request, person, {} if saved else {part: form})
    context["saved"] = saved
    return render(request, f"people/_{part}.html", context)


@login_required
def edit_person(request: HttpRequest, person_id: Any) -> HttpResponse:
    """Sex, date of birth or estimated age, nationality; refused if someone saved first."""
    person = person_or_404(request, person_id)
    if not request.user.has_perm(Action.CHANGE_PERSON, person):
        raise PermissionDenied(_("Your role does not allow changing a person's details."))
    initial = {name: getattr(person, name) for name in _DETAILS}
    form = PersonDetailsForm(request.POST or None, initial={**initial, "version": person.version})
    stale, changes = "", []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_person(
                actor=request.user,
                person=person,
                expected_version=data["version"],
                **{name: data[name] for name in _DETAILS},
            )
        except StaleEditError:
            person = person_or_404(request, person_id)
            stale = stale_message(person)
            changes = stale_changes(form, person, _DETAILS)
            form = at_version(PersonDetailsForm, request.POST, version=person.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person's details were saved."))
            return redirect("people:detail", person_id=person.pk)
    _log_view(request, person)
    return render(
        request,
        "people/edit.html",
        {"person": person, "form": form, "stale": stale, "changes": changes},
    )
