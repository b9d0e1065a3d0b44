"""Where a student's date_add_days derivations go wrong, step by step (a diagnostic over a run's eval outputs).

    python bench/date_add_days_steps.py runs/dad-rationale [--model student]

Reads <run>/eval/samples.jsonl and takes the `date_add_days` outputs written in the month-walk form
(`skd solve date_add_days date=2035-09-21 days=-98`): "2035-09-21 - 98 days: 98 - 21 = 77, so 21 - 98 = -77.
August 2035 has 31 days; -77 + 31 = -46. July 2035 has 31 days; -46 + 31 = -15. June 2035 has 30 days; -15 +
30 = 15. So June 15, 2035.", then "Answer: 2035-06-15"; walking forward, each step names the month it reaches
("October 1977 has 31 days; 41 - 31 = 10, into November 1977."). The forms before are read too: the first sum
back without the larger number first ("21 - 98 = -77.", sessions 12-13), and also without the month reached
and the "So" sentence (before session 12, runs/dad-rationale).

Each step is checked on the numbers as written, so one early slip does not fail every later step: the shift in
words where the output opens with it (date_add_days' restate: true, "98 days before.") and the sign against
those words; the date, sign and number of days restated from the question; "k weeks = k x 7 = n days" where
there is one; the first sum (and, written larger number first, its terms, its difference and the sign turned;
written as a chain of small steps, `skd generate` with date_add_days' sums: chain or carry, each link against
the next, and the links of every sum by kind: whole tens, units within a ten, up or down to a ten, units made
a ten as in "77 + 3 = 70 + 10"); for each month step, the month it names (the start's month first when walking
forward, the month before when walking back), that month's length (Februaries also split by leap and common
years, and a leap rule written before one checked whole against the calculator's), the running value copied,
the sign, a step back's larger-first subtraction where one is written (date_add_days' back_larger_first: true,
"53 - 28 = 25, so -53 + 28 = -25."), the equation (February's apart, by direction), and the month it says it
reached, and the comparison that decides a step forward where one is written (date_add_days' compare: true,
"50 is more than 31, so ..."); walking back, the shift against the day where it is written (compare_back:
true, "21 is more than 19: 21 - 19 = 2, so 19 - 21 = -2."), and whether the first sum takes the form that
comparison calls for; the stop where it is written ("April 2024 has 30 days; 19 is not more than
30."): the month it names, its length, the value against it; whether the walk went on only while the value
was outside its month and stopped inside it; the "So"
sentence and the answer against the date the walk reached. Prints right / checked per step (the first sum also
split by the direction the walk is written in), and how the walk's length compares with the months that lie
between the start and the right answer; the wrong answers by the first step they got wrong (in the order the
output writes its steps); and, over all outputs, the right answers going forward and back (and by wording and
direction: the suite's wordings are the ones training never saw), the outputs cut at the token budget, and the
median distance in days of the answers from the right date, which moves more steadily than exact match at
n = 40.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._samples import suite_outputs  # noqa: E402
from specialist_kd.evaluate import _holds, arithmetic_claims, extract_answer  # noqa: E402
from specialists._dates import MONTHS, february_steps, month_len, next_month, prev_month  # noqa: E402

# a sum may be written as a chain of small steps (sums="chain"): "97 - 9 = 97 - 7 - 2 = 90 - 2 = 88"; the
# sides between the first and the last each hold an operator, so the last "= n" is the result
CHAIN = r"(?: = \d+(?: [+-] \d+)+)*"
# the first sum back may come with the larger number first: "98 - 21 = 77, so 21 - 98 = -77.", and after the
# shift compared with the day (date_add_days' compare_back: true): "98 is more than 21: 98 - 21 = ...", read
# apart by BACK
HEAD = re.compile(r"(\d{4})-(\d{2})-(\d{2}) ([+-]) (\d+) days: (?:\d+ is (?:not )?more than \d+: )?"
                  r"(?:(\d+) - (\d+)" + CHAIN + r" = (-?\d+), so )?(\d+) ([+-]) (\d+)" + CHAIN + r" = (-?\d+)\.")
BACK = re.compile(r"days: (\d+) is (not )?more than (\d+): ")
WEEKS = re.compile(r"(\d+) weeks? = (\d+) x 7 = (\d+) days\.")
# the shift in words first (date_add_days' restate: true): "98 days before. 2035-09-21 - 98 days: ..."
WORDS = re.compile(r"(\d+) (days?|weeks?) (before|after)\. ")
LINKS = ("whole tens", "units within a ten", "units up to a ten", "units made a ten", "units down to a ten")
# February's length may come derived from the leap rule (date_add_days' leap_rule: true, `february_steps`):
# "1972 ends in 72, and the 70s' multiples of 4 are 72, 76: a leap year, so February 1972 has 29 days; ..."
LEAP = r"(\d+ ends in \d\d[^.;]*?(?:; the \d+s' multiples of 4 are [\d, ]+)?: (?:not )?a leap year, so)"
# each month step and the stop open with the month's length, its leap rule before it where one is written
HAS = r" (?:" + LEAP + r" )?([A-Z][a-z]+) (\d+) has (\d+) days; "
# a step back may come with the larger number first (date_add_days' back_larger_first: true): "53 - 28 = 25,
# so -53 + 28 = -25."
# a step forward may write the comparison that decides it (date_add_days' compare: true): "50 is more than 31,
# so 50 - 31 = 19, into April 2024."
STEP = re.compile(HAS + r"(?:(-?\d+) is more than (\d+), so )?(?:(\d+) - (\d+)" + CHAIN + r" = (\d+), so )?"
                  r"(-?\d+) ([+-]) (\d+)" + CHAIN + r" = (-?\d+)(?:, into ([A-Z][a-z]+) (\d+))?\.")
# and the stop, with the length of the month the walk stops in: "April 2024 has 30 days; 19 is not more than 30."
STOP = re.compile(HAS + r"(-?\d+) is not more than (\d+)\.")
SO = re.compile(r" So ([A-Z][a-z]+) (-?\d+), (\d+)\.")
ANSWER = re.compile(r"Answer: (\d{4})-(\d{2})-(\d{2})\b")


def question(prompt: str) -> tuple[dt.date, int]:
    """The start date and the signed number of days a date_add_days question asks for."""
    k, unit = re.search(r"(\d+) (days?|weeks?)", prompt).groups()
    n = int(k) * (7 if unit.startswith("week") else 1)
    back = any(w in prompt for w in ("before", "ago", "backward", " - ", "earlier"))
    return extract_answer("date", prompt), -n if back else n


def _length(y: int, m: int) -> int | None:
    return month_len(y, m) if 1 <= y <= 9999 and 1 <= m <= 12 else None


def _named(y: int, m: int) -> tuple[str, int] | None:
    """(month name, year) as a step names it; None for a month number no calendar has (a date restated as
    "1731-17-10" walks from month 17, and no month it names is then the right one)."""
    return (MONTHS[m - 1], y) if 1 <= m <= 12 else None


def check(text: str, prompt: str, trace: list[tuple[str, bool]] | None = None
          ) -> tuple[dict[str, list[bool]], str] | None:
    """({step: [right, ...]}, the walk's length against the months the answer needs: "fewer", "as many" or
    "more") for one output in the walk form; None when it does not begin the walk. `trace`, when given,
    gets each (step, right) in the order the output wrote them (see `first_failure`)."""
    head = HEAD.search(text)
    if not head:
        return None
    start, n = question(prompt)
    y, m, d = (int(head.group(i)) for i in (1, 2, 3))
    sign, days, d_, op, days_, t = head.group(4), int(head.group(5)), int(head.group(9)), head.group(10), \
        int(head.group(11)), int(head.group(12))
    out: dict[str, list[bool]] = {}

    def mark(step: str, ok: bool) -> None:
        out.setdefault(step, []).append(bool(ok))
        if trace is not None:
            trace.append((step, bool(ok)))

    def mark_chains(span: str) -> None:  # a chain's links, each side against the next, and each link by kind
        for claim, values in arithmetic_claims(span):
            if len(values) > 2:
                mark("chain holds link by link", _holds(values))
            sides = [x.split() for x in claim.split(" = ")]
            for i in range(len(sides) - 1):
                if kind := link_kind(sides[i], sides[i + 1]):  # a plain "77 + 3 = 80" too, outside the trace
                    ok = values[i] is not None and values[i] == values[i + 1]
                    mark(f"  links, {kind}", ok) if len(values) > 2 else out[f"  links, {kind}"].append(ok)

    words = WORDS.search(text[:head.start()])
    if words:
        k, unit, way = int(words.group(1)), words.group(2), words.group(3)
        said = k * (7 if unit.startswith("week") else 1) * (1 if way == "after" else -1)
        mark("shift in words", said == n and f"{k} {unit}" in prompt)
        mark("sign follows the words", (sign == "+") == (way == "after"))

    for key in ("date restated from the question", "sign and days restated", "chain holds link by link",
                *(f"  links, {kind}" for kind in LINKS)):
        out.setdefault(key, [])  # the table's order: each kind of link under the chains
    mark("date restated from the question", (y, m, d) == (start.year, start.month, start.day))
    mark("sign and days restated", (days if sign == "+" else -days) == n)
    mark_chains(head.group(0))
    weeks = WEEKS.search(text[:head.start()])
    if weeks:
        mark("weeks x 7", int(weeks.group(2)) * 7 == int(weeks.group(3)) and weeks.group(1) == weeks.group(2))
    back = BACK.search(head.group(0))
    if back:  # the shift against the day, and the first sum in the form that comparison calls for
        shift, day = int(back.group(1)), int(back.group(3))
        mark("shift against the day copies its terms", (shift, day) == (days, d))
        mark("shift against the day holds", (back.group(2) is None) == (shift > day))
        mark("first sum's form follows the comparison", bool(head.group(6)) == (back.group(2) is None))
    if head.group(6):  # the larger number first, then the first sum with its sign turned
        big, small, diff = (int(head.group(i)) for i in (6, 7, 8))
        mark("larger-first sum copies its terms", (big, small) == (days, d))
        mark("larger-first sum holds", diff == big - small)
        mark("first sum turns its sign", t == -diff)
    mark("first sum copies its terms", d_ == d and op == sign and days_ == days)
    forward = sign == "+"
    holds = t == (d_ + days_ if op == "+" else d_ - days_)
    mark("first sum holds", holds)
    for way in ("forward", "back"):  # both keys, so the table keeps this order
        out.setdefault(f"  of them walking {way}", [])
    mark(f"  of them walking {'forward' if forward else 'back'}", holds)
    cy, cm = y, m  # the month the running value counts days in, as the walk has written it
    pos = head.end()
    for key in ("went on while out of its month", "month step names the right month", "month length right",
                "  February, common year", "  February, leap year", "  leap rule written right",
                "comparison right", "running value copied", "step sign right", "step back larger-first copies its terms",
                "step back larger-first holds", "step holds", "  February steps forward",
                "  February steps back"):
        out.setdefault(key, [])  # the table's order: February's lines under the month length's
    for s in STEP.finditer(text, pos):
        if s.start() != pos:
            break
        pos = s.end()
        mark_chains(s.group(0))
        rule, name, sy, length, more, more_len, big, small, diff, v, sop, length_, r, into, iy = s.groups()
        expect = (cy, cm) if forward else prev_month(cy, cm)
        cur_len = _length(cy, cm)
        mark("went on while out of its month", cur_len is not None and not 1 <= t <= cur_len)
        mark("month step names the right month", _named(*expect) == (name, int(sy)))
        named = (int(sy), MONTHS.index(name) + 1) if name in MONTHS else None
        true_len = _length(*named) if named else None  # the named month's real length
        mark("month length right", true_len == int(length))
        if name == "February" and true_len is not None:
            mark(f"  February, {'leap' if calendar.isleap(named[0]) else 'common'} year", true_len == int(length))
            if rule:
                mark("  leap rule written right", f"{rule} February {sy} has {length} days" == february_steps(named[0]))
        if more:  # the value and the length as the step has them, and the value really more
            mark("comparison right", int(more) == t and more_len == length and int(more) > int(length))
        mark("running value copied", int(v) == t and length_ == length)
        mark("step sign right", sop == ("-" if forward else "+"))
        if big:  # the larger number first, then the step with its sign turned
            mark("step back larger-first copies its terms", (int(big), int(small)) == tuple(sorted((-t, int(length)))[::-1]))
            mark("step back larger-first holds", int(diff) == int(big) - int(small))
        step_holds = int(r) == (int(v) - int(length_) if sop == "-" else int(v) + int(length_))
        mark("step holds", step_holds)
        if name == "February":  # 28 and 29 are the lengths a student sees least: its slips are there
            mark(f"  February steps {'forward' if sop == '-' else 'back'}", step_holds)
        t = int(r)
        cy, cm = next_month(*expect) if forward else expect
        if into:
            mark("month reached named right", (into, int(iy)) == _named(cy, cm))
    cur_len = _length(cy, cm)
    if stop := STOP.match(text, pos):  # the stop written: its month, that month's length, the value against it
        rule, name, sy, length, v, length_ = stop.groups()
        mark("stop names the month the walk is in", (name, int(sy)) == _named(cy, cm))
        mark("stop's month length right", cur_len == int(length))
        if rule:
            mark("  leap rule written right", f"{rule} February {sy} has {length} days" == february_steps(cy))
        mark("stop compares the value right", int(v) == t and length_ == length and int(v) <= int(length))
        pos = stop.end()
    mark("stopped inside its month", cur_len is not None and 1 <= t <= cur_len)
    so = SO.match(text, pos)
    if so:
        mark("'So' names the date the walk reached", (so.group(1), int(so.group(3))) == _named(cy, cm) and int(so.group(2)) == t)
        pos = so.end()
    answer = ANSWER.search(text, pos)
    mark("answer is the date the walk reached", answer is not None and tuple(int(g) for g in answer.groups()) == (cy, cm, t))
    truth = start + dt.timedelta(days=n)
    walked = (cy - y) * 12 + cm - m
    needed = (truth.year - start.year) * 12 + truth.month - start.month
    return out, "fewer" if abs(walked) < abs(needed) else "more" if abs(walked) > abs(needed) else "as many"


def link_kind(side: list[str], nxt: list[str]) -> str | None:
    """What one link of a sum does, from its side (["105", "+", "5", "+", "2"]) and the next: adds or takes
    whole tens, moves the units within a ten, up or down to a ten ("77 + 3 = 80", "83 - 3 = 80"), or makes the
    units a ten and keeps the tens ("77 + 3 = 70 + 10", date_add_days' sums: carry): one of LINKS. None for a
    link that only splits the number added ("25 + 87 = 25 + 80 + 5 + 2"), adds tens and units at once, or
    is not of that form."""
    if len(side) < 3 or not all(x.lstrip("-").isdigit() for x in (side[0], side[2], nxt[0])) or side[1] not in "+-":
        return None
    head, op, step = int(side[0]), side[1], int(side[2])
    if int(nxt[0]) == head or head < 0:
        return None
    if step % 10 == 0:
        return "whole tens"
    if step > 9:
        return None
    if op == "+" and nxt[1:3] == ["+", "10"] and int(nxt[0]) == head - head % 10:
        return "units made a ten"
    if (head + step if op == "+" else head - step) % 10 == 0:
        return "units up to a ten" if op == "+" else "units down to a ten"
    return "units within a ten"


def first_failure(trace: list[tuple[str, bool]]) -> str | None:
    """The first step of a checked output that is wrong, with the narrower lines under it that are wrong too
    ("month length right: February, leap year"); None when every step holds."""
    for i, (step, ok) in enumerate(trace):
        if not ok:
            under = itertools.takewhile(lambda so: so[0].startswith("  "), trace[i + 1:])  # its own lines only
            return ": ".join([step] + [s.strip() for s, o in under if not o][:1])
    return None


def wording(prompt: str) -> str:
    """A question's wording, named by its words before the first number or month: "I have a deadline"."""
    opening = re.split(r"\d|" + "|".join(MONTHS), prompt)[0].strip()
    return f"{opening} ..." if opening else "(the date first) ..."


def days_off(parsed: str | None, gold: str) -> int | None:
    """How many days the parsed answer lies from the right date; None when it is not a date."""
    try:
        return abs((dt.date.fromisoformat(parsed or "") - dt.date.fromisoformat(gold)).days)
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> None:
    args, rows = suite_outputs(__doc__, "date_add_days", argv)
    right, checked, walks, by_way, by_wording, firsts = Counter(), Counter(), Counter(), Counter(), Counter(), Counter()
    offs: list[int] = []
    total = parsed = correct = cut = 0
    for r in rows:
        total += 1
        correct += bool(r["correct"])
        way = "forward" if question(r["prompt"])[1] > 0 else "back"
        by_way[way] += 1
        by_way[way, "right"] += bool(r["correct"])
        by_wording[wording(r["prompt"]), way] += 1
        by_wording[wording(r["prompt"]), way, "right"] += bool(r["correct"])
        cut += bool(r.get("cut"))
        if (off := days_off(r.get("parsed"), r["gold"])) is not None:
            offs.append(off)
        trace: list[tuple[str, bool]] = []
        checked_one = check(r["output"], r["prompt"], trace)
        if checked_one is None:
            continue
        parsed += 1
        steps, walk = checked_one
        walks[walk] += 1
        if not r["correct"]:
            firsts[first_failure(trace) or "every step holds"] += 1
        for step, oks in steps.items():
            right[step] += sum(oks)
            checked[step] += len(oks)
    print(f"{args.run} ({args.model}): {total} date_add_days outputs, {correct} right, {parsed} in the walk form")
    print("  right going forward / back: " + " / ".join(f"{by_way[w, 'right']} of {by_way[w]}" for w in ("forward", "back")))
    worded = sorted(k for k in by_wording if len(k) == 2)
    print("  right by wording and direction: " + "; ".join(f"'{w}' {way} {by_wording[w, way, 'right']} of "
                                                            f"{by_wording[w, way]}" for w, way in worded))
    if cut:
        print(f"  outputs cut at the token budget: {cut}")
    if offs:
        print(f"  median days off: {statistics.median(offs):g} ({len(offs)} answers that are dates)")
    for step in checked:
        if checked[step] or step.startswith("  of them"):  # no line for a step no output wrote
            print(f"  {step:40s} {right[step]:4d} / {checked[step]}")
    print("  walk length against the months needed: " + ", ".join(f"{k} {v}" for k, v in sorted(walks.items())))
    if firsts:
        print(f"  wrong answers in the walk form by their first wrong step ({sum(firsts.values())}):")
        for step, k in firsts.most_common():
            print(f"    {k:4d}  {step}")


if __name__ == "__main__":
    main()
