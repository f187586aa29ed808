"""Demo rows of aftercare records, prepared as their fields store them, inserted in batches."""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from datetime import date
from typing import Any

from django.db import connection, models
from django.utils import timezone

from mukti.cases.models import CaseEvent
from mukti.core.crypto import encrypt
from mukti.core.demo.rows import clock_ms
from mukti.core.fields import EncryptedTextField, encryption_context

FLUSH_ROWS = 5000


class Writer:
    """Rows per model, prepared as the fields store them, inserted a few thousand at a time.

    Like core/demo/rows.py, but leaner per row: ids are made as the database stores them
    (hex text on SQLite) so that no value needs converting twice, labels are plain text, and
    the timeline summaries, which come from a short fixed list and name nobody, are encrypted
    once per text rather than once per row.
    """

    def __init__(self, rng: random.Random) -> None:
        self.sqlite = connection.vendor == "sqlite"
        # Time-ordered ids (the layout of core.demo.rows.OrderedIds): inserts append.
        self.prefix = (clock_ms() << 80) | (0x7 << 76) | (0b10 << 62)
        self.counter = 0
        self.rng = rng
        now = timezone.now()
        self.now: Any = str(now.replace(tzinfo=None)) if self.sqlite else now
        self.columns: dict[type[models.Model], list[tuple[str, Any, Any]]] = {}
        self.pending: dict[type[models.Model], list[list[Any]]] = {}
        self.counts: Counter[str] = Counter()
        self.sealed: dict[str, str] = {}
        fields = CaseEvent._meta.concrete_fields
        self.event_index = {f.attname: index for index, f in enumerate(fields)}
        constant = {"created_at": self.now, "updated_at": self.now, "version": 1}
        self.event_row = [constant.get(f.attname) for f in fields]
        self.summary_context = encryption_context(CaseEvent._meta.get_field("summary"))
        if self.sqlite:
            # A big page cache for this connection, so the timeline's indexes stay in memory
            # while hundreds of thousands of events go in (as core/demo/writer.py does).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")

    def key(self, value: Any) -> Any:
        """An id read from the database, as this writer stores ids."""
        return value.hex if self.sqlite and isinstance(value, uuid.UUID) else value

    def new_id(self) -> Any:
        self.counter += 1
        tail = ((self.counter << 30) | self.rng.getrandbits(30)) & ((1 << 62) - 1)
        value = self.prefix | tail
        return f"{value:032x}" if self.sqlite else uuid.UUID(int=value)

    def _prepare(self, field: models.Field[Any, Any]) -> Any:
        """How a value of this field is stored (None: as given)."""
        if isinstance(field, EncryptedTextField):
            context = encryption_context(field)
            if field.model is CaseEvent:
                return lambda v: self._sealed_once(v, context) if v else v
            return lambda v: encrypt(v, context=context) if v else v
        if isinstance(field, models.JSONField):
            if self.sqlite:
                return json.dumps
            return lambda v: field.get_db_prep_save(v, connection)
        if not self.sqlite:
            return None
        if isinstance(field, models.DateTimeField):
            return None  # only created_at/updated_at (prepared once) and empty archived_at
        if isinstance(field, models.DateField):
            return lambda v: v.isoformat() if v is not None else None
        if isinstance(field, models.DecimalField):
            return lambda v: str(v) if v is not None else None
        return None

    def _sealed_once(self, text: str, context: str) -> str:
        sealed = self.sealed.get(text)
        if sealed is None:
            sealed = self.sealed[text] = encrypt(text, context=context)
        return sealed

    def add(self, model: type[models.Model], actor: Any, **values: Any) -> Any:
        columns = self.columns.get(model)
        if columns is None:
            columns = self.columns[model] = [
                (
                    f.attname,
                    f.get_default() if f.has_default() and not callable(f.default) else None,
                    self._prepare(f),
                )
                for f in model._meta.concrete_fields
            ]
        pk = values["id"] = self.new_id()
        values.update(
            created_at=self.now,
            updated_at=self.now,
            created_by_id=actor,
            updated_by_id=actor,
            version=1,
        )
        get = values.get
        row = [
            get(name, default) if prepare is None else prepare(get(name, default))
            for name, default, prepare in columns
        ]
        rows = self.pending.setdefault(model, [])
        rows.append(row)
        self.counts[model._meta.label_lower] += 1
        if len(rows) >= FLUSH_ROWS:
            self.flush(model)
        return pk

    def event(
        self, actor: Any, *, case: Any, kind: str, day: date, source: tuple[str, Any], summary: str
    ) -> None:
        """The timeline event of a record (source: its model label and id). Events are almost
        half of the rows, so their row is laid out directly rather than field by field."""
        source_type, source_id = source
        row = self.event_row.copy()
        values = {
            "id": self.new_id(),
            "case_id": case,
            "kind": kind,
            "happened_on": day.isoformat() if self.sqlite else day,
            "summary": self._sealed_once(summary, self.summary_context) if summary else "",
            "source_type": source_type,
            "source_id": source_id,
            "created_by_id": actor,
            "updated_by_id": actor,
        }
        for name, value in values.items():
            row[self.event_index[name]] = value
        rows = self.pending.setdefault(CaseEvent, [])
        rows.append(row)
        self.counts[CaseEvent._meta.label_lower] += 1
        if len(rows) >= FLUSH_ROWS:
            self.flush(CaseEvent)

    def flush(self, model: type[models.Model]) -> None:
        rows = self.pending.pop(model, [])
        if not rows:
            return
        quote = connection.ops.quote_name
        fields = model._meta.concrete_fields
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the models
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def flush_all(self) -> None:
        for model in list(self.pending):
            self.flush(model)
