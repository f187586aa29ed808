"""The reports' matching table for interactive search: one person against every report.

The table lives in DuckDB: in memory, or in an encrypted DuckDB database file
(`ATTACH … (ENCRYPTION_KEY …)`, AES-GCM; the WAL is encrypted too). DuckDB never spills to
its temporary directory here (`temp_directory = ''`), so decrypted names rest only in memory.

A search finds the reports that share any blocking key with the person (the same keys as
batch linking), then scores those candidates with the model's SQL, written by Splink once
per index and reused.

Writing an encrypted file needs a cryptographically secure random source for DuckDB's
nonces: DuckDB takes it from OpenSSL in its `httpfs` extension. When that extension is
not installed, DuckDB's built-in mbedtls is used (`force_mbedtls_unsafe`), which DuckDB
does not consider secure for writing; docs/matching.md says how to install httpfs.
"""

# SQL here is assembled from identifiers written in this code; every value is a bound parameter.
# ruff: noqa: S608
from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import SettingsCreator
from splink.internals.pipeline import CTEPipeline
from splink.internals.predict import predict_from_comparison_vectors_sqls_using_settings

from mukti.tracing.matching.comparisons import BLOCKING_KEYS, TF_COLUMNS
from mukti.tracing.matching.engines import duckdb_connection
from mukti.tracing.matching.explain import Candidate, candidate_from_row
from mukti.tracing.matching.features import feature_table
from mukti.tracing.matching.model import MatchModel, prior
from mukti.tracing.matching.records import CANONICAL_COLUMNS, PersonRecord, unique_records

logger = logging.getLogger(__name__)

STORE = "mukti_index"  # the encrypted file, when there is one
WORK = "mukti_work"  # the working copy in memory, with its indexes
FEATURE_VERSION = "5"
_DATE_COLUMNS = ("birth_date", "age_reported_on")
_RECORD_SCHEMA = pa.schema(
    [
        (
            f"rec_{c}",
            pa.int32() if c == "age" else pa.date32() if c in _DATE_COLUMNS else pa.string(),
        )
        for c in CANONICAL_COLUMNS
    ]
)


class IndexError_(RuntimeError):
    """The index file cannot be used (wrong key, or built by another engine version)."""


def _secure_crypto(connection: duckdb.DuckDBPyConnection) -> bool:
    """Load OpenSSL (httpfs) if it is installed; otherwise allow DuckDB's mbedtls."""
    try:
        connection.execute("LOAD httpfs")
        return True
    except duckdb.Error:
        connection.execute("SET force_mbedtls_unsafe = true")
        logger.warning(
            "DuckDB's httpfs extension is not installed: the index file is encrypted "
            "with DuckDB's built-in mbedtls, which DuckDB does not consider secure."
        )
        return False


def _record_table(records: list[PersonRecord]) -> pa.Table:
    columns = {f"rec_{c}": [getattr(r, c) for r in records] for c in CANONICAL_COLUMNS}
    return pa.table(columns, schema=_RECORD_SCHEMA)


_SEPARATOR = "\x1f"


def _block_key_sql(alias: str) -> str:
    """One column per blocking key: its columns joined, or NULL if any is missing."""
    parts = []
    for number, key in enumerate(BLOCKING_KEYS):
        missing = " or ".join(f"{alias}.{c} is null" for c in key)
        joined = f" || '{_SEPARATOR}' || ".join(f"{alias}.{c}" for c in key)
        parts.append(f"case when {missing} then null else {joined} end as bk_{number}")
    return ", ".join(parts)


def _block_keys(row: dict[str, Any]) -> list[tuple[int, str]]:
    """The person's blocking keys that are complete: (rule number, key)."""
    keys = []
    for number, key in enumerate(BLOCKING_KEYS):
        values = [row[c] for c in key]
        if all(v is not None for v in values):
            keys.append((number, _SEPARATOR.join(str(v) for v in values)))
    return keys


def _scoring_sql(settings: dict[str, Any]) -> str:
    """Splink's SQL scoring every pair of `mukti_person` (l) × `mukti_candidates` (r),
    with a neutral prior (the index adds its own, which depends on its size)."""
    settings = {**settings, "probability_two_random_records_match": 0.5}
    settings_obj = SettingsCreator.from_path_or_dict(settings).get_settings("duckdb")
    blocking = ", ".join(settings_obj._columns_to_select_for_blocking)
    vectors = ", ".join(settings_obj._columns_to_select_for_comparison_vector_values)
    pipeline = CTEPipeline()
    pipeline.enqueue_sql(
        f"select {blocking}, 0 as match_key from mukti_person as l "
        "cross join mukti_candidates as r",
        "__splink__compare_two_records_blocked",
    )
    pipeline.enqueue_sql(
        f"select {vectors} from __splink__compare_two_records_blocked",
        "__splink__df_comparison_vectors",
    )
    pipeline.enqueue_list_of_sqls(predict_from_comparison_vectors_sqls_using_settings(settings_obj))
    return pipeline.generate_cte_pipeline_sql()


class ReportIndex:
    """The reports' matching table, in memory or in an encrypted DuckDB file, for
    interactive search: one person against all reports in well under 500 ms at 1,000,000.

    Searches read a working copy in memory, indexed on every blocking key; with a file,
    every change is written to both, and opening the file loads the working copy."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, model: MatchModel, stored: bool):
        self._db = connection
        self._stored = stored
        self.model = model
        self._labels = model.labels()
        self._sql = _scoring_sql(
            model.splink_settings(
                dialect="duckdb", link_type="dedupe_only", records_compared_against=2
            )
        )
        self._count = int(self._scalar(f"select count(*) from {WORK}.reports"))
        self._tf: dict[str, dict[str, float]] = {}
        self._refresh_term_frequencies()

    def _scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        rows = self._db.execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    # --- building and opening ---------------------------------------------------------
    @classmethod
    def build(
        cls,
        records: Iterable[PersonRecord],
        *,
        model: MatchModel,
        path: Path | None = None,
        key: bytes | None = None,
    ) -> ReportIndex:
        """A new index of these reports; in memory, or in a new encrypted file at `path`."""
        connection = cls._connect(path, key, create=True)
        empty = feature_table([])
        connection.register("mukti_empty_features", empty)
        connection.register("mukti_empty_records", _record_table([]))
        connection.execute(
            f"create table {WORK}.reports as select f.*, r.*, {_block_key_sql('f')} "
            "from mukti_empty_features f positional join mukti_empty_records r"
        )
        connection.unregister("mukti_empty_features")
        connection.unregister("mukti_empty_records")
        _insert(connection, list(unique_records(records)), catalogs=(WORK,), replace=False)
        if path is not None:
            connection.execute(
                f"create table {STORE}.meta (name varchar primary key, value varchar)"
            )
            connection.execute(
                f"insert into {STORE}.meta values ('feature_version', ?)", [FEATURE_VERSION]
            )
            connection.execute(f"create table {STORE}.reports as from {WORK}.reports")
            connection.execute(f"checkpoint {STORE}")
        return cls(connection, model=model, stored=path is not None)

    @classmethod
    def open(cls, path: Path, *, key: bytes, model: MatchModel) -> ReportIndex:
        """An index file built earlier, opened with the key it was built with."""
        if not path.exists():
            raise FileNotFoundError(path)
        connection = cls._connect(path, key, create=False)
        rows = connection.execute(
            f"select value from {STORE}.meta where name = 'feature_version'"
        ).fetchall()
        if not rows or rows[0][0] != FEATURE_VERSION:
            connection.close()
            raise IndexError_("The index was built by another version of the engine: rebuild it.")
        connection.execute(f"create table {WORK}.reports as from {STORE}.reports")
        return cls(connection, model=model, stored=True)

    @staticmethod
    def _connect(
        path: Path | None, key: bytes | None, *, create: bool
    ) -> duckdb.DuckDBPyConnection:
        connection = duckdb_connection()
        connection.execute(f"attach ':memory:' as {WORK}")
        if path is None:
            return connection
        if not key:
            raise ValueError("An index file needs an encryption key.")
        if create and path.exists():
            raise FileExistsError(path)
        _secure_crypto(connection)
        connection.execute("set temp_file_encryption = true")
        try:
            connection.execute(
                f"attach ? as {STORE} (encryption_key ?, encryption_cipher 'GCM')",
                [str(path), key.hex()],
            )
        except duckdb.Error as error:
            connection.close()
            raise IndexError_("The index file could not be opened with this key.") from error
        return connection

    def close(self) -> None:
        self._db.close()

    @property
    def _catalogs(self) -> tuple[str, ...]:
        return (WORK, STORE) if self._stored else (WORK,)

    # --- changing the reports ---------------------------------------------------------
    def upsert(self, records: Iterable[PersonRecord]) -> None:
        """Add reports, or replace those with the same record_id."""
        batch = list(unique_records(records))
        if batch:
            _insert(self._db, batch, catalogs=self._catalogs, replace=True, with_frequencies=True)
            self._changes_since_tf += len(batch)
            self._changed()

    def remove(self, record_ids: Iterable[str]) -> None:
        ids = list(record_ids)
        if not ids:
            return
        self._db.execute("begin")
        for catalog in self._catalogs:
            self._db.execute(
                f"delete from {catalog}.reports where unique_id in (select unnest(?))", [ids]
            )
        self._db.execute("commit")
        self._changes_since_tf += len(ids)
        self._changed()

    def _changed(self) -> None:
        self._count = int(self._scalar(f"select count(*) from {WORK}.reports"))
        if self._stored:
            self._db.execute(f"checkpoint {STORE}")

    def _refresh_term_frequencies(self) -> None:
        """How often each name is among the reports, as Splink counts it, kept beside each
        report (a search joins nothing). Recounted when more than 1% of the reports
        changed: one new report barely moves a frequency."""
        for column in TF_COLUMNS:
            self._db.execute(
                f"create or replace table {WORK}.tf_{column} as "
                f"select {column}, count(*)::double / sum(count(*)) over () as tf_{column} "
                f"from {WORK}.reports where {column} is not null group by {column}"
            )
            self._tf[column] = dict(
                self._db.execute(f"select * from {WORK}.tf_{column}").fetchall()
            )
        tf_columns = ", ".join(f"tf_{c}" for c in TF_COLUMNS)
        stale = f" exclude ({tf_columns})" if self._has_tf_columns() else ""
        self._db.execute(
            f"create or replace table {WORK}.reports as select r.*{stale}"
            + "".join(f", tf_{c}.tf_{c}" for c in TF_COLUMNS)
            + f" from {WORK}.reports r "
            + _tf_joins("r")
        )
        # Indexes after the bulk rewrite: building them once is faster than maintaining them.
        for number in range(len(BLOCKING_KEYS)):
            self._db.execute(f"create index bk_{number}_idx on {WORK}.reports (bk_{number})")
        self._db.execute(
            f"create or replace temp table mukti_person as from {WORK}.reports limit 0"
        )
        self._db.execute("create or replace temp table mukti_candidates as from mukti_person")
        # The scoring SQL as a view, so that a search does not parse it again.
        self._db.execute(f"create or replace temp view mukti_scored as {self._sql}")
        self._changes_since_tf = 0

    def _has_tf_columns(self) -> bool:
        return bool(
            self._scalar(
                "select count(*) from duckdb_columns() where database_name = ? "
                "and table_name = 'reports' and column_name = ?",
                [WORK, f"tf_{TF_COLUMNS[0]}"],
            )
        )

    def __len__(self) -> int:
        return self._count

    # --- searching --------------------------------------------------------------------
    def search(
        self, person: PersonRecord, *, limit: int = 10, threshold: float | None = None
    ) -> list[Candidate]:
        """The reports most likely to be this person, best first, at or above the threshold
        (default: the model's), with each field's evidence."""
        chosen = self.model.default_threshold if threshold is None else threshold
        if self._changes_since_tf > 0.01 * max(1, self._count):
            self._refresh_term_frequencies()
        person_table = feature_table([person])
        keys = _block_keys(person_table.to_pylist()[0])
        if not keys:
            return []
        # One indexed lookup per blocking key the person has; a report found by several
        # keys is kept once.
        lookups = " union all ".join(
            f"select * from {WORK}.reports where bk_{number} = ?" for number, _ in keys
        )
        for column in TF_COLUMNS:
            value = person_table.column(column)[0].as_py()
            frequency = self._tf[column].get(value) if value is not None else None
            person_table = person_table.append_column(
                f"tf_{column}", pa.array([frequency], type=pa.float64())
            )
        self._db.register("mukti_person_features", person_table)
        try:
            self._db.execute("delete from mukti_person")
            self._db.execute("insert into mukti_person by name from mukti_person_features")
            self._db.execute("delete from mukti_candidates")
            self._db.execute(
                f"insert into mukti_candidates from ({lookups}) "
                "qualify row_number() over (partition by unique_id) = 1",
                [value for _, value in keys],
            )
            rows = self._db.sql("from mukti_scored").to_arrow_table().to_pylist()
        finally:
            self._db.unregister("mukti_person_features")
        shift = math.log2(prior(max(1, self._count)) / (1 - prior(max(1, self._count))))
        scored = []
        for row in rows:
            weight = float(row["match_weight"]) + shift
            probability = 1 / (1 + 2 ** (-weight))
            if probability >= chosen:
                row["match_weight"], row["match_probability"] = weight, probability
                scored.append(row)
        scored.sort(key=lambda row: row["match_weight"], reverse=True)
        best = scored[:limit]
        reports = self._records([str(row["unique_id_r"]) for row in best])
        return [
            candidate_from_row(
                row, labels=self._labels, left=person, right=reports.get(str(row["unique_id_r"]))
            )
            for row in best
        ]

    def _records(self, record_ids: list[str]) -> dict[str, PersonRecord]:
        if not record_ids:
            return {}
        columns = ", ".join(f"rec_{c}" for c in CANONICAL_COLUMNS)
        rows = self._db.execute(
            f"select {columns} from mukti_candidates where unique_id in (select unnest(?))",
            [record_ids],
        ).fetchall()
        records = {}
        for row in rows:
            values = dict(zip(CANONICAL_COLUMNS, row, strict=True))
            for column in _DATE_COLUMNS:
                if values[column] is not None and not isinstance(values[column], date):
                    values[column] = date.fromisoformat(str(values[column]))
            records[str(values["record_id"])] = PersonRecord(**values)
        return records


def _tf_joins(alias: str) -> str:
    return " ".join(
        f"left join {WORK}.tf_{c} tf_{c} on tf_{c}.{c} = {alias}.{c}" for c in TF_COLUMNS
    )


def _insert(
    connection: duckdb.DuckDBPyConnection,
    batch: list[PersonRecord],
    *,
    catalogs: tuple[str, ...],
    replace: bool,
    with_frequencies: bool = False,
) -> None:
    """Write reports to the working copy (and the file), replacing any with the same id."""
    if not batch:
        return
    connection.register("mukti_new_features", feature_table(batch))
    connection.register("mukti_new_records", _record_table(batch))
    try:
        connection.execute("begin")
        for catalog in catalogs:
            if replace:
                connection.execute(
                    f"delete from {catalog}.reports where unique_id in "
                    "(select unique_id from mukti_new_features)"
                )
            frequencies = ""
            if with_frequencies and catalog == WORK:
                frequencies = "".join(f", tf_{c}.tf_{c}" for c in TF_COLUMNS)
            connection.execute(
                f"insert into {catalog}.reports by name select f.*, r.*, {_block_key_sql('f')}"
                f"{frequencies} from mukti_new_features f positional join mukti_new_records r "
                + (_tf_joins("f") if frequencies else "")
            )
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    finally:
        connection.unregister("mukti_new_features")
        connection.unregister("mukti_new_records")
