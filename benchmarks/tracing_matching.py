"""Matching accuracy and speed on generated reports and found persons with ground truth.

Targets (issue 4): precision ≥ 0.98 and recall ≥ 0.95 at the model's default threshold;
one interactive match against 1,000,000 reports under 500 ms median; batch linking of
100,000 found persons against 1,000,000 reports under 10 minutes on this 2-core machine
with peak memory (RSS of the process and its children) under 6 GB.

Each part runs in a process of its own so that its peak memory is its own; generating the
data is not timed. Full sizes take a while (the generator alone needs ~2 minutes for
1,000,000 reports); smaller sizes for a quick run:

    .venv/bin/python benchmarks/tracing_matching.py                       # full sizes
    .venv/bin/python benchmarks/tracing_matching.py --reports 100000 --found 10000
    .venv/bin/python benchmarks/tracing_matching.py --engine spark --reports 20000 --found 2000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_PRECISION = 0.98
TARGET_RECALL = 0.95
TARGET_SEARCH_MS = 500
TARGET_BATCH_S = 600
TARGET_MEMORY_GB = 6.0
TRADE_OFF = (0.3, 0.5, 0.77, 0.9, 0.95, 0.99)


class PeakMemory:
    """Samples the RSS of this process and all its descendants (Spark's JVM included)."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _tree_rss(pid: int) -> int:
        total, todo = 0, [pid]
        while todo:
            current = todo.pop()
            try:
                with open(f"/proc/{current}/statm") as statm:
                    total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                for task in os.listdir(f"/proc/{current}/task"):
                    with open(f"/proc/{current}/task/{task}/children") as children:
                        todo.extend(int(c) for c in children.read().split())
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss(os.getpid()))
            self._stop.wait(self.interval)


def _data(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from benchmarks.tracing_data import generate

    started = time.perf_counter()
    data = generate(reports=args.reports, found=args.found, seed=args.seed)
    print(
        f"  generated {len(data.reports):,} reports and {len(data.found):,} found persons "
        f"in {time.perf_counter() - started:.0f} s (not timed below)",
        file=sys.stderr,
    )
    return data


def _model(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from mukti.tracing.matching.model import MatchModel

    return MatchModel.load(args.model) if args.model else MatchModel.default()


def part_search(args: argparse.Namespace) -> dict[str, object]:
    from mukti.tracing.matching.index import ReportIndex

    data = _data(args)
    model = _model(args)
    with PeakMemory() as memory:
        started = time.perf_counter()
        index = ReportIndex.build(data.reports, model=model)
        build_s = time.perf_counter() - started
        people = data.found[: args.searches]
        index.search(people[0])  # warm: term frequencies and caches, as a server would be
        times = []
        for person in people:
            started = time.perf_counter()
            index.search(person, limit=10)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "build_s": build_s,
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, int(len(times) * 0.95) - 1)],
        "searches": len(times),
        "peak_gb": memory.peak / 1e9,
    }


def part_batch(args: argparse.Namespace) -> dict[str, object]:
    from mukti.tracing.matching.batch import link

    data = _data(args)
    model = _model(args)
    truth = data.true_links()
    # Pairs down to a lower threshold too, to show the trade-off around the default.
    lowest = min(TRADE_OFF[0], model.default_threshold)
    with PeakMemory() as memory:
        started = time.perf_counter()
        scored = {
            (c.left_id, c.right_id): c.match_probability
            for c in link(
                data.found, data.reports, model=model, engine=args.engine, threshold=lowest
            )
        }
        wall_s = time.perf_counter() - started

    def accuracy(threshold: float) -> tuple[int, float, float]:
        pairs = {pair for pair, p in scored.items() if p >= threshold}
        true_positives = len(pairs & truth)
        return len(pairs), true_positives / max(1, len(pairs)), true_positives / max(1, len(truth))

    count, precision, recall = accuracy(model.default_threshold)
    return {
        "wall_s": wall_s,
        "peak_gb": memory.peak / 1e9,
        "pairs": count,
        "true_pairs": len(truth),
        "precision": precision,
        "recall": recall,
        "threshold": model.default_threshold,
        "model": model.version,
        "trade_off": [(t, *accuracy(t)[1:]) for t in TRADE_OFF],
    }


def _run_part(part: str, argv: list[str]) -> dict[str, object]:
    command = [sys.executable, __file__, "--part", part, *argv]
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)  # noqa: S603
    return json.loads(result.stdout.strip().splitlines()[-1])


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--found", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--model", type=Path, help="a model file (default: the shipped one)")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--part", choices=("search", "batch"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        result = part_search(args) if args.part == "search" else part_batch(args)
        print(json.dumps(result))
        return
    argv = [a for a in sys.argv[1:] if a not in ("--skip-search", "--skip-batch")]
    load = os.getloadavg()
    print(
        f"Matching benchmark: {args.reports:,} reports, {args.found:,} found persons, "
        f"seed {args.seed}, engine {args.engine}, {os.cpu_count()} cores, "
        f"load average before {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    if not args.skip_search:
        s = _run_part("search", argv)
        print(
            f"  interactive search ({s['searches']} people against {args.reports:,} reports): "
            f"median {s['median_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms "
            f"(index built in {s['build_s']:.0f} s, peak {s['peak_gb']:.1f} GB)   "
            f"{_verdict(float(s['median_ms']) < TARGET_SEARCH_MS)}"
        )  # type: ignore[arg-type]
    if not args.skip_batch:
        b = _run_part("batch", argv)
        print(
            f"  batch link ({args.found:,} found × {args.reports:,} reports, {args.engine}): "
            f"{b['wall_s']:.0f} s wall, peak memory {b['peak_gb']:.2f} GB   "
            f"{_verdict(float(b['wall_s']) < TARGET_BATCH_S)} / "  # type: ignore[arg-type]
            f"{_verdict(float(b['peak_gb']) < TARGET_MEMORY_GB)}"
        )  # type: ignore[arg-type]
        print(
            f"  accuracy at the default threshold {b['threshold']} (model {b['model']}): "
            f"precision {b['precision']:.3f} {_verdict(float(b['precision']) >= TARGET_PRECISION)}, "  # type: ignore[arg-type]  # noqa: E501
            f"recall {b['recall']:.3f} {_verdict(float(b['recall']) >= TARGET_RECALL)} "  # type: ignore[arg-type]
            f"({b['pairs']:,} pairs found, {b['true_pairs']:,} true pairs)"
        )
        trade_off = b["trade_off"]
        assert isinstance(trade_off, list)
        print("  trade-off: " + ", ".join(f"{t}: P {p:.3f} R {r:.3f}" for t, p, r in trade_off))
    load = os.getloadavg()
    print(f"  load average after {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
