"""The match model in use, and the index of open reports that interactive search asks.

The model is the newest trained one (`mukti tracing train`), or the engine's default until
one is trained. The index holds every open report's PersonRecord (decrypted in memory) and
lives in each process that searches (the web server, the job worker). Each process builds
it from the database at first use and keeps it current: changes it commits itself are
applied at once (services call `reports_changed` after commit), and changes other
processes committed are picked up from the reports' update times before each search.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from mukti.tracing.matching.explain import Candidate
from mukti.tracing.matching.index import ReportIndex
from mukti.tracing.matching.model import MatchModel
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import MatchModelVersion, MissingPersonReport, ReportStatus
from mukti.tracing.person_records import report_record, report_records, reports_for_matching

# A change committed late by another process may carry an update time a little older than
# the last look; looking back this far again costs a few repeated upserts, misses nothing.
OVERLAP = timedelta(minutes=2)
SYNC_EVERY_SECONDS = 1.0

_lock = threading.RLock()
_models: dict[str, MatchModel] = {}


@dataclass
class _Loaded:
    index: ReportIndex
    model_version: str
    synced_to: datetime
    checked_at: float


_loaded: _Loaded | None = None


def current_model() -> MatchModel:
    """The newest trained model, or the engine's default until one is trained."""
    latest = MatchModelVersion.objects.order_by("-created_at").only("version").first()
    if latest is None:
        return _cached("default", MatchModel.default)
    return _cached(latest.version, lambda: _stored_model(latest.version))


def _stored_model(version: str) -> MatchModel:
    document = MatchModelVersion.objects.values_list("document", flat=True).get(version=version)
    return MatchModel.from_json(document)


def _cached(version: str, load: Callable[[], MatchModel]) -> MatchModel:
    with _lock:
        model = _models.get(version)
        if model is None:
            model = load()
            _models[version] = model
        return model


def _build(model: MatchModel) -> _Loaded:
    started = timezone.now()
    records = report_records(MissingPersonReport.objects.filter(status=ReportStatus.OPEN))
    index = ReportIndex.build(records, model=model)
    return _Loaded(index, model.version, started - OVERLAP, time.monotonic())


def _apply(index: ReportIndex, reports: Iterable[MissingPersonReport]) -> None:
    upserts: list[PersonRecord] = []
    removals: list[str] = []
    for report in reports:
        if report.status == ReportStatus.OPEN:
            upserts.append(report_record(report))
        else:
            removals.append(report_record(report).record_id)
    if removals:
        index.remove(removals)
    if upserts:
        index.upsert(upserts)


def _sync(loaded: _Loaded) -> None:
    if time.monotonic() - loaded.checked_at < SYNC_EVERY_SECONDS:
        return
    started = timezone.now()
    changed = MissingPersonReport.objects.filter(updated_at__gte=loaded.synced_to)
    _apply(loaded.index, reports_for_matching(changed).iterator(chunk_size=2000))
    loaded.synced_to, loaded.checked_at = started - OVERLAP, time.monotonic()


def _current() -> _Loaded:
    global _loaded
    model = current_model()
    if _loaded is None or _loaded.model_version != model.version:
        _loaded = _build(model)
    else:
        _sync(_loaded)
    return _loaded


def search(person: PersonRecord, *, limit: int, threshold: float | None = None) -> list[Candidate]:
    """The open reports that may be this person, best first (all offices: callers narrow
    the answer to what the user may see)."""
    with _lock:
        return _current().index.search(person, limit=limit, threshold=threshold)


def reports_changed(report_ids: Iterable[str]) -> None:
    """After reports were recorded, imported or closed: bring this process's index up to
    date at once (other processes catch up before their next search)."""
    with _lock:
        if _loaded is None:
            return  # built from the database when first needed
        reports = MissingPersonReport.objects.filter(pk__in=list(report_ids))
        _apply(_loaded.index, reports_for_matching(reports))


def indexed_reports() -> int:
    with _lock:
        return len(_current().index)


def forget() -> None:
    """Drop this process's index and models (after a new model, or in tests)."""
    global _loaded
    with _lock:
        _loaded = None
        _models.clear()
