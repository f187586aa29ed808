"""A trained matching model: Splink's settings with every level's m and u, a version, the
threshold above which a pair is a candidate, and how it was trained.

The file is JSON. The model's shape (fields and levels) is written in code
(comparisons.py); the file carries the parameters, so one model runs on DuckDB and Spark.
A model whose shape differs from the code's is refused: train a new one.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import splink

from mukti.tracing.matching.comparisons import FIELDS, LinkType, settings_creator

FORMAT = "mukti-match-model"
FORMAT_VERSION = 1
DEFAULT_THRESHOLD = 0.9
DEFAULT_MODEL_FILE = "default_model.json"


class ModelError(ValueError):
    """A model file that cannot be used."""


def _shape(settings: dict[str, Any]) -> list[list[str]]:
    return [
        [str(level.get("label_for_charts")) for level in comparison["comparison_levels"]]
        for comparison in settings["comparisons"]
    ]


def shape_fingerprint(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(_shape(settings)).encode()).hexdigest()[:12]


def code_settings(
    *, dialect: str = "duckdb", link_type: LinkType = "dedupe_only"
) -> dict[str, Any]:
    return settings_creator(link_type=link_type).create_settings_dict(dialect)


def new_version(settings: dict[str, Any], *, now: datetime | None = None) -> str:
    """When it was trained, and a short hash of its parameters: "2026-11-23T10:15:00Z-3f2a"."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:4]
    return f"{stamp}-{digest}"


@dataclass
class MatchModel:
    settings: dict[str, Any]  # Splink's settings as trained (DuckDB SQL), m and u included
    version: str
    default_threshold: float = DEFAULT_THRESHOLD
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if shape_fingerprint(self.settings) != shape_fingerprint(code_settings()):
            raise ModelError(
                "The model's fields and levels differ from this version of the engine; "
                "train a new model."
            )
        if not 0 < self.default_threshold < 1:
            raise ModelError("The default threshold must be a probability between 0 and 1.")

    def save(self, path: Path) -> None:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "version": self.version,
            "default_threshold": self.default_threshold,
            "metadata": self.metadata,
            "splink_settings": self.settings,
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ModelError(f"Not a model file: {error.msg}") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ModelError("Not a Mukti matching model file.")
        if document.get("format_version") != FORMAT_VERSION:
            raise ModelError("The model file's format version is not supported.")
        return cls(
            settings=document["splink_settings"],
            version=str(document["version"]),
            default_threshold=float(document["default_threshold"]),
            metadata=dict(document.get("metadata") or {}),
        )

    @classmethod
    def load(cls, path: Path) -> MatchModel:
        return cls.from_json(path.read_text(encoding="utf-8"))

    @classmethod
    def default(cls) -> MatchModel:
        """The model shipped in the package, trained on the benchmark generator's data."""
        text = resources.files(__package__).joinpath(DEFAULT_MODEL_FILE).read_text("utf-8")
        return cls.from_json(text)

    def labels(self) -> dict[tuple[str, int], str]:
        """(field, comparison vector value) -> the level's words."""
        labels = {}
        for comparison in self.settings["comparisons"]:
            levels = comparison["comparison_levels"]
            top = sum(1 for level in levels if not level.get("is_null_level")) - 1
            value = top
            for level in levels:
                if level.get("is_null_level"):
                    labels[(comparison["output_column_name"], -1)] = level["label_for_charts"]
                else:
                    labels[(comparison["output_column_name"], value)] = level["label_for_charts"]
                    value -= 1
        return labels

    def splink_settings(
        self, *, dialect: str, link_type: LinkType, records_compared_against: int
    ) -> dict[str, Any]:
        """Settings for one run: the code's levels in the engine's SQL, this model's m and u,
        and a prior of one expected match among the records each is compared against."""
        settings = code_settings(dialect=dialect, link_type=link_type)
        for fresh, trained in zip(
            settings["comparisons"], self.settings["comparisons"], strict=True
        ):
            for fresh_level, trained_level in zip(
                fresh["comparison_levels"], trained["comparison_levels"], strict=True
            ):
                for key in ("m_probability", "u_probability"):
                    if key in trained_level:
                        fresh_level[key] = trained_level[key]
        settings["probability_two_random_records_match"] = prior(records_compared_against)
        return settings

    def weights(self) -> dict[str, dict[str, float]]:
        """Each level's match weight (without term-frequency adjustment), for documentation."""
        result: dict[str, dict[str, float]] = {}
        for comparison in self.settings["comparisons"]:
            levels = {}
            for level in comparison["comparison_levels"]:
                m, u = level.get("m_probability"), level.get("u_probability")
                if m and u:
                    levels[level["label_for_charts"]] = round(math.log2(m / u), 2)
            result[comparison["output_column_name"]] = levels
        return result


def prior(records_compared_against: int) -> float:
    """One expected true match among the records a person is compared against."""
    return min(0.5, 1.0 / max(2, records_compared_against))


def train_model(
    records: Sequence[Any],
    *,
    labels: Sequence[tuple[str, str, bool]] = (),
    engine: str = "duckdb",
    progress: Callable[[str], None] | None = None,
) -> MatchModel:
    """Train without labels (u by random sampling, then EM for m); confirmed reviews, when
    given, add an estimate of m, and confirmed with rejected ones set the threshold."""
    from mukti.tracing.matching.training import train

    return train(records, labels=labels, engine=engine, progress=progress)


def splink_version() -> str:
    return str(splink.__version__)


__all__ = ["FIELDS", "MatchModel", "ModelError", "train_model"]
