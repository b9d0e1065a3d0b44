"""Where a student's from_seconds splits go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/duration_steps.py runs/cd-3x-ll [--model student]

Reads <run>/eval/samples.jsonl, takes the `duration` outputs to from_seconds questions (a number of seconds to
split into hours, minutes and seconds; told by the words `duration.CUES` lists for them) written in the
calculator's two-term form (`two_term`, the default: "27798: 7 x 3600 = 25200; 27798 - 25200 = 2598. 2598: 43 x
60 = 2580; 2598 - 2580 = 18. So 7 h 43 min 18 s."; with `lead_digits` each subtraction by leading digits,
"27798 - 25200: 27 - 25 = 2, so 2798; 27 - 2 = 25, so 2598"; with `ladder` the multiples of 3600 counted up
first, "27798: 3600 (1), ..., 28800 (8) is more than 27798, so 7 x 3600 = 25200"), and checks each step on the
numbers as written: the number copied from the question; the ladder, where there is one (every multiple right,
the counts in order, stopped at the first multiple past the number, the quotient one less than that count);
the quotient by 3600 and its product; the subtraction written as the calculator writes it for those two numbers
(`_dates.lead_sub` with `lead_digits`: every equation of it can hold and the step still be wrong, a hundreds
step copied from 3600's 6 where the product has none) and the remainder it reaches; the same for the split by
60; the answer line against the three numbers reached.

With `brackets` (session 58) the split is in hundreds of seconds, each quotient between two rows of a short
table ("28073 s is 280 hundreds and 73. Hours: 7 h = 252 hundreds, 8 h = 288; 252 <= 280 < 288, so 7 h. 280 -
252 = 28, so 2873 s left. Tens of minutes: ... Minutes: ... 473 - 420 = 53 s. 40 + 7 = 47 min."); each
bracket is checked for the number it brackets (the one before it), its two rows (the table's, consecutive),
whether it holds the number, the row it says, and the subtraction and the seconds left after it.

With `long_division` (session 59) each split by 60 is its tens divided by 6 by long division ("21286 s is 2128
tens and 6 s. 2128 / 6: 21: 3 x 6 = 18, 21 - 18 = 3; 3 and 2 make 32: ... So 354 min and 4 tens and 6 s: 40 +
6 = 46 s. 354 min is 35 tens and 4 min. 35 / 6: ... So 5 h and 5 tens and 4 min: 50 + 4 = 54 min. So 5 h 54
min 46 s."); each division is checked for its tens and units digit, the first number divided (the leading
digits up to the first of 6 or more), each step's digit (the largest whose product fits), product and
subtraction, each digit brought down (the remainder and the next digit of the tens), each quotient so far
where written (`running_quotient`, session 60: "..., 32 - 30 = 2, quotient 35; ..."), the digits still to come
where written (`digits_to_come`, session 61: "3 and 2 make 32, 8 to come: ..."), the quotient (its steps'
digits), and the remainder and units digit summed; then the minutes carried into the second division and the
answer.

Prints right / checked per step, each split's remainder where its quotient and product are right, and the wrong
answers by their first wrong step.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import StepTally, suite_outputs  # noqa: E402
from specialists._dates import lead_sub  # noqa: E402
from specialists.duration import CUES  # noqa: E402

# one split: "N: [ladder is more than N, so ]Q x UNIT = P; SUBTRACTION"
SPLIT = r"(\d+): (?:((?:\d+ \(\d+\), )*\d+ \(\d+\)) is more than \d+, so )?(\d+) x {unit} = (\d+); (.+?)"
FORM = re.compile(SPLIT.format(unit=3600) + r"\. " + SPLIT.format(unit=60) + r"\. So (\d+) h (\d+) min (\d+) s\.")
_REACHED = re.compile(r"(?:= |so )(\d+)$")  # the number a subtraction ends on
# `brackets`: "N s is H hundreds and LL. Hours: ROW. A - B = D, so L s left. Tens of minutes: ROW. ... Minutes:
# ROW. A - B = S s. T + M = TM min. So h h m min s s.", each ROW "K h = LO hundreds, K1 h = HI; LO <= X < HI, so
# K' h"
_ROW = r"(\d+) {u} = (\d+) {of}, (\d+) {u} = (\d+); (\d+) <= (\d+) < (\d+), so (\d+) {u}\. (\d+) - (\d+) = (\d+)"
BRACKETS = re.compile(
    r"(\d+) s is (\d+) hundreds and (\d+)\. Hours: " + _ROW.format(u="h", of="hundreds") + r", so (\d+) s left\. "
    r"Tens of minutes: " + _ROW.format(u="min", of="hundreds") + r", so (\d+) s left\. "
    r"Minutes: " + _ROW.format(u="min", of="s") + r" s\. (\d+) \+ (\d+) = (\d+) min\. So (\d+) h (\d+) min (\d+) s\.")
# `long_division`: "X s is T tens and U s. T / 6: STEPS. So Q min and R tens and U s: R0 + U = S s. " and the same
# for the minutes into hours, then "So h h m min s s."; each step "[R and D make ]P: D x 6 = P6, P - P6 = R"
_DIVISION = (r"(\d+) {small} is (\d+) tens and (\d+) {small}\. (\d+) / 6: (.*?)\. So (\d+) {big} and (\d+) tens and "
             r"(\d+) {small}: (\d+) \+ (\d+) = (\d+) {small}\. ")
LONG_DIVISION = re.compile(_DIVISION.format(small="s", big="min") + _DIVISION.format(small="min", big="h")
                           + r"So (\d+) h (\d+) min (\d+) s\.")
# (with `running_quotient`, session 60, each step ends ", quotient Q", the quotient so far; with `digits_to_come`,
# session 61, each number divided is followed by ", D D to come: " or ", none to come: ")
_DIVISION_STEP = re.compile(r"(?:(\d+) and (\d+) make )?(\d+)(?:, ((?:\d )*\d|none) to come)?: (\d+) x 6 = (\d+), "
                            r"(\d+) - (\d+) = (\d+)(?:, quotient (\d+))?")
# each bracket's table: (a row's count per step, the row's value per step)
TABLES = {"hours": (1, 36), "tens of minutes": (10, 6), "minutes": (1, 60)}


def is_from_seconds(prompt: str) -> bool:
    return any(cue in prompt for cue in CUES["from_seconds"])


def subtractions(n: int, m: int) -> set[str]:
    """The subtraction n - m as the calculator writes it, plain or by leading digits (none for an m past n)."""
    return {f"{n} - {m} = {n - m}", lead_sub(n, m)} if 0 <= m <= n else set()


def split_steps(n: int, ladder: str | None, q: int, product: int, sub: str, unit: int, name: str
                ) -> tuple[dict[str, bool], int | None]:
    """The steps of one split of `n` by `unit`, and the remainder its subtraction reaches (None: unreadable)."""
    steps: dict[str, bool] = {}
    if ladder is not None:
        rungs = [(int(a), int(k)) for a, k in re.findall(r"(\d+) \((\d+)\)", ladder)]
        steps[f"{name}: the ladder's multiples right"] = all(a == k * unit for a, k in rungs)
        steps[f"{name}: the ladder counted in order"] = [k for _, k in rungs] == list(range(1, len(rungs) + 1))
        steps[f"{name}: the ladder stops at the first multiple past n"] = (
            rungs[-1][0] > n and (len(rungs) == 1 or rungs[-2][0] <= n))
        steps[f"{name}: the quotient is the ladder's last count - 1"] = q == rungs[-1][1] - 1
    steps[f"{name}: the quotient"] = q == n // unit
    steps[f"{name}: the product"] = product == q * unit
    steps[f"{name}: the subtraction, as the calculator writes it"] = sub in subtractions(n, product)
    m = _REACHED.search(sub)
    reached = int(m[1]) if m else None
    steps[f"{name}: the remainder reached"] = reached == n - product
    return steps, reached


def unread(output: str) -> str:
    """Why an output is not in the form: a ladder of multiples that never reaches "is more than" (it counts on
    past the number until the token budget cuts it), or another form."""
    if re.match(r"(?:Asked: [^.]*\. [^.]*\. )?\d+: 3600 \(1\), ", output) and "is more than" not in output:
        return "the ladder never stops (counted past the number until cut)"
    return "not in one of the calculator's forms"


def check(m: re.Match, prompt: str) -> dict[str, bool]:
    """Each step of one from_seconds derivation (`FORM`), in order, on the numbers as written."""
    n, ladder, q, product, sub, n2, ladder2, q2, product2, sub2, h, mi, s = m.groups()
    n, q, product, n2, q2, product2 = map(int, (n, q, product, n2, q2, product2))
    asked = [int(x) for x in re.findall(r"\d+", prompt)]
    steps = {"the number copied from the question": asked == [n]}
    hours, rest = split_steps(n, ladder, q, product, sub, 3600, "hours")
    steps.update(hours)
    steps["minutes: the remainder copied"] = n2 == rest
    minutes, secs = split_steps(n2, ladder2, q2, product2, sub2, 60, "minutes")
    steps.update(minutes)
    steps["the answer: hours, minutes and seconds reached"] = (int(h), int(mi), int(s)) == (q, q2, secs)
    return steps


def bracket_steps(name: str, x_was: int, row: tuple[int, ...]) -> tuple[dict[str, bool], int, int]:
    """One `brackets` row and the subtraction after it, on the numbers as written; `x_was` is the number it
    must bracket. Returns the steps, the row said and the difference reached."""
    k, lo, k1, hi, lo2, x, hi2, said, a, b, d = row
    per, step = TABLES[name]
    steps = {f"{name}: the number bracketed": x == x_was,
             f"{name}: the two rows, the table's": k % per == 0 and lo == k // per * step and k1 == k + per
             and hi == lo + step and (lo2, hi2) == (lo, hi),
             f"{name}: the bracket holds the number": lo <= x < hi,
             f"{name}: the row said": said == k,
             f"{name}: the subtraction": (a, b) == (x, lo) and a - b == d}
    return steps, said, d


def check_brackets(m: re.Match, prompt: str) -> dict[str, bool]:
    """Each step of one `brackets` derivation (`BRACKETS`), in order, on the numbers as written."""
    g = [int(v) for v in m.groups()]
    n, hundreds, last = g[:3]
    rows = {"hours": g[3:14], "tens of minutes": g[15:26], "minutes": g[27:38]}
    lefts = {"hours": g[14], "tens of minutes": g[26]}
    t, mi, tm, ah, am, asec = g[38:]
    asked = [int(x) for x in re.findall(r"\d+", prompt)]
    steps = {"the number copied from the question": asked == [n],
             "the hundreds and the last two digits": (hundreds, last) == divmod(n, 100)}
    x_was, said = hundreds, {}
    for name, row in rows.items():
        row_steps, said[name], d = bracket_steps(name, x_was, tuple(row))
        steps.update(row_steps)
        if name in lefts:
            steps[f"{name}: the seconds left"] = lefts[name] == d * 100 + last
            x_was = d if name == "hours" else lefts[name]
    secs = d  # the minutes' subtraction, the last, leaves the seconds
    steps["the minutes summed"] = (t, mi) == (said["tens of minutes"], said["minutes"]) and tm == t + mi
    steps["the answer: hours, minutes and seconds reached"] = (ah, am, asec) == (said["hours"], tm, secs)
    return steps


def division_steps(name: str, x_was: int, g: tuple[str, ...]) -> tuple[dict[str, bool], int, int]:
    """One `long_division` split of `x_was` by 60 (`_DIVISION`'s groups), on the numbers as written. Returns
    the steps, the quotient and the remainder (seconds or minutes) it reaches."""
    x, tens, unit, tens2, text, q, r, unit2, r10, unit3, total = g
    steps = {f"{name}: the number divided": int(x) == x_was,
             f"{name}: its tens and units digit": (int(tens), int(unit)) == divmod(int(x), 10) and tens2 == tens}
    parts = [_DIVISION_STEP.fullmatch(t) for t in text.split("; ")]
    read = all(parts)
    checks = Counter()
    pos, rem, digits = 0, None, []
    for sm in parts if read else []:
        prev, nxt, part, come, d, prod, a, b, left, so_far = sm.groups()
        if prev is None:  # the first step: the leading digits up to the first number of 6 or more
            checks["first"] += pos == 0 and tens.startswith(part) and (int(part) >= 6 or part == tens) and (
                len(part) == 1 or int(part[:-1]) < 6)
            pos = len(part)
        else:
            checks["brought"] += (rem is not None and int(prev) == rem and pos < len(tens) and nxt == tens[pos]
                                  and int(part) == 10 * int(prev) + int(nxt))
            pos += 1
        checks["digit"] += 0 <= int(part) - 6 * int(d) < 6
        checks["product"] += int(prod) == 6 * int(d)
        checks["subtraction"] += (int(a), int(b)) == (int(part), int(prod)) and int(a) - int(b) == int(left)
        rem = int(left)
        digits.append(d)
        checks["to come"] += come is not None
        checks["to come right"] += come is not None and come == (" ".join(tens[pos:]) or "none")
        checks["running"] += so_far is not None
        checks["so far"] += so_far is not None and int(so_far) == int("".join(digits))
    n = len(parts) if read else -1
    steps[f"{name}: each step in the form"] = read
    steps[f"{name}: the first number divided"] = read and checks["first"] == 1
    steps[f"{name}: each digit the largest that fits"] = read and checks["digit"] == n
    steps[f"{name}: each product from 6's table"] = read and checks["product"] == n
    steps[f"{name}: each subtraction"] = read and checks["subtraction"] == n
    steps[f"{name}: each digit brought down"] = read and checks["brought"] == n - 1 and pos == len(tens)
    if read and checks["to come"]:  # written with digits_to_come
        steps[f"{name}: each digits to come, the tens' digits after it"] = checks["to come right"] == checks[
            "to come"] == n
    if read and checks["running"]:  # written with running_quotient
        steps[f"{name}: each quotient so far, the digits up to it"] = checks["so far"] == checks["running"] == n
    steps[f"{name}: the quotient, its steps' digits"] = read and int(q) == int("".join(digits))
    steps[f"{name}: the remainder and units summed"] = (read and int(r) == rem and unit2 == unit3 == unit
                                                       and int(r10) == 10 * int(r) and int(total) == int(r10) + int(unit))
    return steps, int(q), int(total)


def check_long_division(m: re.Match, prompt: str) -> dict[str, bool]:
    """Each step of one `long_division` derivation (`LONG_DIVISION`), in order, on the numbers as written."""
    g = m.groups()
    asked = [int(x) for x in re.findall(r"\d+", prompt)]
    steps = {"the number copied from the question": asked == [int(g[0])]}
    minutes, mins, secs = division_steps("into minutes", int(g[0]), g[:11])
    steps.update(minutes)
    hours, h, mi = division_steps("into hours", mins, g[11:22])
    steps.update(hours)
    steps["the answer: hours, minutes and seconds reached"] = tuple(map(int, g[22:])) == (h, mi, secs)
    return steps


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, "duration", argv)
    tally, given = StepTally(), Counter()
    for r in rows:
        if not is_from_seconds(r["prompt"]):
            continue
        output = r["output"] or ""
        m = FORM.search(output)
        b = None if m else BRACKETS.search(output)
        d = None if m or b else LONG_DIVISION.search(output)
        steps = (check(m, r["prompt"]) if m else check_brackets(b, r["prompt"]) if b
                 else check_long_division(d, r["prompt"]) if d else None)
        tally.add(steps, bool(r["correct"]), unread(output))
        for name in ("hours", "minutes"):
            if steps and steps.get(f"{name}: the quotient") and steps[f"{name}: the product"]:
                given[name] += 1
                given[name, "reached"] += steps[f"{name}: the remainder reached"]
    print(f"{args.run} ({args.model}): {tally.outputs} from_seconds outputs, {tally.correct} right, {tally.read} in "
          "one of the calculator's forms (two-term, brackets or long division)")
    tally.print_steps()
    for name in (n for n in ("hours", "minutes") if given[n]):  # the two-term form's splits
        print(f"  {name}: the remainder reached where the quotient and product are right: {given[name, 'reached']} "
              f"of {given[name]}")
    tally.print_firsts()

if __name__ == "__main__":
    main()
