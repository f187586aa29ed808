"""The reports' index: search, changes, and an encrypted file that shows no name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mukti.tracing.matching.index import IndexError_, ReportIndex
from mukti.tracing.matching.model import MatchModel
from mukti.tracing.matching.records import PersonRecord

KEY = bytes(range(32))


def test_search_returns_the_best_candidates_first_with_their_evidence(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    index = ReportIndex.build([*background, rina_report], model=model)
    assert len(index) == len(background) + 1
    candidates = index.search(rina_found, limit=5, threshold=0.0)
    assert candidates[0].right_id == "report-rina"
    weights = [c.match_weight for c in candidates]
    assert weights == sorted(weights, reverse=True)
    assert len(candidates) <= 5
    assert {e.field for e in candidates[0].evidence} >= {"given_name", "age", "place"}
    assert candidates[0].evidence[0].right == "Mst. Rina (Moni)"


def test_upsert_replaces_a_report_and_remove_takes_it_out(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    index = ReportIndex.build(background, model=model)
    assert all(c.right_id != "report-rina" for c in index.search(rina_found, threshold=0.0))
    index.upsert([rina_report])
    assert index.search(rina_found)[0].right_id == "report-rina"
    index.upsert([replace(rina_report, father_name="Nurul Islam", district="Rangpur")])
    assert len(index) == len(background) + 1
    moved = index.search(rina_found, threshold=0.0)
    assert all(c.right_id != "report-rina" or c.match_probability < 0.5 for c in moved)
    index.remove(["report-rina"])
    assert len(index) == len(background)


def test_a_person_with_no_key_in_common_finds_nothing(model: MatchModel, background: list) -> None:
    index = ReportIndex.build(background, model=model)
    assert index.search(PersonRecord(record_id="nobody", sex="female")) == []


def test_the_encrypted_index_file_holds_no_name_in_plaintext(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, tmp_path: Path
) -> None:
    path = tmp_path / "reports.duckdb"
    index = ReportIndex.build([rina_report], model=model, path=path, key=KEY)
    index.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (b"Rina", b"rina", b"Akter", b"Abdul Karim", b"Kashipur", b"01711", b"Salma"):
        assert secret not in stored
    reopened = ReportIndex.open(path, key=KEY, model=model)
    assert len(reopened) == 1
    assert reopened.search(rina_found)[0].right_id == "report-rina"
    reopened.close()


def test_the_index_file_does_not_open_with_another_key(
    model: MatchModel, rina_report: PersonRecord, tmp_path: Path
) -> None:
    path = tmp_path / "reports.duckdb"
    ReportIndex.build([rina_report], model=model, path=path, key=KEY).close()
    with pytest.raises(IndexError_):
        ReportIndex.open(path, key=bytes(32), model=model)


def test_an_index_file_needs_a_key_and_is_not_overwritten(
    model: MatchModel, rina_report: PersonRecord, tmp_path: Path
) -> None:
    path = tmp_path / "reports.duckdb"
    with pytest.raises(ValueError):
        ReportIndex.build([rina_report], model=model, path=path)
    ReportIndex.build([rina_report], model=model, path=path, key=KEY).close()
    with pytest.raises(FileExistsError):
        ReportIndex.build([rina_report], model=model, path=path, key=KEY)
