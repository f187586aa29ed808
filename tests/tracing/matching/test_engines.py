"""The same model on DuckDB and on Spark (local mode) finds the same pairs."""

from __future__ import annotations

from mukti.tracing.matching.batch import link
from mukti.tracing.matching.model import MatchModel


def test_duckdb_and_spark_find_the_same_pairs_with_the_same_probabilities(
    model: MatchModel,
) -> None:
    from benchmarks.tracing_data import generate

    data = generate(reports=400, found=60, seed=13)
    found_by = {
        engine: {
            (c.left_id, c.right_id): round(c.match_probability, 6)
            for c in link(data.found, data.reports, model=model, engine=engine, threshold=0.3)
        }
        for engine in ("duckdb", "spark")
    }
    assert found_by["duckdb"], "the data should hold some pairs"
    assert found_by["duckdb"] == found_by["spark"]
