"""What the step-by-step diagnostics share: the command line (a run, `--model`) and one suite's saved eval
outputs of that model, read with `skd eval`'s own reader."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from specialist_kd import SKDError  # noqa: E402
from specialist_kd.evaluate import read_samples  # noqa: E402


def suite_outputs(doc: str, suite: str, argv: list[str] | None = None
                  ) -> tuple[argparse.Namespace, list[dict[str, Any]]]:
    """Parse `run [--model M]` (the help's first paragraph from `doc`) and return the arguments with the
    model's `suite` outputs from <run>/eval/samples.jsonl, in the order they were written; exits with a
    one-line error where there are none."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("run", type=Path, help="a run directory with eval/samples.jsonl")
    ap.add_argument("--model", default="student", help="the model column to read (default: student)")
    args = ap.parse_args(argv)
    path = args.run / "eval" / "samples.jsonl"
    if not path.is_file():
        sys.exit(f"error: no {path}; run `skd eval` on {args.run} first")
    try:
        rows = read_samples(path.parent).get((suite, args.model), [])
    except SKDError as e:
        sys.exit(f"error: {e}")
    if not rows:
        sys.exit(f"error: no {suite} outputs of model {args.model!r} in {path}")
    return args, rows
