"""Re-encrypting every stored identifying value under the newest key.

Values are read as stored (ciphertext), opened, sealed again under the current key and
written back with a plain UPDATE: no `save()`, so no new version, no history row, and the
change chain's digests (taken over decrypted values) still hold. Each chunk is one
transaction and locks its rows, so an edit made meanwhile is neither lost nor overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast

from mukti.core.crypto import (
    PREFIX,
    DecryptionError,
    decrypt,
    decrypt_bytes,
    encrypt,
    encrypt_bytes,
    key_id_of,
)
from mukti.core.fields import EncryptedTextField, encryption_context
from mukti.core.keyring import keyring

CHUNK_SIZE = 1000
# Attachments are up to 10 MB each: fewer of them per transaction.
ATTACHMENT_CHUNK_SIZE = 20
_TEXT: models.TextField[str, str] = models.TextField()

Progress = Callable[[str, int, int], None]


@dataclass
class ColumnReport:
    """What happened to one encrypted column: counts only, never values."""

    label: str
    rotated: int = 0
    unreadable: int = 0


@dataclass
class RotationReport:
    key_id: str
    columns: list[ColumnReport] = field(default_factory=list)

    @property
    def rotated(self) -> int:
        return sum(c.rotated for c in self.columns)

    @property
    def unreadable(self) -> int:
        return sum(c.unreadable for c in self.columns)


def encrypted_columns() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every model with encrypted fields, simple-history's Historical* copies included."""
    columns = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and model._meta.managed and not model._meta.proxy:
            columns.append((model, fields))
    return columns


def _current_prefix() -> str:
    return f"{PREFIX}.{keyring().current_key_id}."


def _under_older_key(column: str) -> models.Q:
    """Stored values of `column` (annotated as text) not written under the current key."""
    return (
        ~models.Q(**{f"{column}__startswith": _current_prefix()})
        & ~models.Q(**{column: ""})
        & models.Q(**{f"{column}__isnull": False})
    )


def _stored(model: type[models.Model], fields: list[EncryptedTextField]) -> models.QuerySet[Any]:
    """The model's rows with each encrypted field's stored text as `stored_<attname>`."""
    return model._base_manager.annotate(
        **{f"stored_{f.attname}": Cast(f.attname, _TEXT) for f in fields}
    )


def _key_chunks(queryset: models.QuerySet[Any], *, size: int) -> Iterator[list[Any]]:
    """Primary keys in order, `size` at a time, walked by key (never by offset)."""
    after = None
    while True:
        page = queryset.order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        keys = list(page.values_list("pk", flat=True)[:size])
        if not keys:
            return
        yield keys
        after = keys[-1]


def _sealed_again(stored: str, *, context: str) -> str:
    return encrypt(decrypt(stored, context=context), context=context)


def _rotate_text_chunk(
    model: type[models.Model], fields: list[EncryptedTextField], keys: list[Any]
) -> tuple[int, int]:
    """Re-encrypt one chunk of rows in one transaction; returns (rotated, unreadable)."""
    prefix = _current_prefix()
    rotated = unreadable = 0
    with transaction.atomic():
        rows = (
            _stored(model, fields)
            .select_for_update()
            .filter(pk__in=keys)
            .values("pk", *[f"stored_{f.attname}" for f in fields])
        )
        changed = []
        for row in rows:
            instance = model(pk=row["pk"])
            for field_ in fields:
                stored = row[f"stored_{field_.attname}"]
                if not stored or stored.startswith(prefix):
                    setattr(instance, field_.attname, Value(stored, output_field=_TEXT))
                    continue
                try:
                    fresh = _sealed_again(stored, context=encryption_context(field_))
                except (DecryptionError, ValueError):
                    unreadable += 1
                    fresh = stored
                else:
                    rotated += 1
                # A Value with a plain text type is written as given: already sealed.
                setattr(instance, field_.attname, Value(fresh, output_field=_TEXT))
            changed.append(instance)
        if changed:
            model._base_manager.bulk_update(changed, [f.attname for f in fields])
    return rotated, unreadable


def rotate_model(
    model: type[models.Model],
    fields: list[EncryptedTextField],
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> ColumnReport:
    """Re-encrypt every value of the model's encrypted fields that is under an older key."""
    report = ColumnReport(label=model._meta.label)
    condition = models.Q()
    for field_ in fields:
        condition |= _under_older_key(f"stored_{field_.attname}")
    pending = _stored(model, fields).filter(condition)
    for keys in _key_chunks(pending, size=chunk_size):
        rotated, unreadable = _rotate_text_chunk(model, fields, keys)
        report.rotated += rotated
        report.unreadable += unreadable
        if progress:
            progress(report.label, report.rotated, report.unreadable)
    return report


def _attachment_model() -> type[models.Model] | None:
    try:
        return apps.get_model("cases", "AttachmentContent")
    except LookupError:
        return None


def _attachment_context(attachment_id: Any) -> str:
    return f"attachment:{attachment_id}"


def rotate_attachments(
    *, chunk_size: int = ATTACHMENT_CHUNK_SIZE, progress: Progress | None = None
) -> ColumnReport:
    """Seal every attachment's bytes again under the current key."""
    model = _attachment_model()
    report = ColumnReport(label="cases.AttachmentContent")
    if model is None:
        return report
    current = keyring().current_key_id
    for keys in _key_chunks(model._base_manager.all(), size=chunk_size):
        with transaction.atomic():
            rows = (
                model._base_manager.select_for_update()
                .filter(pk__in=keys)
                .values_list("pk", "sealed")
            )
            changed = []
            for pk, sealed in rows:
                sealed = bytes(sealed)
                try:
                    if key_id_of(sealed) == current:
                        continue
                    payload = decrypt_bytes(sealed, context=_attachment_context(pk))
                except (DecryptionError, IndexError, UnicodeDecodeError):
                    report.unreadable += 1
                    continue
                changed.append(
                    model(pk=pk, sealed=encrypt_bytes(payload, context=_attachment_context(pk)))
                )
            if changed:
                model._base_manager.bulk_update(changed, ["sealed"])
            report.rotated += len(changed)
        if progress:
            progress(report.label, report.rotated, report.unreadable)
    return report


def rotate_all(*, chunk_size: int = CHUNK_SIZE, progress: Progress | None = None) -> RotationReport:
    """Every encrypted value and every attachment, under the current key."""
    report = RotationReport(key_id=keyring().current_key_id)
    for model, fields in encrypted_columns():
        report.columns.append(rotate_model(model, fields, chunk_size=chunk_size, progress=progress))
    report.columns.append(rotate_attachments(progress=progress))
    return report


def values_under_older_keys() -> dict[str, int]:
    """How many stored values each column still holds under a key other than the current one
    (the column's label -> count; columns with none are left out)."""
    counts: dict[str, int] = {}
    for model, fields in encrypted_columns():
        for field_ in fields:
            column = f"stored_{field_.attname}"
            count = _stored(model, [field_]).filter(_under_older_key(column)).count()
            if count:
                counts[f"{model._meta.label}.{field_.name}"] = count
    attachments = _attachment_older_count()
    if attachments:
        counts["cases.AttachmentContent.sealed"] = attachments
    return counts


def _attachment_older_count() -> int:
    model = _attachment_model()
    if model is None:
        return 0
    current = keyring().current_key_id
    older = 0
    for keys in _key_chunks(model._base_manager.all(), size=ATTACHMENT_CHUNK_SIZE):
        for sealed in model._base_manager.filter(pk__in=keys).values_list("sealed", flat=True):
            try:
                older += key_id_of(bytes(sealed)) != current
            except (IndexError, UnicodeDecodeError):
                older += 1
    return older
