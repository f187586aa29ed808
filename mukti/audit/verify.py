"""Checking both hash chains: what `mukti audit verify` reports.

Each check walks its table in sequence order, a chunk at a time, and returns findings that
name where the chain broke (a sequence number, or a history table and row id), never what
a record says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from simple_history.models import HistoricalChanges

from mukti.audit.chain import (
    ACCESS_CHAIN,
    CHANGE_CHAIN,
    GENESIS,
    access_entry_content,
    chain_hash,
    change_entry_content,
    historical_row_digest,
)
from mukti.audit.models import AccessLogEntry, ChainHead, ChangeLogEntry
from mukti.core.crypto import DecryptionError, decrypt
from mukti.core.fields import EncryptedTextField, encryption_context

CHUNK_SIZE = 2000
_TEXT: models.TextField[str, str] = models.TextField()


@dataclass(frozen=True)
class Finding:
    """One place where a chain does not hold."""

    chain: str
    problem: str
    sequence: int | None = None

    def __str__(self) -> str:
        where = f"{self.chain} chain"
        if self.sequence is not None:
            where += f", entry {self.sequence}"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class Verification:
    access_entries: int
    changes: int
    findings: list[Finding]

    @property
    def verified(self) -> bool:
        return not self.findings


class _Walk:
    """Follows one chain entry by entry: gaps, links, hashes, and finally the head."""

    def __init__(self, chain: str) -> None:
        self.chain = chain
        self.findings: list[Finding] = []
        self.count = 0
        self.last_sequence = 0
        self.last_hash = GENESIS

    def step(self, *, sequence: int, previous_hash: str, entry_hash: str, content: bytes) -> None:
        self.count += 1
        expected = self.last_sequence + 1
        if sequence > expected:
            self._missing(expected, sequence - 1)
        elif previous_hash != self.last_hash:
            self.report(sequence, "does not link to the entry before it (an entry was inserted)")
        if chain_hash(previous_hash=previous_hash, content=content) != entry_hash:
            self.report(sequence, "its content does not match its hash (the entry was edited)")
        self.last_sequence, self.last_hash = sequence, entry_hash

    def report(self, sequence: int | None, problem: str) -> None:
        self.findings.append(Finding(chain=self.chain, sequence=sequence, problem=problem))

    def _missing(self, first: int, last: int) -> None:
        where = f"entry {first}" if first == last else f"entries {first} to {last}"
        self.findings.append(
            Finding(chain=self.chain, problem=f"{where} missing (removed from the chain)")
        )

    def finish(self) -> list[Finding]:
        head = ChainHead.objects.filter(name=self.chain).first()
        head_sequence = head.last_sequence if head else 0
        if head_sequence > self.last_sequence:
            self._missing(self.last_sequence + 1, head_sequence)
        elif head_sequence < self.last_sequence:
            self.report(
                self.last_sequence,
                f"stored beyond the chain head, which ends at entry {head_sequence} "
                "(entries were added behind the chain's back)",
            )
        elif head is not None and head.last_hash != self.last_hash:
            self.report(self.last_sequence, "does not match the chain head's hash")
        return self.findings


def _chunks(queryset: models.QuerySet[Any], *, key: str, size: int) -> Iterator[list[Any]]:
    """Rows in key order, `size` at a time, by key rather than by offset (millions of rows)."""
    after = None
    while True:
        page = queryset.order_by(key)
        if after is not None:
            page = page.filter(**{f"{key}__gt": after})
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        last = rows[-1]
        after = last[key] if isinstance(last, dict) else getattr(last, key)


def _read_decrypted(raw: str | None, *, context: str) -> tuple[str | None, bool]:
    """The plaintext of one stored value, and whether it opened."""
    if not raw:
        return raw, True
    try:
        return decrypt(raw, context=context), True
    except DecryptionError:
        return None, False


def verify_access_chain(*, chunk_size: int = CHUNK_SIZE) -> tuple[int, list[Finding]]:
    """Walk the access log: how many entries, and where it was edited, inserted into or cut."""
    walk = _Walk(ACCESS_CHAIN)
    plain_fields = [
        "sequence",
        "at",
        "user_id",
        "action",
        "object_type",
        "object_id",
        "person_id",
        "path",
        "previous_hash",
        "entry_hash",
    ]
    # The purpose is read as stored and opened here, so one damaged value is one finding.
    rows = AccessLogEntry.objects.values(*plain_fields, stored_purpose=Cast("purpose", _TEXT))
    context = encryption_context(AccessLogEntry._meta.get_field("purpose"))
    for chunk in _chunks(rows, key="sequence", size=chunk_size):
        for row in chunk:
            purpose, opened = _read_decrypted(row.pop("stored_purpose"), context=context)
            if not opened:
                walk.report(row["sequence"], "its purpose no longer decrypts (edited)")
            entry = AccessLogEntry(**row, purpose=purpose or "")
            walk.step(
                sequence=entry.sequence,
                previous_hash=entry.previous_hash,
                entry_hash=entry.entry_hash,
                content=access_entry_content(entry),
            )
    return walk.count, walk.finish()


def history_models() -> list[type[models.Model]]:
    """Every table in which simple-history records versions."""
    return [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]


def _history_rows(model: type[models.Model], history_ids: list[int]) -> dict[int, Any]:
    """Recorded versions by id, encrypted values opened one by one; None where one fails."""
    encrypted = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    plain = [f.attname for f in model._meta.concrete_fields if f not in encrypted]
    stored = {f"stored_{f.attname}": Cast(f.attname, _TEXT) for f in encrypted}
    rows: dict[int, Any] = {}
    for values in model._default_manager.filter(pk__in=history_ids).values(*plain, **stored):
        intact = True
        for field in encrypted:
            raw = values.pop(f"stored_{field.attname}")
            values[field.attname], opened = _read_decrypted(raw, context=encryption_context(field))
            intact = intact and opened
        rows[values[model._meta.pk.attname]] = model(**values) if intact else None
    return rows


def _check_recorded_versions(walk: _Walk, chunk: list[ChangeLogEntry]) -> None:
    by_model: dict[str, list[ChangeLogEntry]] = {}
    for entry in chunk:
        by_model.setdefault(entry.history_model, []).append(entry)
    for label, entries in by_model.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            for entry in entries:
                walk.report(entry.sequence, f"names an unknown history table {label!r}")
            continue
        rows = _history_rows(model, [e.history_id for e in entries])
        for entry in entries:
            if entry.history_id not in rows:
                walk.report(
                    entry.sequence,
                    f"its recorded version {label} #{entry.history_id} is missing (removed)",
                )
            elif rows[entry.history_id] is None or (
                historical_row_digest(rows[entry.history_id]) != entry.row_digest
            ):
                walk.report(
                    entry.sequence,
                    f"its recorded version {label} #{entry.history_id} was edited",
                )


def verify_change_chain(*, chunk_size: int = CHUNK_SIZE) -> tuple[int, list[Finding]]:
    """Walk the change chain, and check that every version it links is stored unchanged."""
    walk = _Walk(CHANGE_CHAIN)
    for chunk in _chunks(ChangeLogEntry.objects.all(), key="sequence", size=chunk_size):
        for entry in chunk:
            walk.step(
                sequence=entry.sequence,
                previous_hash=entry.previous_hash,
                entry_hash=entry.entry_hash,
                content=change_entry_content(entry),
            )
        _check_recorded_versions(walk, chunk)
    return walk.count, walk.finish()


def verify_history_is_chained(*, chunk_size: int = CHUNK_SIZE) -> list[Finding]:
    """Every recorded version of every model is linked by a change entry: a history row
    written straight into the table, bypassing the chain, is found here."""
    findings = []
    for model in history_models():
        label = model._meta.label_lower
        key = model._meta.pk.attname
        for chunk in _chunks(model._default_manager.values(key), key=key, size=chunk_size):
            history_ids = [row[key] for row in chunk]
            linked = set(
                ChangeLogEntry.objects.filter(
                    history_model=label, history_id__in=history_ids
                ).values_list("history_id", flat=True)
            )
            findings += [
                Finding(
                    chain=CHANGE_CHAIN,
                    problem=f"recorded version {label} #{history_id} is not linked by any "
                    "entry (inserted behind the chain's back)",
                )
                for history_id in history_ids
                if history_id not in linked
            ]
    return findings


def verify_chains(*, chunk_size: int = CHUNK_SIZE) -> Verification:
    """Both chains, and the history tables the change chain vouches for."""
    access_entries, access_findings = verify_access_chain(chunk_size=chunk_size)
    changes, change_findings = verify_change_chain(chunk_size=chunk_size)
    unlinked = verify_history_is_chained(chunk_size=chunk_size)
    return Verification(
        access_entries=access_entries,
        changes=changes,
        findings=access_findings + change_findings + unlinked,
    )
