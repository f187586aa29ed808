"""How every aftercare panel works, once: the panel's content, its inline create forms, and
a record's detail, edit (version-checked), archive, cancel and restore.

A panel answers an HTMX request with its content only (swapped into the case page), and
any other request with a page of its own (render_panel), so everything works without
JavaScript too. After a successful POST without HTMX the browser is sent back to the
panel's page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.audit.services import record_denied
from mukti.cases.models import Case, Status
from mukti.cases.panels import case_or_404, render_panel
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, at_version, stale_changes, stale_message


@dataclass
class PanelState:
    """What the panel shows besides its list: a create form with errors, a record's
    details or its edit form, and what just happened."""

    create_forms: dict[str, forms.Form] = field(default_factory=dict)
    mode: str = "list"  # "list", "detail" or "edit"
    kind: RecordKind | None = None
    record: Any = None
    edit_form: forms.Form | None = None
    saved: str = ""
    error: str = ""
    stale: str = ""
    changes: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Panel:
    key: str  # its section id on the case page and the end of its address
    title: str | Promise
    template: str
    order: int
    context: Callable[[HttpRequest, Case, PanelState], dict[str, Any]]
    visible: Callable[[Any, Case], bool] = lambda user, case: True

    @property
    def url_name(self) -> str:
        return f"aftercare:{self.key.replace('-', '_')}"


@dataclass(frozen=True)
class RecordAction:
    """Archive, restore, cancel…: a POST on one record; `allowed` says when it is offered."""

    label: str | Promise
    run: Callable[[Any, Any], Any]  # (actor, record)
    done: str | Promise
    allowed: Callable[[Any], bool]
    style: str = "secondary"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record shown in a panel: how it is found, shown, edited and changed."""

    slug: str
    panel: str
    find: Callable[[Any, Case, Any], Any]  # (user, case, id); ObjectDoesNotExist if not seen
    facts: Callable[[Any], list[tuple[Any, Any]]]  # label and value, for the detail view
    edit_form: Callable[..., forms.Form] | None = None  # (request, case, record, data)
    update: Callable[[Any, Any, Any], Any] | None = None  # (actor, record, form)
    edited: str | Promise = ""
    editable: Callable[[Any], bool] = lambda record: True
    actions: dict[str, RecordAction] = field(default_factory=dict)

    def offered_actions(self, record: Any) -> list[tuple[str, RecordAction]]:
        return [(name, action) for name, action in self.actions.items() if action.allowed(record)]


@dataclass(frozen=True)
class Creation:
    """An inline create form of a panel and the service it calls."""

    slug: str
    panel: str
    form: Callable[..., forms.Form]  # (request, case, data)
    create: Callable[[Any, Case, Any], Any]  # (actor, case, form)
    done: str | Promise


PANELS: dict[str, Panel] = {}
KINDS: dict[str, RecordKind] = {}
CREATIONS: dict[str, Creation] = {}


def register(
    panel: Panel,
    *,
    kinds: Sequence[RecordKind] = (),
    creations: Sequence[Creation] = (),
) -> None:
    """Make a panel, its record kinds and its create forms reachable by the views."""
    PANELS[panel.key] = panel
    KINDS.update({kind.slug: kind for kind in kinds})
    CREATIONS.update({creation.slug: creation for creation in creations})


def recorded(record: Any) -> list[tuple[Any, Any]]:
    """Who recorded and last changed a record, for its detail view."""
    return [
        (_("Recorded by"), record.created_by or "—"),
        (_("Recorded at"), record.created_at),
        (_("Last changed by"), record.updated_by or "—"),
        (_("Last changed at"), record.updated_at),
    ]


def may_record_care(request: HttpRequest, case: Case) -> bool:
    return case.status == Status.OPEN and request.user.has_perm(Action.RECORD_CARE, case)


def create_form(
    request: HttpRequest, case: Case, state: PanelState, slug: str
) -> forms.Form | None:
    """The panel's create form (unbound, or bound with its errors), if the user may record."""
    if not may_record_care(request, case):
        return None
    return state.create_forms.get(slug) or CREATIONS[slug].form(request, case, None)


def rows(kind: RecordKind, records: Any) -> list[tuple[Any, list[tuple[str, RecordAction]]]]:
    """Each record with the actions offered on it."""
    return [(record, kind.offered_actions(record)) for record in records]


# --- answering -------------------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def panel_response(
    request: HttpRequest, case: Case, panel: Panel, state: PanelState, *, status: int = 200
) -> HttpResponse:
    context = panel.context(request, case, state)
    context.update(state=state, panel=panel, may_record=may_record_care(request, case))
    if state.kind is not None and state.mode == "detail":
        context.update(
            facts=state.kind.facts(state.record),
            editable=state.kind.editable(state.record),
            actions=state.kind.offered_actions(state.record),
        )
    # An inline form's refusal is shown in the panel: HTMX swaps only successful answers.
    return render_panel(
        request,
        case=case,
        title=panel.title,
        template=panel.template,
        context=context,
        status=200 if _is_htmx(request) else status,
    )


def _done(request: HttpRequest, case: Case, panel: Panel, message: str) -> HttpResponse:
    if _is_htmx(request):
        return panel_response(request, case, panel, PanelState(saved=message))
    messages.success(request, message)
    return redirect(reverse(panel.url_name, args=[case.number]))


def _lookup(table: dict[str, Any], slug: str) -> Any:
    if slug not in table:
        raise Http404(_("Not found."))
    return table[slug]


def _record(request: HttpRequest, case: Case, kind: RecordKind, record_id: Any) -> Any:
    """A record of this case the user may read; anything else is a logged 404."""
    try:
        return kind.find(request.user, case, record_id)
    except ObjectDoesNotExist:
        record_denied(
            actor=request.user,
            object_type=f"aftercare.{kind.slug}",
            object_id=str(record_id),
            path=request.path,
        )
        raise Http404(_("Not found.")) from None


def _refused(form: forms.Form, error: Exception) -> int:
    """Show a service's refusal on the form; the status to answer with."""
    if isinstance(error, ValidationError):
        add_service_errors(form, error)
        return 422
    form.add_error(None, str(error) or _("Your role does not allow this."))
    return 403


# --- the views -------------------------------------------------------------------------------


def show_panel(request: HttpRequest, number: str, panel_key: str) -> HttpResponse:
    case = case_or_404(request, number)
    return panel_response(request, case, PANELS[panel_key], PanelState())


def create(request: HttpRequest, number: str, creation_slug: str) -> HttpResponse:
    creation: Creation = _lookup(CREATIONS, creation_slug)
    case = case_or_404(request, number)
    panel = PANELS[creation.panel]
    form = creation.form(request, case, request.POST)
    if form.is_valid():
        try:
            creation.create(request.user, case, form)
        except (ValidationError, PermissionDenied) as error:
            status = _refused(form, error)
        else:
            return _done(request, case, panel, str(creation.done))
    else:
        status = 422
    state = PanelState(create_forms={creation.slug: form})
    if status == 403 or not may_record_care(request, case):
        # The panel may not offer this form to this user (or on a closed case): say why above.
        state.error = " ".join(str(e) for e in form.non_field_errors())
    return panel_response(request, case, panel, state, status=status)


def detail(request: HttpRequest, number: str, kind_slug: str, record_id: Any) -> HttpResponse:
    kind: RecordKind = _lookup(KINDS, kind_slug)
    case = case_or_404(request, number)
    record = _record(request, case, kind, record_id)
    state = PanelState(mode="detail", kind=kind, record=record)
    return panel_response(request, case, PANELS[kind.panel], state)


def edit(request: HttpRequest, number: str, kind_slug: str, record_id: Any) -> HttpResponse:
    """GET: the edit form; POST: save it, unless someone else saved the record since."""
    kind: RecordKind = _lookup(KINDS, kind_slug)
    if kind.edit_form is None or kind.update is None:
        raise Http404(_("Not found."))
    case = case_or_404(request, number)
    record = _record(request, case, kind, record_id)
    panel = PANELS[kind.panel]
    state = PanelState(mode="edit", kind=kind, record=record)
    if request.method != "POST":
        state.edit_form = kind.edit_form(request, case, record, None)
        return panel_response(request, case, panel, state)
    form = kind.edit_form(request, case, record, request.POST)
    state.edit_form = form
    if not form.is_valid():
        return panel_response(request, case, panel, state, status=422)
    try:
        kind.update(request.user, record, form)
    except StaleEditError:
        current = _record(request, case, kind, record_id)
        state.record, state.stale = current, stale_message(current)
        state.changes = stale_changes(form, current, _compared(form, current))
        state.edit_form = at_version(
            lambda data: kind.edit_form(request, case, current, data),  # type: ignore[misc]
            request.POST,
            version=current.version,
        )
        return panel_response(request, case, panel, state, status=409)
    except (ValidationError, PermissionDenied) as error:
        return panel_response(request, case, panel, state, status=_refused(form, error))
    return _done(request, case, panel, str(kind.edited))


def _compared(form: forms.Form, record: Any) -> list[str]:
    """The form's fields that are also the record's (compared after a refused edit)."""
    names = {f.name for f in record._meta.concrete_fields}
    return [name for name in form.fields if name in names and name != "version"]


def act(
    request: HttpRequest, number: str, kind_slug: str, record_id: Any, action: str
) -> HttpResponse:
    kind: RecordKind = _lookup(KINDS, kind_slug)
    change: RecordAction = _lookup(kind.actions, action)
    case = case_or_404(request, number)
    record = _record(request, case, kind, record_id)
    panel = PANELS[kind.panel]
    try:
        change.run(request.user, record)
    except ValidationError as error:
        message = " ".join(error.messages)
        return panel_response(request, case, panel, PanelState(error=message), status=422)
    except PermissionDenied as error:
        message = str(error) or _("Your role does not allow this.")
        return panel_response(request, case, panel, PanelState(error=message), status=403)
    return _done(request, case, panel, str(change.done))
