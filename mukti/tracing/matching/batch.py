"""Batch matching: everyone found against every report (`link`), and the reports among
themselves for duplicates (`dedupe`), on DuckDB or Spark, with progress.

The left side is scored in chunks against the whole right side, so memory stays bounded
and progress moves; term frequencies are counted once over both sides.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any

import pyarrow as pa
from splink import Linker

from mukti.tracing.matching.comparisons import TF_COLUMNS
from mukti.tracing.matching.engines import (
    check_engine,
    duckdb_connection,
    quiet_splink,
    spark_api,
    spark_session,
)
from mukti.tracing.matching.explain import Candidate, candidate_from_row
from mukti.tracing.matching.features import feature_table, term_frequencies
from mukti.tracing.matching.model import MatchModel
from mukti.tracing.matching.records import PersonRecord, unique_records

Progress = Callable[[float, str], None]
CHUNK_ROWS = 10_000


def _no_progress(fraction: float, message: str) -> None:
    return None


class _Session:
    """One engine's connection for one job, closed with it."""

    def __init__(self, engine: str, stack: ExitStack):
        check_engine(engine)
        quiet_splink()
        self.engine = engine
        if engine == "spark":
            self.spark = stack.enter_context(spark_session())
            self.api = spark_api(self.spark)
        else:
            from splink import DuckDBAPI

            self.connection = duckdb_connection()
            stack.callback(self.connection.close)
            self.api = DuckDBAPI(connection=self.connection)

    @property
    def dialect(self) -> str:
        return self.engine

    def register(self, table: pa.Table, name: str) -> Any:
        if self.engine == "spark":
            return self.api.register(table.to_pandas(), table_name=name)
        # A DuckDB table, not a view of the Arrow data: Splink's SQL reads each input many
        # times, and converting Arrow (lists above all) on every read is slow.
        self.connection.register("mukti_arrow", table)
        self.connection.execute(f"create table {name} as from mukti_arrow")
        self.connection.unregister("mukti_arrow")
        return self.api.register(name, dataset_display_name=name)

    def register_term_frequencies(self, linker: Linker, tables: list[pa.Table]) -> None:
        """Name frequencies counted once in Python, so no engine job is spent on them."""
        for column in TF_COLUMNS:
            frequencies = self.register(term_frequencies(tables, column), f"mukti_tf_{column}")
            linker.table_management.register_term_frequency_lookup(frequencies, column)

    def rows(self, frame: Any) -> list[dict[str, Any]]:
        if self.engine == "duckdb":
            return list(frame.as_duckdbpyrelation().to_arrow_table().to_pylist())
        return [row.asDict() for row in frame.as_spark_dataframe().collect()]


def _chunks(table: pa.Table, rows: int) -> list[pa.Table]:
    count = max(1, math.ceil(table.num_rows / rows))
    size = math.ceil(table.num_rows / count) if table.num_rows else 0
    return [table.slice(i * size, size) for i in range(count)]


def _threshold(model: MatchModel, threshold: float | None) -> float:
    chosen = model.default_threshold if threshold is None else threshold
    if not 0 <= chosen <= 1:
        raise ValueError("The threshold must be a probability between 0 and 1.")
    return chosen


def link(
    left: Iterable[PersonRecord],
    right: Iterable[PersonRecord],
    *,
    model: MatchModel,
    engine: str = "duckdb",
    threshold: float | None = None,
    progress: Progress | None = None,
) -> Iterator[Candidate]:
    """Pairs (left record, right record) at or above the threshold, best first per chunk."""
    report = progress or _no_progress
    left_records = {r.record_id: r for r in unique_records(left)}
    right_records = {r.record_id: r for r in unique_records(right)}
    chosen = _threshold(model, threshold)
    report(0.0, "Preparing records")
    left_table = feature_table(left_records.values())
    right_table = feature_table(right_records.values())
    labels = model.labels()
    with ExitStack() as stack:
        session = _Session(engine, stack)
        settings = model.splink_settings(
            dialect=session.dialect,
            link_type="link_only",
            records_compared_against=len(right_records),
        )
        left_sdf = session.register(left_table, "mukti_left")
        right_sdf = session.register(right_table, "mukti_right")
        linker = Linker([left_sdf, right_sdf], settings, log_level=None)
        session.register_term_frequencies(linker, [left_table, right_table])
        report(0.05, "Counting name frequencies done")
        chunks = _chunks(left_table, CHUNK_ROWS)
        for number, chunk in enumerate(chunks):
            chunk_sdf = session.register(chunk, f"mukti_left_chunk_{number}")
            predictions = linker.inference.predict_between(
                [chunk_sdf],
                [right_sdf],
                threshold_match_probability=chosen,
                warning_mode="never",
            )
            for row in session.rows(predictions):
                left_id, right_id = _orient(row, left_name="mukti_left")
                row["unique_id_l"], row["unique_id_r"] = left_id, right_id
                yield candidate_from_row(
                    row,
                    labels=labels,
                    left=left_records.get(left_id),
                    right=right_records.get(right_id),
                )
            predictions.drop_table_from_database_and_remove_from_cache()
            done = number + 1
            report(
                1.0 if done == len(chunks) else 0.05 + 0.95 * done / len(chunks),
                f"Scored {done} of {len(chunks)}",
            )


def _orient(row: dict[str, Any], *, left_name: str) -> tuple[str, str]:
    """(left id, right id) whatever order Splink put the pair in."""
    source_l = str(row.get("source_dataset_l") or "")
    if source_l and not source_l.startswith(left_name):
        return str(row["unique_id_r"]), str(row["unique_id_l"])
    return str(row["unique_id_l"]), str(row["unique_id_r"])


def dedupe(
    records: Iterable[PersonRecord],
    *,
    model: MatchModel,
    engine: str = "duckdb",
    threshold: float | None = None,
    progress: Progress | None = None,
) -> tuple[list[Candidate], dict[str, str]]:
    """Pairs above the threshold, and record_id -> cluster_id (the cluster's smallest id)."""
    report = progress or _no_progress
    by_id = {r.record_id: r for r in unique_records(records)}
    chosen = _threshold(model, threshold)
    report(0.0, "Preparing records")
    table = feature_table(by_id.values())
    labels = model.labels()
    candidates: list[Candidate] = []
    with ExitStack() as stack:
        session = _Session(engine, stack)
        settings = model.splink_settings(
            dialect=session.dialect, link_type="dedupe_only", records_compared_against=len(by_id)
        )
        records_sdf = session.register(table, "mukti_records")
        linker = Linker(records_sdf, settings, log_level=None)
        session.register_term_frequencies(linker, [table])
        report(0.05, "Counting name frequencies done")
        chunks = max(1, math.ceil(len(by_id) / CHUNK_ROWS))
        for number in range(chunks):
            predictions = linker.inference.predict_chunk(
                left_chunk=(number + 1, chunks),
                right_chunk=(1, 1),
                threshold_match_probability=chosen,
                warning_mode="never",
            )
            for row in session.rows(predictions):
                left_id, right_id = str(row["unique_id_l"]), str(row["unique_id_r"])
                candidates.append(
                    candidate_from_row(
                        row, labels=labels, left=by_id.get(left_id), right=by_id.get(right_id)
                    )
                )
            predictions.drop_table_from_database_and_remove_from_cache()
            report(0.05 + 0.9 * (number + 1) / chunks, f"Scored {number + 1} of {chunks}")
    clusters = clusters_from_pairs(by_id, ((c.left_id, c.right_id) for c in candidates))
    report(1.0, "Clusters formed")
    return candidates, clusters


def clusters_from_pairs(
    record_ids: Iterable[str], pairs: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Connected components: each record's cluster is named by its smallest record_id."""
    parent = {record_id: record_id for record_id in record_ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in pairs:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {record_id: root(record_id) for record_id in parent}
