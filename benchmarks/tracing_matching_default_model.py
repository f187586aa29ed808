"""Train the model shipped in the package (mukti/tracing/matching/default_model.json).

It is trained on the benchmark generator's data with another seed than the benchmark's
(so the benchmark measures data the model has not seen): u from random pairs, m by EM, then
"reviews" taken from the generator's ground truth — confirmed pairs and rejected
look-alikes — add an estimate of m and set the default threshold, as a programme's own
reviews would.

    .venv/bin/python benchmarks/tracing_matching_default_model.py [--reports 50000 --found 5000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.tracing_data import generate  # noqa: E402
from mukti.tracing.matching.batch import link  # noqa: E402
from mukti.tracing.matching.model import train_model  # noqa: E402

SEED = 101  # the benchmark uses 7
OUT = Path(__file__).resolve().parent.parent / "mukti/tracing/matching/default_model.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--found", type=int, default=5_000)
    parser.add_argument("--reviews", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(reports=args.reports, found=args.found, seed=SEED)
    records = data.reports + data.found
    print(f"{len(data.reports):,} reports, {len(data.found):,} found persons", file=sys.stderr)
    first = train_model(records, progress=lambda m: print("  " + m, file=sys.stderr))
    truth = data.true_links() | data.true_duplicates()
    rng = random.Random(SEED)
    confirmed = rng.sample(sorted(truth), min(args.reviews, len(truth)))
    look_alikes = sorted(
        (c.left_id, c.right_id)
        for c in link(data.found, data.reports, model=first, threshold=0.05)
        if (c.left_id, c.right_id) not in truth
    )
    rejected = rng.sample(look_alikes, min(args.reviews // 2, len(look_alikes)))
    labels = [(a, b, True) for a, b in confirmed] + [(a, b, False) for a, b in rejected]
    model = train_model(records, labels=labels, progress=lambda m: print("  " + m, file=sys.stderr))
    model.metadata["trained_on"] = (
        f"benchmarks/tracing_data.py seed {SEED}: {len(data.reports):,} reports, "
        f"{len(data.found):,} found persons; reviews from its ground truth"
    )
    model.save(args.out)
    print(
        f"Model {model.version}, default threshold {model.default_threshold}, "
        f"{len(confirmed)} confirmed and {len(rejected)} rejected reviews, "
        f"{time.perf_counter() - started:.0f} s -> {args.out}"
    )


if __name__ == "__main__":
    main()
