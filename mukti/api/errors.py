"""How the API answers when something goes wrong: the same shape every time, naming the
field at fault, and never echoing a name, phone or narrative back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestValidationError

from mukti.api.auth import ApiRequest
from mukti.api.selectors import fields_changed_since
from mukti.audit.services import record_denied
from mukti.core.models import StaleEditError

# Fields whose current value may be shown in a 409: they identify nobody.
_SHOWABLE_FIELDS = {
    "stage",
    "status",
    "risk",
    "team",
    "office",
    "opened_on",
    "closed_on",
    "involves_sexual_exploitation",
    "has_health_information",
}
# The name every endpoint gives its body parameter, left out of error locations.
BODY = "payload"


class NotFound(HttpError):
    """A record that does not exist, or that the user may not see: the answer is the same."""

    def __init__(self) -> None:
        super().__init__(404, _("Not found."))


def not_found(request: ApiRequest, *, object_type: str, object_id: Any) -> NotFound:
    """Log the attempt (it may be someone looking for a survivor) and answer a neutral 404."""
    record_denied(
        actor=request.auth,
        object_type=object_type,
        object_id=str(object_id)[:64],
        path=request.path,
    )
    return NotFound()


@contextmanager
def fields_renamed(mapping: dict[str, str] | None = None, *, prefix: str = "") -> Iterator[None]:
    """Name the fields of a service's ValidationError as the API client sent them."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        mapping = mapping or {}
        renamed = {
            mapping.get(field, field if field == NON_FIELD_ERRORS else f"{prefix}{field}"): [
                message for problem in problems for message in problem.messages
            ]
            for field, problems in error.error_dict.items()
        }
        raise ValidationError(renamed) from error


def _detail(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def _validation_failed(request: HttpRequest, error: ValidationError, api: NinjaAPI) -> HttpResponse:
    if hasattr(error, "error_dict"):
        detail = [
            _detail(field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        detail = [_detail(NON_FIELD_ERRORS, message) for message in error.messages]
    return api.create_response(request, {"detail": detail}, status=422)


def _request_invalid(
    request: HttpRequest, error: RequestValidationError, api: NinjaAPI
) -> HttpResponse:
    detail = []
    for problem in error.errors:
        location = [str(part) for part in problem.get("loc", ())[1:]]
        if location[:1] == [BODY]:
            location = location[1:]
        detail.append(
            {
                **_detail(".".join(location) or NON_FIELD_ERRORS, str(problem.get("msg", ""))),
                "in": str(problem.get("loc", ("",))[0]),
            }
        )
    return api.create_response(request, {"detail": detail}, status=422)


def _permission_denied(
    request: HttpRequest, error: PermissionDenied, api: NinjaAPI
) -> HttpResponse:
    message = str(error) or _("Your role does not allow this.")
    return api.create_response(request, {"detail": message}, status=403)


def _not_found(request: HttpRequest, error: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def _stale_edit(request: HttpRequest, error: StaleEditError, api: NinjaAPI) -> HttpResponse:
    record = error.record
    # The record was reached through a scoped selector before the edit; this re-reads it.
    stored = type(record)._base_manager.get(pk=record.pk)
    attnames = {field.name: field.attname for field in stored._meta.concrete_fields}
    changed = []
    for name in fields_changed_since(stored, version=error.expected_version):
        entry: dict[str, Any] = {"field": name}
        if name in _SHOWABLE_FIELDS:
            value = getattr(stored, attnames[name])
            entry["value"] = value if isinstance(value, bool | None) else str(value)
        changed.append(entry)
    body = {"detail": str(error), "version": getattr(stored, "version", None), "changed": changed}
    return api.create_response(request, body, status=409)


def install_error_handlers(api: NinjaAPI) -> None:
    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, _validation_failed),
        (RequestValidationError, _request_invalid),
        (PermissionDenied, _permission_denied),
        (Http404, _not_found),
        (StaleEditError, _stale_edit),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, partial(handler, api=api))
