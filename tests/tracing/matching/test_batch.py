"""Batch linking and de-duplication report progress and form clusters."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mukti.tracing.matching import batch
from mukti.tracing.matching.batch import clusters_from_pairs, dedupe, link
from mukti.tracing.matching.model import MatchModel
from mukti.tracing.matching.records import PersonRecord


def test_link_reports_progress_up_to_the_end_in_chunks(
    model: MatchModel, background: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CHUNK_ROWS", 50)
    found = [replace(r, record_id=f"found-{r.record_id}") for r in background[:120]]
    seen: list[tuple[float, str]] = []
    pairs = list(link(found, background, model=model, progress=lambda f, m: seen.append((f, m))))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert sum(1 for _, m in seen if m.startswith("Scored")) == 3  # 120 records, chunks of 50
    # Each found person is a copy of a report: it finds that report, whatever the chunk.
    assert {(f"found-{r.record_id}", r.record_id) for r in background[:120]} <= {
        (c.left_id, c.right_id) for c in pairs
    }


def test_link_accepts_the_same_record_ids_on_both_sides(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    left = [replace(rina_found, record_id="1")]
    right = [*background, replace(rina_report, record_id="1")]
    pairs = list(link(left, right, model=model))
    assert [(c.left_id, c.right_id) for c in pairs] == [("1", "1")]
    assert pairs[0].evidence[0].left == "Reena"


def test_a_record_id_twice_in_one_side_is_refused(model: MatchModel, background: list) -> None:
    with pytest.raises(ValueError, match="appears twice"):
        list(link(background[:2] * 2, background, model=model))


def test_dedupe_clusters_reports_of_the_same_person(
    model: MatchModel, rina_report: PersonRecord, background: list
) -> None:
    again = replace(rina_report, record_id="report-rina-2", given_name="Reena", village=None)
    pairs, clusters = dedupe([*background, rina_report, again], model=model)
    assert clusters["report-rina"] == clusters["report-rina-2"] == "report-rina"
    assert ("report-rina", "report-rina-2") in {
        tuple(sorted((c.left_id, c.right_id))) for c in pairs
    }
    assert len(clusters) == len(background) + 2


def test_clusters_are_connected_components_named_by_their_smallest_id() -> None:
    clusters = clusters_from_pairs(["a", "b", "c", "d", "e"], [("c", "b"), ("d", "c")])
    assert clusters == {"a": "a", "b": "b", "c": "b", "d": "b", "e": "e"}
