"""Where a student's clock arithmetic goes wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/clock_steps.py runs/cd-3x-ll [--model student]

Reads <run>/eval/samples.jsonl, takes the `clock_add_minutes` outputs written in the calculator's form with its
default options (`skd solve clock_add_minutes time="7:59 PM" minutes=74`: "Start: 7:59 PM = 19:59. 74: 1 x 60 = 60;
74 - 60 = 14: 1 h 14 min. Minutes: 59 + 14 = 73; 73 - 60 = 13, one hour more. Hours: 19 + 1 + 1 = 21. Result: 21:13.
21:13 = 9:13 PM."; the borrow, "Minutes: 11 - 59 needs a borrow: 11 + 60 = 71; 71 - 59 = 12, one hour less."; `sums`
chains, `two_term_hours` and `twelve_steps` are read too) and checks each step on the numbers as written: the start
restated from the question (and read to 24 hours); the shift's split by 60 (the number copied, the quotient, the
product, the remainder reached); the minutes step (its operands the start's minutes and the split's remainder, its
sign the question's direction, every equation holding, the minutes reached, the hour carried or borrowed exactly
when the minutes pass the hour); the hours step (the start's hour, the split's hours, the carry, every equation, the
hour reached after at most one wrap past midnight); the result, its 12-hour form where the question has one, and the
answer line.

Prints right / checked per step, and the wrong answers by their first wrong step.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import StepTally, forward, suite_outputs  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims, parse_times  # noqa: E402
from specialists._dates import fmt_time, fmt_time12, shift_cue  # noqa: E402

# a 12-hour start read to 24 hours: "Start: 7:59 PM = 19:59." or, with `twelve_steps`, by its rule: "Start: 7:59
# PM: 7 + 12 = 19, so 19:59."; the result read back: "Result: 21:13. 21:13 = 9:13 PM." / "... 21 - 12 = 9, so 9:13 PM."
START = re.compile(r"Start: (\d{1,2}:\d\d(?: [AP]M)?)(?: = (\d\d:\d\d)|: [^.]*?, so (\d\d:\d\d))?\. ")
SPLIT = re.compile(r"(\d+): (\d+) x 60 = (\d+); (\d+) - (\d+) = (\d+): (\d+) h (\d+) min\. ")
# `sums` chains write a shift of 0 minutes as the minutes alone: "Minutes: 6."
MINUTES = re.compile(r"Minutes: (\d+)(?: ([+-]) (\d+)(.*?))?(?:, one hour (more|less))?\. (?=Hours|Result)")
HOURS = re.compile(r"Hours: (\d+)(.*?)\. (?=Result)")
RESULT = re.compile(r"Result: (\d\d):(\d\d)\.(?: (\d\d:\d\d) = (\d{1,2}:\d\d [AP]M)\."
                    r"| [^.]*?, so (\d{1,2}:\d\d [AP]M)\.)?")
_LAST = re.compile(r"= (-?\d+)(?: = -?\d+ x 24 \+ (\d+))?$")  # what a step's last equation reaches


def question(prompt: str) -> tuple[int, int, bool, bool] | None:
    """The question's start (minutes after midnight), its shift in minutes, whether it goes forward and whether
    it is asked on a 12-hour clock; None where the prompt does not hold one time and one shift."""
    times, amount = parse_times(prompt), re.search(r"\b(\d+) minutes\b", prompt)
    cue = shift_cue(prompt, f"{amount[1]} minutes") if amount else None
    if len(times) != 1 or cue is None:
        return None
    return times[0], int(amount[1]), forward(cue), bool(re.search(r"\d [AP]M\b", prompt))


def _reached(seg: str) -> int | None:
    m = _LAST.search(seg)
    return None if not m else int(m[2]) if m[2] else int(m[1])


def check(prompt: str, output: str) -> dict[str, bool] | None:
    """Each step of one derivation, in order, on the numbers as written; None where it is not in the form."""
    q, start, minutes, hours, result = (question(prompt), START.search(output), MINUTES.search(output),
                                        HOURS.search(output), RESULT.search(output))
    if q is None or not (start and minutes and result):
        return None
    t0, m, fwd, twelve = q
    read = start[2] or start[3]
    written24 = read or start[1]
    steps = {"start restated from the question": start[1] == (fmt_time12(t0) if twelve else fmt_time(t0))}
    if twelve:
        steps["start read to 24 hours"] = read == fmt_time(t0)
    h0, m0 = (int(x) for x in written24.split(":"))
    split = SPLIT.search(output)
    q_hours, rest = 0, m
    if split:
        n, qq, prod, n2, prod2, r, hh, mm = map(int, split.groups())
        steps["split: the shift copied from the question"] = n == m
        steps["split: the quotient by 60"] = qq == n // 60
        steps["split: the product"] = prod == qq * 60 and (n2, prod2) == (n, prod)
        steps["split: the remainder reached"] = r == n - prod
        steps["split: hours and minutes copied"] = (hh, mm) == (qq, r)
        q_hours, rest = hh, mm
    elif m >= 60:
        steps["split: the shift copied from the question"] = False
    a, sign, b, body, carry = minutes.groups()
    steps["minutes: the start's minutes and the split's remainder"] = (int(a), int(b or 0)) == (m0, rest)
    if sign:
        steps["minutes: the sign, the question's direction"] = (sign == "+") == fwd
    steps["minutes: every equation holds"] = all(_holds(v) for _, v in arithmetic_claims(minutes[0]))
    raw = int(a) + int(b) if sign == "+" else int(a) - int(b or 0)
    reached = _reached(f"{a} {sign} {b}{body}") if sign else int(a)
    steps["minutes: the minutes reached"] = reached == raw % 60
    steps["minutes: the hour carried exactly when past the hour"] = carry == (
        "more" if raw >= 60 else "less" if raw < 0 else None)
    c = {"more": 1, "less": -1, None: 0}[carry]
    sign = sign or ("+" if fwd else "-")  # the hours go the minutes' way as written, else the question's
    if hours:
        body = hours[2]
        first = re.match(r" ([+-]) (\d+)", body)
        want = (sign, q_hours) if q_hours else ("+" if c > 0 else "-", 1)  # the split's hours, else the carry
        steps["hours: the start's hour"] = int(hours[1]) == h0
        steps["hours: the split's hours (or the carry) next"] = bool(first) and (first[1], int(first[2])) == want
        steps["hours: every equation holds"] = all(_holds(v) for _, v in arithmetic_claims(hours[0]))
        raw_h = h0 + (q_hours if sign == "+" else -q_hours) + c
        steps["hours: the sum with the carry"] = bool(re.search(rf"= {raw_h}\b", body))
        steps["hours: the hour reached, one wrap at most"] = _reached(f"{hours[1]}{body}") == raw_h % 24
        hour = _reached(f"{hours[1]}{body}")
    else:
        steps["hours: none needed"] = not q_hours and not c
        hour = h0
    steps["result: the hour and minutes reached"] = (int(result[1]), int(result[2])) == (hour, reached)
    if twelve:
        hh, mm = int(result[1]), int(result[2])
        copied = result[3] is None or result[3] == f"{result[1]}:{result[2]}"  # the old form copies it first
        steps["result: read to 12 hours"] = hh < 24 and mm < 60 and copied and (result[4] or result[5]) == fmt_time12(
            hh * 60 + mm)
    answer = re.search(r"Answer:\s*(\d{1,2}:\d\d(?: [AP]M)?)", output)
    said = (result[4] or result[5]) if twelve else f"{result[1]}:{result[2]}"
    steps["answer line = the result"] = bool(answer) and answer[1] == said
    return steps


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, "clock_add_minutes", argv)
    tally = StepTally()
    for r in rows:
        tally.add(check(r["prompt"], r["output"] or ""), bool(r["correct"]), "not in the calculator's form")
    print(f"{args.run} ({args.model}): {tally.outputs} clock_add_minutes outputs, {tally.correct} right, "
          f"{tally.read} in the calculator's form")
    tally.print_steps()
    tally.print_firsts()

if __name__ == "__main__":
    main()
