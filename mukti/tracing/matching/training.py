"""Training a model: u from random pairs, m by expectation maximisation, labels if any.

EM is unstable for fields that almost always agree on true matches and rarely on others
(sex, identity numbers): their m is fixed at a sensible prior instead of estimated.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

import pyarrow as pa
from splink import Linker
from splink.internals.exceptions import SplinkException

from mukti.tracing.matching.batch import _Session
from mukti.tracing.matching.comparisons import training_blocking_rules
from mukti.tracing.matching.features import feature_table
from mukti.tracing.matching.model import (
    DEFAULT_THRESHOLD,
    MatchModel,
    code_settings,
    new_version,
    prior,
    splink_version,
)
from mukti.tracing.matching.records import PersonRecord, unique_records

MIN_CONFIRMED_FOR_M = 30
MIN_EACH_FOR_THRESHOLD = 10
U_SAMPLE_PAIRS = 3_000_000
M_FLOOR = 0.01
U_FLOOR = 1e-5
# m fixed where EM wanders: (field, level label) -> m.
FIXED_M = {
    ("sex", "Same"): 0.99,
    ("sex", "Different"): 0.01,
}


def _fix_priors(settings: dict[str, Any]) -> None:
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            key = (comparison["output_column_name"], level.get("label_for_charts"))
            if key in FIXED_M:
                level["m_probability"] = FIXED_M[key]
                level["fix_m_probability"] = True


def _floor_probabilities(settings: dict[str, Any]) -> None:
    """Keep every level possible: EM drives the m of a level it rarely sees among matches
    towards zero (a weight of −90), which would let one typo veto a true match."""
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            values = [max(floor, float(lv.get(key) or 0.0)) for lv in levels]
            total = sum(values)
            for level, value in zip(levels, values, strict=True):
                level[key] = value / total


def train(
    records: Sequence[PersonRecord],
    *,
    labels: Sequence[tuple[str, str, bool]] = (),
    engine: str = "duckdb",
    progress: Callable[[str], None] | None = None,
) -> MatchModel:
    say = progress or (lambda message: None)
    by_id = {r.record_id: r for r in unique_records(records)}
    if len(by_id) < 100:
        raise ValueError("Training needs at least 100 records.")
    unknown = [pair for pair in labels if pair[0] not in by_id or pair[1] not in by_id]
    if unknown:
        raise ValueError("Every labelled pair must name two of the training records.")
    say("Preparing records")
    table = feature_table(by_id.values())
    with ExitStack() as stack:
        session = _Session(engine, stack)
        settings = code_settings(dialect=session.dialect, link_type="dedupe_only")
        settings["probability_two_random_records_match"] = prior(len(by_id))
        _fix_priors(settings)
        linker = Linker(session.register(table, "mukti_training"), settings, log_level=None)
        session.register_term_frequencies(linker, [table])
        say("Estimating u from random pairs")
        linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
        for rule in training_blocking_rules():
            say("Estimating m by expectation maximisation")
            before = copy.deepcopy(linker._settings_obj)
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, fix_probability_two_random_records_match=True
                )
            except (ValueError, SplinkException):
                # Too few pairs share this key for EM to settle: the other sessions decide.
                linker._settings_obj = before
                say("Skipped a session that did not converge")
        confirmed = [(a, b) for a, b, same in labels if same]
        if len(confirmed) >= MIN_CONFIRMED_FOR_M:
            say("Estimating m from confirmed reviews")
            _m_from_labels(linker, session, confirmed)
        trained = linker.misc.save_model_to_json()
        _floor_probabilities(trained)
        threshold = DEFAULT_THRESHOLD
        if labels:
            threshold = _threshold_from_labels(linker, session, labels)
    model = MatchModel(
        settings=trained,
        version=new_version(trained),
        default_threshold=threshold,
        metadata={
            "trained_on_records": len(by_id),
            "confirmed_labels": sum(1 for *_, same in labels if same),
            "rejected_labels": sum(1 for *_, same in labels if not same),
            "engine": engine,
            "splink_version": splink_version(),
        },
    )
    say("Trained model " + model.version)
    return model


def _m_from_labels(linker: Linker, session: _Session, confirmed: list[tuple[str, str]]) -> None:
    table = pa.table(
        {
            "source_dataset_l": ["mukti_training"] * len(confirmed),
            "unique_id_l": [a for a, _ in confirmed],
            "source_dataset_r": ["mukti_training"] * len(confirmed),
            "unique_id_r": [b for _, b in confirmed],
        }
    )
    labels_sdf = linker.table_management.register_table(
        table if session.engine == "duckdb" else table.to_pandas(), "mukti_labels"
    )
    linker.training.estimate_m_from_pairwise_labels(labels_sdf)


def _threshold_from_labels(
    linker: Linker, session: _Session, labels: Sequence[tuple[str, str, bool]]
) -> float:
    """The probability that best separates confirmed from rejected reviews (best F1).
    A labelled pair that no blocking rule brings together scores 0: it would be missed."""
    confirmed = sum(1 for *_, same in labels if same)
    if confirmed < MIN_EACH_FOR_THRESHOLD or len(labels) - confirmed < MIN_EACH_FOR_THRESHOLD:
        return DEFAULT_THRESHOLD
    predictions = linker.inference.predict(threshold_match_probability=0.01, warning_mode="never")
    probability = {}
    for row in session.rows(predictions):
        pair = tuple(sorted((str(row["unique_id_l"]), str(row["unique_id_r"]))))
        probability[pair] = float(row["match_probability"])
    scored = [(probability.get(tuple(sorted((a, b))), 0.0), same) for a, b, same in labels]
    best, best_f1 = DEFAULT_THRESHOLD, -1.0
    for step in range(50, 100):
        threshold = step / 100
        tp = sum(1 for p, same in scored if p >= threshold and same)
        fp = sum(1 for p, same in scored if p >= threshold and not same)
        fn = sum(1 for p, same in scored if p < threshold and same)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best
