"""Where a student's month and year shifts go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/date_add_months_steps.py runs/md-3x-rdq [--model student]

Reads <run>/eval/samples.jsonl, takes the `date_add_months` outputs written in the calculator's form (`skd solve
date_add_months date=1948-01-10 months=14`, with `quote` and `year_digits`: 'Asked: "14 months after".
1948-01-10 + 14 months: 14 = 1 x 12 + 2: 1 year and 2 months forward. January is month 1; 1 + 2 = 3: March. 1948
ends in 48: 48 + 1 = 49, so 1949: March 1949.') and checks each step on the numbers as written: the question's
words on how far and which way copied (with `quote`); the header's start date, amount and unit against the
question's, and its sign against the question's direction (and against the quote's, where there is one); every
equation after the header; the month and year the derivation names last against the header's own start and
shift; the day, clamped to the month's length; the answer line against both.

Prints right / checked per step; right answers by question type (months, years), direction and wording (the
eval suite's two held-out templates: "Starting on ..., move N calendar ..." and "My subscription renews ...");
and the wrong answers by their first wrong step.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import StepTally, forward, suite_outputs  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims, parse_dates  # noqa: E402
from specialists._dates import MONTHS, month_len, shift_cue, shift_month  # noqa: E402

HEADER = re.compile(r"(\d{4})-(\d\d)-(\d\d) ([+-]) (\d+) (?:calendar )?(months?|years?):")
QUOTE = re.compile(r'Asked: "([^"]+)"\. ')
AMOUNT = re.compile(r"\b(\d+) (?:calendar )?(months?|years?)\b")
REACHED = re.compile(rf"\b({'|'.join(MONTHS)}) (\d+)\.")
def question(prompt: str) -> tuple[dt.date, int, str, str] | None:
    """The question's start date, amount, unit ("months"/"years") and its words on how far and which way."""
    dates, amount = parse_dates(prompt), AMOUNT.search(prompt)
    if len(dates) != 1 or not amount:
        return None
    cue = shift_cue(prompt, f"{amount[1]} {amount[2]}")
    if cue is None:
        return None
    return dates[0], int(amount[1]), amount[2].rstrip("s") + "s", cue


def wording(prompt: str) -> str:
    return "renews" if "renews" in prompt else "move ... calendar" if "calendar" in prompt else "other"


def check(prompt: str, output: str) -> dict[str, bool] | None:
    """Each step of one derivation, in order, on the numbers as written; None where the output has no header."""
    head = HEADER.search(output)
    q = question(prompt)
    if not head or q is None:
        return None
    start, k, unit, cue = q
    y, m, d, sign, written_k, written_unit = head.groups()
    steps: dict[str, bool] = {}
    quote = QUOTE.match(output)
    if quote:
        steps["quote: the question's words copied"] = quote[1] == cue
    steps["header: the start date"] = (int(y), int(m), int(d)) == (start.year, start.month, start.day)
    steps["header: the amount and unit"] = (int(written_k), written_unit.rstrip("s") + "s") == (k, unit)
    steps["header: the sign, the question's direction"] = (sign == "+") == forward(cue)
    if quote:
        steps["header: the sign, the quote's direction"] = (sign == "+") == forward(quote[1])
    body = output[head.end():].split("\nAnswer")[0]
    steps["every equation after the header holds"] = all(_holds(v) for _, v in arithmetic_claims(body))
    reached = REACHED.findall(body)
    shift = int(written_k) * (12 if written_unit.startswith("year") else 1) * (1 if sign == "+" else -1)
    ty, tm = shift_month(int(y), int(m), shift) if 1 <= int(m) <= 12 else (0, 0)
    if not 1 <= ty <= 9999:  # a month the header cannot name, or a year past the calendar's
        ty, tm = 0, 0
    steps["month and year reached, from the header"] = bool(reached) and (MONTHS.index(reached[-1][0]) + 1,
                                                                           int(reached[-1][1])) == (tm, ty)
    answer = re.search(r"Answer:\s*(\d{4})-(\d\d)-(\d\d)", output)
    day = min(int(d), month_len(ty, tm)) if ty else 0
    steps["answer: the month and year reached"] = bool(answer and reached) and (
        int(answer[1]), int(answer[2])) == (int(reached[-1][1]), MONTHS.index(reached[-1][0]) + 1)
    steps["answer: the day, clamped to the month"] = bool(answer) and int(answer[3]) == day
    return steps


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, "date_add_months", argv)
    tally, by = StepTally(), Counter()
    for r in rows:
        ok = bool(r["correct"])
        q = question(r["prompt"])
        if q:
            for key in (q[2], ("forward" if forward(q[3]) else "back"), wording(r["prompt"])):
                by[key] += 1
                by[key, "right"] += ok
        tally.add(check(r["prompt"], r["output"] or ""), ok, "no header in the calculator's form")
    print(f"{args.run} ({args.model}): {tally.outputs} date_add_months outputs, {tally.correct} right, {tally.read} "
          "with the calculator's header")
    tally.print_steps()
    print("  right by type, direction and wording: " + "; ".join(
        f"{k} {by[k, 'right']} of {by[k]}" for k in ("months", "years", "forward", "back", "renews",
                                                     "move ... calendar", "other") if by[k]))
    tally.print_firsts()

if __name__ == "__main__":
    main()
