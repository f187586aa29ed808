"""Inserting a batch of demo rows, and linking its historical rows into the change chain.

Rows come ready to store (see rows.py), so they go in with one executemany per table; the
chain entries are the ones `mukti.audit.chain.append_changes` would write, built from the
digests computed with the batch, in the same order and under the same lock.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from mukti.audit.chain import CHANGE_CHAIN, GENESIS, chain_hash, change_entry_content
from mukti.audit.models import ChainHead, ChangeLogEntry
from mukti.cases.models import Case, CaseAssignment, CaseEvent, ExploitationProfile, Note
from mukti.core.demo.rows import TRACKED, BatchRows, Table
from mukti.people.models import Person, PersonAddress, PersonName, PersonNameToken, PersonPhone


def _with_history(model: type[models.Model]) -> list[tuple[type[models.Model], bool]]:
    return [(model, True), (model.history.model, True)]  # type: ignore[attr-defined]


# Parents before children, each record followed by its history; (model, id given by us).
INSERT_ORDER: list[tuple[type[models.Model], bool]] = [
    *_with_history(Person),
    *_with_history(PersonName),
    (PersonNameToken, False),
    *_with_history(PersonPhone),
    *_with_history(PersonAddress),
    *_with_history(Case),
    *_with_history(ExploitationProfile),
    *_with_history(CaseAssignment),
    (CaseEvent, True),
    *_with_history(Note),
]


def _insert(model: type[models.Model], rows: list[tuple[Any, ...]], *, auto_id: bool) -> None:
    if not rows:
        return
    table = Table(model, with_auto_id=auto_id)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in table.fields)
    placeholders = ", ".join(["%s"] * len(table.fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _link_history(batch: BatchRows) -> None:
    """The batch's change-chain entries, appended after the chain's current head."""
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        name=CHANGE_CHAIN, defaults={"last_hash": GENESIS}
    )
    previous_hash, sequence = head.last_hash, head.last_sequence
    at = timezone.now()
    table = Table(ChangeLogEntry)
    rows = []
    for link in batch.links:
        sequence += 1
        entry = SimpleNamespace(
            sequence=sequence,
            at=at,
            user_id=link.user_id,
            history_model=link.history_model,
            history_id=link.history_id,
            object_id=link.object_id,
            change_type="+",
            row_digest=link.row_digest,
            previous_hash=previous_hash,
        )
        entry.entry_hash = chain_hash(
            previous_hash=previous_hash,
            content=change_entry_content(entry),  # type: ignore[arg-type]
        )
        previous_hash = entry.entry_hash
        rows.append(table.row(vars(entry)))
    _insert(ChangeLogEntry, rows, auto_id=True)
    if rows:
        head.last_hash, head.last_sequence = previous_hash, sequence
        head.save(update_fields=["last_hash", "last_sequence"])


def _tune_sqlite() -> None:
    """A bigger page cache for this connection, so a million rows' indexes stay in memory,
    and no fsync per checkpoint: demo data can always be generated again."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
            # SQLite refuses to change the safety level inside a transaction (as in tests).
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA synchronous = OFF")


def restore_sqlite_durability() -> None:
    """Back to the settings' durability once the bulk load is written."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = NORMAL")


def write_batch(batch: BatchRows) -> None:
    """One batch, all or nothing."""
    _tune_sqlite()
    with transaction.atomic():
        for model, auto_id in INSERT_ORDER:
            _insert(model, batch.rows.get(model._meta.label_lower, []), auto_id=auto_id)
        _link_history(batch)


def next_history_ids() -> dict[str, int]:
    """The first unused historical id of each tracked model."""
    first = {}
    for model, _most in TRACKED:
        history = model.history.model  # type: ignore[attr-defined]
        last = history.objects.aggregate(last=models.Max("history_id"))["last"]
        first[model._meta.label_lower] = (last or 0) + 1
    return first


def reset_id_sequences() -> None:
    """Historical ids were given explicitly; PostgreSQL's sequences must move past them."""
    histories = [model.history.model for model, _most in TRACKED]  # type: ignore[attr-defined]
    statements = connection.ops.sequence_reset_sql(no_style(), histories)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
