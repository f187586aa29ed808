"""Models are trained without labels (or with reviews), saved, versioned and loaded back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mukti.tracing.matching.model import MatchModel, ModelError, train_model
from mukti.tracing.matching.records import PersonRecord

VERSION = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ-[0-9a-f]{4}$")


@pytest.fixture(scope="module")
def trained() -> tuple[MatchModel, list[PersonRecord], set[tuple[str, str]]]:
    from benchmarks.tracing_data import generate

    data = generate(reports=2500, found=300, seed=11)
    model = train_model(data.reports + data.found)
    return model, data.reports + data.found, data.true_links()


def test_the_shipped_model_loads_with_a_version_and_a_threshold(model: MatchModel) -> None:
    assert VERSION.match(model.version)
    assert 0 < model.default_threshold < 1
    assert model.metadata["splink_version"].startswith("5.")


def test_training_without_labels_learns_that_agreement_counts(trained) -> None:  # type: ignore[no-untyped-def]
    model = trained[0]
    assert VERSION.match(model.version)
    weights = model.weights()
    assert weights["given_name"]["Same name, allowing for transliteration"] > 2
    assert weights["given_name"]["Different"] < 0
    assert weights["place"]["Same village"] > weights["place"]["Same district"] > 0
    assert weights["age"]["Born more than 5 years apart"] < 0
    assert model.metadata["trained_on_records"] == 2800


def test_reviews_set_the_threshold_and_are_recorded(trained) -> None:  # type: ignore[no-untyped-def]
    _, records, truth = trained
    confirmed = [(a, b, True) for a, b in sorted(truth)[:40]]
    ids = [r.record_id for r in records]
    rejected = [(ids[n], ids[n + 1], False) for n in range(0, 40, 2)]
    model = train_model(records, labels=confirmed + rejected)
    assert model.metadata["confirmed_labels"] == 40
    assert model.metadata["rejected_labels"] == 20
    assert 0.5 <= model.default_threshold < 1


def test_labels_must_name_training_records(trained) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="labelled pair"):
        train_model(trained[1], labels=[("nobody", "else", True)])


def test_save_and_load_round_trip(model: MatchModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    model.save(path)
    loaded = MatchModel.load(path)
    assert loaded.version == model.version
    assert loaded.default_threshold == model.default_threshold
    assert loaded.metadata == model.metadata
    assert loaded.weights() == model.weights()
    assert json.loads(path.read_text())["format"] == "mukti-match-model"


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{"link_type": "dedupe_only"}')
    with pytest.raises(ModelError, match="Not a Mukti matching model"):
        MatchModel.load(path)
    path.write_text("not json")
    with pytest.raises(ModelError):
        MatchModel.load(path)


def test_a_model_of_another_shape_is_refused(model: MatchModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    model.save(path)
    document = json.loads(path.read_text())
    document["splink_settings"]["comparisons"].pop()
    path.write_text(json.dumps(document))
    with pytest.raises(ModelError, match="train a new model"):
        MatchModel.load(path)
