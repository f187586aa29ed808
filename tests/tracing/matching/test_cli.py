"""`mukti match` from end to end on small CSV files; bad input is refused whole."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mukti.tracing.matching.records import PersonRecord, write_csv

HEADER = "record_id,given_name,family_name,father_name,district,age,age_reported_on\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[tuple[str, str]]]:
    from benchmarks.tracing_data import generate

    data = generate(reports=1500, found=150, seed=5)
    folder = tmp_path_factory.mktemp("match")
    write_csv(data.found, folder / "found.csv")
    write_csv(data.reports, folder / "reports.csv")
    return folder / "found.csv", folder / "reports.csv", data.true_links()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("match", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_link_writes_the_candidate_pairs(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found, reports, truth = files
    out = tmp_path / "pairs.csv"
    message, _ = run("link", str(found), str(reports), "--out", str(out))
    pairs = rows(out)
    assert list(pairs[0]) == ["left_id", "right_id", "match_probability", "match_weight"]
    assert f"{len(pairs)} pairs written" in message
    found_pairs = {(p["left_id"], p["right_id"]) for p in pairs}
    assert len(found_pairs & truth) >= 0.8 * len(truth)
    assert len(found_pairs & truth) >= 0.85 * len(found_pairs)
    assert all(float(p["match_probability"]) >= 0.5 for p in pairs)


def test_a_lower_threshold_writes_more_pairs(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found, reports, _ = files
    run("link", str(found), str(reports), "--out", str(tmp_path / "a.csv"), "--threshold", "0.99")
    run("link", str(found), str(reports), "--out", str(tmp_path / "b.csv"), "--threshold", "0.2")
    strict, loose = rows(tmp_path / "a.csv"), rows(tmp_path / "b.csv")
    assert len(loose) > len(strict)
    assert min(float(p["match_probability"]) for p in strict) >= 0.99


def test_dedupe_writes_a_cluster_for_every_record(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, reports, _ = files
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    run("dedupe", str(reports), "--out", str(out), "--pairs", str(pairs))
    clusters = rows(out)
    assert list(clusters[0]) == ["record_id", "cluster_id"]
    assert len(clusters) == len(rows(reports))
    joined = [c for c in clusters if c["record_id"] != c["cluster_id"]]
    assert joined  # the generator reports some people twice
    assert len(joined) <= len(rows(pairs))  # every joined record has a pair behind it


def test_train_writes_a_model_that_link_can_use(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found, reports, _ = files
    model = tmp_path / "model.json"
    message, _ = run("train", str(reports), "--out", str(model))
    assert "Model " in message and model.exists()
    out = tmp_path / "pairs.csv"
    message, _ = run("link", str(found), str(reports), "--out", str(out), "--model", str(model))
    assert out.exists()


def test_a_csv_without_record_id_is_refused_and_nothing_is_written(
    files,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    _, reports, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("given_name,family_name\nRina,Akter\n")
    out = tmp_path / "pairs.csv"
    with pytest.raises(CommandError, match=r"row 1: the header has no record_id column"):
        run("link", str(bad), str(reports), "--out", str(out))
    assert not out.exists()


def test_a_bad_date_is_refused_with_its_row_and_nothing_is_written(
    files,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    _, reports, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "a,Rina,Akter,Abdul Karim,Jessore,14,2025-01-01\n"
        "b,Sumi,Khatun,Nurul Islam,Khulna,12,01/02/2025\n"
    )
    out = tmp_path / "pairs.csv"
    out.write_text("left_id,right_id,match_probability,match_weight\n")
    with pytest.raises(CommandError) as refused:
        run("link", str(bad), str(reports), "--out", str(out))
    assert "row 3: age_reported_on is not a date in the form YYYY-MM-DD" in str(refused.value)
    assert "Sumi" not in str(refused.value)  # the reason, never the values
    assert out.read_text() == "left_id,right_id,match_probability,match_weight\n"


def test_other_bad_rows_are_refused_with_a_reason(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, reports, _ = files
    cases = {
        "a,Rina,Akter,,Jessore,fourteen,2025-01-01\n": "age is not a whole number",
        "a,Rina,Akter,,Jessore,14,\n": "age is given without age_reported_on",
        ",Rina,Akter,,Jessore,,\n": "record_id is empty",
        "a,Rina,,,,,\na,Sumi,,,,,\n": "row 3: record_id repeats an earlier row",
    }
    for body, reason in cases.items():
        bad = tmp_path / "bad.csv"
        bad.write_text(HEADER + body)
        with pytest.raises(CommandError, match=reason):
            run("dedupe", str(bad), "--out", str(tmp_path / "clusters.csv"))
    assert not (tmp_path / "clusters.csv").exists()


def test_any_column_but_record_id_may_be_absent(tmp_path: Path) -> None:
    people = [
        PersonRecord(record_id=f"r{n}", given_name=name, district="Jessore")
        for n, name in enumerate(["Rina", "Reena", "Sumi", "Fatema"] * 30)
    ]
    write_csv(people, tmp_path / "people.csv")
    minimal = tmp_path / "minimal.csv"
    minimal.write_text("record_id,given_name\nx,Rina\n")
    run("link", str(minimal), str(tmp_path / "people.csv"), "--out", str(tmp_path / "p.csv"))
    assert rows(tmp_path / "p.csv") == []  # a given name alone is not enough to link


def test_a_threshold_outside_zero_to_one_is_refused(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found, reports, _ = files
    with pytest.raises(CommandError, match="between 0 and 1"):
        run("link", str(found), str(reports), "--out", str(tmp_path / "p.csv"), "--threshold", "2")
