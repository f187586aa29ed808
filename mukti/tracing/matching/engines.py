"""Where the SQL runs: an in-process DuckDB (the default) or Spark in local mode.

Neither writes a decrypted name to disk in plaintext:
- DuckDB runs in memory with spilling switched off (`temp_directory = ''`); a job that
  does not fit in `memory_limit` fails rather than spill. An index kept in a file is an
  encrypted DuckDB database (see index.py).
- Spark's shuffle and spill files go to a private temporary folder, encrypted by Spark
  (`spark.io.encryption.enabled`), and the folder is removed when the job ends.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

ENGINES = ("duckdb", "spark")
DUCKDB_MEMORY_LIMIT = os.environ.get("MUKTI_MATCH_DUCKDB_MEMORY", "4GB")
SPARK_DRIVER_MEMORY = os.environ.get("MUKTI_MATCH_SPARK_MEMORY", "2g")


def quiet_splink() -> None:
    """Splink reports every step at INFO; the engine reports progress itself."""
    logging.getLogger("splink").setLevel(logging.WARNING)


def duckdb_connection(*, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never spills to disk."""
    config: dict[str, Any] = {
        "temp_directory": "",
        "memory_limit": DUCKDB_MEMORY_LIMIT,
        "preserve_insertion_order": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    if threads:
        config["threads"] = threads
    return duckdb.connect(":memory:", config=config)


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}: use duckdb or spark")


@contextmanager
def spark_session() -> Iterator[Any]:
    """A local Spark session on this machine's cores with modest memory; its scratch
    folder (encrypted shuffle and spill files) is removed afterwards."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    scratch = tempfile.mkdtemp(prefix="mukti-spark-")
    os.chmod(scratch, 0o700)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("mukti-matching")
        .config("spark.driver.memory", SPARK_DRIVER_MEMORY)
        .config("spark.local.dir", scratch)
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.io.encryption.enabled", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def spark_api(session: Any) -> Any:
    from splink import SparkAPI

    return SparkAPI(
        spark_session=session,
        break_lineage_method="persist",
        num_partitions_on_repartition=2,
    )
