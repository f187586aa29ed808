"""`mukti match`: record linkage for people who hold their own data, from CSV files.

    mukti match link LEFT.csv RIGHT.csv --out pairs.csv [--threshold P] [--engine duckdb|spark]
    mukti match dedupe FILE.csv --out clusters.csv [--pairs pairs.csv] [...]
    mukti match train FILE.csv --out model.json [--labels labels.csv]

The CSVs use the canonical columns (docs/matching.md); a bad row refuses the whole file,
naming the row and the reason, and nothing is written. Progress goes to stderr; names and
other values never do.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.tracing.matching.batch import dedupe, link
from mukti.tracing.matching.engines import ENGINES
from mukti.tracing.matching.model import MatchModel, ModelError, train_model
from mukti.tracing.matching.records import PersonRecord, RecordError, read_csv


def _records(path: Path) -> list[PersonRecord]:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        return read_csv(path)
    except RecordError as error:
        raise CommandError(f"{path}: row {error.row}: {error.reason}; nothing written") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 CSV file; nothing written") from None


def _write_atomically(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write to a temporary file beside `path` and rename it, so a failure leaves nothing."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CommandError(f"{path}: the folder does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".mukti-", suffix=".csv", dir=directory)
    count = 0
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


class Command(BaseCommand):
    help = "Find the same person across two CSV files, or within one, with the matching model."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        link_parser = commands.add_parser("link", help="pairs between LEFT.csv and RIGHT.csv")
        link_parser.add_argument("left", type=Path)
        link_parser.add_argument("right", type=Path)
        dedupe_parser = commands.add_parser("dedupe", help="clusters of the same person")
        dedupe_parser.add_argument("file", type=Path)
        dedupe_parser.add_argument("--pairs", type=Path, help="also write the pairs here")
        for sub in (link_parser, dedupe_parser):
            sub.add_argument("--out", type=Path, required=True)
            sub.add_argument("--threshold", type=float, help="lowest match probability written")
            sub.add_argument("--engine", choices=ENGINES, default="duckdb")
            sub.add_argument("--model", type=Path, help="a model file (default: the shipped one)")
        train_parser = commands.add_parser("train", help="train a model on FILE.csv")
        train_parser.add_argument("file", type=Path)
        train_parser.add_argument("--out", type=Path, required=True)
        train_parser.add_argument(
            "--labels", type=Path, help="reviewed pairs: left_id,right_id,same (yes/no)"
        )
        train_parser.add_argument("--engine", choices=ENGINES, default="duckdb")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        threshold = options.get("threshold")
        if threshold is not None and not 0 <= threshold <= 1:
            raise CommandError("--threshold must be a probability between 0 and 1")
        if action == "link":
            self._link(options)
        elif action == "dedupe":
            self._dedupe(options)
        else:
            self._train(options)

    def _model(self, path: Path | None) -> MatchModel:
        if path is None:
            return MatchModel.default()
        try:
            return MatchModel.load(path)
        except (OSError, ModelError, KeyError) as error:
            raise CommandError(f"{path}: {error}") from None

    def _progress(self) -> Callable[[float, str], None]:
        def show(fraction: float, message: str) -> None:
            sys.stderr.write(f"\r{fraction:4.0%}  {message:<40}")
            if fraction >= 1:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return show

    def _link(self, options: dict[str, Any]) -> None:
        left, right = _records(options["left"]), _records(options["right"])
        model = self._model(options["model"])
        pairs = link(
            left,
            right,
            model=model,
            engine=options["engine"],
            threshold=options["threshold"],
            progress=self._progress(),
        )
        count = _write_atomically(
            options["out"],
            ("left_id", "right_id", "match_probability", "match_weight"),
            (
                (c.left_id, c.right_id, f"{c.match_probability:.6f}", f"{c.match_weight:.3f}")
                for c in pairs
            ),
        )
        self.stdout.write(f"{count} pairs written to {options['out']} (model {model.version})")

    def _dedupe(self, options: dict[str, Any]) -> None:
        records = _records(options["file"])
        model = self._model(options["model"])
        pairs, clusters = dedupe(
            records,
            model=model,
            engine=options["engine"],
            threshold=options["threshold"],
            progress=self._progress(),
        )
        if options["pairs"]:
            _write_atomically(
                options["pairs"],
                ("left_id", "right_id", "match_probability", "match_weight"),
                (
                    (c.left_id, c.right_id, f"{c.match_probability:.6f}", f"{c.match_weight:.3f}")
                    for c in pairs
                ),
            )
        _write_atomically(options["out"], ("record_id", "cluster_id"), sorted(clusters.items()))
        merged = len(clusters) - len(set(clusters.values()))
        self.stdout.write(
            f"{len(set(clusters.values()))} people among {len(clusters)} records "
            f"({merged} records joined to another) written to {options['out']}"
        )

    def _train(self, options: dict[str, Any]) -> None:
        records = _records(options["file"])
        labels = _labels(options["labels"]) if options["labels"] else []
        try:
            model = train_model(
                records,
                labels=labels,
                engine=options["engine"],
                progress=_say,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        model.save(options["out"])
        self.stdout.write(
            f"Model {model.version} written to {options['out']} "
            f"(default threshold {model.default_threshold})"
        )


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


def _labels(path: Path) -> list[tuple[str, str, bool]]:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    labels = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not {"left_id", "right_id", "same"} <= set(reader.fieldnames or []):
            raise CommandError(f"{path}: row 1: the columns must be left_id, right_id, same")
        for number, row in enumerate(reader, start=2):
            same = (row["same"] or "").strip().casefold()
            if same not in {"yes", "no", "true", "false", "1", "0"}:
                raise CommandError(f"{path}: row {number}: same must be yes or no")
            labels.append((row["left_id"], row["right_id"], same in {"yes", "true", "1"}))
    return labels
