"""Writing to the access log: every read of identifying data leaves a row."""

from __future__ import annotations

from typing import Any

from django.db import models

from mukti.audit.chain import append_access
from mukti.audit.models import AccessAction, AccessLogEntry


def record_access(
    *,
    actor: Any,
    action: str,
    record: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    person_id: Any = None,
    purpose: str = "",
    path: str = "",
) -> AccessLogEntry:
    """Who read what, when and why. `record` names the object; a Person names itself."""
    if record is not None:
        object_type = object_type or record._meta.label_lower
        object_id = object_id or str(record.pk)
        if person_id is None:
            person_id = _person_of(record)
    return append_access(
        user_id=getattr(actor, "pk", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        purpose=purpose,
        path=path,
    )


def record_denied(*, actor: Any, object_type: str, object_id: str, path: str = "") -> None:
    """An attempt to reach a record outside the user's scope (answered with 404)."""
    record_access(
        actor=actor,
        action=AccessAction.DENIED,
        object_type=object_type,
        object_id=object_id,
        path=path,
    )


def _person_of(record: models.Model) -> Any:
    from mukti.people.models import Person

    if isinstance(record, Person):
        return record.pk
    return getattr(record, "survivor_id", None)
