"""The case pages: home, the case list, one case with its timeline, notes and attachments,
opening, editing, closing and reopening. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import ensure_can, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.accounts.selectors import active_user_with_email, user_may
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.cases import selectors, services, vocabulary
from mukti.cases.forms import (
    AssignWorkerForm,
    AttachmentForm,
    CaseEditForm,
    CaseFilterForm,
    CaseOpeningForm,
    CloseCaseForm,
    EventForm,
    NoteForm,
    OpenCaseForm,
    ReopenCaseForm,
    ShareCaseForm,
)
from mukti.cases.models import Attachment, Case, ExploitationProfile, Note, Status
from mukti.cases.panels import case_or_404, panels_for
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, at_version, stale_changes, stale_message
from mukti.people.selectors import possible_duplicates
from mukti.people.views import person_or_404

# Service errors about the date a case opened arrive under the event date's name.
_OPENING_ERRORS = {"happened_on": "opened_on"}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _log(request: HttpRequest, action: str, **what: Any) -> None:
    # The path only: a query string may hold the name someone searched for.
    record_access(actor=request.user, action=action, path=request.path, **what)


def _case_or_404(request: HttpRequest, number: str) -> Case:
    return case_or_404(request, number)


# --- home and the list -------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My cases, and those of them nobody has been in contact with lately."""
    user = request.user
    if not user_may(user, Action.VIEW_CASE):
        return render(
            request,
            "cases/home_without_cases.html",
            {
                "may_read_access_log": user_may(user, Action.VIEW_ACCESS_LOG),
                "may_manage_users": user_may(user, Action.MANAGE_USERS),
            },
        )
    my_cases = selectors.my_open_cases(user)
    due = selectors.cases_due_for_contact(user)
    if my_cases or due:
        _log(request, AccessAction.LIST, object_type="cases.case")
    return render(request, "cases/home.html", {"my_cases": my_cases, "due": due})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not user_may(request.user, Action.VIEW_CASE):
        raise PermissionDenied(_("Your role does not read cases."))
    form = CaseFilterForm(request.GET, user=request.user)
    filters = form.filters()
    page = selectors.case_page(request.user, filters=filters, cursor=request.GET.get("after", ""))
    action = AccessAction.SEARCH if filters.query.strip() else AccessAction.LIST
    _log(request, action, object_type="cases.case", object_id="")
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
            "searched": bool(filters.query.strip()),
        },
    )


# --- one case ----------------------------------------------------------------------------


def _timeline_context(request: HttpRequest, case: Case, form: EventForm | None = None) -> dict:
    may_add = case.status == Status.OPEN and request.user.has_perm(Action.ADD_EVENT, case)
    return {
        "case": case,
        "events": selectors.timeline(request.user, case=case),
        "event_form": (form or EventForm()) if may_add else None,
    }


def _notes_context(request: HttpRequest, case: Case, form: NoteForm | None = None) -> dict:
    sections = readable_sections(request.user, case)
    may_note = request.user.has_perm(Action.ADD_NOTE, case)
    return {
        "case": case,
        "notes": selectors.notes_readable(request.user, case=case),
        "archived_notes": selectors.notes_readable(request.user, case=case, archived=True),
        "may_note": may_note,
        "note_form": (form or NoteForm(sections=sections)) if may_note else None,
    }


def _attachments_context(
    request: HttpRequest, case: Case, form: AttachmentForm | None = None
) -> dict:
    sections = readable_sections(request.user, case)
    may_attach = request.user.has_perm(Action.ADD_ATTACHMENT, case)
    return {
        "case": case,
        "attachments": selectors.attachments_readable(request.user, case=case),
        "attachment_form": (form or AttachmentForm(sections=sections)) if may_attach else None,
    }


@dataclass(frozen=True)
class _Part:
    """A section of the case page that an inline (HTMX) form re-renders on its own."""

    template: str
    context: Callable[..., dict]
    form_name: str


_PARTS = {
    "timeline": _Part("cases/_timeline.html", _timeline_context, "event_form"),
    "notes": _Part("cases/_notes.html", _notes_context, "note_form"),
    "attachments": _Part("cases/_attachments.html", _attachments_context, "attachment_form"),
}


def exploitation_labels(profile: ExploitationProfile) -> dict[str, Any]:
    """The profile in words: HTCDS value names become labels in the reader's language."""
    return {
        "types": vocabulary.labels(profile.types, vocabulary=vocabulary.TYPES_OF_EXPLOITATION),
        "sector": vocabulary.SECTORS.get(profile.sector, profile.sector),
        "recruitment": vocabulary.labels(
            profile.recruitment, vocabulary=vocabulary.METHODS_OF_RECRUITMENT
        ),
        "means_of_control": vocabulary.labels(
            profile.means_of_control, vocabulary=vocabulary.MEANS_OF_CONTROL
        ),
        "countries_of_origin": vocabulary.country_names(profile.countries_of_origin),
        "countries_of_transit": vocabulary.country_names(profile.countries_of_transit),
        "countries_of_exploitation": vocabulary.country_names(profile.countries_of_exploitation),
    }


def _case_page(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    user = request.user
    sections = readable_sections(user, case)
    shows_exploitation = (
        not case.involves_sexual_exploitation or Section.SEXUAL_EXPLOITATION in sections
    )
    _log(request, AccessAction.VIEW, record=case)
    exploitation = getattr(case, "exploitation", None) if shows_exploitation else None
    context: dict[str, Any] = {
        "case": case,
        "survivor": case.survivor,
        "survivor_age": case.survivor.age_on(timezone.localdate()),
        "workers": selectors.case_workers(user, case=case),
        "exploitation": exploitation,
        "exploitation_labels": exploitation_labels(exploitation) if exploitation else None,
        "exploitation_hidden": not shows_exploitation,
        "may_change": user.has_perm(Action.CHANGE_CASE, case),
        "may_close": user.has_perm(Action.CLOSE_CASE, case),
        "close_form": CloseCaseForm(initial={"version": case.version}),
        **_sharing_context(request, case),
        "reopen_form": ReopenCaseForm(initial={"version": case.version}),
        "panels": panels_for(user, case),
    }
    for name, part in _PARTS.items():
        context.update(part.context(request, case, forms.get(name)))
    return render(request, "cases/detail.html", context)


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _case_page(request, _case_or_404(request, number))


def _part_answer(
    request: HttpRequest, case: Case, name: str, *, form: Any = None, saved: str = ""
) -> HttpResponse:
    """After an inline form: its section again (HTMX), or the whole case page."""
    if not _is_htmx(request):
        if saved:
            messages.success(request, saved)
            return redirect(reverse("cases:detail", args=[case.number]) + f"#{name}")
        return _case_page(request, case, **{name: form})
    part = _PARTS[name]
    _log(request, AccessAction.VIEW, record=case)
    context = part.context(request, case, None if saved else form)
    context["saved"] = saved
    return render(request, part.template, context)


@login_required
@require_POST
def add_event(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            services.add_case_event(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _part_answer(request, case, "timeline", saved=_("The event was recorded."))
    return _part_answer(request, case, "timeline", form=form)


@login_required
@require_POST
def add_note(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    form = NoteForm(request.POST, sections=readable_sections(request.user, case))
    if form.is_valid():
        try:
            services.add_note(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _part_answer(request, case, "notes", saved=_("The note was added."))
    return _part_answer(request, case, "notes", form=form)


@login_required
@require_POST
def change_note(request: HttpRequest, number: str, note_id: Any, archive: bool) -> HttpResponse:
    """Archive a note (hide it from the case page) or restore it; nothing is deleted."""
    case = _case_or_404(request, number)
    notes = selectors.notes_readable(request.user, case=case, archived=not archive)
    try:
        note = notes.get(pk=note_id)
    except Note.DoesNotExist:
        record_denied(
            actor=request.user, object_type="cases.note", object_id=str(note_id), path=request.path
        )
        raise Http404(_("No such note.")) from None
    if archive:
        services.archive_note(actor=request.user, note=note)
        done = _("The note was archived. It can be restored from the archived notes.")
    else:
        services.restore_note(actor=request.user, note=note)
        done = _("The note was restored.")
    return _part_answer(request, case, "notes", saved=done)


@login_required
@require_POST
def add_attachment(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    form = AttachmentForm(
        request.POST, request.FILES, sections=readable_sections(request.user, case)
    )
    if form.is_valid():
        upload = form.cleaned_data["file"]
        # Read one byte past the limit: enough for the service to refuse a big file.
        limit = settings.MUKTI_ATTACHMENT_MAX_BYTES
        try:
            services.add_attachment(
                actor=request.user,
                case=case,
                filename=upload.name or "",
                content=upload.read(limit + 1),
                section=form.cleaned_data["section"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _part_answer(request, case, "attachments", saved=_("The file was attached."))
    return _part_answer(request, case, "attachments", form=form)


# The extension a download must end with, so a file opens as the type its bytes showed.
_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "text/plain": (".txt",),
}


def _safe_filename(name: str, content_type: str) -> str:
    """A download name without paths, control characters or characters browsers misread."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C" and c not in '"<>:|?*;%')
    safe = kept.strip(" .")[:150] or "attachment"
    extensions = _EXTENSIONS.get(content_type, ())
    if extensions and not safe.lower().endswith(extensions):
        safe += extensions[0]
    return safe


@login_required
def attachment(request: HttpRequest, attachment_id: Any) -> HttpResponse:
    try:
        found = selectors.attachment_for(request.user, attachment_id=attachment_id)
    except Attachment.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="cases.attachment",
            object_id=str(attachment_id),
            path=request.path,
        )
        raise Http404(_("No such file.")) from None
    _log(request, AccessAction.DOWNLOAD, record=found, person_id=found.case.survivor_id)
    content_type = found.content_type
    if content_type == "text/plain":
        content_type += "; charset=utf-8"
    response = HttpResponse(selectors.attachment_bytes(found), content_type=content_type)
    filename = _safe_filename(found.filename, found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- opening a case ----------------------------------------------------------------------


@login_required
def open_case(request: HttpRequest) -> HttpResponse:
    """A newly rescued person and their case; first, is the person perhaps known already?"""
    if not user_may(request.user, Action.OPEN_CASE):
        raise PermissionDenied(_("Your role does not open cases."))
    form = OpenCaseForm(request.POST or None, user=request.user)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        if not request.POST.get("duplicates_reviewed"):
            duplicates = _duplicates_for(request, form)
        if duplicates is None:
            case = _open_for_new_survivor(request, form)
            if case is not None:
                return redirect("cases:detail", number=case.number)
    return render(request, "cases/open.html", {"form": form, "duplicates": duplicates})


def _duplicates_for(request: HttpRequest, form: OpenCaseForm) -> Any:
    """Persons who may be this one, or None when there are none."""
    birth_date = form.cleaned_data["birth_date"]
    found = possible_duplicates(
        request.user,
        organisation_id=form.cleaned_data["office"].organisation_id,
        name=form.full_name(),
        birth_year=birth_date.year if birth_date else None,
    )
    if not found.visible and not found.elsewhere:
        return None
    if found.visible:
        _log(request, AccessAction.SEARCH, object_type="people.person", object_id="")
    return found


def _open_for_new_survivor(request: HttpRequest, form: OpenCaseForm) -> Case | None:
    arguments = form.case_arguments()
    try:
        case = services.open_case_for_new_survivor(
            actor=request.user, survivor=form.survivor(), **arguments
        )
    except ValidationError as error:
        add_service_errors(form, error, renamed=_OPENING_ERRORS)
        return None
    messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
    return case


@login_required
def open_case_for_person(request: HttpRequest, person_id: Any) -> HttpResponse:
    """A new case for someone Mukti knows already (a returning survivor, say)."""
    if not user_may(request.user, Action.OPEN_CASE):
        raise PermissionDenied(_("Your role does not open cases."))
    person = person_or_404(request, person_id)
    form = CaseOpeningForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(actor=request.user, survivor=person, **form.case_arguments())
        except ValidationError as error:
            add_service_errors(form, error, renamed=_OPENING_ERRORS)
        else:
            messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
            return redirect("cases:detail", number=case.number)
    _log(request, AccessAction.VIEW, record=person)
    return render(request, "cases/open_for_person.html", {"form": form, "person": person})


# --- editing, closing, reopening --------------------------------------------------------


@login_required
def edit_case(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    ensure_can(request.user, Action.CHANGE_CASE, case)
    form = CaseEditForm(request.POST or None, case=case)
    changes: list[dict[str, str]] = []
    stale = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_case(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                risk=data["risk"],
                stage=data["stage"],
                team=data["team"],
                involves_sexual_exploitation=data["involves_sexual_exploitation"],
                has_health_information=data["has_health_information"],
                stage_changed_on=data["stage_changed_on"],
            )
        except StaleEditError:
            case = _case_or_404(request, number)
            stale = stale_message(case)
            changes = stale_changes(form, case, CaseEditForm.COMPARED)
            form = at_version(CaseEditForm, request.POST, version=case.version, case=case)
        except ValidationError as error:
            add_service_errors(form, error, renamed={"happened_on": "stage_changed_on"})
        else:
            messages.success(request, _("The case was saved."))
            return redirect("cases:detail", number=case.number)
    _log(request, AccessAction.VIEW, record=case)
    return render(
        request,
        "cases/edit.html",
        {"case": case, "form": form, "stale": stale, "changes": changes},
    )


def _status_change(
    request: HttpRequest,
    number: str,
    *,
    form_class: Any,
    change: Callable[..., Case],
    date_field: str,
    done: str,
) -> HttpResponse:
    """Close or reopen: one POST form with a reason, a date and the version the user saw."""
    case = _case_or_404(request, number)
    ensure_can(request.user, Action.CLOSE_CASE, case)
    form = form_class(request.POST or None, initial={"version": case.version})
    stale = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                reason=data["reason"],
                **{date_field: data[date_field]},
            )
        except StaleEditError:
            case = _case_or_404(request, number)
            stale = stale_message(case)
            form = at_version(form_class, request.POST, version=case.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("cases:detail", number=case.number)
    _log(request, AccessAction.VIEW, record=case)
    template = "cases/close.html" if date_field == "closed_on" else "cases/reopen.html"
    return render(request, template, {"case": case, "form": form, "stale": stale})


@login_required
def close_case(request: HttpRequest, number: str) -> HttpResponse:
    return _status_change(
        request,
        number,
        form_class=CloseCaseForm,
        change=services.close_case,
        date_field="closed_on",
        done=_("The case was closed. It can be reopened."),
    )


@login_required
def reopen_case(request: HttpRequest, number: str) -> HttpResponse:
    return _status_change(
        request,
        number,
        form_class=ReopenCaseForm,
        change=services.reopen_case,
        date_field="reopened_on",
        done=_("The case was reopened."),
    )


# --- workers and sharing -------------------------------------------------------------------


def _sharing_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = request.user
    may_assign = user.has_perm(Action.ASSIGN_CASE, case)
    may_share = user.has_perm(Action.SHARE_CASE, case)
    return {
        "may_assign": may_assign,
        "may_share": may_share,
        "shares": list(selectors.case_shares(user, case=case)) if may_share else [],
        "assign_form": AssignWorkerForm(
            workers=selectors.assignable_workers(user, case=case), prefix="assign"
        )
        if may_assign
        else None,
        "share_form": ShareCaseForm(
            teams=selectors.teams_to_share_with(user, case=case), prefix="share"
        )
        if may_share
        else None,
    }


def _back_to_sharing(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.number]) + "#sharing")


@login_required
@require_POST
def assign_worker(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    ensure_can(request.user, Action.ASSIGN_CASE, case)
    workers = selectors.assignable_workers(request.user, case=case)
    form = AssignWorkerForm(request.POST, workers=workers, prefix="assign")
    if not form.is_valid():
        messages.error(request, _("Choose a staff member of this case's office."))
        return _back_to_sharing(case)
    services.assign_worker(
        actor=request.user,
        case=case,
        worker=form.cleaned_data["worker"],
        is_lead=form.cleaned_data["is_lead"],
    )
    messages.success(request, _("The staff member is now assigned to this case."))
    return _back_to_sharing(case)


@login_required
@require_POST
def end_assignment(request: HttpRequest, number: str, assignment_id: Any) -> HttpResponse:
    case = _case_or_404(request, number)
    assignment = next(
        (a for a in selectors.case_workers(request.user, case=case) if a.pk == assignment_id),
        None,
    )
    if assignment is None:
        raise Http404(_("No such assignment."))
    services.end_assignment(actor=request.user, assignment=assignment)
    messages.success(request, _("The assignment has ended."))
    return _back_to_sharing(case)


@login_required
@require_POST
def share_case(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    ensure_can(request.user, Action.SHARE_CASE, case)
    teams = selectors.teams_to_share_with(request.user, case=case)
    form = ShareCaseForm(request.POST, teams=teams, prefix="share")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back_to_sharing(case)
    person = None
    if form.cleaned_data["email"]:
        person = active_user_with_email(form.cleaned_data["email"])
        if person is None:
            messages.error(request, _("No active staff member signs in with that email."))
            return _back_to_sharing(case)
    try:
        services.share_case(
            actor=request.user,
            case=case,
            user=person,
            team=form.cleaned_data["team"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return _back_to_sharing(case)
    messages.success(request, _("The case is shared."))
    return _back_to_sharing(case)


@login_required
@require_POST
def revoke_share(request: HttpRequest, number: str, share_id: Any) -> HttpResponse:
    case = _case_or_404(request, number)
    share = selectors.case_shares(request.user, case=case).filter(pk=share_id).first()
    if share is None:
        raise Http404(_("No such share."))
    services.revoke_share(actor=request.user, share=share)
    messages.success(request, _("The case is no longer shared there."))
    return _back_to_sharing(case)
