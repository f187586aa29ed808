"""Why a pair is a candidate: each compared field's level, in words, and its weight.

A weight is the log2 Bayes factor the field added: +3 makes the pair 8 times likelier to be
the same person, −3 eight times less likely, 0 when a value is missing on either side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from mukti.tracing.matching.comparisons import FIELDS
from mukti.tracing.matching.records import PersonRecord


@dataclass(frozen=True)
class FieldEvidence:
    field: str  # a comparison's name, e.g. "given_name", "age", "place", "father_name"
    label: str  # how the level reads to a caseworker
    left: str | None  # the value on each side, for the side-by-side page (already decrypted
    right: str | None  # in memory; never logged)
    match_weight: float  # log2 Bayes factor this field added (+ agrees, − disagrees, 0 missing)


@dataclass(frozen=True)
class Candidate:
    left_id: str
    right_id: str
    match_probability: float
    match_weight: float
    evidence: tuple[FieldEvidence, ...]


def display_value(record: PersonRecord | None, field: str) -> str | None:
    """The value a caseworker compares, as the record wrote it."""
    if record is None:
        return None
    if field == "given_name":
        if record.other_names and record.given_name:
            return f"{record.given_name} ({record.other_names})"
        return record.given_name or record.other_names
    if field == "age":
        if record.birth_date:
            return f"born {record.birth_date.isoformat()}"
        if record.age is not None and record.age_reported_on:
            return f"about {record.age} on {record.age_reported_on.isoformat()}"
        return None
    if field == "place":
        parts = [record.village, record.subdistrict, record.district, record.country]
        return ", ".join(p for p in parts if p) or None
    value = getattr(record, field)
    return None if value is None else str(value)


def field_weight(row: Mapping[str, object], field: str) -> float:
    """log2 of the field's Bayes factor, term-frequency adjustment included."""
    weight = float(row[f"mw_{field}"])  # type: ignore[arg-type]
    adjustment = row.get(f"mw_tf_adj_{field}")
    if adjustment is not None:
        weight += float(adjustment)  # type: ignore[arg-type]
    return weight if math.isfinite(weight) else 0.0


def candidate_from_row(
    row: Mapping[str, object],
    *,
    labels: Mapping[tuple[str, int], str],
    left: PersonRecord | None,
    right: PersonRecord | None,
) -> Candidate:
    """A Candidate from one scored pair of Splink's output (with intermediate columns)."""
    evidence = tuple(
        FieldEvidence(
            field=field,
            label=labels[(field, int(row[f"gamma_{field}"]))],  # type: ignore[call-overload]
            left=display_value(left, field),
            right=display_value(right, field),
            match_weight=round(field_weight(row, field), 3),
        )
        for field in FIELDS
    )
    return Candidate(
        left_id=str(row["unique_id_l"]),
        right_id=str(row["unique_id_r"]),
        match_probability=float(row["match_probability"]),  # type: ignore[arg-type]
        match_weight=float(row["match_weight"]),  # type: ignore[arg-type]
        evidence=evidence,
    )
