"""How a student's arithmetic holds up by kind of equation, in any family (a diagnostic over a run's eval outputs).

    python bench/equation_kinds.py runs/clock-6x clock_add_minutes [--model student]

Reads <run>/eval/samples.jsonl and takes every equation the suite's outputs write (`skd eval`'s own reader of
claims, `evaluate.arithmetic_claims`: "26 + 53 = 79", "21 - 6 - 1 = 14", a chain "22 + 21 = 22 + 20 + 1 = 42 + 1
= 43"), whether or not the answer was right, and sorts it by its first side: two numbers added with or without a
carry out of the units ("26 + 53", "44 + 6"), subtracted with or without a borrow into the units ("73 - 33",
"85 - 58") or below zero ("2 - 39"), multiplied, or three terms and more; and by the digits of its largest
operand. An equation holds when every side has the same value; this checks the arithmetic as written, not
whether it was the step the question needed (the family diagnostics, bench/*_steps.py, check that).

Prints holds / found per kind and size, with the commonest false equations of each kind (written = true value).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import suite_outputs  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims  # noqa: E402

KINDS = ("+", "+ carry", "-", "- borrow", "- below zero", "x", "three terms or more", "other")
_TWO = re.compile(r"(-?\d+) ([+\-x]) (-?\d+)")


def kind(first_side: str) -> tuple[str, int]:
    """An equation's kind by its first side ("85 - 58": "- borrow") and the digits of its largest operand."""
    numbers = [abs(int(n)) for n in re.findall(r"-?\d+", first_side)]
    digits = len(str(max(numbers)))
    if len(numbers) > 2:
        return "three terms or more", digits
    m = _TWO.fullmatch(first_side.strip())
    if not m:
        return "other", digits
    a, op, b = int(m[1]), m[2], int(m[3])
    if op == "x":
        return "x", digits
    if op == "+":
        return ("+ carry" if a >= 0 and b >= 0 and a % 10 + b % 10 >= 10 else "+"), digits
    if a < b:
        return "- below zero", digits
    return ("- borrow" if a % 10 < b % 10 else "-"), digits


def tally(outputs: list[str]) -> tuple[Counter, Counter, dict[str, Counter]]:
    """(found, holding) per (kind, digits), and the false equations of each kind ("85 - 58 = 23 (27)")."""
    found: Counter = Counter()
    holding: Counter = Counter()
    wrong: dict[str, Counter] = {}
    for text in outputs:
        for claim, values in arithmetic_claims(text):
            k = kind(claim.split("=")[0])
            found[k] += 1
            if _holds(values):
                holding[k] += 1
            else:
                wrong.setdefault(k[0], Counter())[f"{claim} ({values[0]})"] += 1
    return found, holding, wrong


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, None, argv)
    found, holding, wrong = tally([r["output"] or "" for r in rows])
    print(f"{args.run} ({args.model}): {len(rows)} {args.suite} outputs, {sum(found.values())} equations, "
          f"{sum(holding.values())} hold")
    for k in KINDS:
        cells = sorted((d, found[kd], holding[kd]) for kd in found if kd[0] == k for d in [kd[1]])
        if not cells:
            continue
        hold, total = sum(h for _, _, h in cells), sum(f for _, f, _ in cells)
        by_size = ", ".join(f"{d} digit{'s' * (d > 1)} {h}/{f}" for d, f, h in cells)
        print(f"  {hold:>5} / {total:<5} {k:<20} ({by_size})")
        if k in wrong:
            print("        false: " + "; ".join(c for c, _ in wrong[k].most_common(4)))


if __name__ == "__main__":
    main()
