"""Does the student compute its rationale's arithmetic, or look it up? (a diagnostic over a finished run)

    python bench/steps_by_exposure.py runs/dad-lf-12x [--model student] [--suite date_add_days]

Takes every equation in the models' eval outputs (<run>/eval/samples.jsonl; the claims `skd eval` checks,
"98 - 9 = 89") and counts how often its left-hand side ("98 - 9") was written in the rows the student trained
on (<run>/build/train.parquet's ids, their responses from <run>/generate/*.parquet). Prints, per model and
exposure bin, the equations that hold of those found. A model that computes gets an equation right as often
whether it saw those numbers 0 or 30 times; one that looks its sums up is right on the equations it saw often
and wrong on the rare ones.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from specialist_kd import SKDError  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims, read_samples  # noqa: E402

BINS = ((0, 0), (1, 2), (3, 7), (8, 20), (21, None))  # times the left-hand side was written in training


def _lhs(claim: str) -> str:
    return " ".join(claim.split("=")[0].split())


def training_exposure(run: Path) -> Counter[str]:
    """Left-hand side of each equation -> how many times the training rows' responses write it."""
    import pyarrow.parquet as pq

    train = run / "build" / "train.parquet"
    if not train.is_file():
        raise SKDError(f"{train} not found: pass a run directory that `skd build` has written")
    ids = set(pq.read_table(train, columns=["id"]).column("id").to_pylist())
    seen: Counter[str] = Counter()
    for shard in sorted((run / "generate").glob("*.parquet")):
        for row in pq.read_table(shard, columns=["id", "response"]).to_pylist():
            if row["id"] in ids and row["response"]:
                seen.update(_lhs(claim) for claim, _ in arithmetic_claims(row["response"]))
    return seen


def _bin(k: int) -> str:
    for lo, hi in BINS:
        if hi is None or k <= hi:
            return f"{lo}+" if hi is None else str(lo) if lo == hi else f"{lo}-{hi}"
    raise AssertionError(k)


def by_exposure(run: Path, model: str | None = None, suite: str | None = None) -> dict[str, dict[str, list[int]]]:
    """model -> {exposure bin: [equations that hold, equations found]} over the eval outputs."""
    seen = training_exposure(run)
    out: dict[str, dict[str, list[int]]] = {}
    for (s, m), samples in read_samples(run / "eval").items():
        if (model and m != model) or (suite and s != suite):
            continue
        cells = out.setdefault(m, {})
        for sample in samples:
            for claim, values in arithmetic_claims(sample["output"]):
                cell = cells.setdefault(_bin(seen[_lhs(claim)]), [0, 0])
                cell[0] += _holds(values)
                cell[1] += 1
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--model", help="only this model (e.g. student, student@1080)")
    ap.add_argument("--suite", help="only this suite")
    args = ap.parse_args(argv)
    try:
        table = by_exposure(args.run, args.model, args.suite)
    except SKDError as e:
        sys.exit(f"error: {e}")
    bins = [_bin(lo) for lo, _ in BINS]
    print("| model | " + " | ".join(f"seen {b}" for b in bins) + " |")
    print("|---|" + "---|" * len(bins))
    for m, cells in table.items():
        row = [f"{h} of {n} ({100 * h / n:.1f}%)" if n else "—" for h, n in (cells.get(b, [0, 0]) for b in bins)]
        print(f"| {m} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
