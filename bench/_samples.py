"""What the step-by-step diagnostics share: the command line (a run, `--model`) and one suite's saved eval
outputs of that model, read with `skd eval`'s own reader."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from specialist_kd import SKDError  # noqa: E402
from specialist_kd.evaluate import read_samples  # noqa: E402
from specialists._dates import DIRECTION_WORDS, MONTHS  # noqa: E402

# a numeric date read field by field in its stated order, then named, as read_dates writes it (days_between's
# default, weekday's option; `_dates.read_numeric`): "05/03/2024 (MM/DD/YYYY) reads month 05, day 03: May 3, 2024. "
READ = re.compile(r"(\d+)/(\d+)/(\d+) \((MM/DD|DD/MM)/YYYY\) reads (month|day) (\d+), (month|day) (\d+): "
                  r"([A-Z][a-z]+) (\d+), (\d+)\. ")


_FORWARD = [pair[0] for k, pair in DIRECTION_WORDS.items() if k != "sign"]


def forward(cue: str) -> bool:
    """Do a shift's words ("17 months before", "+ 3 months", "5 calendar years forward", as `_dates.shift_cue`
    finds them) go forward in time?"""
    return cue.startswith("+") or any(re.search(rf"\b{w}\b", cue) for w in _FORWARD)


class StepTally:
    """Right / checked per step over a suite's outputs, the steps in the order derivations take them, and the
    wrong answers by their first wrong step (what the step-by-step diagnostics print)."""

    def __init__(self) -> None:
        self.right: Counter[str] = Counter()
        self.seen: Counter[str] = Counter()
        self.firsts: Counter[str] = Counter()
        self.order: list[str] = []
        self.outputs = self.correct = self.read = 0

    def add(self, steps: dict[str, bool] | None, correct: bool, unread: str) -> None:
        """One output's steps in order (None: not in the form the script reads; a wrong one counts as `unread`)."""
        self.outputs += 1
        self.correct += correct
        if steps is None:
            if not correct:
                self.firsts[unread] += 1
            return
        self.read += 1
        add_in_order(self.order, list(steps))
        for k, ok in steps.items():
            self.seen[k] += 1
            self.right[k] += ok
        if not correct:
            self.firsts[next((k for k, ok in steps.items() if not ok), "every step holds")] += 1

    def print_steps(self) -> None:
        for k in self.order:
            print(f"  {self.right[k]:>4} / {self.seen[k]:<4} {k}")

    def print_firsts(self) -> None:
        if self.firsts:
            print(f"  wrong answers by their first wrong step ({sum(self.firsts.values())}):")
            for k, n in self.firsts.most_common():
                print(f"    {n:4d}  {k}")


def add_in_order(order: list[str], keys: list[str]) -> None:
    """Add `keys` (one derivation's steps, in order) to `order`, each new one after the step before it there, so
    steps that only some derivations have (a 12-hour reading, a ladder) print where they happen."""
    for i, k in enumerate(keys):
        if k not in order:
            order.insert(order.index(keys[i - 1]) + 1 if i else 0, k)


NUMERIC = re.compile(r"\((MM/DD/YYYY|DD/MM/YYYY)\)")
ISO = re.compile(r"\b\d{4}-\d\d-\d\d\b")
WORDS = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def date_style(question: str) -> str:
    """How a question writes its dates: the numeric order it states, "ISO", "words", or "-" (no date)."""
    m = NUMERIC.search(question)
    return m[1] if m else "ISO" if ISO.search(question) else "words" if WORDS.search(question) else "-"


def reading_named(r: re.Match) -> tuple[int, int, int]:
    """The date a reading (`READ`) names, as (year, month, day); month 0 for a name no month has."""
    return int(r[11]), MONTHS.index(r[9]) + 1 if r[9] in MONTHS else 0, int(r[10])


def reading_checks(r: re.Match, d: dt.date) -> dict[str, bool]:
    """A reading's (`READ`) fields, copied in the order the question states, and the date it names: `d`."""
    labels = ("month", "day") if r[4] == "MM/DD" else ("day", "month")
    in_order = (r[5], r[7]) == labels and (r[6], r[8]) == r.group(1, 2)
    return {"numeric date's fields copied in its stated order": in_order,
            "numeric date named": reading_named(r) == (d.year, d.month, d.day)}


def suite_outputs(doc: str, suite: str | None, argv: list[str] | None = None
                  ) -> tuple[argparse.Namespace, list[dict[str, Any]]]:
    """Parse `run [--model M]` (the help's first paragraph from `doc`; `run SUITE [--model M]` where `suite` is
    None) and return the arguments with the model's suite outputs from <run>/eval/samples.jsonl, in the order
    they were written; exits with a one-line error where there are none."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("run", type=Path, help="a run directory with eval/samples.jsonl")
    if suite is None:
        ap.add_argument("suite", help="the eval suite whose outputs to read")
    ap.add_argument("--model", default="student", help="the model column to read (default: student)")
    args = ap.parse_args(argv)
    suite = suite or args.suite
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
