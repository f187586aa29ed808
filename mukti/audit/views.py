"""The data protection officer's pages. The DPO reads the log itself, never case content,
and every look at the log is logged in turn."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may
from mukti.audit.forms import AccessLogFilterForm
from mukti.audit.models import AccessAction
from mukti.audit.selectors import access_log_for
from mukti.audit.services import record_access


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read which record, newest first, by staff member and/or by person."""
    if not user_may(request.user, Action.VIEW_ACCESS_LOG):
        raise Http404(_("No such page."))
    form = AccessLogFilterForm(request.GET or None, reader_of=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    reader = filters.get("user")
    person_id = filters.get("person")
    page = access_log_for(
        request.user,
        user_id=reader.pk if reader else None,
        person_id=person_id,
        before_sequence=filters.get("before"),
    )
    record_access(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="audit.accesslog",
        object_id=str(reader.pk) if reader else "",
        person_id=person_id,
        path=request.path,
    )
    newest_query, next_query = request.GET.copy(), request.GET.copy()
    newest_query.pop("before", None)
    if page.next_before is not None:
        next_query["before"] = str(page.next_before)
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page": page,
            "filtered_by_person": person_id,
            "newest_query": newest_query.urlencode() if "before" in request.GET else None,
            "next_query": next_query.urlencode() if page.next_before is not None else None,
        },
    )
