"""What every aftercare endpoint does first: find the case in the caller's scope (a logged 404
otherwise), and log each answer that shows the case's records."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from ninja import Status

from mukti.api.auth import ApiRequest
from mukti.api.errors import not_found
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases.models import Case
from mukti.cases.selectors import case_for

CASE = "/cases/{number}"


def case_in_scope(request: ApiRequest, number: str) -> Case:
    try:
        return case_for(request.auth, number=number)
    except Case.DoesNotExist:
        raise not_found(request, object_type="cases.case", object_id=number) from None


def log_read(request: ApiRequest, case: Case) -> None:
    record_access(actor=request.auth, action=AccessAction.API_READ, record=case, path=request.path)


def found(request: ApiRequest, object_type: str, record_id: Any, find: Any) -> Any:
    try:
        return find()
    except ObjectDoesNotExist:
        raise not_found(request, object_type=object_type, object_id=record_id) from None


def kept(given: Any, current: Any) -> Any:
    """A PATCH field left out (None) keeps the record's value."""
    return current if given is None else given


def shown(request: ApiRequest, case: Case, value: Any, status: int = 200) -> Any:
    log_read(request, case)
    return Status(status, value) if status != 200 else value
