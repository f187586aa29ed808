"""Appending to the hash chains. The head row is locked while appending, so concurrent
writers take turns and the chain never forks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from mukti.audit.models import AccessLogEntry, ChainHead, ChangeLogEntry
from mukti.core.crypto import audit_digest

GENESIS = "0" * 64
ACCESS_CHAIN = "access"
CHANGE_CHAIN = "change"


def canonical(values: Iterable[Any]) -> bytes:
    # Sorted keys: PostgreSQL's jsonb does not keep the order a dict was written in.
    return json.dumps(
        list(values), cls=DjangoJSONEncoder, separators=(",", ":"), sort_keys=True
    ).encode()


def _utc_iso(moment: datetime) -> str:
    """The same instant reads the same whether it was written in local time or read back."""
    return moment.astimezone(UTC).isoformat() if timezone.is_aware(moment) else moment.isoformat()


def chain_hash(*, previous_hash: str, content: bytes) -> str:
    return audit_digest(previous_hash.encode() + b"\x00" + content)


def access_entry_content(entry: AccessLogEntry) -> bytes:
    return canonical(
        [
            entry.sequence,
            _utc_iso(entry.at),
            str(entry.user_id) if entry.user_id else None,
            entry.action,
            entry.object_type,
            entry.object_id,
            str(entry.person_id) if entry.person_id else None,
            entry.purpose,
            entry.path,
        ]
    )


def change_entry_content(entry: ChangeLogEntry) -> bytes:
    return canonical(
        [
            entry.sequence,
            _utc_iso(entry.at),
            str(entry.user_id) if entry.user_id else None,
            entry.history_model,
            entry.history_id,
            entry.object_id,
            entry.change_type,
            entry.row_digest,
        ]
    )


def historical_row_digest(history_row: models.Model) -> str:
    """A keyed hash of every value of one recorded version, decrypted values included, so
    that re-encryption under a new key leaves the chain intact."""
    values = [
        [field.attname, _stored_form(field, getattr(history_row, field.attname))]
        for field in history_row._meta.concrete_fields
    ]
    return audit_digest(canonical(values))


def _stored_form(field: models.Field[Any, Any], value: Any) -> Any:
    """The value as it reads back from the database, so that the digest of the version just
    written equals the digest of the same row read later (a date given as a string, a
    datetime in local time, a decimal with fewer places)."""
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(UTC)
    decimal_places = getattr(field, "decimal_places", None)
    if isinstance(value, Decimal) and decimal_places is not None:
        return value.quantize(Decimal(1).scaleb(-decimal_places))
    return value


def _locked_head(name: str) -> ChainHead:
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        name=name, defaults={"last_hash": GENESIS}
    )
    return head


def _advance(head: ChainHead, *, sequence: int, entry_hash: str) -> None:
    head.last_sequence = sequence
    head.last_hash = entry_hash
    head.save(update_fields=["last_sequence", "last_hash"])


@transaction.atomic
def append_access(
    *,
    user_id: Any,
    action: str,
    object_type: str,
    object_id: str,
    person_id: Any = None,
    purpose: str = "",
    path: str = "",
    at: datetime | None = None,
) -> AccessLogEntry:
    head = _locked_head(ACCESS_CHAIN)
    entry = AccessLogEntry(
        sequence=head.last_sequence + 1,
        at=at or timezone.now(),
        user_id=user_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        purpose=purpose,
        path=path[:300],
        previous_hash=head.last_hash,
    )
    entry.entry_hash = chain_hash(previous_hash=head.last_hash, content=access_entry_content(entry))
    entry.save(force_insert=True)
    _advance(head, sequence=entry.sequence, entry_hash=entry.entry_hash)
    return entry


@transaction.atomic
def append_changes(history_rows: Iterable[models.Model], *, user_id: Any = None) -> int:
    """Link recorded versions into the change chain, in the order given."""
    head = _locked_head(CHANGE_CHAIN)
    entries = []
    previous_hash, sequence = head.last_hash, head.last_sequence
    now = timezone.now()
    for row in history_rows:
        sequence += 1
        entry = ChangeLogEntry(
            sequence=sequence,
            at=now,
            user_id=user_id if user_id is not None else getattr(row, "history_user_id", None),
            history_model=row._meta.label_lower,
            history_id=row.pk,
            object_id=str(getattr(row, "id", "")),
            change_type=getattr(row, "history_type", "~"),
            row_digest=historical_row_digest(row),
            previous_hash=previous_hash,
        )
        entry.entry_hash = chain_hash(
            previous_hash=previous_hash, content=change_entry_content(entry)
        )
        previous_hash = entry.entry_hash
        entries.append(entry)
    if entries:
        ChangeLogEntry.objects.bulk_create(entries, batch_size=2000)
        _advance(head, sequence=sequence, entry_hash=previous_hash)
    return len(entries)
