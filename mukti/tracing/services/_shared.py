"""What every tracing service shares: the history's author, and the index update after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction


def as_actor(record: models.Model, actor: Any) -> None:
    record._history_user = actor  # type: ignore[attr-defined]


def reindex_after_commit(report_ids: Iterable[Any]) -> None:
    """Bring the matching index up to date once the change is committed (never before)."""
    ids = [str(pk) for pk in report_ids]

    def reindex() -> None:
        from mukti.tracing.report_index import reports_changed

        reports_changed(ids)

    transaction.on_commit(reindex)
